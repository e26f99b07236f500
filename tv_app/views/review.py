"""Review before anything is booked: the answers in big type, 确认办理 focused (WCAG 3.3.4)."""
from __future__ import annotations

from shared_ui.flow.screens import Screen

from . import REGISTRY
from .base import TvView
from .parts import action_column, fact_column


@REGISTRY.register("review")
class ReviewView(TvView):
    def fill(self, body, screen: Screen) -> None:
        body.add_widget(fact_column(screen.facts, screen.notes, screen.body))
        action_column(self, screen.items, body)
