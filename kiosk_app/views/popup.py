"""A pop-up (a message, the check-in, a summary of several, the idle warning): drawn over the
screen, its answers in the touch zone, the screen under it dimmed and out of reach."""
from __future__ import annotations

from typing import Any

from kivy.properties import NumericProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.countdown import Countdown, countdown_for
from shared_ui.kivy_kit.tiles import one_size

from . import REGISTRY
from .parts import KioskActionTile


STACKED_AT_MOST = 3  # answers one above another; more go in two columns


@REGISTRY.register("popup")
class KioskPopupView(FloatLayout):
    title = StringProperty("")
    body = StringProperty("")
    hint = StringProperty("")
    action_cols = NumericProperty(1)
    extra_kv = ("base.kv", "parts.kv")

    def __init__(self, screen: Screen, strings: Any, **kw: Any):
        super().__init__(**kw)
        self.screen = screen
        self.strings = strings
        self.title = screen.title
        self.body = screen.body or ""
        self.hint = screen.notes[0] if screen.notes else ""
        self.tiles: list[KioskActionTile] = []
        self.action_cols = 1 if len(screen.items) <= STACKED_AT_MOST else 2
        for item in screen.items:
            tile = KioskActionTile.from_item(item, group="popup", digit="")
            if item.colour is None:
                tile.fill_role = "primary"
            self.ids.actions.add_widget(tile)
            self.tiles.append(tile)
        one_size(self.tiles)
        self.countdown: Countdown | None = countdown_for(screen, strings, size_role="headline", bold=True)
        if self.countdown is not None:  # under the sentence, above the hint and the answers
            self.ids.card.add_widget(self.countdown, index=len(self.ids.card.children) - 2)

    def act(self, item_id: str) -> None:
        return None

    def touchables(self) -> list[KioskActionTile]:
        return list(self.tiles)
