"""Who is visited and how often.

The rule (seed 001 §三(一)1: 优先保障基本养老服务对象和80周岁及以上高龄独居老年人): an elder of 80 or
over living alone, or one of a hardship family (低保、低收入、特困: ``economic_hardship``), is
visited. The seed gives no frequency; ours: once a month, twice when she is both (80+ alone
*and* in hardship: the one the seed names twice). An agent may set any elder on or off, 1, 2 or
4 visits a month, and who visits (a volunteer or a member of the provider's staff); that row
wins over the rule from then on.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from ..errors import ApiError
from ..models import Agent, Elder, Volunteer
from ..models.patrols import VisitPlan
from ..clock import age_on

MIN_AGE = 80  # seed 001 §三(一)1: 80周岁及以上高龄独居老年人
PER_MONTH = (1, 2, 4)
VISITOR_KINDS = ("volunteer", "staff")
PROVIDER_STAFF = "服务商"  # the provider's own staff, as the supervision names them


@dataclass(frozen=True)
class Plan:
    enrolled: bool
    per_month: int
    visitor_kind: str | None
    visitor_id: str | None
    by_rule: bool  # no agent has set it: the rule decided
    reason: str  # why, in an agent's words


def by_rule(elder: Elder, day: date) -> Plan:
    old_alone = bool(elder.living_alone) and age_on(elder.birth_date, day) >= MIN_AGE
    hardship = bool(elder.economic_hardship)
    reasons = [*(["80岁以上独居"] if old_alone else []), *(["基本养老服务对象"] if hardship else [])]
    per_month = 2 if old_alone and hardship else 1
    return Plan(bool(reasons), per_month, None, None, True, "、".join(reasons) or "不在巡视范围")


NO_ROW = object()  # plan_of: look the row up


def plan_of(db: Session, elder: Elder, day: date, row: "VisitPlan | None | object" = NO_ROW) -> Plan:
    """Her plan: an agent's row when there is one (``row`` when the caller read it already),
    else the rule."""
    if row is NO_ROW:
        row = db.get(VisitPlan, elder.id)
    if not isinstance(row, VisitPlan):
        return by_rule(elder, day)
    return Plan(row.enabled, row.per_month, row.visitor_kind, row.visitor_id, False, "话务员设定")


def set_plan(db: Session, elder: Elder, *, enabled: bool, per_month: int, visitor_kind: str | None,
             visitor_id: str | None, actor: str, now: datetime) -> VisitPlan:
    """An agent's plan for her; a visitor named must exist and be active."""
    if per_month not in PER_MONTH:
        raise ApiError("validation_error", "每月巡视次数只能是1、2或4次。")
    if (visitor_kind is None) != (visitor_id is None) or (visitor_kind and visitor_kind not in VISITOR_KINDS):
        raise ApiError("validation_error", "请选择探访人员：志愿者或服务商工作人员。")
    if visitor_kind:
        visitor(db, visitor_kind, visitor_id)  # raises when unknown
    row = db.get(VisitPlan, elder.id)
    if row is None:
        row = VisitPlan(elder_id=elder.id)
        db.add(row)
    row.enabled, row.per_month = enabled, per_month
    row.visitor_kind, row.visitor_id = visitor_kind, visitor_id
    row.updated_by, row.updated_at = actor, now
    db.flush()
    return row


@dataclass(frozen=True)
class Visitor:
    kind: str
    id: str
    name: str
    phone: str
    provider: str  # the volunteer's station, or the provider (服务商) for its staff


def visitor(db: Session, kind: str | None, visitor_id: str | None) -> Visitor | None:
    if not kind or not visitor_id:
        return None
    if kind == "volunteer":
        v = db.get(Volunteer, visitor_id)
        if v is None or not v.active:
            raise ApiError("not_found", "没有找到这位志愿者。")
        return Visitor(kind, v.id, _plain_name(v.name), v.phone or "", v.station)
    a = db.get(Agent, visitor_id)
    if a is None or not a.active or a.kind != "agent":
        raise ApiError("not_found", "没有找到这位工作人员。")
    return Visitor(kind, a.id, a.name, a.phone or "", PROVIDER_STAFF)


def _plain_name(name: str) -> str:
    """A volunteer's name as the elder is told it: the accounts carry their role in front
    (志愿者 张建华), which the sentence says itself (志愿者张建华上门看望您)."""
    return name.removeprefix("志愿者").strip()


def visitor_or_none(db: Session, kind: str | None, visitor_id: str | None) -> Visitor | None:
    """The plan's visitor, or None when unset or gone (a visit then waits to be assigned)."""
    try:
        return visitor(db, kind, visitor_id)
    except ApiError:
        return None


def clear_plan(db: Session, elder: Elder) -> None:
    """Back to the rule: the agent's row goes."""
    row = db.get(VisitPlan, elder.id)
    if row is not None:
        db.delete(row)
        db.flush()


def visitors(db: Session) -> list[Visitor]:
    """Everyone who may be sent: active volunteers (by station) and the centre's staff."""
    from sqlalchemy import select

    out = [Visitor("volunteer", v.id, _plain_name(v.name), v.phone or "", v.station)
           for v in db.scalars(select(Volunteer).where(Volunteer.active.is_(True))
                               .order_by(Volunteer.station, Volunteer.name))]
    out += [Visitor("staff", a.id, a.name, a.phone or "", PROVIDER_STAFF)
            for a in db.scalars(select(Agent).where(Agent.active.is_(True), Agent.kind == "agent")
                                .order_by(Agent.name))]
    return out
