"""Something did not work: the centre's sentence in big type, then 再试一次 / 找人工 / 回到首页."""
from __future__ import annotations

from kivy.factory import Factory

from shared_ui.flow.screens import Screen

from . import REGISTRY
from .base import TvView
from .parts import action_column


@REGISTRY.register("error")
class ErrorView(TvView):
    def fill(self, body, screen: Screen) -> None:
        column = Factory.CentredColumn()
        body.add_widget(column)
        column.add_widget(Factory.FittedText(words=screen.body or "", size_role="option_label", halign="center"))
        action_column(self, screen.items, column, horizontal=True)
