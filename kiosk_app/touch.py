"""Touch that suits a shaky hand (ELDER_UI.md, Kiosk "tremor-tolerant touch"; WCAG 2.5.1/2.5.2).

- A touch that slides a little (``slop`` px, ~8 mm) and is lifted on the same tile is a tap; one
  that slides off its tile, or further, is nothing (a finger changing its mind).
- A second tap on the same tile within ``repeat_s`` is the same tap (a tremor's double touch),
  never a second booking. A keypad key has a shorter window of its own (``repeat_s`` on the
  tile): "11" is typed on purpose, a tremor's bounce comes within a quarter second, and what
  was typed is on screen to see and delete.
- A second finger or a palm while one is down cancels them all: a lean on the screen, a
  sleeve or a bag sends nothing.
- No double-tap and no long-press anywhere, except the deliberate SOS hold (the shell runs its
  timer; this class only says whether the press is still clean).

Plain logic on (id, x, y, time): tested without a window.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Callable


@dataclass
class Press:
    touch_id: Any
    target: Any
    x: float
    y: float
    at: float
    clean: bool = True   # still within the slop, alone on the screen


class TapTracker:
    def __init__(self, slop: float, repeat_s: float, clock: Callable[[], float] = time.monotonic):
        self.slop = slop
        self.repeat_s = repeat_s
        self.clock = clock
        self.presses: dict[Any, Press] = {}
        self._last: tuple[Any, float] | None = None   # (target, time) of the last tap taken

    def down(self, touch_id: Any, target: Any, x: float, y: float) -> Press:
        press = Press(touch_id, target, x, y, self.clock())
        if self.presses:               # a second finger, a palm, a lean: nothing counts
            press.clean = False
            for other in self.presses.values():
                other.clean = False
        self.presses[touch_id] = press
        return press

    def move(self, touch_id: Any, x: float, y: float) -> Press | None:
        press = self.presses.get(touch_id)
        if press is not None and math.hypot(x - press.x, y - press.y) > self.slop:
            press.clean = False
        return press

    def up(self, touch_id: Any, x: float, y: float, target_now: Any) -> Any | None:
        """The tile tapped, or None (slid away, another finger, the same tap again)."""
        press = self.presses.pop(touch_id, None)
        if press is None or press.target is None:
            return None
        if not press.clean or target_now is not press.target \
                or math.hypot(x - press.x, y - press.y) > self.slop:
            return None
        now = self.clock()
        window = getattr(press.target, "repeat_s", -1)
        window = self.repeat_s if window is None or window < 0 else window
        if self._last is not None and self._last[0] == _identity(press.target) and now - self._last[1] < window:
            return None
        self._last = (_identity(press.target), now)
        return press.target

    def cancel_all(self) -> None:
        for press in self.presses.values():
            press.clean = False

    def forget_last(self) -> None:
        """A new screen: a tap on it is a new tap even on a tile with the same id."""
        self._last = None


def _identity(target: Any) -> Any:
    return getattr(target, "item_id", target)
