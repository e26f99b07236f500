"""The root widget: the current view, an overlay above it (the engine's pop-up, the admin's
PIN), and the touch handling of every screen in one place.

Widgets never handle touches themselves: the shell finds the tile under a finger, gives the
press to the :class:`~.touch.TapTracker` (slop, repeat, palms) and reports a clean tap to the
controller. The SOS tile is held: its bar fills over ``hold_s`` while the finger stays clean,
and only a full hold raises the alarm. A touch on it lifted within ``tap_s`` (by the touch's
own times, stamped by the input provider: a busy frame between its down and its up does not
make a tap a hold) was a tap and is told how to hold; a clean finger lifted later let go too
soon; a second finger or a slide off spoiled the hold (told how to hold, too). The bar's end is
taken only after the frame's input is read: a finger lifted during a stalled frame is a lift,
not a completed hold. An admin's gesture (five taps in the top-left corner within a
few seconds) asks for the admin PIN; nothing else can close the app.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from shared_ui.flow.screens import Screen
from shared_ui.kivy_kit.controller import screen_content
from shared_ui.kivy_kit.discard import discard
from shared_ui.kivy_kit.layout_check import shown_text

from .caption import KioskCaption, caption_seconds, unseen
from .touch import TapTracker
from .views.base import KioskHoldTile, KioskTile

log = logging.getLogger(__name__)
ADMIN_TAPS = 5
ADMIN_WINDOW_S = 4.0
ADMIN_CORNER = 0.08   # of the window's shorter side
HINT_S = 4.0   # how long a held tile shows how it is used, after a tap or a hold let go too soon


def touch_seconds(touch: Any) -> float:
    """How long ``touch`` was down, by its own times (Kivy's providers stamp ``time_start``
    when the finger came down and ``time_end`` when it was lifted, as they read them)."""
    end = touch.time_end if touch.time_end >= 0 else time.time()
    return end - touch.time_start


class KioskShell(FloatLayout):
    def __init__(self, view_factory: Callable[[Screen], Widget], tracker: TapTracker,
                 on_tap: Callable[[KioskTile], None], on_hold: Callable[[KioskTile], None],
                 on_hold_short: Callable[[KioskTile, bool], None], on_admin: Callable[[], None],
                 hold_s: float, tap_s: float, **kw: Any):
        super().__init__(**kw)
        self.view_factory = view_factory
        self.tracker = tracker
        self.on_tap, self.on_hold, self.on_hold_short, self.on_admin = on_tap, on_hold, on_hold_short, on_admin
        self.hold_s = hold_s
        self.tap_s = tap_s
        self.view: Widget | None = None
        self.screen: Screen | None = None
        self.overlay: Widget | None = None
        self.shown = 0
        self._holding: tuple[Any, KioskTile, float, Any] | None = None   # (touch id, tile, start, clock event)
        self._full: Any = None   # the bar filled: taken before the frame is drawn, once its input is read
        self._corner_taps: list[float] = []
        self._hints: dict[int, tuple[KioskTile, str, str, Any]] = {}   # id → (tile, label, fit_label, event)
        self.caption_shown: Widget | None = None   # what is said and not shown (caption.py), over the title
        self._caption_end: Any = None

    # -- views --------------------------------------------------------------------------------
    def show(self, screen: Screen) -> bool:
        """Show ``screen`` and its pop-up; False when both are what is already shown."""
        popup_before = screen_content(self.screen.popup) if self.screen is not None else None
        changed = False
        if self.screen is None or self.view is None or screen_content(screen) != screen_content(self.screen):
            old, self.view = self.view, self.view_factory(screen)
            if old is not None:
                self.remove_widget(old)
                discard(old)
            self.add_widget(self.view, index=len(self.children))   # below any overlay
            self.shown += 1
            changed = True
            self._end_hold(report=False)
            self.uncaption()   # it was about the screen before
        self.screen = screen
        popup = screen.popup
        if popup is None and self.overlay is not None and getattr(self.overlay, "screen", None) is not None:
            self.close_overlay()
            changed = True
        elif popup is not None and (self.overlay is None or screen_content(popup) != popup_before):
            self.open_overlay(self.view_factory(popup))
            changed = True
        return changed

    def open_overlay(self, overlay: Widget) -> None:
        if self.overlay is not None:
            self.remove_widget(self.overlay)
            discard(self.overlay)
        self.uncaption()
        self.overlay = overlay
        self.add_widget(overlay)
        self._end_hold(report=False)

    def close_overlay(self) -> None:
        if self.overlay is not None:
            self.remove_widget(self.overlay)
            discard(self.overlay)
            self.overlay = None

    def redraw(self) -> None:
        if self.screen is None:
            return
        screen = self.screen
        self.screen = None
        if self.overlay is not None and getattr(self.overlay, "screen", None) is not None:
            self.close_overlay()
        self.show(screen)

    @property
    def layer(self) -> Widget | None:
        return self.overlay or self.view

    def touchables(self) -> list[KioskTile]:
        layer = self.layer
        return list(layer.touchables()) if layer is not None else []

    def tile(self, item_id: str) -> KioskTile | None:
        return next((t for t in self.touchables() if t.item_id == item_id), None)

    def tile_at(self, x: float, y: float) -> KioskTile | None:
        for tile in self.touchables():
            if tile.get_root_window() is None or tile.width <= 0:
                continue
            lx, ly = tile.to_widget(x, y)
            if tile.collide_point(lx, ly):
                return tile
        return None

    # -- touches --------------------------------------------------------------------------------
    def on_touch_down(self, touch: Any) -> bool:
        if self._admin_corner(touch):
            return True
        if self._text_box_at(touch):
            return super().on_touch_down(touch)   # a text box takes its own touches (caret, keyboard)
        tile = self.tile_at(*touch.pos)
        press = self.tracker.down(touch.uid, tile, *touch.pos)
        if not press.clean:
            self._end_hold(report=True)   # a second finger, a palm: the hold is spoiled
        if tile is not None and tile.enabled:
            tile.pressed = press.clean
            if isinstance(tile, KioskHoldTile) and press.clean:
                self._start_hold(touch.uid, tile)
        return True

    def on_touch_move(self, touch: Any) -> bool:
        press = self.tracker.move(touch.uid, *touch.pos)
        if press is not None and not press.clean:
            if press.target is not None:
                press.target.pressed = False
            if self._holding is not None and self._holding[0] == touch.uid:
                self._end_hold(report=True)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        holding = self._holding is not None and self._holding[0] == touch.uid
        press = self.tracker.presses.get(touch.uid)
        if press is not None and press.target is not None:
            press.target.pressed = False
        tapped = self.tracker.up(touch.uid, *touch.pos, self.tile_at(*touch.pos))
        if holding:
            tile, seconds = self._holding[1], touch_seconds(touch)
            if seconds >= self.hold_s:
                self._complete_hold(tile)      # held to the end; lifted before a frame showed it
            elif seconds < self.tap_s:
                self._end_hold(report=False)   # a tap: nothing was let go; she is told how to hold
                if tapped is tile:             # (not a tremor's second touch of the same tap)
                    self.on_tap(tile)
            else:
                self._end_hold(report=True, lifted=True)   # let go before the bar filled
            return True
        if tapped is not None and not isinstance(tapped, KioskHoldTile):
            self.on_tap(tapped)
        return True

    def _text_box_at(self, touch: Any) -> bool:
        from kivy.uix.textinput import TextInput

        def walk(widget: Widget):
            for child in widget.children:
                if isinstance(child, TextInput) and child.collide_point(*child.to_widget(*touch.pos)):
                    return True
                if walk(child):
                    return True
            return False

        return self.layer is not None and walk(self.layer)

    # -- the SOS hold -----------------------------------------------------------------------------
    @property
    def holding(self) -> KioskTile | None:
        """The tile a finger holds now (its bar filling), or None."""
        return self._holding[1] if self._holding is not None else None

    def _start_hold(self, touch_id: Any, tile: KioskTile) -> None:
        self._end_hold(report=False)
        start = time.monotonic()
        event = Clock.schedule_interval(lambda _dt: self._tick_hold(), 1 / 20)
        self._holding = (touch_id, tile, start, event)
        tile.hold = 0.0

    def _tick_hold(self) -> None:
        if self._holding is None:
            return
        _touch, tile, start, _event = self._holding
        held = time.monotonic() - start
        if held >= self.tap_s and tile.hold < self.tap_s / self.hold_s:
            # What is shown over the title was about before (a hold let go, a tap): a hold, once
            # it is more than a tap, starts afresh — "松手了，没有呼叫救援" stayed up while she
            # held on for real. (A tremor's second touch of a tap leaves it up.)
            self.uncaption()
        tile.hold = min(1.0, held / self.hold_s)
        if tile.hold >= 1.0 and self._full is None:
            # Not yet: a finger lifted while this frame was stalled is still in the input queue.
            # Taken before the frame is drawn, after the input is read (Kivy: tick, input, draw).
            self._full = Clock.schedule_once(lambda _dt: self._complete_hold(tile), -1)

    def _complete_hold(self, tile: KioskTile) -> None:
        self._full = None
        if self._holding is None or self._holding[1] is not tile:
            return   # lifted, spoiled or left in that frame's input
        self._end_hold(report=False)
        tile.pressed = False
        self.tracker.cancel_all()   # the finger lifted later is not a tap
        self.on_hold(tile)

    def _end_hold(self, report: bool, lifted: bool = False) -> None:
        """End the hold shown; ``report``: tell the controller it ended short — ``lifted``, a
        clean finger let go too soon; else spoiled (a second finger, a palm, a slide off)."""
        if self._full is not None:
            self._full.cancel()
            self._full = None
        if self._holding is None:
            return
        _touch, tile, _start, event = self._holding
        self._holding = None
        event.cancel()
        tile.hold = 0.0
        if report:
            self.on_hold_short(tile, lifted)

    def hint(self, tile: KioskTile, words: str) -> None:
        """Show ``words`` on ``tile`` itself for :data:`HINT_S`, then its own label again: how a
        held tile is used, after a tap or a hold let go too soon. Said alone, it reached nobody
        who cannot hear — a single tap on 紧急求助 drew nothing at all."""
        kept = self._hints.pop(id(tile), None)
        if kept is not None:
            kept[3].cancel()
        label, fit = (kept[1], kept[2]) if kept is not None else (tile.label, tile.fit_label)
        tile.label, tile.fit_label = words, words
        event = Clock.schedule_once(lambda _dt: self._unhint(id(tile)), HINT_S)
        self._hints[id(tile)] = (tile, label, fit, event)

    def _unhint(self, key: int) -> None:
        kept = self._hints.pop(key, None)
        if kept is not None:
            kept[0].label, kept[0].fit_label = kept[1], kept[2]

    # -- what is said and not shown -------------------------------------------------------------
    def caption_unless_shown(self, words: str) -> None:
        """Show ``words`` over the title while they are said, unless the screen shows them."""
        layer = self.layer
        if words and layer is not None and unseen(words, shown_text(layer)):
            self.caption(words)

    def caption(self, words: str) -> None:
        self.uncaption()
        header = getattr(getattr(self.layer, "ids", None), "header", None) or \
            getattr(getattr(self.view, "ids", None), "header", None)
        if header is None:
            return
        shown = KioskCaption(words)
        shown.fit_to(header, App.get_running_app().look)
        self.add_widget(shown)   # over the view and any pop-up
        self.caption_shown = shown
        self._caption_end = Clock.schedule_once(lambda _dt: self.uncaption(), caption_seconds(words))

    def uncaption(self) -> None:
        if self._caption_end is not None:
            self._caption_end.cancel()
            self._caption_end = None
        if self.caption_shown is not None:
            self.remove_widget(self.caption_shown)
            discard(self.caption_shown)
            self.caption_shown = None

    # -- the admin's way out ---------------------------------------------------------------------
    def _admin_corner(self, touch: Any) -> bool:
        side = min(self.width, self.height) * ADMIN_CORNER
        if not (touch.x <= side and touch.y >= self.height - side):
            return False
        now = time.monotonic()
        self._corner_taps = [t for t in self._corner_taps if now - t < ADMIN_WINDOW_S] + [now]
        if len(self._corner_taps) >= ADMIN_TAPS:
            self._corner_taps = []
            self.on_admin()
        return True
