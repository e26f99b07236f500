"""Drive a real TvApp in this process by injected key events, stepping frames (never sleeping).

Used by the UI tests and the benchmark (like Toga's probes and Kivy's ``async_common``
helpers): ``Window.dispatch('on_key_down', …)`` then ``EventLoop.idle()`` until every
background call has come back and the layout has settled, with a deadline. Works on any SDL
video driver; ``SDL_VIDEODRIVER=offscreen`` renders real pixels without a display.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from kivy.base import EventLoop, runTouchApp
from kivy.core.window import Window

from .app import TvApp

# Keys by action, as a PC keyboard sends them (the remote's other codes map to the same actions).
KEYS = {"up": 273, "down": 274, "left": 276, "right": 275, "ok": 13, "back": 27, "home": 278,
        "sos": 282, "repeat": 283, "help": 285, **{f"digit:{n}": ord(str(n)) for n in range(1, 10)}}


class Timeout(AssertionError):
    pass


class TvProbe:
    def __init__(self, app: TvApp):
        self.app = app
        self.presses = 0
        self.after_key: Callable[["TvProbe"], None] | None = None  # e.g. a focus check after every key

    # -- life -------------------------------------------------------------------------------------
    def start(self, until: Callable[[], bool] | None = None, timeout: float = 30.0) -> "TvProbe":
        self.app._run_prepare()  # what App.run() does before its loop; we run the loop by frames
        runTouchApp(embedded=True)
        self.wait_until(until or self.at_home, timeout)
        return self

    def stop(self) -> None:
        self.app.stop()
        self.frames(2)

    # -- frames -----------------------------------------------------------------------------------
    def frames(self, n: int = 1) -> None:
        for _ in range(n):
            EventLoop.idle()

    @property
    def quiet(self) -> bool:
        host = self.app.host
        return (self.app.background.in_flight == 0 and self.app.polls.in_flight == 0
                and (host is None or host.idle))

    def settle(self, timeout: float = 15.0) -> None:
        """Step frames until no call is in flight for three frames in a row (layouts done)."""
        deadline = time.monotonic() + timeout
        calm = 0
        while calm < 3:
            if time.monotonic() > deadline:
                host = self.app.host
                raise Timeout(f"the app did not settle within {timeout}s: flow calls "
                              f"{self.app.background.in_flight}, polls {self.app.polls.in_flight}, "
                              f"intents {host.pending if host else None}")
            EventLoop.idle()
            calm = calm + 1 if self.quiet else 0

    def wait_until(self, condition: Callable[[], bool], timeout: float = 15.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                screen = self.screen
                raise Timeout(f"waited {timeout}s for {what or condition}; screen is "
                              f"{screen.id if screen else None}")
            EventLoop.idle()
        self.settle()

    # -- keys -------------------------------------------------------------------------------------
    def key_down(self, code: int) -> None:
        Window.dispatch("on_key_down", code, 0, None, [])

    def key_up(self, code: int) -> None:
        Window.dispatch("on_key_up", code, 0)

    def press(self, action: str, *, repeats: int = 0) -> None:
        """One press of ``action``'s key (with ``repeats`` SDL auto-repeat key-downs while held)."""
        code = KEYS[action] if action in KEYS else int(action)
        self.key_down(code)
        for _ in range(repeats):
            EventLoop.idle()
            self.key_down(code)
        self.key_up(code)
        self.presses += 1
        self.settle()
        if self.after_key is not None:
            self.after_key(self)

    def presses_to(self, *actions: str) -> None:
        for action in actions:
            self.press(action)

    # -- what is on screen ----------------------------------------------------------------------
    @property
    def screen(self):
        return self.app.shell.screen

    @property
    def focused(self) -> str | None:
        tile = self.app.shell.focused
        return tile.item_id if tile else None

    def at_home(self) -> bool:
        screen = self.screen
        return screen is not None and screen.id == "home" and self.app.shell.focused is not None

    def screenshot(self, path: Path) -> Path:
        """Save what the window shows as a PNG at ``path`` (fast: light compression)."""
        from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
        from PIL import Image

        self.frames(2)
        width, height = Window.size
        pixels = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
        image = Image.frombytes("RGBA", (width, height), pixels).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        path.parent.mkdir(parents=True, exist_ok=True)
        image.convert("RGB").save(path, compress_level=1)
        return path
