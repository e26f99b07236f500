"""Drive a real Kivy front end in this process, stepping frames (never sleeping).

Used by UI tests and benchmarks (like Toga's probes and Kivy's ``async_common`` helpers): the
probe runs the app's event loop by frames, waits until every background call has come back
and the layout has settled (with a deadline), and saves screenshots. A channel's probe adds
its own input: the TV's remote keys (``tv_app.probe``), the kiosk's touches. Works on any SDL
video driver; ``SDL_VIDEODRIVER=offscreen`` renders real pixels without a display.

The app gives the probe ``host`` (its :class:`~.flow_host.FlowHost`, or None before it has
one), ``pools()`` (its :class:`~.background.Background` pools) and ``screen`` (the
:class:`~shared_ui.flow.Screen` shown now).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

from kivy.base import EventLoop, runTouchApp
from kivy.core.window import Window


class Timeout(AssertionError):
    pass


class AppProbe:
    def __init__(self, app: Any):
        self.app = app

    # -- life -------------------------------------------------------------------------------------
    def start(self, until: Callable[[], bool] | None = None, timeout: float = 30.0) -> "AppProbe":
        self.app._run_prepare()  # what App.run() does before its loop; we run the loop by frames
        runTouchApp(embedded=True)
        self.wait_until(until or self.ready, timeout)
        return self

    def ready(self) -> bool:
        return self.screen is not None

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
        return all(pool.in_flight == 0 for pool in self.app.pools()) and (host is None or host.idle)

    def _busy(self) -> str:
        host = self.app.host
        calls = ", ".join(f"{pool.name} {pool.in_flight}" for pool in self.app.pools())
        return f"calls in flight: {calls}; intents {host.pending if host else None}"

    def settle(self, timeout: float = 15.0) -> None:
        """Step frames until no call is in flight for three frames in a row (layouts done)."""
        deadline = time.monotonic() + timeout
        calm = 0
        while calm < 3:
            if time.monotonic() > deadline:
                raise Timeout(f"the app did not settle within {timeout}s: {self._busy()}")
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

    # -- what is on screen ----------------------------------------------------------------------
    @property
    def screen(self):
        return self.app.screen

    @property
    def popup(self):
        screen = self.screen
        return screen.popup if screen is not None else None

    def screenshot(self, path: Path) -> Path:
        """Save what the app's panel shows as a PNG at ``path`` (fast: light compression)."""
        from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
        from PIL import Image

        self.frames(2)
        panel = getattr(self.app, "panel", None)
        width, height = (int(panel.width), int(panel.height)) if panel is not None else Window.size
        pixels = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
        image = Image.frombytes("RGBA", (width, height), pixels).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        path.parent.mkdir(parents=True, exist_ok=True)
        image.convert("RGB").save(path, compress_level=1)
        return path
