"""The emergency screen: red, the centre's own sentence as large as the room allows, the
numbers to call, and 我没事 — one touch — in the touch zone."""
from __future__ import annotations

from kivy.factory import Factory

from shared_ui.flow.screens import Screen
from shared_ui.punctuation import marks

from .. import strings as S
from . import REGISTRY
from .base import KioskView
from .parts import action_grid


@REGISTRY.register("alarm")
class KioskAlarmView(KioskView):
    def __init__(self, *args, **kw):
        super().__init__(*args, background_role="danger", text_role="on_danger", **kw)

    def fill(self, info, actions, screen: Screen) -> None:
        info.add_widget(Factory.FittedText(words=screen.body or "", size_role="tile_label", bold=True,
                                           role="on_danger"))
        for fact in screen.facts:
            info.add_widget(Factory.Paragraph(words=marks(self.strings.locale).label(fact.label, fact.value), role="on_danger"))
        info.add_widget(Factory.KioskHotlineStrip(text=self.strings.t(S.HOTLINE_STRIP)))
        action_grid(self, screen.items, actions, cols=1)
