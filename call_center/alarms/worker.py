"""The escalation worker: claims due timers and runs the next steps, many at once; sweeps
check-ins and schedules care calls.

Where it runs — a thread beside the API or a process of its own — is ``hosting``'s business;
tests drive it by hand with a fake clock (:meth:`run_once`, :meth:`run_due`, :meth:`sweep`,
:meth:`dispatch`, :meth:`heartbeat`) and never sleep.

Calls run concurrently: :meth:`dispatch` claims as many due steps as the worker has free
lines (``call_lines``) and runs each on a thread of its own, so a phone ringing for a minute
delays no other alarm (seed 000's call-backs and the alarm-centre standard's 60 s answer both
depend on it). Earliest due goes first when lines are short.

Exactly once, with any number of workers and crashes:

1. claim: ``UPDATE alarm_timers SET claimed_by=me, claimed_at=now … WHERE done_at IS NULL AND
   (claimed_by IS NULL OR claimed_at < now - lease)`` — a row that changed is ours;
2. place the call with no transaction open (a ringing phone must not hold the write lock);
   meanwhile :meth:`heartbeat` renews ``claimed_at`` of every step still running, every
   ``heartbeat_s``, so a live worker keeps its claims however long a call rings;
3. in one transaction: check the timer is still ours and not retired, record the call,
   advance the alarm, schedule the next timers, mark this one done.

A worker that dies stops renewing: ``claim_lease_s`` (6 s) later another worker takes the step
over and runs it from the start (the call may be placed twice — a second ring is the safe side
of a lost step), and the dead worker's step can never commit. A step that keeps failing is
given up after ``MAX_CLAIMS`` and handed to the agents, so one bad row never stalls the queue.
"""
from __future__ import annotations

import concurrent.futures
import logging
import os
import socket
import threading
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Callable

from sqlalchemy import or_, select, update

from ..db import Database
from ..models import device_event_log, idempotency
from ..models.alarms import Alarm, AlarmTimer
from . import care, checkins, escalation, timeline
from .telephony import CallResult, guarded_call

if TYPE_CHECKING:
    from .desk import AlarmDesk

log = logging.getLogger(__name__)
MAX_CLAIMS = 3
RETRY_FAILED_STEP_S = 5.0


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class EscalationWorker:
    def __init__(self, database: Database, desk: "AlarmDesk", name: str | None = None,
                 lines: int | None = None):
        self.database = database
        self.desk = desk
        self.name = name or worker_name()
        self.lines = lines or desk.settings.call_lines
        self.steps_run = 0
        self.on_step_done: Callable[[], None] | None = None  # the loop's wake-up
        self._last_sweep: datetime | None = None
        self._held: set[int] = set()  # timers claimed and running in this worker
        self._held_lock = threading.Lock()
        self._held_changed = threading.Condition(self._held_lock)
        self._steps: concurrent.futures.ThreadPoolExecutor | None = None
        # The adapter's calls run here, so a hung one costs a thread of this pool, never a
        # step's own (guarded_call gives up on it after call_timeout_s).
        self._calls = concurrent.futures.ThreadPoolExecutor(
            max_workers=self.lines, thread_name_prefix=f"line-{self.name[-6:]}")
        # The desk's other follow-ups (a renewal asked about at its internet hospital) run on a
        # thread of their own, one round at a time: a slow platform never delays an alarm step.
        self._follow_ups = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=f"follow-{self.name[-6:]}")
        self._follow_up_round: concurrent.futures.Future | None = None

    # -- timers -----------------------------------------------------------------------------
    def _claimable(self, now: datetime):  # noqa: ANN202 (a SQL condition)
        cutoff = now - timedelta(seconds=self.desk.settings.claim_lease_s)
        return (AlarmTimer.done_at.is_(None), AlarmTimer.due_at <= now,
                or_(AlarmTimer.claimed_by.is_(None), AlarmTimer.claimed_at < cutoff))

    def due(self, now: datetime, limit: int = 20) -> list[int]:
        with self.database.reading() as db:
            return list(db.scalars(
                select(AlarmTimer.id).where(*self._claimable(now))
                .order_by(AlarmTimer.due_at, AlarmTimer.id).limit(limit)))

    def claim(self, timer_id: int, now: datetime) -> bool:
        return self.claim_many(now, 1, timer_id) == [timer_id]

    def claim_many(self, now: datetime, limit: int, timer_id: int | None = None) -> list[int]:
        """Claim up to ``limit`` due steps, earliest first, in one statement. The outer
        conditions are checked again on the row a racing worker may have just claimed
        (PostgreSQL re-reads it; SQLite serialises writers), so a row is claimed once."""
        pick = select(AlarmTimer.id).where(*self._claimable(now))
        if timer_id is not None:
            pick = pick.where(AlarmTimer.id == timer_id)
        pick = pick.order_by(AlarmTimer.due_at, AlarmTimer.id).limit(limit) \
            .with_for_update(skip_locked=True)
        with self.database.writing() as db:
            claimed = list(db.scalars(
                update(AlarmTimer)
                .where(AlarmTimer.id.in_(pick.scalar_subquery()), *self._claimable(now))
                .values(claimed_by=self.name, claimed_at=now, claims=AlarmTimer.claims + 1)
                .returning(AlarmTimer.id)
                .execution_options(synchronize_session=False)))
            if claimed:  # another worker may have taken them: then nothing to make durable
                db.commit()
        return sorted(claimed)

    def heartbeat(self) -> int:
        """Renew the claims of the steps this worker is running (their calls may ring for
        minutes); returns how many. A claim another worker took over is left alone."""
        with self._held_lock:
            held = sorted(self._held)
        if not held:
            return 0
        with self.database.writing() as db:
            renewed = db.execute(
                update(AlarmTimer)
                .where(AlarmTimer.id.in_(held), AlarmTimer.claimed_by == self.name,
                       AlarmTimer.done_at.is_(None))
                .values(claimed_at=self.desk.now())
                .execution_options(synchronize_session=False)).rowcount or 0
            db.commit()
        return renewed

    @property
    def running(self) -> int:
        with self._held_lock:
            return len(self._held)

    def dispatch(self) -> int:
        """Claim due steps for the free lines and start each on a thread of its own;
        returns how many started. Does not wait for them (:meth:`wait_idle` does)."""
        free = self.lines - self.running
        if free <= 0:
            return 0
        now = self.desk.now()
        # Looking is a read: an idle worker takes no writer lock and waits for no disk
        # (it claimed with a write, a commit and, on SQLite, an fsync 4 times a second).
        if not self.due(now, limit=1):
            return 0
        claimed = self.claim_many(now, free)
        if claimed and self._steps is None:
            self._steps = concurrent.futures.ThreadPoolExecutor(
                max_workers=self.lines, thread_name_prefix=f"step-{self.name[-6:]}")
        for timer_id in claimed:
            self._hold(timer_id)
            assert self._steps is not None
            self._steps.submit(self._run_held, timer_id)
        return len(claimed)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no step of this worker is running (tests, a graceful stop)."""
        with self._held_changed:
            return self._held_changed.wait_for(lambda: not self._held, timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Stop taking steps; let running ones finish for up to ``timeout`` (an unfinished
        one is taken over by another worker when its lease runs out)."""
        self.wait_idle(timeout)
        if self._steps is not None:
            self._steps.shutdown(wait=False, cancel_futures=True)
        self._calls.shutdown(wait=False, cancel_futures=True)
        self._follow_ups.shutdown(wait=False, cancel_futures=True)

    def _hold(self, timer_id: int) -> None:
        with self._held_lock:
            self._held.add(timer_id)

    def _run_held(self, timer_id: int) -> bool:
        try:
            return self._run_claimed(timer_id)
        except Exception:
            log.exception("escalation step %s failed", timer_id)
            self._step_failed(timer_id)
            return False
        finally:
            with self._held_changed:
                self._held.discard(timer_id)
                self._held_changed.notify_all()
            if self.on_step_done is not None:
                self.on_step_done()

    def run_timer(self, timer_id: int) -> bool:
        """Claim and run one timer in this thread; False if another worker has it or it was
        retired."""
        with self._held_lock:
            if timer_id in self._held:
                return False
        if not self.claim(timer_id, self.desk.now()):
            return False
        self._hold(timer_id)
        return self._run_held(timer_id)

    def _run_claimed(self, timer_id: int) -> bool:
        with self.database.reading() as db:
            timer = db.get(AlarmTimer, timer_id)
            assert timer is not None
            planned = escalation.plan(db, db.get(Alarm, timer.alarm_id), timer)
        result: CallResult | None = None
        if planned is not None and planned.calls:
            result = guarded_call(self.desk.telephony, planned.number, planned.purpose,
                                  self.desk.settings.call_timeout_s, self._calls,
                                  self.desk.now())
        with self.database.writing() as db:
            now = self.desk.now()
            timer = db.get(AlarmTimer, timer_id, with_for_update=True)
            assert timer is not None
            if timer.claimed_by != self.name or timer.done_at is not None:
                if timer.done_at is not None and result is not None and planned is not None:
                    # Retired while the phone rang (我没事, responders arrived): keep the record.
                    alarm = self.desk.get(db, timer.alarm_id, lock=True)
                    escalation.apply(db, self.desk, alarm, timer, planned, result, now)
                    db.commit()
                else:
                    log.warning("timer %s: lease lost to %s", timer_id, timer.claimed_by)
                return False
            timer.done_at = now
            if planned is None:
                timer.cancelled = True  # stale: the alarm had moved on before we called
            else:
                alarm = self.desk.get(db, timer.alarm_id, lock=True)
                escalation.apply(db, self.desk, alarm, timer, planned, result, now)
            db.commit()
        self.steps_run += 1
        return True

    def _step_failed(self, timer_id: int) -> None:
        with self.database.writing() as db:
            now = self.desk.now()
            timer = db.get(AlarmTimer, timer_id, with_for_update=True)
            if timer is None or timer.done_at is not None or timer.claimed_by != self.name:
                return
            if timer.claims < MAX_CLAIMS:
                timer.claimed_by, timer.claimed_at = None, None
                timer.due_at = now + timedelta(seconds=RETRY_FAILED_STEP_S)
            else:
                timer.done_at = now
                alarm = db.get(Alarm, timer.alarm_id)
                if alarm is not None:
                    timeline.event(alarm, "step_failed", escalation.SYSTEM, now,
                                   f"系统{MAX_CLAIMS}次未能完成“{timer.step}”，请话务员人工跟进",
                                   step=timer.step)
                    timeline.publish(db, alarm, now, None)
            db.commit()

    def run_once(self) -> bool:
        """Run the earliest due timer (tests step through an escalation with this)."""
        for timer_id in self.due(self.desk.now()):
            if self.run_timer(timer_id):
                return True
        return False

    def run_due(self, max_steps: int = 10_000) -> int:
        """Run everything due now, including steps that become due at once."""
        ran = 0
        while ran < max_steps:
            ids = self.due(self.desk.now())
            progressed = False
            for timer_id in ids:
                if self.run_timer(timer_id):
                    ran += 1
                    progressed = True
            if not progressed:
                break
        return ran

    # -- sweeps -----------------------------------------------------------------------------
    def sweep(self) -> list[str]:
        """Missed check-ins of today, this week's care calls, the event log's tail, old
        idempotency records, then the desk's other follow-ups (idempotent). What is due is
        read first; it is written a batch of elders a transaction (``Database.in_batches``):
        at 10:00 a district's missed check-ins would otherwise hold every writer — an SOS
        too — for as long as thousands of rows take."""
        now = self.desk.now()
        settings = self.desk.settings
        with self.database.reading() as db:
            missing_checkins = checkins.missed_today(db, now, settings)
            missing_calls = care.care_calls_missing(db, now)
        missed = [elder for batch in self.database.in_batches(
            missing_checkins, lambda db, ids: checkins.sweep(db, now, settings,
                                                             self.desk.raise_silent, ids))
                  for elder in batch]
        self.database.in_batches(
            missing_calls, lambda db, ids: care.schedule_care_calls(db, now, settings, ids))
        with self.database.writing() as db:
            pruned = device_event_log.prune(db, now - timedelta(days=settings.events_keep_days))
            pruned += idempotency.prune(db, now - timedelta(days=settings.idempotency_keep_days))
            if pruned:  # nothing gone: nothing to commit, nor to sync
                db.commit()
        if self.desk.sweeps and (self._follow_up_round is None or self._follow_up_round.done()):
            self._follow_up_round = self._follow_ups.submit(self._run_follow_ups)
        self._last_sweep = now
        return missed

    def _run_follow_ups(self) -> None:
        for follow_up in self.desk.sweeps:
            try:
                follow_up()
            except Exception:
                log.exception("follow-up %s failed", getattr(follow_up, "__name__", follow_up))

    def wait_follow_ups(self, timeout: float | None = None) -> None:
        """Wait for the round of follow-ups the last sweep started (tests)."""
        if self._follow_up_round is not None:
            self._follow_up_round.result(timeout)

    def tick(self) -> int:
        """One turn of a running worker: the sweeps when they are due, then as many due
        steps as there are free lines (started, not awaited); returns how many started."""
        now = self.desk.now()
        every = timedelta(seconds=self.desk.settings.sweep_every_s)
        if self._last_sweep is None or now - self._last_sweep >= every:
            try:
                self.sweep()
            except Exception:
                log.exception("care sweep failed")
        return self.dispatch()
