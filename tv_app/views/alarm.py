"""The emergency screen: full red, what is happening in big words, 120 and the hotline, 我没事.

It shows the states the engine derives from the alarm (raising → raised / queued / failed →
cancelled) and whatever the centre's escalation reports through ``engine.alarm_update``
(calling back, contacts called, 110 …) as the body sentence.
"""
from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import StringProperty

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.countdown import countdown_for
from shared_ui.punctuation import marks

from . import REGISTRY
from .base import TvView
from .parts import action_column
from ..strings import HOTLINE_STRIP


@REGISTRY.register("alarm")
class AlarmView(TvView):
    # Down from 我没事 goes to 重听, not to 返回: leaving this screen by accident is worse.
    overrides = {"im_ok": {"down": "nav:repeat", "up": "none"}}
    hotline = StringProperty("")

    def __init__(self, *args, **kw):
        # On red, the focus ring is drawn in the text colour on red (≥ 3:1), not the theme's ring.
        super().__init__(*args, background_role="danger", text_role="on_danger", ring_role="on_danger", **kw)

    def fill(self, body, screen: Screen) -> None:
        self.hotline = self.strings.t(HOTLINE_STRIP)
        column = Factory.AlarmColumn()
        body.add_widget(column)
        # The sentence as large as the room left by 120, 我没事 and the facts allows (never
        # below the host's body size): a longer escalation sentence must not push the title off.
        column.add_widget(Factory.FittedText(words=screen.body or "", size_role="tile_label", bold=True,
                                             role="on_danger"))
        # Before the call goes out (any key cancels): the seconds left, counting down.
        self.countdown = countdown_for(screen, self.strings, size_role="headline", bold=True, role="on_danger")
        if self.countdown is not None:
            column.add_widget(self.countdown)
        for fact in screen.facts:
            column.add_widget(Factory.AlarmMessage(words=marks(self.strings.locale).label(fact.label, fact.value), size_role="body"))
        column.add_widget(Factory.HotlineStrip(text=self.hotline))
        action_column(self, screen.items, column, horizontal=True)
