"""Visits and plans as the API and the console show them."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Elder
from ..models.patrols import PatrolVisit
from ..schemas.patrols import VisitorOut, VisitOut, VisitPlanOut
from . import plans, records


def visit(v: PatrolVisit, today: date, with_note: bool = True) -> VisitOut:
    return VisitOut(
        id=v.id, elder_id=v.elder_id, planned_on=v.planned_on, due_by=v.due_by, status=v.status,
        status_word=records.STATUS_WORDS.get(v.status, v.status),
        overdue=v.status == "planned" and v.due_by < today, visitor_kind=v.visitor_kind,
        visitor_name=v.visitor_name, provider=v.provider, visited_at=v.visited_at, health=v.health,
        home=v.home, needs=list(v.needs or []),
        summary=records.summary(v) if v.status in ("visited", "not_home") else "",
        note=v.note if with_note else "")


def plan(db: Session, elder: Elder, today: date) -> VisitPlanOut:
    p = plans.plan_of(db, elder, today)
    who = plans.visitor_or_none(db, p.visitor_kind, p.visitor_id)
    return VisitPlanOut(elder_id=elder.id, enrolled=p.enrolled, per_month=p.per_month, by_rule=p.by_rule,
                        reason=p.reason, visitor=VisitorOut(kind=who.kind, id=who.id, name=who.name,
                                                            provider=who.provider, phone=who.phone)
                        if who else None)


RECENT_DAYS = 90
RECENT_AT_MOST = 5


def for_family(db: Session, elder: Elder, today: date) -> dict:
    """What her family's phone shows (their own screen: the visitor's number whole): the next
    visit and who comes, and the visits recorded lately — never the visitor's note, which is
    written for the agents."""
    nxt = db.scalar(select(PatrolVisit).where(
        PatrolVisit.elder_id == elder.id, PatrolVisit.status == "planned", PatrolVisit.due_by >= today)
        .order_by(PatrolVisit.planned_on, PatrolVisit.id).limit(1))
    recent = db.scalars(select(PatrolVisit).where(
        PatrolVisit.elder_id == elder.id, PatrolVisit.status.in_(("visited", "not_home")),
        PatrolVisit.planned_on >= today - timedelta(days=RECENT_DAYS))
        .order_by(PatrolVisit.visited_at.desc(), PatrolVisit.id).limit(RECENT_AT_MOST))
    out: dict = {"next": None, "recent": [visit(v, today, with_note=False).model_dump(mode="json")
                                          for v in recent]}
    if nxt is not None:
        who = plans.visitor_or_none(db, nxt.visitor_kind, nxt.visitor_id)
        out["next"] = {**visit(nxt, today, with_note=False).model_dump(mode="json"),
                       "visitor_phone": who.phone if who else ""}
    if out["next"] is None and not out["recent"]:
        return {}
    return out
