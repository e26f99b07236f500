"""The emergency screen: full red, what is happening in big words, 120 and the hotline, 我没事.

It shows the states the engine derives from the alarm (raising → raised / queued / failed →
cancelled) and whatever the centre's escalation reports through ``engine.alarm_update``
(calling back, contacts called, 110 …) as the body sentence.
"""
from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import StringProperty

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.text_fit import line_count

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
        message = Factory.AlarmMessage(words=screen.body or "")
        column.add_widget(message)
        facts = [Factory.AlarmMessage(words=f"{fact.label}：{fact.value}", size_role="body")
                 for fact in screen.facts]
        for fact in facts:
            column.add_widget(fact)
        strip = Factory.HotlineStrip(text=self.hotline)
        column.add_widget(strip)
        actions = action_column(self, screen.items, column, horizontal=True)
        fixed = [strip, actions, *facts]
        refit = lambda *_: self._fit_message(column, message, fixed)  # noqa: E731
        column.bind(size=refit)
        message.bind(width=refit)

    def _fit_message(self, column, message, fixed) -> None:
        """The sentence as large as the room left by 120, 我没事 and the facts allows (never
        below the host's body size): a longer escalation sentence must not push the screen's
        title off the top."""
        look = self.look
        room = (column.height - sum(w.height for w in fixed)
                - column.spacing * len(fixed) - column.padding[1] - column.padding[3])
        size = look.tile_label
        while size > look.min_text and \
                line_count(message.words, message.width, size) * look.line_px(size) > room:
            size -= look.px(2)
        message.font_size = max(size, look.min_text)
