"""The alarm desk built for a database, and where its escalation worker runs.

- a thread beside the API (``onekey center``, the default; one per gunicorn worker process,
  since claims are atomic): :func:`start_thread`;
- the foreground of a process of its own, beside a gunicorn API: ``onekey center
  --worker-only`` (:func:`serve`) or ``python -m call_center.alarms.hosting --db FILE``
  (:func:`main`);
- nowhere: tests drive :class:`~call_center.alarms.worker.EscalationWorker` by hand with a
  fake clock and never sleep.

A running worker ticks every ``worker_poll_s`` and is woken at once by a commit in this
process that schedules a step due now (the device event log's notifier).
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Mapping

from ..db import Database
from ..models import device_event_log
from ..models.device_event_log import Notifier
from . import present
from .clocks import SystemClock
from .desk import AlarmDesk
from .settings import AlarmSettings
from .telephony import SimulatedTelephony
from .worker import EscalationWorker

log = logging.getLogger(__name__)


def build_desk(database: Database, extra: Mapping[str, Any] | None = None,
               environ: Mapping[str, str] | None = None) -> AlarmDesk:
    """The desk for one database: settings, clock, telephony, event hooks (no thread yet)."""
    extra = dict(extra or {})
    settings = AlarmSettings.load(extra, environ)
    telephony = extra.get("alarm_telephony") or SimulatedTelephony.from_text(
        settings.sim_calls, settings.sim_call_latency_ms)
    desk = AlarmDesk(settings, extra.get("alarm_clock") or SystemClock(), telephony, database,
                     Notifier())
    device_event_log.attach([database.reads, database.writes], desk.notifier,
                            present.alarm_step_row)
    return desk


class WorkerLoop:
    """One worker ticking until stopped; :meth:`wake` cuts the wait short."""

    def __init__(self, worker: EscalationWorker):
        self.worker = worker
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "WorkerLoop":
        if self._thread is None:
            self._thread = threading.Thread(target=self.run_forever, name="escalation",
                                            daemon=True)
            self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run_forever(self) -> None:
        log.info("escalation worker %s started", self.worker.name)
        while not self._stop.is_set():
            try:
                self.worker.tick()
            except Exception:  # the loop must outlive any single failure
                log.exception("escalation tick failed")
            self._wake.wait(self.worker.desk.settings.worker_poll_s)
            self._wake.clear()


def start_thread(desk: AlarmDesk, name: str | None = None) -> WorkerLoop:
    """The escalation worker as a thread of this process, woken by any commit here that
    schedules a step due at once and polling every ``worker_poll_s`` for the rest."""
    assert desk.database is not None
    loop = WorkerLoop(EscalationWorker(desk.database, desk, name))
    if desk.notifier is not None:
        desk.notifier.subscribe(loop.wake)
    return loop.start()


def serve(desk: AlarmDesk) -> None:
    """Run the worker in this thread until SIGTERM or Ctrl-C."""
    import signal

    assert desk.database is not None
    loop = WorkerLoop(EscalationWorker(desk.database, desk))
    signal.signal(signal.SIGTERM, lambda *_: loop.stop(0))
    print(f"escalation worker {loop.worker.name} on "
          f"{desk.database.engine.url.render_as_string(hide_password=True)}", flush=True)
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        pass


def main(argv: list[str] | None = None) -> int:
    """``python -m call_center.alarms.hosting``: the worker as its own process."""
    import argparse
    import json
    import os
    import signal
    import time

    from .. import migrate
    from ..config import Settings

    parser = argparse.ArgumentParser(prog="python -m call_center.alarms.hosting")
    parser.add_argument("--db", help="SQLite file (ONEKEY_DB_URL wins)")
    parser.add_argument("--name", help="worker name recorded in claims")
    parser.add_argument("--until-idle", type=float, default=None, metavar="SECONDS",
                        help="exit after this long with nothing due (batch runs, tests)")
    args = parser.parse_args(argv)
    config = {"db_url": f"sqlite:///{os.path.abspath(args.db)}"} if args.db and not \
        os.environ.get("ONEKEY_DB_URL") else {}
    settings = Settings.load(config)
    database = migrate.open_database(settings)
    desk = build_desk(database, settings.extra)
    loop = WorkerLoop(EscalationWorker(database, desk, args.name))
    signal.signal(signal.SIGTERM, lambda *_: loop.stop(0))
    if args.until_idle is None:
        loop.run_forever()
    else:
        idle_since = time.monotonic()
        while time.monotonic() - idle_since < args.until_idle:
            if loop.worker.tick():
                idle_since = time.monotonic()
            time.sleep(desk.settings.worker_poll_s)
    print(json.dumps({"worker": loop.worker.name, "steps": loop.worker.steps_run}), flush=True)
    database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
