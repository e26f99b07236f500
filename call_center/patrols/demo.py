"""The demo's 巡视探访, so ``./onekey demo`` shows plans with a named visitor, a visit done and
the next ones on the console's 巡视探访 page, her page, the supervision, and the family's page:

- 王秀英 (86, living alone: visited by the rule) — an agent named her visitor, 志愿者 张建华 of
  the 仙霞 station; last period's visit found her well;
- 张桂兰 (79, with her husband: not by the rule) — her daughter asked, an agent set her on, twice
  a month, 志愿者 赵丽华 of the 田林 station; last period's visit found her so-so, her daughter cleaning twice a week.

Each has this period's visit planned for tomorrow and the next period's, each with its reminder
(the sweep's own :func:`schedule.follow_plan`, :func:`schedule.reassign`). Only the demo command
seeds it (the tests' demo data stays without it); seeding twice changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import at, local, now
from ..db import Database
from ..models import Agent, Elder, Volunteer
from ..models.patrols import PatrolVisit, VisitPlan
from . import plans, schedule

BY = "agent:demo"
TIANLIN_STATION = "田林街道智慧健康驿站"
TIANLIN_VOLUNTEER = ("志愿者 赵丽华", "2468", "13918830427")  # name, PIN, the number she is told


@dataclass(frozen=True)
class DemoPlan:
    elder_key: str
    per_month: int
    volunteer: str  # the volunteer's account name
    station: str
    health: str  # what last period's visit found (records.HEALTH, HOME, NEEDS)
    home: str
    needs: tuple[str, ...]
    note: str


PLANS = [
    DemoPlan("wang", 1, "志愿者 张建华", "仙霞新村街道智慧健康驿站", "good", "safe", (),
             "血压药按时吃，说最近睡得好。"),
    DemoPlan("zhang", 2, TIANLIN_VOLUNTEER[0], TIANLIN_STATION, "fair", "untidy", (),
             "膝盖有点疼，上下楼慢；女儿每周来两次，帮着打扫。"),
]


def seed_showcase(database: Database, elders: dict[str, str], moment: datetime | None = None) -> int:
    """The plans and visits; how many visits were made (0 when seeded already)."""
    from ..volunteers import add_volunteer

    moment = moment or now()
    today = local(moment).date()
    made = 0
    with database.writing() as db:
        if db.get(VisitPlan, elders["zhang"]) is not None:
            return 0
        if db.scalar(select(Volunteer.id).where(Volunteer.name == TIANLIN_VOLUNTEER[0])) is None:
            add_volunteer(db, TIANLIN_VOLUNTEER[0], TIANLIN_STATION, TIANLIN_VOLUNTEER[1], TIANLIN_VOLUNTEER[2])
        for p in PLANS:
            elder = db.get(Elder, elders[p.elder_key])
            volunteer = db.scalar(select(Volunteer).where(Volunteer.name == p.volunteer, Volunteer.station == p.station))
            assert elder is not None and volunteer is not None
            plans.set_plan(db, elder, enabled=True, per_month=p.per_month, visitor_kind="volunteer",
                           visitor_id=volunteer.id, actor=BY, now=moment)
            made += _last_visit(db, elder, p, volunteer, today)
            made += schedule.follow_plan(db, elder, moment)
            _soon(db, elder, volunteer, today, moment)
        db.commit()
    return made


def _last_visit(db: Session, elder: Elder, p: DemoPlan, volunteer: Volunteer, today: date) -> int:
    """Last period's visit, recorded by the demo's agent from the volunteer's call the afternoon
    she went (no reminder now: it is past)."""
    this = schedule.period_of(today, p.per_month)
    last = schedule.period_of(this[0] - timedelta(days=1), p.per_month)
    day = schedule.planned_day(elder.id, last, last[0])
    visited = at(day, 15, 10)
    who = plans.visitor(db, "volunteer", volunteer.id)
    visit = PatrolVisit(key=schedule.visit_key(elder.id, last), elder_id=elder.id, street=elder.street,
                        planned_on=day, due_by=last[1], status="visited", visited_at=visited, health=p.health,
                        home=p.home, needs=list(p.needs), note=p.note, recorded_by=_demo_agent(db),
                        recorded_at=visited + timedelta(minutes=30), created_at=at(last[0], 2))
    schedule.assign(visit, who)
    db.add(visit)
    db.flush()
    return 1


def _demo_agent(db: Session) -> str:
    agent = db.scalar(select(Agent.id).where(Agent.kind == "agent", Agent.name == "话务员 李敏"))
    return f"agent:{agent}" if agent else BY


def _soon(db: Session, elder: Elder, volunteer: Volunteer, today: date, moment: datetime) -> None:
    """This period's visit tomorrow (the period's last day at the latest), so the console's
    week shows it and her TV has tonight's reminder: the visitor said when she would come."""
    visit = db.scalar(select(PatrolVisit).where(PatrolVisit.elder_id == elder.id, PatrolVisit.status == "planned")
                      .order_by(PatrolVisit.planned_on))
    if visit is None:
        return
    visit.planned_on = min(today + timedelta(days=1), visit.due_by)
    schedule.reassign(db, visit, plans.visitor(db, "volunteer", volunteer.id), moment)
