"""Menu grid (home and sub-menus): at most six big tiles, SOS first and red."""
from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import StringProperty

from shared_ui.flow.screens import Item, Screen
from shared_ui.kivy_kit.tiles import one_size

from . import REGISTRY
from .base import FocusTile, TvView

MAX_TILES = 6  # ELDER_UI.md / menus.yaml: at most six items on a screen
# The spec names icons; on a TV seen from 3 m one large character in a disc reads better than
# a pictogram. Decorative only: the tile's label and speech carry the meaning. An icon this
# table does not know (a service added to the spec alone) shows its label's first character.
ICON_GLYPHS = {"sos": "救", "hospital": "医", "taxi": "车", "chat": "问", "list": "办", "message": "信",
               "escort": "陪", "transfer": "转", "more": "多"}


def glyph_of(item: Item) -> str:
    return ICON_GLYPHS.get(item.icon or "") or (item.label or "")[:1]


class ServiceTile(FocusTile):
    glyph = StringProperty("")


@REGISTRY.register("menu")
class MenuView(TvView):
    def fill(self, body, screen: Screen) -> None:
        items = screen.items[:MAX_TILES]
        grid = Factory.MenuGrid(cols=3 if len(items) > 4 else 2)
        body.add_widget(grid)
        for item in items:
            tile = ServiceTile.from_item(item, glyph=glyph_of(item))
            if item.colour in (None, "primary"):
                tile.fill_role = "primary"
            self.add_tile(grid, tile)
        one_size(self.tiles)  # the services read at one size (the widest one's)
