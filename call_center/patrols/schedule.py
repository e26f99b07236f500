"""The visits due, made by a sweep the escalation worker runs among its follow-ups
(``desk.sweeps``, as 政策找人's), made as package A's care calls are: every visit has a unique ``key``
(``visit:<elder>:<first day of its period>``), so sweeps on two workers, or one run twice, make
it once (the unique index decides a race; the loser's insert is rolled back to its savepoint).

A month is cut into the plan's periods (1, 2 or 4 a month); the visit of a period is planned on a
weekday spread by elder (as the care calls are: a visitor's days are even), never before the day
it is made; it is due by the period's last day. The sweep makes this period's visit and the next
one's, so the elder and her family always know the next. The evening before (19:00, the
reminders' hour) the elder gets a message saying when and who; an agent changing the visitor
withdraws it and sends a new one. A visit not recorded by the end of its period is overdue and
stands in the console's queue until someone records it (:func:`overdue`).
"""
from __future__ import annotations

import calendar
import hashlib
from datetime import date, datetime, timedelta
from typing import Any, Callable

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..clock import at as local_at, local, now as clock_now
from ..db import Database
from .. import message_words as mw
from ..fulfilment.notices import EVENING_HOUR
from ..models import Elder, Message
from ..models.patrols import PatrolVisit, VisitPlan
from ..models.periodic_runs import claim_turn
from . import plans

OVERDUE_KIND = "visit_overdue"


def N_(text: str) -> str:
    """Marks a fixed text the elder sees for the channels' catalogs (``onekey i18n extract``), as
    call_center/alarms/words.py does (not imported: the alarm package runs this sweep)."""
    return text


# The title is fixed, so a channel in another language shows its translation; the body names
# the day and the visitor and stays as written (shared_ui FlowEngine.from_centre).
MESSAGE_TITLE = N_("上门看望提醒")
STAFF_WORDS = N_("服务商工作人员")
VOLUNTEER_WORD = N_("志愿者")
SWEEP_EVERY_S = 3600.0  # the next visits are days away (a plan an agent sets is scheduled at once)


def periods(month_day: date, per_month: int) -> list[tuple[date, date]]:
    """The month of ``month_day`` cut into ``per_month`` periods (first day, last day)."""
    first = month_day.replace(day=1)
    last_day = calendar.monthrange(first.year, first.month)[1]
    starts = {1: (1,), 2: (1, 16), 4: (1, 8, 15, 22)}[per_month]
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else last_day
        out.append((first.replace(day=start), first.replace(day=end)))
    return out


def period_of(day: date, per_month: int) -> tuple[date, date]:
    return next(p for p in periods(day, per_month) if p[0] <= day <= p[1])


def next_period(period: tuple[date, date], per_month: int) -> tuple[date, date]:
    return period_of(period[1] + timedelta(days=1), per_month)


def planned_day(elder_id: str, period: tuple[date, date], today: date) -> date:
    """A weekday of the period (Mon–Sat), picked by elder so a visitor's days spread; never
    before ``today`` (a plan set mid-period), and at the latest the period's last day."""
    days = [period[0] + timedelta(days=n) for n in range((period[1] - period[0]).days + 1)]
    weekdays = [d for d in days if d.weekday() < 6] or days
    digest = int(hashlib.sha256(elder_id.encode()).hexdigest(), 16)
    day = weekdays[digest % len(weekdays)]
    return min(max(day, today), period[1])


def _may_be_on_a_plan() -> Any:
    """By rule, the facts the rule needs (alone or hardship), found in SQL; plus everyone an
    agent set a plan for. Age is checked per elder."""
    return or_(Elder.living_alone.is_(True), Elder.economic_hardship.is_(True),
               Elder.id.in_(select(VisitPlan.elder_id)))


def candidates(db: Session) -> list[str]:
    """The ids of the elders who may be on a plan (the sweep's batches are cut from them)."""
    return list(db.scalars(select(Elder.id).where(_may_be_on_a_plan()).order_by(Elder.id)))


def schedule(db: Session, now: datetime, only: list[str] | None = None) -> int:
    """This period's and the next period's visit for every elder on a plan (of ``only``, a
    batch of :func:`candidates`, when given); returns how many were made."""
    today = local(now).date()
    mine = Elder.id.in_(only) if only is not None else _may_be_on_a_plan()
    elders = db.scalars(select(Elder).where(mine).order_by(Elder.id))
    # Read once a batch, not per elder: the keys of visits not yet past, and the agents' plans.
    visits = select(PatrolVisit.key).where(PatrolVisit.due_by >= today)
    plans_set = select(VisitPlan)
    if only is not None:
        visits = visits.where(PatrolVisit.elder_id.in_(only))
        plans_set = plans_set.where(VisitPlan.elder_id.in_(only))
    existing = set(db.scalars(visits))
    rows = {row.elder_id: row for row in db.scalars(plans_set)}
    made = 0
    for elder in elders:
        plan = plans.plan_of(db, elder, today, rows.get(elder.id, plans.NO_ROW))
        if not plan.enrolled:
            continue
        this = period_of(today, plan.per_month)
        for period in (this, next_period(this, plan.per_month)):
            if visit_key(elder.id, period) not in existing:
                made += make_visit(db, elder, plan, period, today, now) is not None
    return made


def visit_key(elder_id: str, period: tuple[date, date]) -> str:
    return f"visit:{elder_id}:{period[0].isoformat()}"


def make_visit(db: Session, elder: Elder, plan: plans.Plan, period: tuple[date, date], today: date,
               now: datetime) -> PatrolVisit | None:
    """The period's visit, or None when it exists (made once, ever)."""
    key = visit_key(elder.id, period)
    if db.scalar(select(PatrolVisit.id).where(PatrolVisit.key == key)) is not None:
        return None
    who = plans.visitor_or_none(db, plan.visitor_kind, plan.visitor_id)
    visit = PatrolVisit(key=key, elder_id=elder.id, street=elder.street,
                        planned_on=planned_day(elder.id, period, today), due_by=period[1],
                        status="planned", created_at=now, note="")
    assign(visit, who)
    try:
        with db.begin_nested():
            db.add(visit)
            db.flush()
    except IntegrityError:  # made meanwhile by another worker
        return None
    tell_elder(db, elder, visit, who, now)
    return visit


def assign(visit: PatrolVisit, who: plans.Visitor | None) -> None:
    visit.visitor_kind = who.kind if who else None
    visit.visitor_id = who.id if who else None
    visit.visitor_name = who.name if who else ""
    visit.provider = who.provider if who else plans.PROVIDER_STAFF


def visitor_words(who: plans.Visitor | None) -> dict:
    """志愿者李梅（电话13812345678）, 服务商工作人员陈刚…; the number whole: her TV and her family's
    phone show it so; a kiosk's screen masks every number in a message (the kit)."""
    if who is None:
        return mw.word(STAFF_WORDS)
    role = mw.word(VOLUNTEER_WORD if who.kind == "volunteer" else STAFF_WORDS)
    if who.phone:
        return mw.clause(mw.said(N_("{role}{name}（电话{phone}）"), role=role, name=mw.as_written(who.name),
                                 phone=mw.as_written(who.phone)))
    return mw.clause(mw.said(N_("{role}{name}"), role=role, name=mw.as_written(who.name)))


def tell_elder(db: Session, elder: Elder, visit: PatrolVisit, who: plans.Visitor | None,
               now: datetime) -> Message:
    """The evening before (or now, when that has passed): the day and who comes. The body says
    the day in full (never 明天), so it is still true when read a day late."""
    day = local_at(visit.planned_on, 9)
    due = max(local_at(visit.planned_on - timedelta(days=1), EVENING_HOUR), now)
    words = mw.said(N_("{address}，{day}，{visitor}上门看望您。来人会出示工作证，请核对后再开门。"),
                    address=mw.address(elder.name, elder.gender), day=mw.day(day),
                    visitor=visitor_words(who))
    msg = Message(elder_id=elder.id, kind="reminder", title=MESSAGE_TITLE, body=mw.chinese(words), words=words,
                  due_at=due, created_by="system:patrols", created_at=now)
    db.add(msg)
    db.flush()
    visit.message_id = msg.id
    return msg


def reassign(db: Session, visit: PatrolVisit, who: plans.Visitor | None, now: datetime) -> None:
    """A planned visit's new visitor: her earlier message is withdrawn, a new one says who."""
    if visit.status != "planned":
        return
    if visit.message_id:
        db.execute(update(Message).where(Message.id == visit.message_id,
                                         Message.withdrawn_at.is_(None)).values(withdrawn_at=now))
    assign(visit, who)
    elder = db.get(Elder, visit.elder_id)
    if elder is not None:
        tell_elder(db, elder, visit, who, now)


def follow_plan(db: Session, elder: Elder, now: datetime) -> int:
    """After an agent changed her plan: planned visits take the new visitor; a plan switched off
    cancels them (and withdraws their messages); a plan switched on has this period's and the
    next one's visit at once, not at the sweep's next turn. Returns how many changed or came."""
    today = local(now).date()
    plan = plans.plan_of(db, elder, today)
    who = plans.visitor_or_none(db, plan.visitor_kind, plan.visitor_id)
    changed = 0
    for visit in db.scalars(select(PatrolVisit).where(PatrolVisit.elder_id == elder.id,
                                                      PatrolVisit.status == "planned")):
        if not plan.enrolled:
            visit.status = "cancelled"
            if visit.message_id:
                db.execute(update(Message).where(Message.id == visit.message_id)
                           .values(withdrawn_at=now))
            changed += 1
        elif (visit.visitor_kind, visit.visitor_id) != (plan.visitor_kind, plan.visitor_id):
            reassign(db, visit, who, now)
            changed += 1
    if plan.enrolled:
        this = period_of(today, plan.per_month)
        for period in (this, next_period(this, plan.per_month)):
            changed += make_visit(db, elder, plan, period, today, now) is not None
    db.flush()
    return changed


def overdue(db: Session, today: date, limit: int = 100) -> list[PatrolVisit]:
    """Visits still planned after their period's last day, the longest overdue first: the
    console's queue shows them (call_center/console/queue.py) until someone records them."""
    return list(db.scalars(select(PatrolVisit).where(PatrolVisit.status == "planned",
                                                     PatrolVisit.due_by < today)
                           .order_by(PatrolVisit.due_by, PatrolVisit.id).limit(limit)))


def sweep_for(database: Database, clock: Callable[[], datetime] = clock_now,
              every_s: float = SWEEP_EVERY_S) -> Callable[[], int]:
    """The sweep as the escalation worker runs it among its follow-ups (as 政策找人's is: its own
    transactions, a batch of elders each, off the alarm steps' thread): every ``every_s`` seconds, the first at once, and
    by one worker of all the processes and nodes on the database each time
    (:func:`~call_center.models.periodic_runs.claim_turn`; the visits' unique keys make a turn
    run twice harmless anyway); ``clock`` is the alarm desk's (a fake one in tests)."""
    every = timedelta(seconds=every_s)
    last: list[datetime | None] = [None]

    def schedule_visits() -> int:
        moment = clock()
        if every_s <= 0 or (last[0] is not None and moment - last[0] < every):
            return 0
        last[0] = moment
        if not claim_turn(database, "patrol_visits", every, moment):
            return 0  # another worker's turn
        with database.reading() as db:
            ids = candidates(db)
        # A batch of elders a transaction (nothing new: nothing committed, nothing to sync).
        return sum(database.in_batches(ids, lambda db, batch: schedule(db, moment, batch)))
    return schedule_visits
