"""The alarm desk's sense of time. Everything in ``call_center.alarms`` asks a clock object
instead of the wall, so tests advance time and run due timers without ever sleeping."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Protocol

from .. import clock


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real time, aware, in Asia/Shanghai."""

    def now(self) -> datetime:
        return clock.now()


class FakeClock:
    """A clock that moves only when told to (tests, demos of a day in fast-forward)."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        with self._lock:
            self._now += timedelta(seconds=seconds, **delta)
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment
