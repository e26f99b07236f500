"""Screens that are one sentence and a few answers: notices, errors, a yes/no question, and
the wait for the centre (busy). The sentence is as large as its room allows."""
from __future__ import annotations

from kivy.factory import Factory

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.countdown import countdown_for
from shared_ui.punctuation import marks

from . import REGISTRY
from .base import KioskView
from .parts import action_grid


class KioskSentenceView(KioskView):
    size_role = "option_label"

    def fill(self, info, actions, screen: Screen) -> None:
        text = screen.body or ""
        if screen.facts:
            text = "\n".join([text, *(marks(self.strings.locale).label(f.label, f.value) for f in screen.facts)]).strip()
        info.add_widget(Factory.KioskSayBox(words=text, size_role=self.size_role))
        # A screen that acts by itself (a pause after too many misses) shows the seconds left.
        self.countdown = countdown_for(screen, self.strings, size_role="headline", bold=True, halign="center")
        if self.countdown is not None:
            info.add_widget(self.countdown)
        action_grid(self, screen.items, actions, cols=2 if len(screen.items) == 2 else 1)


@REGISTRY.register("notice")
class KioskNoticeView(KioskSentenceView):
    pass


@REGISTRY.register("error")
class KioskErrorView(KioskSentenceView):
    pass


@REGISTRY.register("confirm")
class KioskConfirmView(KioskSentenceView):
    size_role = "headline"


@REGISTRY.register("busy")
class KioskBusyView(KioskSentenceView):
    size_role = "tile_label"
