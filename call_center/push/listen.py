"""PostgreSQL's LISTEN/NOTIFY tells the hub when another process or node commits events.

Appenders send ``NOTIFY onekey_device_events`` in their transaction (delivered at commit);
one connection per process listens. The hub reads at once where a poll waits, else at its
next round; a notification marked urgent (an access change: a token cache must drop the
caller) is read at once everywhere. A dropped connection is reopened, and the hub reads
everything it may have missed meanwhile, so nothing is lost; the hub's own slow poll is the
safety net behind it.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from sqlalchemy.engine import URL

from ..models.device_event_log import CHANNEL, URGENT

log = logging.getLogger(__name__)


class PostgresListener:
    def __init__(self, url: URL, timeout_s: float = 5.0, own: str = ""):
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        # Notifications sent by this process's own sessions on the database (their payload,
        # ``Database.origin``): the hub hears of those commits directly, once durable.
        self.own = own
        self.timeout_s = timeout_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()

    def start(self, kick: Callable[[], None], committed: Callable[[], None]) -> None:
        """``kick`` reads at once (an urgent notice, a reconnection); ``committed`` when a
        poll waits (:meth:`EventHub.committed`)."""
        self._thread = threading.Thread(target=self._run, args=(kick, committed),
                                        name="event-listen", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self, kick: Callable[[], None], committed: Callable[[], None]) -> None:
        import psycopg

        backoff = 1.0
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    backoff = 1.0
                    kick()  # whatever was committed while we were not listening
                    while not self._stop.is_set():
                        for notice in conn.notifies(timeout=self.timeout_s, stop_after=1):
                            origin, urgent = _parse(notice.payload)
                            if self.own and origin == self.own:
                                continue  # this process's own: its hub heard directly
                            (kick if urgent else committed)()
            except psycopg.Error as exc:  # the database restarted: listen again
                if self.listening.is_set() or backoff == 1.0:
                    log.warning("event hub: LISTEN connection lost (%s); reconnecting",
                                type(exc).__name__)
                self.listening.clear()
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 30.0)


def _parse(payload: str) -> tuple[str, bool]:
    """(the sending process's origin, whether every hub must read at once)."""
    if payload.endswith(URGENT):
        return payload[:-len(URGENT)], True
    return payload, False
