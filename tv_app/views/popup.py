"""A pop-up over whatever screen is showing (a message, the check-in, a summary of several, the
idle warning): the engine's ``screen.popup``, drawn as an overlay that has the focus."""
from __future__ import annotations

from typing import Any

from kivy.properties import NumericProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.tiles import one_size

from . import REGISTRY
from .parts import ActionTile, grid_shape


@REGISTRY.register("popup")
class PopupView(FloatLayout):
    """Not a screen: an overlay built from a pop-up screen model."""

    title = StringProperty("")
    body = StringProperty("")
    hint = StringProperty("")
    action_cols = NumericProperty(1)
    action_rows = NumericProperty(1)
    extra_kv = ("base.kv", "parts.kv")
    overrides: dict[str, dict[str, str]] = {}

    def __init__(self, screen: Screen, strings: Any, **kw: Any):
        super().__init__(**kw)
        self.screen = screen
        self.title = screen.title
        self.body = screen.body or ""
        self.hint = screen.notes[0] if screen.notes else ""
        self.tiles: list[ActionTile] = []
        self.action_rows, self.action_cols = grid_shape(len(screen.items))
        for item in screen.items:
            tile = ActionTile.from_item(item, group="popup", digit="")
            if item.colour is None:
                tile.fill_role = "primary"
            self.ids.actions.add_widget(tile)
            self.tiles.append(tile)
        one_size(self.tiles)

    def focusables(self) -> list[ActionTile]:
        return list(self.tiles)
