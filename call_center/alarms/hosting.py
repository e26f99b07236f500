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
from .. import present as centre_present
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
                            centre_present.message_event_row, present.alarm_step_row)
    return desk


class WorkerLoop:
    """One worker ticking until stopped, and its heartbeat; :meth:`wake` cuts the wait short.

    The heartbeat has a thread of its own, so a long sweep or a busy database never delays
    it past the lease (a live worker's steps are never taken over)."""

    def __init__(self, worker: EscalationWorker):
        self.worker = worker
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []
        worker.on_step_done = self.wake  # a finished step may have scheduled the next

    def start(self) -> "WorkerLoop":
        if not self._threads:
            self._threads = [
                threading.Thread(target=self.run_forever, name="escalation", daemon=True),
                threading.Thread(target=self.beat_forever, name="escalation-heartbeat",
                                 daemon=True)]
            for thread in self._threads:
                thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop claiming; steps already running finish (for up to ``timeout``)."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []
        self.worker.close(timeout)

    def run_forever(self) -> None:
        log.info("escalation worker %s started (%d lines)", self.worker.name, self.worker.lines)
        while not self._stop.is_set():
            try:
                self.worker.tick()
            except Exception:  # the loop must outlive any single failure
                log.exception("escalation tick failed")
            self._wake.wait(self.worker.desk.settings.worker_poll_s)
            self._wake.clear()

    def beat_forever(self) -> None:
        every = self.worker.desk.settings.heartbeat_s
        while not self._stop.wait(every):
            try:
                self.worker.heartbeat()
            except Exception:
                log.exception("escalation heartbeat failed")

    def serve_until_signalled(self) -> None:
        """Start, run until SIGTERM or Ctrl-C, then stop gracefully (the main thread's job)."""
        import signal

        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        self.start()
        try:
            while not stopped.wait(1.0):
                pass
        except KeyboardInterrupt:
            pass
        self.stop()


def start_thread(desk: AlarmDesk, name: str | None = None) -> WorkerLoop:
    """The escalation worker as a thread of this process, woken by any commit here that
    schedules a step due at once and polling every ``worker_poll_s`` for the rest."""
    assert desk.database is not None
    loop = WorkerLoop(EscalationWorker(desk.database, desk, name))
    if desk.notifier is not None:
        desk.notifier.subscribe(loop.wake)
    return loop.start()


def serve(desk: AlarmDesk) -> None:
    """Run the worker until SIGTERM or Ctrl-C (``onekey center --worker-only``)."""
    assert desk.database is not None
    loop = WorkerLoop(EscalationWorker(desk.database, desk))
    print(f"escalation worker {loop.worker.name} on "
          f"{desk.database.engine.url.render_as_string(hide_password=True)}", flush=True)
    loop.serve_until_signalled()


def main(argv: list[str] | None = None) -> int:
    """``python -m call_center.alarms.hosting``: the worker as its own process."""
    import argparse
    import json
    import os
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
    from .. import providers
    from ..follow_ups import follow_ups

    desk.sweeps += follow_ups(database, providers.build(settings), settings, desk)
    loop = WorkerLoop(EscalationWorker(database, desk, args.name))
    print(f"escalation worker {loop.worker.name} on "
          f"{database.engine.url.render_as_string(hide_password=True)}", flush=True)
    if args.until_idle is None:
        loop.serve_until_signalled()
    else:
        loop.start()
        idle_since = time.monotonic()
        while time.monotonic() - idle_since < args.until_idle:
            if loop.worker.running or loop.worker.due(desk.now(), 1):
                idle_since = time.monotonic()
            time.sleep(desk.settings.worker_poll_s)
        loop.stop()
    print(json.dumps({"worker": loop.worker.name, "steps": loop.worker.steps_run}), flush=True)
    database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
