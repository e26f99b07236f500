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
from kivy.uix.label import Label

from shared_ui.flow.screens import Item, Screen

from ..look import text_role
from .fit import break_softly

NAV_PREFIX = "nav:"


class TvLabel(Label):
    """Text in the SC font, a colour role and a size role of the look.

    Give sizes as ``size_role`` ("option_label", "headline" …), not ``font_size``: a kv rule's
    expression overrides a ``font_size`` passed to the constructor, a role is read by the rule.
    """

    role = StringProperty("text")
    size_role = StringProperty("body")


class BoxText(TvLabel):
    """Text that fills the box the layout gives it, wrapped and clipped to it."""


class Paragraph(TvLabel):
    """Text as wide as its box and as tall as its wrapped lines. Give it ``words``: its
    ``text`` is those words broken after punctuation where a line would otherwise split a
    number ("12345") or a time (:func:`~tv_app.views.fit.break_softly`)."""

    words = StringProperty("")

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.bind(words=self._rebreak, width=self._rebreak, font_size=self._rebreak)
        self._rebreak()

    def _rebreak(self, *_args: Any) -> None:
        self.text = break_softly(self.words, self.width, self.font_size)


class FocusTile(BoxLayout):
    """Anything the focus ring can land on. ``item_id`` is the engine's item id (or nav:<id>)."""

    item_id = StringProperty("")
    group = StringProperty("items")
    focused = BooleanProperty(False)
    fill_role = StringProperty("surface")
    label = StringProperty("")
    detail = StringProperty("")
    digit = StringProperty("")
    badge = StringProperty("")
    speak = StringProperty("")
    text_role = StringProperty("text")  # follows fill_role: on_primary on a primary tile …
    ring_role = StringProperty("focus_ring")  # a view on a coloured background picks another

    def on_fill_role(self, _tile: Any, role: str) -> None:
        self.text_role = text_role(role)

    @classmethod
    def from_item(cls, item: Item, **kw: Any) -> "FocusTile":
        values = dict(item_id=item.id, label=item.label, detail=item.detail or "",
                      digit=str(item.digit) if item.digit else "", badge=item.badge or "",
                      speak=item.speak or item.label, fill_role=item.colour or "surface")
        return cls(**{**values, **kw})


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
            self.corner = strings.progress(*screen.progress)
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
        self.ids.sos_hint.text = self.strings.sos_hint()

    def add_tile(self, parent: Any, tile: FocusTile) -> FocusTile:
        tile.ring_role = self.ring_role
        parent.add_widget(tile)
        self.tiles.append(tile)
        return tile

    def focusables(self) -> list[FocusTile]:
        """Focusable tiles, content first, then the nav keys."""
        nav = [w for w in self.ids.nav.children if isinstance(w, NavKey)]
        return [*self.tiles, *reversed(nav)]

