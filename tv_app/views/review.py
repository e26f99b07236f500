"""Review before anything is booked: the answers in big type, 确认办理 focused (WCAG 3.3.4)."""
from __future__ import annotations

from . import REGISTRY
from .parts import FactsView


@REGISTRY.register("review")
class ReviewView(FactsView):
    pass
