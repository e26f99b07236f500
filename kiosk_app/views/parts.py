"""Tiles and pieces several kiosk views share: an action, an option (label and second line),
a record of 我的服务/消息, a page turner, and the grid that puts them in the touch zone."""
from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.uix.gridlayout import GridLayout

from shared_ui.flow.screens import Item

from .base import KioskView, KioskTile


class KioskActionTile(KioskTile):
    pass


class KioskOptionTile(KioskTile):
    pass


class KioskRecordTile(KioskTile):
    pass


class KioskTileGrid(GridLayout):
    """Tiles in rows that share the touch zone's height (never taller than a few tiles)."""


def action_grid(view: KioskView, items: list[Item], parent: Any, cols: int = 1, cls: str = "KioskActionTile") -> Any:
    grid = Factory.KioskTileGrid(cols=max(1, cols))
    parent.add_widget(grid)
    view.item_tiles(grid, items, cls)
    return grid

