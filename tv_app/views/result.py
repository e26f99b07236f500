"""What was done: the confirmation facts (time, place, queue number, plate) and what to bring."""
from __future__ import annotations

from . import REGISTRY
from .parts import FactsView


@REGISTRY.register("result")
class ResultView(FactsView):
    pass
