"""What was done: the confirmation facts (time, place, queue number, plate) and what to bring."""
from __future__ import annotations

from shared_ui.flow.screens import Screen

from . import REGISTRY
from .base import TvView
from .parts import action_column, fact_column


@REGISTRY.register("result")
class ResultView(TvView):
    def fill(self, body, screen: Screen) -> None:
        body.add_widget(fact_column(screen.facts, screen.notes, screen.body))
        action_column(self, screen.items, body)
