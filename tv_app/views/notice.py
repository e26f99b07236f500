"""A plain message with a way home; also the fallback for any screen kind without a view."""
from __future__ import annotations

from kivy.factory import Factory

from shared_ui.flow.screens import Screen
from shared_ui.punctuation import marks

from . import REGISTRY
from .base import TvView
from .parts import action_column


@REGISTRY.register("notice")
class NoticeView(TvView):
    def fill(self, body, screen: Screen) -> None:
        column = Factory.CentredColumn()
        body.add_widget(column)
        text = screen.body or ""
        if screen.facts:
            text = "\n".join([text, *(marks(self.strings.locale).label(f.label, f.value) for f in screen.facts)]).strip()
        column.add_widget(Factory.FittedText(words=text, size_role="option_label", halign="center"))
        action_column(self, screen.items, column, horizontal=True)
