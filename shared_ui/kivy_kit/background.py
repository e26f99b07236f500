"""Blocking calls (HTTP through the client) off the UI thread, answers back on it.

A Kivy frame must never wait for the network: a set-top box on a slow line would freeze the
focus ring. Calls run on a small thread pool; each answer is handed to its callback on the
main thread through ``Clock.schedule_once`` (thread-safe). ``in_flight`` lets tests and
probes wait for quiet instead of sleeping.
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

log = logging.getLogger(__name__)


class Background:
    def __init__(self, workers: int = 2, name: str = "onekey-call"):
        self.name = name
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._lock = threading.Lock()
        self._in_flight = 0
        self._closed = False

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    def submit(self, call: Callable[..., Any], *args: Any,
               then: Callable[[Any], None] | None = None,
               failed: Callable[[BaseException], None] | None = None) -> None:
        """Run ``call(*args)`` on a worker; ``then(result)`` / ``failed(exc)`` run on the UI thread."""
        from kivy.clock import Clock

        if self._closed:
            return
        with self._lock:
            self._in_flight += 1

        def work() -> None:
            try:
                result = call(*args)
            except BaseException as exc:  # noqa: BLE001 — handed to the UI thread, never lost
                log.exception("background call %s failed", getattr(call, "__name__", call))
                outcome: tuple[Callable[[Any], None] | None, Any] = (failed, exc)
            else:
                outcome = (then, result)

            def deliver(_dt: float) -> None:
                try:
                    callback, value = outcome
                    if callback is not None and not self._closed:
                        callback(value)
                finally:
                    with self._lock:
                        self._in_flight -= 1

            Clock.schedule_once(deliver, 0)

        self._pool.submit(work)

    def close(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)


def on_ui_thread(callback: Callable[..., None]) -> Callable[..., None]:
    """``callback`` wrapped so that calling it from any thread runs it on Kivy's UI thread
    (e.g. the device event stream's ``deliver``)."""

    def hand_over(*args: Any) -> None:
        from kivy.clock import Clock

        Clock.schedule_once(lambda _dt: callback(*args), 0)

    return hand_over


def kivy_schedule(callback: Callable[[], None], delay: float) -> Callable[[], None]:
    """Run ``callback`` once after ``delay`` seconds on the UI thread; returns its cancel."""
    from kivy.clock import Clock

    event = Clock.schedule_once(lambda _dt: callback(), delay)
    return event.cancel
