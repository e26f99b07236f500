"""The escalation worker: claims due timers and runs the next step; sweeps check-ins and
schedules care calls.

Where it runs — a thread beside the API or a process of its own — is ``hosting``'s business;
tests drive it by hand with a fake clock (:meth:`run_once`, :meth:`run_due`, :meth:`sweep`)
and never sleep.

Exactly once, with any number of workers and crashes:

1. claim: ``UPDATE alarm_timers SET claimed_by=me … WHERE id=? AND done_at IS NULL AND
   (claimed_by IS NULL OR claimed_at < now - lease)`` — rowcount 1 means it is ours;
2. place the call with no transaction open (a ringing phone must not hold the write lock);
3. in one transaction: check the timer is still ours and not retired, record the call,
   advance the alarm, schedule the next timers, mark this one done.

A worker that dies between 1 and 3 leaves a claim that expires after ``claim_lease_s``; the
step then runs again from the start (the call may be placed twice — a second ring is the
safe side of a lost step). A step that keeps failing is given up after ``MAX_CLAIMS`` and
handed to the agents, so one bad row never stalls the queue.
"""
from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

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
    def __init__(self, database: Database, desk: "AlarmDesk", name: str | None = None):
        self.database = database
        self.desk = desk
        self.name = name or worker_name()
        self.steps_run = 0
        self._last_sweep: datetime | None = None

    # -- timers -----------------------------------------------------------------------------
    def due(self, now: datetime, limit: int = 20) -> list[int]:
        cutoff = now - timedelta(seconds=self.desk.settings.claim_lease_s)
        with self.database.reading() as db:
            return list(db.scalars(
                select(AlarmTimer.id)
                .where(AlarmTimer.done_at.is_(None), AlarmTimer.due_at <= now,
                       or_(AlarmTimer.claimed_by.is_(None), AlarmTimer.claimed_at < cutoff))
                .order_by(AlarmTimer.due_at, AlarmTimer.id).limit(limit)))

    def claim(self, timer_id: int, now: datetime) -> bool:
        cutoff = now - timedelta(seconds=self.desk.settings.claim_lease_s)
        with self.database.writing() as db:
            result = db.execute(
                update(AlarmTimer)
                .where(AlarmTimer.id == timer_id, AlarmTimer.done_at.is_(None),
                       AlarmTimer.due_at <= now,
                       or_(AlarmTimer.claimed_by.is_(None), AlarmTimer.claimed_at < cutoff))
                .values(claimed_by=self.name, claimed_at=now, claims=AlarmTimer.claims + 1)
                .execution_options(synchronize_session=False))
            db.commit()
            return result.rowcount == 1

    def run_timer(self, timer_id: int) -> bool:
        """Claim and run one timer; False if another worker has it or it was retired."""
        if not self.claim(timer_id, self.desk.now()):
            return False
        try:
            return self._run_claimed(timer_id)
        except Exception:
            log.exception("escalation step %s failed", timer_id)
            self._step_failed(timer_id)
            return False

    def _run_claimed(self, timer_id: int) -> bool:
        with self.database.reading() as db:
            timer = db.get(AlarmTimer, timer_id)
            assert timer is not None
            planned = escalation.plan(db, db.get(Alarm, timer.alarm_id), timer)
        result: CallResult | None = None
        if planned is not None and planned.calls:
            result = guarded_call(self.desk.telephony, planned.number, planned.purpose,
                                  self.desk.settings.call_timeout_s)
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
        idempotency records (idempotent)."""
        with self.database.writing() as db:
            now = self.desk.now()
            missed = checkins.sweep(db, now, self.desk.settings, self.desk.raise_silent)
            care.schedule_care_calls(db, now, self.desk.settings)
            device_event_log.prune(db, now - timedelta(days=self.desk.settings.events_keep_days))
            idempotency.prune(db, now - timedelta(days=self.desk.settings.idempotency_keep_days))
            db.commit()
        self._last_sweep = now
        return missed

    def tick(self) -> int:
        """One turn of a running worker: the sweeps when they are due, then every due step."""
        now = self.desk.now()
        every = timedelta(seconds=self.desk.settings.sweep_every_s)
        if self._last_sweep is None or now - self._last_sweep >= every:
            try:
                self.sweep()
            except Exception:
                log.exception("care sweep failed")
        return self.run_due()
