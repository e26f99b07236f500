"""The kit's probe with a remote: injected key events (``Window.dispatch('on_key_down', …)``),
frames stepped until the app settles after each press."""
from __future__ import annotations

from typing import Callable

from kivy.base import EventLoop
from kivy.core.window import Window

from shared_ui.kivy_kit.probe import AppProbe, Timeout

from .app import TvApp

__all__ = ["KEYS", "Timeout", "TvProbe"]

# Keys by action, as a PC keyboard sends them (the remote's other codes map to the same actions).
KEYS = {"up": 273, "down": 274, "left": 276, "right": 275, "ok": 13, "back": 27, "home": 278,
        "sos": 282, "repeat": 283, "help": 285, **{f"digit:{n}": ord(str(n)) for n in range(1, 10)}}


class TvProbe(AppProbe):
    def __init__(self, app: TvApp):
        super().__init__(app)
        self.presses = 0
        self.after_key: Callable[["TvProbe"], None] | None = None  # e.g. a focus check after every key

    def ready(self) -> bool:
        return self.at_home()

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

    def ok_through_pages(self, most: int = 8) -> list[str]:
        """OK as she presses it on facts that take pages: while the ring is on the view's
        下一页 (tv_app.views.parts.FACTS_PAGE), each OK turns a page, and after the last the
        ring is on the screen's own focus (确认, 回到首页). The keys pressed (none on one page)."""
        from .views.parts import FACTS_PAGE

        pressed: list[str] = []
        while self.focused == FACTS_PAGE and len(pressed) < most:
            self.press("ok")
            pressed.append("ok")
        return pressed

    # -- what is on screen ----------------------------------------------------------------------
    @property
    def focused(self) -> str | None:
        tile = self.app.shell.focused
        return tile.item_id if tile else None

    def at_home(self) -> bool:
        screen = self.screen
        return screen is not None and screen.id == "home" and self.app.shell.focused is not None
