"""The root widget: the current view, an overlay above it, and where the focus ring is.

Exactly one tile is focused at any time, always one that is on screen (ELDER_UI.md, TV
"focus"): a new view gets the engine's default focus; the engine's pop-up (``screen.popup``)
is drawn as an overlay that takes the focus and gives it back when it closes; a move is computed by :class:`tv_app.focus.FocusMap` from the tiles'
rectangles as they are laid out now, with the view's overrides and the screen-level ones
from ``focus_overrides.yaml``; each group of a screen remembers its last focused tile.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

import yaml
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from shared_ui.flow.screens import Screen, first_safe
from shared_ui.kivy_kit.controller import screen_content
from shared_ui.kivy_kit.discard import discard

from .focus import FocusMap, Node
from .views.base import FocusTile, NAV_PREFIX

log = logging.getLogger(__name__)
OVERRIDES_FILE = Path(__file__).with_name("focus_overrides.yaml")


def load_overrides(path: Path = OVERRIDES_FILE) -> dict[str, dict[str, dict[str, str]]]:
    """Screen-level overrides: ``{screen id or kind: {item id: {direction: target}}}``."""
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def is_visible(widget: Widget) -> bool:
    """On the window, not transparent, not disabled, not zero-sized, at least partly on screen."""
    window = widget.get_root_window()
    if window is None or widget.width <= 0 or widget.height <= 0:
        return False
    node: Widget | None = widget
    while node is not None and node is not window:
        if node.opacity <= 0 or node.disabled:
            return False
        node = node.parent
    x, y = widget.to_window(widget.x, widget.y)
    return x < window.width and y < window.height and x + widget.width > 0 and y + widget.height > 0


def _draw_last(tile: Widget) -> None:
    """Draw the focused tile after its siblings, so its ×1.1 and its ring lie on top of them.

    Only the drawing order changes (the canvas moves to the end of its parent's canvas); the
    layout order of the children, and so the focus map, stays as it is.
    """
    parent = tile.parent
    if parent is not None and tile.canvas in parent.canvas.children:
        parent.canvas.remove(tile.canvas)
        parent.canvas.add(tile.canvas)


class Shell(FloatLayout):
    def __init__(self, view_factory: Callable[[Screen], Widget],
                 on_focus: Callable[[FocusTile, bool], None], overrides: dict | None = None, **kw: Any):
        super().__init__(**kw)
        self.view_factory = view_factory
        self.on_focus = on_focus
        self.screen_overrides = overrides if overrides is not None else load_overrides()
        self.view: Widget | None = None
        self.screen: Screen | None = None
        self.overlay: Widget | None = None
        self.focused: FocusTile | None = None
        self._under_overlay: str | None = None
        self._memory: dict[str, dict[str, str]] = {}  # screen id -> group -> item id
        self.shown = 0  # views built so far (tests and the screen guard read it)

    # -- views --------------------------------------------------------------------------------
    def show(self, screen: Screen) -> bool:
        """Show ``screen`` and its pop-up (as the overlay); False when both are what is
        already shown (focus kept)."""
        popup_before = screen_content(self.screen.popup) if self.screen is not None else None
        changed = self._show_view(screen)
        popup = screen.popup
        if popup is None:
            if self.overlay is not None:
                self.close_overlay()
                changed = True
        elif self.overlay is None or screen_content(popup) != popup_before:
            self.open_overlay(self.view_factory(popup), popup.focus)
            changed = True
        return changed

    def _show_view(self, screen: Screen) -> bool:
        if self.screen is not None and self.view is not None and screen_content(screen) == screen_content(self.screen):
            self.screen = screen
            return False
        old = self.view
        self.view = self.view_factory(screen)
        self.screen = screen
        if old is not None:
            self.remove_widget(old)
            discard(old)
        self.add_widget(self.view, index=len(self.children))  # below any overlay
        self.shown += 1
        if self.overlay is None:
            self.focus(self._default_focus(screen), speak=False)
        else:
            self._under_overlay = self._default_focus(screen)
        return True

    def redraw(self) -> None:
        """Build the current view (and pop-up) again (the look changed), keeping the focus."""
        if self.screen is None:
            return
        screen, keep = self.screen, self.focused.item_id if self.focused else None
        if self.overlay is not None:
            self.remove_widget(self.overlay)
            discard(self.overlay)
            self.overlay = None
        self.screen = None
        self.show(screen)
        if keep:
            self.focus(keep, speak=False)

    def _default_focus(self, screen: Screen) -> str | None:
        ids = [t.item_id for t in self.view.focusables()]
        remembered = self._memory.get(screen.id, {}).get("nav") if not screen.items else None
        # Never an item that records something when chosen (an answer, a complaint's reason):
        # a screen of nothing else opens on 重听 (shared_ui.flow.screens.commits).
        for candidate in (screen.focus, remembered, first_safe([i.id for i in screen.items]), NAV_PREFIX + "repeat"):
            if candidate in ids:
                return candidate
        return first_safe(ids) or (ids[0] if ids else None)

    def open_overlay(self, overlay: Widget, focus: str | None = None) -> None:
        if self.overlay is not None:
            self.remove_widget(self.overlay)
            discard(self.overlay)
        else:
            self._under_overlay = self.focused.item_id if self.focused else None
        self.overlay = overlay
        self.add_widget(overlay)
        ids = [t.item_id for t in overlay.focusables()]
        self.focus(focus if focus in ids else (first_safe(ids) or (ids[0] if ids else None)), speak=False)

    def close_overlay(self) -> None:
        if self.overlay is None:
            return
        self.remove_widget(self.overlay)
        discard(self.overlay)
        self.overlay = None
        self.focus(self._under_overlay, speak=False)
        if self.focused is None and self.screen is not None:
            self.focus(self._default_focus(self.screen), speak=False)

    # -- focus --------------------------------------------------------------------------------
    @property
    def layer(self) -> Widget | None:
        return self.overlay or self.view

    def tiles(self) -> list[FocusTile]:
        return list(self.layer.focusables()) if self.layer is not None else []

    def tile(self, item_id: str | None) -> FocusTile | None:
        return next((t for t in self.tiles() if t.item_id == item_id), None)

    def focus(self, item_id: str | None, speak: bool = True) -> FocusTile | None:
        tile = self.tile(item_id) or (self.tiles()[0] if self.tiles() else None)
        if self.focused is not None and self.focused is not tile:
            self.focused.focused = False
        self.focused = tile
        if tile is None:
            return None
        tile.focused = True
        _draw_last(tile)
        if self.overlay is None and self.screen is not None:
            self._memory.setdefault(self.screen.id, {})[tile.group] = tile.item_id
        self.on_focus(tile, speak)
        return tile

    def focus_map(self) -> FocusMap:
        tiles = self.tiles()
        if any(t.width <= 0 for t in tiles):
            # Not laid out yet (a key in the very frame the view appeared): a list order map.
            nodes = [Node(t.item_id, 0, -i * 10, 10, 10, t.group) for i, t in enumerate(tiles)]
        else:
            nodes = []
            for t in tiles:
                x, y = t.to_window(t.x, t.y)
                nodes.append(Node(t.item_id, x, y, t.width, t.height, t.group))
        return FocusMap(nodes, self._overrides())

    def _overrides(self) -> dict[str, dict[str, str]]:
        layer = self.layer
        merged: dict[str, dict[str, str]] = {}
        sources = [getattr(layer, "overrides", {})]
        if self.overlay is None and self.screen is not None:
            sources += [self.screen_overrides.get(self.screen.kind, {}),
                        self.screen_overrides.get(self.screen.id, {})]
        for source in sources:
            for item_id, moves in (source or {}).items():
                merged.setdefault(item_id, {}).update(moves)
        return merged

    def move(self, direction: str) -> tuple[FocusTile | None, bool]:
        """Move the ring; returns (focused tile, whether it moved)."""
        current = self.focused.item_id if self.focused else None
        memory = self._memory.get(self.screen.id, {}) if self.screen and self.overlay is None else {}
        target = self.focus_map().move(current, direction, memory)
        if target == current and self.focused is not None:
            return self.focused, False
        return self.focus(target, speak=True), True

    def focus_is_visible(self) -> bool:
        return self.focused is not None and self.focused.focused and is_visible(self.focused) \
            and self.focused in self.tiles()
