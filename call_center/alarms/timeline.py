"""The small verbs every alarm change is made of: record an event, publish to the devices,
schedule or cancel a timer. Both the request side (``desk``) and the worker (``escalation``)
use them inside the caller's transaction, so a change and its record commit together."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Iterable

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..models import device_event_log
from ..models.alarms import Alarm, AlarmEvent, AlarmTimer
from .present import alarm_summary
from .words import elder_words

ESCALATION_STEPS = ("ack_overdue", "callback", "contact", "police", "keep_calling")


def event(alarm: Alarm, kind: str, actor: str, at: datetime, note: str = "",
          **data: Any) -> AlarmEvent:
    row = AlarmEvent(alarm_id=alarm.id, seq=len(alarm.events) + 1, kind=kind, at=at, actor=actor,
                     note=note,
                     data={k: v for k, v in data.items() if v is not None})
    alarm.events.append(row)
    alarm.updated_at = at
    return row


def move(alarm: Alarm, status: str, at: datetime, phase: str = "") -> None:
    alarm.status = status
    alarm.phase = phase
    alarm.updated_at = at


def publish(db: Session, alarm: Alarm, at: datetime, message: str | None = None) -> None:
    """Tell the household's devices (and the device that raised it) the alarm's new state."""
    device_event_log.append(db, **published(alarm, at, message))


def published(alarm: Alarm, at: datetime, message: str | None = None) -> dict[str, Any]:
    """The device event :func:`publish` appends."""
    return dict(at=at, audience="household", household_id=alarm.household_id,
                device_id=alarm.raised_device_id, elder_id=alarm.elder_id, kind="alarm",
                ref_id=alarm.id, data={"alarm": alarm_summary(alarm),
                                       "speech": message or elder_words(alarm)})


def schedule(db: Session, alarm: Alarm, step: str, due: datetime, now: datetime,
             **args: Any) -> AlarmTimer:
    """Add a timer; one due at once wakes the worker at commit."""
    timer = new_timer(alarm, step, due, now, **args)
    if due <= now:
        device_event_log.timer_due_now(db)
    db.add(timer)
    return timer


def new_timer(alarm: Alarm, step: str, due: datetime, now: datetime, **args: Any) -> AlarmTimer:
    """A timer row not yet in any session (whoever inserts it wakes the worker if it is due
    at once: :func:`device_event_log.timer_due_now`)."""
    return AlarmTimer(alarm_id=alarm.id, step=step, args=args, due_at=due, created_at=now)


def after(now: datetime, seconds: float) -> datetime:
    return now + timedelta(seconds=seconds)


def cancel_timers(db: Session, alarm_id: str, now: datetime,
                  steps: Iterable[str] = ESCALATION_STEPS) -> int:
    """Retire pending timers: a worker holding one will find it done and change nothing."""
    result = db.execute(
        update(AlarmTimer)
        .where(AlarmTimer.alarm_id == alarm_id, AlarmTimer.done_at.is_(None),
               AlarmTimer.step.in_(tuple(steps)))
        .values(done_at=now, cancelled=True))
    return result.rowcount or 0
