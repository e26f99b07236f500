"""Menus (home, the identification choices): big tiles in the touch zone, two a row. The SOS
tile is held, not tapped: its bar fills while the finger stays (a lean or a brush sends
nothing)."""
from __future__ import annotations

from kivy.factory import Factory

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.tiles import one_size

from . import REGISTRY
from .. import strings as S
from .base import VIEW_PREFIX, KioskHoldTile, KioskTile, KioskView

MAX_TILES = 6
SOS_ICON = "sos"
HOME = "home"
SIGN_OUT = VIEW_PREFIX + "sign_out"


class KioskServiceTile(KioskTile):
    pass


class KioskDoneTile(KioskTile):
    """办完了: under the services, as wide as them, quieter than them."""


class KioskSosTile(KioskServiceTile, KioskHoldTile):
    """Home's 紧急求助 tile: held for the kiosk's ``sos_hold_s`` (its bar fills meanwhile)."""


@REGISTRY.register("menu")
class KioskMenuView(KioskView):
    def fill(self, info, actions, screen: Screen) -> None:
        words = "\n".join(x for x in (screen.body, *screen.notes) if x)
        info.add_widget(Factory.KioskSayBox(words=words) if words else Factory.Widget())
        items = screen.items[:MAX_TILES]
        grid = Factory.KioskTileGrid(cols=2 if len(items) > 1 else 1)
        actions.add_widget(grid)
        for item in items:
            cls = KioskSosTile if item.icon == SOS_ICON else KioskServiceTile
            tile = cls.from_item(item, digit="")
            if item.colour in (None, "primary"):
                tile.fill_role = "primary"
            self.add_tile(grid, tile)
        one_size(list(grid.children))  # the services read at one size
        if screen.id == HOME:
            # The person is done: wiped at once, not after the idle minute (a volunteer stays
            # for the next one). The kiosk's own tile: the engine's home lists services only.
            words = self.strings.t(S.DONE)
            done = KioskDoneTile(item_id=SIGN_OUT, label=words, speak=words, fill_role="surface")
            self.add_tile(actions, done)

    def act(self, item_id: str):
        return ("sign_out", None) if item_id == SIGN_OUT else None
