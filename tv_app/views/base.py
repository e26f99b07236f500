"""The frame every TV screen shares: title bar, body, and the nav keys in the same place.

A view is built from one :class:`shared_ui.flow.Screen` and never decides anything: it draws
what the engine said and reports which tiles can take focus (:meth:`TvView.focusables`). The
shell moves the focus ring and sends events to the engine.
"""
from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.tiles import ItemTile

from .. import strings as S

NAV_PREFIX = "nav:"


class FocusTile(ItemTile):
    """Anything the focus ring can land on. ``item_id`` is the engine's item id (or nav:<id>)."""

    focused = BooleanProperty(False)


class NavKey(FocusTile):
    pass


class TvView(BoxLayout):
    """Base of every screen view; subclasses fill ``ids.body`` in :meth:`fill`."""

    screen = ObjectProperty(None, rebind=True)
    title = StringProperty("")
    corner = StringProperty("")  # progress ("第1步，共3步") or anything a view puts top right
    tiles = ListProperty([])
    background_role = StringProperty("background")
    text_role = StringProperty("text")
    ring_role = StringProperty("focus_ring")
    # Focus overrides as data (Kodi onup/ondown); views add their own, tv_app/focus_overrides.yaml too.
    overrides: dict[str, dict[str, str]] = {}
    # kv files beside this module that every view needs (shared pieces), loaded by the registry.
    extra_kv = ("parts.kv",)

    def __init__(self, screen: Screen, strings: Any, **kw: Any):
        self.strings = strings
        super().__init__(**kw)
        self.screen = screen
        self.title = screen.title
        if screen.progress:
            self.corner = strings.t(S.PROGRESS, step=screen.progress[0], of=screen.progress[1])
        self.fill(self.ids.body, screen)
        self._fill_nav(screen)

    @property
    def look(self) -> Any:
        return App.get_running_app().look

    def fill(self, body: BoxLayout, screen: Screen) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _fill_nav(self, screen: Screen) -> None:
        for item in screen.nav:
            key = NavKey.from_item(item, group="nav", ring_role=self.ring_role)
            key.item_id = NAV_PREFIX + item.id
            self.ids.nav.add_widget(key)
        brought_up = answers_the_red_key(screen)  # telling her to do what she has just done
        self.ids.sos_hint.words = "" if brought_up else self.strings.t(S.SOS_HINT)
        self.ids.sos_hint.short_words = "" if brought_up else self.strings.t(S.SOS_HINT_SHORT)

    def add_tile(self, parent: Any, tile: FocusTile) -> FocusTile:
        tile.ring_role = self.ring_role
        parent.add_widget(tile)
        self.tiles.append(tile)
        return tile

    def act(self, item_id: str) -> str | None:
        """A tile of the view's own (not the engine's) was pressed; what to say, or None."""
        return None

    def focusables(self) -> list[FocusTile]:
        """Focusable tiles, content first, then the nav keys."""
        nav = [w for w in self.ids.nav.children if isinstance(w, NavKey)]
        return [*self.tiles, *reversed(nav)]


def answers_the_red_key(screen: Screen) -> bool:
    """A screen the red key brought up — the alarm, its countdown, an unbound box's numbers to
    call: 紧急情况请按红色键 there tells her to do what she has just done (a user trial)."""
    return screen.kind == "alarm" or screen.id == "boot:sos"
