"""Patrol visits (巡视探访, seed 001 §三(一)2): an elder's plan, the visits due, a visit recorded by
whoever went, and the month's supervision. Agents only: the elder hears of a visit in a message
(call_center/patrols/schedule.py), her family sees it in 今天 (blueprints/family.py)."""
from __future__ import annotations

from apiflask import APIBlueprint
from sqlalchemy import select

from ..alarms import desk
from ..auth import current_caller, elder_for, requires
from ..centre import centre
from ..clock import local
from ..errors import ApiError
from ..models.patrols import PatrolVisit
from ..patrols import plans, present, records, schedule, supervision
from ..schemas.patrols import (
    SupervisionOut,
    SupervisionQuery,
    SupervisionRow,
    VisitOut,
    VisitPlanIn,
    VisitPlanOut,
    VisitRecordIn,
    VisitRecordOut,
    VisitsQuery,
)
from ..unit_of_work import session

bp = APIBlueprint("patrols", __name__, url_prefix="/v1", tag="Care")


def _today():
    return local(desk().now()).date()


@bp.get("/elders/<elder_id>/visit-plan")
@requires("agent")
@bp.output(VisitPlanOut)
def visit_plan(elder_id: str) -> VisitPlanOut:
    """Whether she is visited, how often, by whom, and whether the rule or an agent decided."""
    db = session()
    return present.plan(db, elder_for(db, elder_id), _today())


@bp.put("/elders/<elder_id>/visit-plan")
@requires("agent")
@bp.input(VisitPlanIn, arg_name="body")
@bp.output(VisitPlanOut)
def set_visit_plan(elder_id: str, body: VisitPlanIn) -> VisitPlanOut:
    """An agent's plan for her (wins over the rule from then on); planned visits follow it."""
    db = session()
    elder = elder_for(db, elder_id)
    moment = desk().now()
    plans.set_plan(db, elder, enabled=body.enabled, per_month=body.per_month,
                   visitor_kind=body.visitor_kind, visitor_id=body.visitor_id,
                   actor=current_caller().actor, now=moment)
    schedule.follow_plan(db, elder, moment)
    return present.plan(db, elder, _today())


@bp.post("/elders/<elder_id>/visit-plan/back-to-rule")
@requires("agent")
@bp.output(VisitPlanOut)
def visit_plan_back_to_rule(elder_id: str) -> VisitPlanOut:
    """The agent's plan for her goes and the rule decides again (as 按规则 on her console page):
    planned visits follow it — cancelled (their messages withdrawn) when the rule does not
    visit her, their visitor unnamed when it does; the same answer when no agent had set one."""
    db = session()
    elder = elder_for(db, elder_id)
    plans.clear_plan(db, elder)
    schedule.follow_plan(db, elder, desk().now())
    return present.plan(db, elder, _today())


@bp.get("/visits")
@requires("agent")
@bp.input(VisitsQuery, location="query", arg_name="query")
@bp.output(list[VisitOut])
def visits(query: VisitsQuery) -> list[VisitOut]:
    """Visits by plan day; ``overdue=true``: still planned after their period's last day."""
    db = session()
    today = _today()
    stmt = select(PatrolVisit)
    if query.status != "all":
        stmt = stmt.where(PatrolVisit.status == query.status)
    if query.overdue:
        stmt = stmt.where(PatrolVisit.status == "planned", PatrolVisit.due_by < today)
    if query.elder_id:  # (agents only: an unknown elder has no visits, as /care-tasks)
        stmt = stmt.where(PatrolVisit.elder_id == query.elder_id)
    rows = db.scalars(stmt.order_by(PatrolVisit.planned_on, PatrolVisit.id).limit(query.limit))
    return [present.visit(v, today) for v in rows]


@bp.post("/visits/<visit_id>/record")
@requires("agent")
@bp.input(VisitRecordIn, arg_name="body")
@bp.output(VisitRecordOut)
def record_visit(visit_id: str, body: VisitRecordIn) -> VisitRecordOut:
    """The visitor's record (found at home or not; 身体状况、居住环境、需要的帮助) and the follow-ups
    it sets going (call_center/patrols/records.py says which and why)."""
    db = session()
    v = db.get(PatrolVisit, visit_id)
    if v is None:
        raise ApiError("not_found", "没有这次探访。")
    elder_for(db, v.elder_id)
    c = centre()
    led_to = records.record(db, v, caller=current_caller(), visited_at=body.visited_at,
                            found_home=body.found_home, health=body.health, home=body.home,
                            needs=list(body.needs), follow_ups=list(body.follow_ups), note=body.note,
                            now=desk().now(), providers=c.providers, settings=c.settings)
    db.flush()
    return VisitRecordOut(visit=present.visit(v, _today()), led_to=led_to)


@bp.get("/visits/supervision")
@requires("agent")
@bp.input(SupervisionQuery, location="query", arg_name="query")
@bp.output(SupervisionOut)
def visit_supervision(query: SupervisionQuery) -> SupervisionOut:
    """One month per street and provider: planned, done, on time, nobody home, missed."""
    rows, total = supervision.month_rows(session(), query.month, _today())

    def out(r: supervision.Row) -> SupervisionRow:
        return SupervisionRow(street=r.street, provider=r.provider, planned=r.planned, done=r.done,
                              on_time=r.on_time, not_home=r.not_home, missed=r.missed)
    return SupervisionOut(month=f"{query.month:%Y-%m}", rows=[out(r) for r in rows], total=out(total))
