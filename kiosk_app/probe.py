"""The kit's probe with fingers: real touch events through Kivy's input path
(``EventLoop.post_dispatch_input``, as a touch screen's provider delivers them), and keys as a
keyboard-wedge scanner or a volunteer types them. Frames are stepped, never slept."""
from __future__ import annotations

import itertools
import time
from typing import Any

from kivy.base import EventLoop
from kivy.core.window import Window
from kivy.input.motionevent import MotionEvent

from shared_ui.kivy_kit.probe import AppProbe, Timeout

from .app import KioskApp

__all__ = ["KioskProbe", "Timeout"]
_ids = itertools.count(1)
SCANNER_KEY_S = 0.004   # a USB wedge scanner's pace: a key every few ms


class Finger(MotionEvent):
    """One finger on the panel, at window pixels."""

    def __init__(self, x: float, y: float):
        super().__init__("probe", next(_ids), self._at(x, y), is_touch=True, type_id="touch")
        self.profile = ["pos"]

    @staticmethod
    def _at(x: float, y: float) -> dict[str, float]:
        return {"x": x / max(1.0, Window.width - 1.0), "y": y / max(1.0, Window.height - 1.0)}

    def depack(self, args: dict[str, float]) -> None:
        self.sx, self.sy = args["x"], args["y"]
        super().depack(args)

    def down(self) -> None:
        EventLoop.post_dispatch_input("begin", self)

    def move(self, x: float, y: float) -> None:
        self.move_to = self._at(x, y)
        super().move(self.move_to)
        EventLoop.post_dispatch_input("update", self)

    def up(self) -> None:
        self.update_time_end()   # as a provider does when it reads the lift
        EventLoop.post_dispatch_input("end", self)


class KioskProbe(AppProbe):
    def __init__(self, app: KioskApp):
        super().__init__(app)
        self.after_touch = None
        self._last_tap: tuple[str, float] | None = None   # (tile, when): a person's next tap on it comes later

    def ready(self) -> bool:
        screen = self.screen
        return screen is not None and screen.id.startswith("identify")

    # -- where things are -------------------------------------------------------------------------
    def tile(self, item_id: str) -> Any:
        tile = self.app.shell.tile(item_id)
        if tile is None:
            ids = [t.item_id for t in self.app.shell.touchables()]
            raise AssertionError(f"no tile {item_id!r} on {self.screen.id if self.screen else None}: {ids}")
        return tile

    def centre_of(self, item_id: str) -> tuple[float, float]:
        tile = self.tile(item_id)
        return tile.to_window(*tile.center)

    # -- fingers ------------------------------------------------------------------------------------
    def touch(self, x: float, y: float, *, moves: tuple[tuple[float, float], ...] = (), hold_s: float = 0.0) -> None:
        """A finger down at (x, y), sliding by ``moves`` (offsets), lifted after ``hold_s``.
        Without ``hold_s`` it is a tap: down, slides and lift reach the app back to back, as a
        provider delivers a quick tap that came during one busy frame — a loaded test machine
        cannot stretch it into a hold."""
        finger = Finger(x, y)
        finger.down()
        if hold_s:
            self.frames(1)
        for dx, dy in moves:
            finger.move(x + dx, y + dy)
            if hold_s:
                self.frames(1)
        if hold_s:
            end = time.monotonic() + hold_s
            while time.monotonic() < end:
                self.frames(1)
        finger.up()
        self.frames(1)

    def tap(self, item_id: str, *, wobble: float = 0.0, wait_guard: bool = True) -> None:
        """One tap on ``item_id``; ``wobble`` px of sliding while it is down (a shaky finger)."""
        if wait_guard:
            self.wait_guard()
        self._after_repeat(item_id)
        x, y = self.centre_of(item_id)
        self.touch(x, y, moves=self.wobble(wobble))
        self._last_tap = (item_id, time.monotonic())
        self.settle()
        if self.after_touch is not None:
            self.after_touch(self)

    def _after_repeat(self, item_id: str) -> None:
        """The same tile again, as a person taps it again: after the tremor's window (the
        tracker takes a second touch sooner as the same tap). 下一页 on a page of the same
        screen starts no screen guard, so nothing else spaces two of them: tapped back to back
        on a quick machine, every other one was dropped and a choice never came up."""
        if self._last_tap is None or self._last_tap[0] != item_id:
            return
        tile = self.app.shell.tile(item_id)
        window = getattr(tile, "repeat_s", -1.0)
        window = self.app.settings.repeat_tap_s if window is None or window < 0 else window
        end = self._last_tap[1] + window + 0.02
        while time.monotonic() < end:
            self.frames(1)

    @staticmethod
    def wobble(px: float) -> tuple[tuple[float, float], ...]:
        """A shaky finger's slides, ``px`` at most from where it came down."""
        return ((px * 0.6, -px * 0.5), (px, px * 0.3)) if px else ()

    def hold(self, item_id: str, seconds: float | None = None, *, wobble: float = 0.0) -> None:
        """Hold ``item_id``: for ``seconds``, or (None) until its bar has filled — as she
        watches it fill and lets go, however slowly this machine draws the frames meanwhile."""
        self.wait_guard()
        x, y = self.centre_of(item_id)
        if seconds is not None:
            self.touch(x, y, moves=self.wobble(wobble), hold_s=seconds)
            self.settle()
            return
        shell = self.app.shell
        finger = Finger(x, y)
        finger.down()
        if shell.holding is None:
            finger.up()
            raise AssertionError(f"{item_id} is not held: {shell.tile_at(x, y)!r} is under the finger")
        self.frames(1)
        for dx, dy in self.wobble(wobble):
            finger.move(x + dx, y + dy)
            self.frames(1)
        deadline = time.monotonic() + shell.hold_s + 30.0
        while shell.holding is not None:
            if time.monotonic() > deadline:
                finger.up()
                raise Timeout(f"the bar on {item_id} did not fill")
            self.frames(1)
        finger.up()
        self.settle()

    def wait_guard(self) -> None:
        """Let the screen guard pass (a person needs longer than it to read and reach)."""
        c = self.app.controller
        end = c._shown_at + c.guard_s + 0.02
        while time.monotonic() < end:
            self.frames(1)

    # -- keys ---------------------------------------------------------------------------------------
    def type_keys(self, text: str, *, gap_s: float, enter: bool = True) -> None:
        """Keys as a device types them, ``gap_s`` apart (a scanner: a few ms; a person: ~0.2 s)."""
        for char in text:
            Window.dispatch("on_key_down", ord(char), 0, char, [])
            Window.dispatch("on_textinput", char)
            Window.dispatch("on_key_up", ord(char), 0)
            if gap_s:
                end = time.monotonic() + gap_s
                while time.monotonic() < end:
                    time.sleep(min(0.002, gap_s))
            if gap_s >= 0.05:
                self.frames(1)
        if enter:
            Window.dispatch("on_key_down", 13, 0, None, [])
            Window.dispatch("on_key_up", 13, 0)
        self.frames(2)
        self.settle()

    def scan(self, text: str) -> None:
        """A keyboard-wedge scanner or card reader: the whole code at once, each key a few ms
        after the last by the device's own pace (``SCANNER_KEY_S``), whenever this machine gets
        round to it — the burst is judged on those times. Timed by the loop here, a loaded
        machine that paused it for more than the scanner's gap between two keys made a card a
        person's typing, and nobody was identified."""
        keys = self.app.keys
        real = keys.clock
        sent = itertools.count()
        start = real()
        keys.clock = lambda: start + next(sent) * SCANNER_KEY_S
        try:
            for char in text:
                Window.dispatch("on_key_down", ord(char), 0, char, [])
                Window.dispatch("on_textinput", char)
                Window.dispatch("on_key_up", ord(char), 0)
            Window.dispatch("on_key_down", 13, 0, None, [])
            Window.dispatch("on_key_up", 13, 0)
        finally:
            keys.clock = real
        self.frames(2)
        self.settle()

    def key(self, code: int) -> None:
        Window.dispatch("on_key_down", code, 0, None, [])
        Window.dispatch("on_key_up", code, 0)
        self.settle()

    def keypad(self, value: str) -> None:
        """Type ``value`` on the screen's keypad, then 确定, as a person does: the same key
        twice comes a little apart (a bounce sooner than that is the same touch). What a refused
        entry left on it (given back to correct) is cleared first, with 清空, as she would to
        type another value whole."""
        kept = getattr(self.app.shell.layer, "keypad", None)
        if kept is not None and kept.value:
            self.tap("view:clear")
        last = ""
        for char in value:
            if char == last:
                self.pause(0.3)
            self.tap(f"view:{char.upper()}")
            last = char
        keypad = getattr(self.app.shell.layer, "keypad", None)
        if keypad is not None and keypad.value != value.upper():
            raise AssertionError(f"the keypad holds {keypad.value!r} after typing {value!r}")
        self.tap("view:ok")

    def pause(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.frames(1)
