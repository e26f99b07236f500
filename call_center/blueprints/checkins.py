"""Daily safety check-in (每日报平安) and agents' care tasks (主动关爱, seed 002)."""
from __future__ import annotations

from apiflask import APIBlueprint
from sqlalchemy import select

from ..alarms import care, checkins, desk, present
from ..alarms.schemas import (
    CareTaskComplete,
    CareTaskOut,
    CareTasksQuery,
    CheckinIn,
    CheckinOut,
    CheckinSettingsIn,
)
from ..auth import current_caller, elder_for, requires
from ..errors import ApiError
from ..models import Elder
from ..models.care import CareTask
from ..unit_of_work import session

bp = APIBlueprint("checkins", __name__, url_prefix="/v1", tag="Care")


@bp.get("/elders/<elder_id>/checkin")
@requires()
@bp.output(CheckinOut)
def checkin_state(elder_id: str) -> CheckinOut:
    """Today's check-in: ``due`` (ask "今天身体好吗？按确定键报平安"), ``done``, ``missed``
    (still ask: a late 报平安 counts) or ``not_enrolled`` (show nothing)."""
    d = desk()
    elder = elder_for(session(), elder_id)
    return present.checkin(checkins.state(session(), elder, d.now(), d.settings))


@bp.post("/elders/<elder_id>/checkin")
@requires("device", "agent")
@bp.input(CheckinIn, arg_name="body")
@bp.output(CheckinOut, status_code=201, description="报平安 recorded")
@bp.doc(responses={200: "already checked in today"})
def check_in(elder_id: str, body: CheckinIn) -> tuple[CheckinOut, int]:
    """The elder pressed OK on the household's TV (or told an agent): 平安 for today."""
    d = desk()
    elder = elder_for(session(), elder_id)
    state, created = checkins.record(session(), elder, current_caller().actor, d.now(),
                                     d.settings)
    return present.checkin(state), 201 if created else 200


@bp.patch("/elders/<elder_id>/checkin")
@requires("agent")
@bp.input(CheckinSettingsIn, arg_name="body")
@bp.output(CheckinOut)
def checkin_settings(elder_id: str, body: CheckinSettingsIn) -> CheckinOut:
    """Enrol or exempt an elder, or move the window (e.g. a late riser: by 11:00)."""
    d = desk()
    db = session()
    elder = elder_for(db, elder_id)
    row = care.profile(db, elder.id, d.settings, d.now())
    if body.enabled is not None:
        row.checkin_enabled = body.enabled
    if body.by is not None:
        row.checkin_by = body.by.replace(second=0, microsecond=0, tzinfo=None)
    row.updated_at = d.now()
    db.flush()
    return present.checkin(checkins.state(db, elder, d.now(), d.settings))


@bp.get("/care-tasks")
@requires("agent")
@bp.input(CareTasksQuery, location="query", arg_name="query")
@bp.output(list[CareTaskOut])
def care_tasks(query: CareTasksQuery) -> list[CareTaskOut]:
    """Agents' calls to make, earliest due first: missed check-ins, package A's two care
    calls a week, alarm follow-ups, cancellations nobody could be told by phone."""
    db = session()
    rows = care.tasks(db, status=query.status, kind=query.kind, elder_id=query.elder_id,
                      due_before=desk().now() if query.due else None, limit=query.limit)
    elders = {e.id: e for e in db.scalars(select(Elder).where(
        Elder.id.in_({t.elder_id for t in rows})))}
    return [present.care_task(t, elders.get(t.elder_id)) for t in rows]


@bp.post("/care-tasks/<task_id>/complete")
@requires("agent")
@bp.input(CareTaskComplete, arg_name="body")
@bp.output(CareTaskOut)
def complete_task(task_id: str, body: CareTaskComplete) -> CareTaskOut:
    """Done, with the result; a care call that reached nobody is tried again in 2 hours."""
    db = session()
    task = db.get(CareTask, task_id)
    if task is None:
        raise ApiError("not_found", "没有找到这个任务。")
    care.complete(db, task, current_caller().actor, body.result, body.note, desk().now())
    return present.care_task(task, db.get(Elder, task.elder_id))
