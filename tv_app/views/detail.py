"""One request or one message in full, with what can be done about it (cancel, 知道了)."""
from __future__ import annotations

from shared_ui.flow.screens import Screen

from . import REGISTRY
from .base import TvView
from .parts import action_column, fact_column


@REGISTRY.register("detail")
class DetailView(TvView):
    def fill(self, body, screen: Screen) -> None:
        body.add_widget(fact_column(screen.facts, screen.notes, screen.body))
        action_column(self, screen.items, body)
