"""我的服务 and 消息: the records as tiles in the touch zone (as many as the text size leaves
room for: the engine pages by the look), 上一页/下一页 among them."""
from __future__ import annotations

from kivy.factory import Factory

from shared_ui.flow.screens import Screen

from . import REGISTRY
from .base import KioskView
from .parts import KioskRecordTile


@REGISTRY.register("list")
class KioskListView(KioskView):
    def fill(self, info, actions, screen: Screen) -> None:
        info.add_widget(Factory.KioskSayBox(words=screen.body) if screen.body else Factory.Widget())
        for item in screen.items:
            tile = KioskRecordTile.from_item(item, digit="")
            tile.size_hint_y = None  # as tall as its lines (parts.kv)
            if item.kind == "page":
                tile.fill_role = "primary"
            self.add_tile(actions, tile)
