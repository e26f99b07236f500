"""A number of seconds counting down on screen (the kiosk's idle warning: 还剩18秒).

The host's timer acts when the time is up; this only shows how much is left, from the moment
the screen was drawn, so the number a slow reader sees is never a stale one. Kivy's clock
drives it (a fake clock in tests advances it too).
"""
from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty

from ..i18n import N_
from .labels import Paragraph

WORDS = N_("还剩{n}秒")


class Countdown(Paragraph):
    """Give it ``template`` ("还剩{n}秒") and call :meth:`start` with the seconds."""

    seconds = NumericProperty(0)
    template = StringProperty("{n}")

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._event = None
        self.bind(seconds=self._show, template=self._show)

    def start(self, seconds: int) -> None:
        self.stop()
        self.seconds = max(int(seconds), 0)
        self._show()
        if self.seconds > 0:
            self._event = Clock.schedule_interval(self._tick, 1.0)

    def stop(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def _tick(self, _dt: float) -> bool:
        if self.get_root_window() is None:  # the screen has gone (its view dropped, not only this)
            self._event = None
            return False
        self.seconds = max(self.seconds - 1, 0)
        if self.seconds == 0:
            self._event = None
            return False
        return True

    def _show(self, *_: Any) -> None:
        self.words = self.template.format(n=int(self.seconds)) if self.template else ""


def countdown_for(screen: Any, strings: Any, **kwargs: Any) -> "Countdown | None":
    """A started countdown for a screen that acts by itself (``countdown_s``), or None."""
    if screen.countdown_s is None:
        return None
    shown = Countdown(template=strings.t(WORDS, n="{n}"), **kwargs)
    shown.start(screen.countdown_s)
    return shown

