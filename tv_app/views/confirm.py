"""A yes/no question (cancel a booking?) with the safe answer focused."""
from __future__ import annotations

from kivy.factory import Factory

from shared_ui.flow.screens import Screen

from . import REGISTRY
from .base import TvView
from .parts import action_column


@REGISTRY.register("confirm")
class ConfirmView(TvView):
    # Two answers side by side do not wrap into each other: a wrong "yes" is worse than a stop.
    overrides = {"yes": {"left": "none"}, "no": {"right": "none"}}

    def fill(self, body, screen: Screen) -> None:
        column = Factory.CentredColumn()
        body.add_widget(column)
        column.add_widget(Factory.FittedText(words=screen.body or "", size_role="headline", halign="center",
                                             bold=True))
        action_column(self, screen.items, column, horizontal=True)
