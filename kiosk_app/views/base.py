"""The frame every kiosk screen shares: the title on top, what the screen says under it, what
can be touched in the reachable lower middle, and Home · Back · 重听 · 呼叫人工 in one row at
the bottom of every screen (ELDER_UI.md, Kiosk; WCAG 3.2.6: help in the same place).

A view draws one :class:`shared_ui.flow.Screen` and decides nothing: the shell finds which
tile a finger is on (:meth:`KioskView.touchables`) and the controller tells the engine.
"""
from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from shared_ui.flow.screens import Item, Screen, once_each
from shared_ui.kivy_kit.tiles import ItemTile, one_size, share_row

from .. import strings as S

NAV_PREFIX = "nav:"
SOS_KEY = NAV_PREFIX + "sos"   # 紧急求助, held, at the end of the fixed row on every screen
VIEW_PREFIX = "view:"   # a tile of the view's own (the next page of facts, a keypad key)
# The fixed row, in this order on every screen: (engine event, words).
NAV_ROW = (("home", S.HOME), ("back", S.BACK), ("repeat", S.REPEAT), ("help", S.HELP))
FIXED_ROW = tuple(event for event, _ in NAV_ROW)


class KioskTile(ItemTile):
    """A tile a finger chooses. ``pressed`` shows where the finger is; ``enabled`` False greys
    a key that does nothing here (it still says why when touched)."""

    pressed = BooleanProperty(False)
    enabled = BooleanProperty(True)
    hold = NumericProperty(0.0)   # 0–1: how far a hold has come (the SOS tile)
    repeat_s = NumericProperty(-1.0)   # its own "same tap again" window; -1: the kiosk's


class KioskNavButton(KioskTile):
    pass


class KioskHoldTile(KioskTile):
    """Held, never tapped (紧急求助): ``hold`` (0–1) draws its bar while the finger stays."""


class KioskSosKey(KioskNavButton, KioskHoldTile):
    """紧急求助 in the fixed row: help from every screen, in the same place, by a hold."""


class KioskView(BoxLayout):
    """Base of every screen view; subclasses fill ``ids.info`` and ``ids.actions``."""

    screen = ObjectProperty(None, rebind=True)
    title = StringProperty("")
    corner = StringProperty("")
    tiles = ListProperty([])
    background_role = StringProperty("background")
    text_role = StringProperty("text")
    extra_kv = ("parts.kv",)

    def __init__(self, screen: Screen, strings: Any, **kw: Any):
        self.strings = strings
        super().__init__(**kw)
        # The fixed row offers these on every screen: an answer doing the same is not drawn again.
        screen = once_each(screen, FIXED_ROW)
        self.screen = screen
        self.title = screen.title
        if screen.progress:
            self.corner = strings.t(S.PROGRESS, step=screen.progress[0], of=screen.progress[1])
        self.fill(self.ids.info, self.ids.actions, screen)
        self._fill_nav(screen)

    @property
    def look(self) -> Any:
        return App.get_running_app().look

    def fill(self, info: BoxLayout, actions: BoxLayout, screen: Screen) -> None:  # pragma: no cover
        raise NotImplementedError

    def _fill_nav(self, screen: Screen) -> None:
        """The same keys in the same place on every screen, each always answering: where
        there is no way back (home), 返回 says where the elder is — the engine decides."""
        given = {item.id: item for item in screen.nav}
        for event, words in NAV_ROW:
            item = given.get(event)
            label = item.label if item else self.strings.t(words)
            key = KioskNavButton(item_id=NAV_PREFIX + event, label=label, speak=(item.speak if item else label),
                                 group="nav", fill_role="surface")
            self.ids.nav.add_widget(key)
        sos = self.strings.t(S.SOS)
        # Red everywhere, but on the red emergency screen it would vanish: a plain key there.
        fill = "surface" if self.background_role == "danger" else "danger"
        self.ids.nav.add_widget(KioskSosKey(item_id=SOS_KEY, label=sos, speak=sos, group="nav", fill_role=fill))
        self.ids.nav.bind(width=self._share_nav)
        self._share_nav()

    def _share_nav(self, *_args: Any) -> None:
        """Each key of the fixed row as wide as its words at one shared size."""
        nav, look = self.ids.nav, self.look
        keys = [w for w in reversed(nav.children) if isinstance(w, KioskTile)]
        if nav.width < 2 or not keys:
            return
        share_row(keys, nav.width - nav.spacing * (len(keys) - 1), look.px(24) * 2 + look.px(8),
                  look.nav_label, look.min_text, look.px(160))

    def add_tile(self, parent: Any, tile: KioskTile) -> KioskTile:
        parent.add_widget(tile)
        self.tiles.append(tile)
        return tile

    def item_tiles(self, parent: Any, items: list[Item], cls: str = "KioskActionTile", **kw: Any) -> list[KioskTile]:
        made = []
        for item in items:
            # An answer that raises the alarm (陪诊's 急病叫救护车) is held like home's SOS tile.
            kind = "KioskSosTile" if item.icon == "sos" and item.kind == "option" else cls
            tile = getattr(Factory, kind).from_item(item, digit="", **kw)
            if item.colour is None and cls == "KioskActionTile":
                tile.fill_role = "primary"
            made.append(self.add_tile(parent, tile))
        one_size(made)  # the tiles of one grid read at one size
        return made

    def act(self, item_id: str) -> tuple[str, Any] | str | None:
        """A tile of the view's own was touched: an engine event ``(kind, value)`` to send,
        words to say, or None."""
        return None

    def touchables(self) -> list[KioskTile]:
        nav = [w for w in self.ids.nav.children if isinstance(w, KioskTile)]
        return [*self.tiles, *reversed(nav)]
