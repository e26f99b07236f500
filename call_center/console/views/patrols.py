"""巡视探访 in the console (seed 001 §三(一)2, §五(三)): the visits due and overdue, a visit
recorded by whoever went, an elder's plan on her page, and the month's supervision per street
and provider. Every step is ``call_center.patrols`` with the logged-in agent as the actor,
audited; a refused one re-renders the page with the reason and writes nothing."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from personal_data.masking import mask_name
from personal_data.names import plain

from ...errors import ApiError
from ...models import Elder
from ...models.patrols import PatrolVisit
from ...patrols import plans, records, schedule, supervision
from ...unit_of_work import session as db_session, writes
from .. import alarm_link, audit, labels, logins, people
from ..blueprint import bp
from ..patrol_forms import VisitPlanForm, VisitRecordForm

SHANGHAI = ZoneInfo("Asia/Shanghai")
AHEAD_DAYS = 7  # the visits planned this week stand on the page


def now() -> datetime:
    return alarm_link.now()


def today() -> date:
    return now().astimezone(SHANGHAI).date()


def _month(text: str | None, today: date) -> date:
    try:
        return datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return today.replace(day=1)


def _rows(visits: list[PatrolVisit]) -> list[tuple[PatrolVisit, str]]:
    db = db_session()
    names = {e.id: e.name for e in db.scalars(select(Elder).where(Elder.id.in_({v.elder_id for v in visits})))}
    return [(v, mask_name(names.get(v.elder_id, ""))) for v in visits]


@bp.get("/visits")
def patrol_visits() -> Any:
    """Overdue first (they are late), then this week's, then the month's supervision."""
    db = db_session()
    day = today()
    month = _month(request.args.get("month"), day)
    coming = list(db.scalars(select(PatrolVisit).where(
        PatrolVisit.status == "planned", PatrolVisit.due_by >= day,
        PatrolVisit.planned_on <= day + timedelta(days=AHEAD_DAYS))
        .order_by(PatrolVisit.planned_on, PatrolVisit.id).limit(200)))
    rows, total = supervision.month_rows(db, month, day)
    prev_month = (month - timedelta(days=1)).replace(day=1)
    next_month = (month + timedelta(days=32)).replace(day=1)
    return render_template("console/patrols.html", overdue=_rows(schedule.overdue(db, day)),
                           coming=_rows(coming), rows=rows, total=total, month=month,
                           prev_month=prev_month, next_month=next_month, today=day,
                           status_words=records.STATUS_WORDS)


def _visit(visit_id: str) -> tuple[PatrolVisit, Elder]:
    visit = db_session().get(PatrolVisit, visit_id)
    if visit is None:
        abort(404)
    elder = db_session().get(Elder, visit.elder_id)
    assert elder is not None
    return visit, elder


def _visit_page(visit: PatrolVisit, elder: Elder, form: VisitRecordForm | None = None, status: int = 200,
                error: str = "") -> tuple[str, int]:
    if form is None:
        form = VisitRecordForm(formdata=None)
        form.visited_at.data = f"{now().astimezone(SHANGHAI):%Y-%m-%dT%H:%M}"
    recorder = people.agent_names(db_session(), [visit.recorded_by or ""])
    return render_template(
        "console/patrol_visit.html", visit=visit, elder=elder, profile=people.profile(elder), form=form,
        error=error, today=today(), status_words=records.STATUS_WORDS, summary=records.summary(visit),
        recorded_by=labels.actor(visit.recorded_by or "", recorder)), status


@bp.get("/visits/<visit_id>")
@writes
def patrol_visit(visit_id: str) -> Any:
    visit, elder = _visit(visit_id)
    audit.record("view_visit", "visit", visit.id, "查看巡视探访", elder_id=elder.id)
    return _visit_page(visit, elder)


@bp.post("/visits/<visit_id>/record")
def patrol_visit_record(visit_id: str) -> Any:
    form = VisitRecordForm()
    visit, elder = _visit(visit_id)
    if not form.validate_on_submit():
        return _visit_page(visit, elder, form, 422, "有些内容填得不对，请看红字说明。")
    from ...centre import centre

    c = centre()
    try:
        moment = datetime.strptime(form.visited_at.data, "%Y-%m-%dT%H:%M").replace(tzinfo=SHANGHAI)
        led_to = records.record(
            db_session(), visit, caller=logins.current().caller, visited_at=moment,
            found_home=form.found.data == "yes", health=form.health.data or None, home=form.home.data or None,
            needs=list(form.needs.data or []), follow_ups=list(form.follow_ups.data or []),
            note=form.note.data or "", now=now(), providers=c.providers, settings=c.settings)
    except ApiError as error:
        db_session().rollback()
        visit, elder = _visit(visit_id)
        for key, message in (error.fields or {}).items():
            field = getattr(form, "found" if key == "found_home" else key, None)
            if field is not None:
                field.errors = [*list(field.errors or []), message]
        return _visit_page(visit, elder, form, error.status_code, error.message)
    audit.record("visit_recorded", "visit", visit.id, f"巡视探访：{records.summary(visit)}", elder_id=elder.id)
    flash("已记录探访：" + "；".join([records.summary(visit), *led_to]) + "。", "ok")
    return redirect(url_for("console.patrol_visit", visit_id=visit.id), 303)


# -- her plan, on her page ----------------------------------------------------------------------
def plan_card(elder: Elder, form: VisitPlanForm | None = None, error: str = "") -> dict[str, Any]:
    """What the elder's page shows of her visits (console/_patrol_card.html)."""
    db = db_session()
    day = today()
    plan = plans.plan_of(db, elder, day)
    who = plans.visitor_or_none(db, plan.visitor_kind, plan.visitor_id)
    if form is None:
        form = VisitPlanForm(formdata=None)
        form.state.data = "rule" if plan.by_rule else ("on" if plan.enrolled else "off")
        form.per_month.data = str(plan.per_month)
        form.visitor.data = f"{who.kind}:{who.id}" if who else ""
    visitor_choices(form)
    visits = list(db.scalars(select(PatrolVisit).where(PatrolVisit.elder_id == elder.id)
                             .order_by(PatrolVisit.planned_on.desc()).limit(6)))
    return {"plan": plan, "visitor": who, "form": form, "error": error, "visits": visits,
            "today": day, "status_words": records.STATUS_WORDS, "summary": records.summary}


def visitor_choices(form: VisitPlanForm) -> None:
    form.visitor.choices = [("", "还没有指定（服务商派人）")] + [
        # An account may carry its role already (志愿者 张建华): the role is said once.
        (f"{v.kind}:{v.id}", f"{'志愿者' if v.kind == 'volunteer' else '工作人员'} {plain(v.name)}（{v.provider}）")
        for v in plans.visitors(db_session())]
