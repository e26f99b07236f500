"""A pop-up over whatever screen is showing (a message, the check-in, a summary of several, the
idle warning): the engine's ``screen.popup``, drawn as an overlay that has the focus."""
from __future__ import annotations

from typing import Any

from kivy.properties import NumericProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.tiles import one_size, row_shape

from . import REGISTRY
from .parts import ROW_AT_MOST, ActionTile, grid_shape, words_room


@REGISTRY.register("popup")
class PopupView(FloatLayout):
    """Not a screen: an overlay built from a pop-up screen model."""

    title = StringProperty("")
    body = StringProperty("")
    hint = StringProperty("")
    action_cols = NumericProperty(1)
    action_rows = NumericProperty(1)
    card_share = NumericProperty(0.72)  # of the screen's width: wider with two rows of answers
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
        self.bind(width=self._shape)
        self._shape()

    @staticmethod
    def share(rows: int) -> float:
        """The card's share of the screen's width: wider with two rows of answers (their words
        longer, English above all), so they keep to one line more often."""
        return 0.72 if rows < 2 else 0.9

    def _shape(self, *_args: Any) -> None:
        """Rows and columns of the answers: as few rows as give each the room for the longest
        word of any of them at the host's body size (kivy_kit.tiles.row_shape)."""
        if self.width < 2 or not self.tiles:
            return
        from kivy.app import App

        look = App.get_running_app().look

        def room(rows: int, cols: int) -> float:
            card = self.width * self.share(rows) - 2 * look.px(64)
            grid = card - 2 * look.key_room_x - look.gap * 1.5 * (cols - 1)
            return words_room(self.tiles[0], grid / cols)

        self.action_rows, self.action_cols = row_shape([t.label for t in self.tiles], room, look.min_text,
                                                       look.font, ROW_AT_MOST)
        self.card_share = self.share(int(self.action_rows))

    def focusables(self) -> list[ActionTile]:
        return list(self.tiles)
