"""Keyboard-wedge devices (a QR scanner, an ID-card reader) type like a keyboard: a burst of
keys a few milliseconds apart, ending in Enter. A person types far slower. Keys are held until
that is known: a fast burst that ends in Enter is a scan; anything slower (or without the
Enter) is a person typing, and goes to the field shown.

Plain logic on timestamps (the app ticks it from Kivy's clock): tested without a window.
"""
from __future__ import annotations

import time
from typing import Callable

MIN_SCAN = 8   # shorter bursts are a person's quick fingers, not a code


class KeyBurst:
    def __init__(self, on_scan: Callable[[str], None], on_typed: Callable[[str], None], *,
                 gap_s: float = 0.04, clock: Callable[[], float] = time.monotonic):
        self.on_scan, self.on_typed = on_scan, on_typed
        self.gap_s = gap_s
        self.clock = clock
        self.buffer = ""
        self._fast = True
        self._last = 0.0

    def key(self, char: str) -> None:
        now = self.clock()
        if self.buffer and now - self._last > self.gap_s:
            self._fast = False
        if not self.buffer:
            self._fast = True
        self.buffer += char
        self._last = now

    def enter(self) -> None:
        now = self.clock()
        text, fast = self.buffer, self._fast and now - self._last <= self.gap_s * 2
        self.buffer = ""
        if fast and len(text) >= MIN_SCAN:
            self.on_scan(text)
        else:
            self.on_typed(text + "\n")   # a person's Enter: what they typed, then 确定

    def tick(self) -> None:
        """No key for a while: what was held was typed by a person."""
        if self.buffer and self.clock() - self._last > self.gap_s * 3:
            text, self.buffer = self.buffer, ""
            self.on_typed(text)
