"""The daily safety check-in (每日报平安, 主动关爱 in seed 002 §二).

The TV asks "今天身体好吗？按确定键报平安" until the elder presses OK; the window closes at the
elder's ``checkin_by`` (10:00 by default). A missed day opens a care task for an agent (a
call); ``checkin_escalate_after`` missed days in a row open an alarm that starts in the
silent branch, exactly as an unanswered alarm would (seed 000 §三(一)3 情况二).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..clock import at as local_at, local
from ..models import Elder, device_event_log
from ..models.care import CareProfile, Checkin
from . import care
from .words import CHECKIN_DONE, CHECKIN_MISSED, CHECKIN_PROMPT, CHECKIN_THANKS

if TYPE_CHECKING:
    from .settings import AlarmSettings

SYSTEM = "system:checkin"

# (session, elder, actor, note): opens an alarm in the silent branch (AlarmDesk.raise_silent).
RaiseSilent = Callable[[Session, Elder, str, str], object]


@dataclass
class CheckinState:
    elder_id: str
    date: date
    enrolled: bool
    status: str  # due | done | missed | not_enrolled
    deadline: time
    checked_in_at: datetime | None
    late: bool
    prompt: str
    speech: str


def state(db: Session, elder: Elder, now: datetime, settings: "AlarmSettings") -> CheckinState:
    day = local(now).date()
    row = db.get(CareProfile, elder.id)
    deadline = care.checkin_by(row, settings)
    today = db.scalar(select(Checkin).where(Checkin.elder_id == elder.id, Checkin.day == day))
    if not care.enrolled(elder, row, settings, day) and today is None:
        return CheckinState(elder.id, day, False, "not_enrolled", deadline, None, False, "", "")
    if today is not None and today.status == "ok":
        return CheckinState(elder.id, day, True, "done", deadline, today.at, today.late,
                            CHECKIN_DONE, CHECKIN_DONE)
    if today is not None or local(now) >= local_at(day, deadline.hour, deadline.minute):
        return CheckinState(elder.id, day, True, "missed", deadline, None, False,
                            CHECKIN_PROMPT, CHECKIN_MISSED)
    return CheckinState(elder.id, day, True, "due", deadline, None, False, CHECKIN_PROMPT,
                        CHECKIN_PROMPT)


def record(db: Session, elder: Elder, actor: str, now: datetime,
           settings: "AlarmSettings") -> tuple[CheckinState, bool]:
    """报平安 for today (once; a second press answers "already done"). A late check-in still
    counts, and closes the agent's call task for the day."""
    day = local(now).date()
    row = db.scalar(select(Checkin).where(Checkin.elder_id == elder.id, Checkin.day == day))
    if row is not None and row.status == "ok":
        return state(db, elder, now, settings), False
    if row is None:
        deadline = care.checkin_by(db.get(CareProfile, elder.id), settings)
        late = local(now) >= local_at(day, deadline.hour, deadline.minute)
        row = Checkin(elder_id=elder.id, day=day, status="ok", at=now, by=actor, late=late)
        try:
            with db.begin_nested():
                db.add(row)
                db.flush()
        except IntegrityError:  # the sweep marked it missed meanwhile
            row = db.scalar(select(Checkin).where(Checkin.elder_id == elder.id,
                                                  Checkin.day == day))
            assert row is not None
    if row.status == "missed":
        row.status, row.at, row.by, row.late = "ok", now, actor, True
        care.close_checkin_task(db, elder.id, day, actor, now)
    db.flush()
    device_event_log.append(db, at=now, audience="household", household_id=elder.household_id,
                            elder_id=elder.id, kind="checkin", ref_id=elder.id,
                            data={"checkin": {"date": day.isoformat(), "status": "done"},
                                  "speech": CHECKIN_THANKS})
    return state(db, elder, now, settings), True


def consecutive_misses(db: Session, elder_id: str, day: date) -> int:
    rows = dict(db.execute(select(Checkin.day, Checkin.status).where(
        Checkin.elder_id == elder_id, Checkin.day <= day,
        Checkin.day > day - timedelta(days=31))).all())
    count = 0
    while rows.get(day - timedelta(days=count)) == "missed":
        count += 1
    return count


def missed_today(db: Session, now: datetime, settings: "AlarmSettings") -> list[str]:
    """The elders whose check-in of today is missed and not yet marked (reads only: the
    worker's sweep writes them in batches, :meth:`Database.in_batches`)."""
    day = local(now).date()
    profiles = {p.elder_id: p for p in db.scalars(select(CareProfile))}
    done = set(db.scalars(select(Checkin.elder_id).where(Checkin.day == day)))
    candidates = db.scalars(select(Elder).where(
        (Elder.living_alone.is_(True)) | (Elder.id.in_(select(CareProfile.elder_id)))))
    out = []
    for elder in candidates:
        row = profiles.get(elder.id)
        if elder.id in done or not care.enrolled(elder, row, settings, day):
            continue
        deadline = care.checkin_by(row, settings)
        if local(now) >= local_at(day, deadline.hour, deadline.minute):
            out.append(elder.id)
    return out


def sweep(db: Session, now: datetime, settings: "AlarmSettings",
          raise_silent: RaiseSilent, only: list[str] | None = None) -> list[str]:
    """Mark today's missed check-ins — of ``only`` (a batch of :func:`missed_today`) when
    given (idempotent; safe on two workers: one checked in meanwhile is skipped by the
    unique day); ``raise_silent`` opens the alarm after ``checkin_escalate_after`` missed
    days. Returns elder ids."""
    day = local(now).date()
    ids = missed_today(db, now, settings) if only is None else only
    missed: list[str] = []
    deadlines = {p.elder_id: care.checkin_by(p, settings) for p in db.scalars(
        select(CareProfile).where(CareProfile.elder_id.in_(ids)))}
    for elder in db.scalars(select(Elder).where(Elder.id.in_(ids)).order_by(Elder.id)):
        deadline = deadlines.get(elder.id, settings.checkin_by)
        try:
            with db.begin_nested():
                db.add(Checkin(elder_id=elder.id, day=day, status="missed", at=now, by=SYSTEM))
                db.flush()
        except IntegrityError:
            continue
        missed.append(elder.id)
        care.create_task(db, f"checkin_missed:{elder.id}:{day.isoformat()}", elder.id,
                         "checkin_missed", f"{day.month}月{day.day}日没有报平安",
                         f"{deadline:%H:%M}前没有报平安，请打电话问候。", now, now, SYSTEM)
        run = consecutive_misses(db, elder.id, day)
        if run >= settings.checkin_escalate_after:
            raise_silent(db, elder, SYSTEM, f"连续{run}天没有报平安")
    return missed
