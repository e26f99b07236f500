"""Tiles and pieces several kiosk views share: an action, an option (label and second line),
a record of 我的服务/消息, a page turner, and the grid that puts them in the touch zone."""
from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import NumericProperty
from kivy.uix.gridlayout import GridLayout

from shared_ui.flow.screens import Item
from shared_ui.kivy_kit.text_fit import laid_out

from .base import KioskView, KioskTile


class KioskActionTile(KioskTile):
    pass


class KioskOptionTile(KioskTile):
    pass


class KioskRecordTile(KioskTile):
    detail_extra = NumericProperty(0)  # how much taller its second line is than half the row it has (kv)

    @staticmethod
    def detail_height(label: Any, *_watched: Any) -> float:
        """How tall its second line is when it takes more than one line (0 for one line: a
        larger size on one line hangs only its leading over the box, as it always did)."""
        height, lines = laid_out(label.text, label.width, label.font_size, label.font_name, False, label.line_height)
        return height if lines > 1 else 0.0


class KioskTileGrid(GridLayout):
    """Tiles in rows that share the touch zone's height (never taller than a few tiles)."""


def action_grid(view: KioskView, items: list[Item], parent: Any, cols: int = 1, cls: str = "KioskActionTile") -> Any:
    grid = Factory.KioskTileGrid(cols=max(1, cols))
    parent.add_widget(grid)
    view.item_tiles(grid, items, cls)
    return grid

