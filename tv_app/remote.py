"""From raw key events to remote actions: one action per press, never two for a held key.

Elder users of Chinese TV apps complain of keys that act twice when held or pressed a little
long (ELDER_UI.md, TV "timing"). So a key acts on its first key-down only; the repeats SDL
sends while it is held and anything until its key-up are ignored. The one exception is the
long OK (:data:`tv_app.keymap.HOLDABLE`): held past ``long_press_s`` it reports ``long_ok``
once, which the shell turns into an alarm when the press began on the SOS tile — unless another
key went down meanwhile: that key acts (Back or OK on the SOS tile's spoken window cancels it),
and the hold is spoiled, as a second finger spoils the kiosk's (a thumb resting on OK while the
hand presses on: ELDER_UI.md, accidental alarms).
"""
from __future__ import annotations

import time
from collections import deque
from typing import Callable

from .keymap import ANDROID_KEYCODES, HOLDABLE, action_for

Cancel = Callable[[], None]
Schedule = Callable[[Callable[[], None], float], Cancel]


class Remote:
    def __init__(self, on_action: Callable[[str], None], schedule: Schedule, *,
                 long_press_s: float = 1.5, clock: Callable[[], float] = time.monotonic):
        self.on_action = on_action
        self.schedule = schedule
        self.long_press_s = long_press_s
        self.clock = clock
        self._held: dict[int, float] = {}  # key code -> when it went down
        self._long_timer: Cancel | None = None
        self.ignored_repeats = 0
        self.history: deque[str] = deque(maxlen=32)  # the last actions, for logs and probes

    def key_down(self, code: int) -> bool:
        """Handle a key-down; True means the TV app consumed it (always, so Kivy never quits)."""
        action = action_for(code)
        if code in self._held:
            self.ignored_repeats += 1
            return True
        self._held[code] = self.clock()
        if action is None:
            return True
        self._disarm()   # another key while OK is held: the hold is spoiled
        if action in HOLDABLE:
            self._arm_long_press(code)
        self._emit(action)
        return True

    def _emit(self, action: str) -> None:
        self.history.append(action)
        self.on_action(action)

    def key_up(self, code: int) -> bool:
        if self._held.pop(code, None) is not None and action_for(code) in HOLDABLE:
            self._disarm()
        return True

    def android_key(self, keycode: int) -> bool:
        """A raw Android KeyEvent code forwarded by the box build (colour keys SDL drops)."""
        action = ANDROID_KEYCODES.get(keycode)
        if action is not None:
            self._emit(action)
        return action is not None

    def release_all(self) -> None:
        """Forget held keys (the window lost focus: a key-up may never come)."""
        self._held.clear()
        self._disarm()

    def _arm_long_press(self, code: int) -> None:
        self._disarm()

        def fire() -> None:
            self._long_timer = None
            if code in self._held:
                self._emit("long_ok")

        self._long_timer = self.schedule(fire, self.long_press_s)

    def _disarm(self) -> None:
        if self._long_timer is not None:
            self._long_timer()
            self._long_timer = None
