"""Option list for one form field: up to six choices, each with its digit and a second line."""
from __future__ import annotations

from kivy.factory import Factory

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.tiles import one_size

from . import REGISTRY
from .base import FocusTile, TvView


class OptionTile(FocusTile):
    pass


@REGISTRY.register("field")
class OptionsView(TvView):
    def fill(self, body, screen: Screen) -> None:
        if not screen.items:
            body.add_widget(Factory.Paragraph(words=screen.body or "", size_role="option_label"))
            return
        # One column while the choices fit one above another, else two (the look knows how
        # many rows of two-line labels the text size leaves room for).
        grid = Factory.OptionGrid(cols=2 if len(screen.items) > self.look.grid_rows else 1)
        body.add_widget(grid)
        tiles = []
        for item in screen.items:
            # 上一页/下一页 look like the list's: a filled tile, not one more choice.
            extra = {"fill_role": "primary"} if item.kind == "page" else {}
            tiles.append(self.add_tile(grid, OptionTile.from_item(item, **extra)))
        one_size(tiles)  # one size for the page's choices, the longest name's
