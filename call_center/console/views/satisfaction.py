"""服务监管 in the console (seed 001 §（三）): one complaint (投诉 / 异议) worked to its outcome,
which the elder is told as a message; and, for supervisors, the numbers per month and provider
(完成服务、回访、满意率、投诉率), with their definitions, as a page and as CSV."""
from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from ...clock import now, today
from ...errors import ApiError
from ...models import Complaint, Elder, ReturnVisit, ServiceRequest
from ...satisfaction import complaints, supervision
from ...unit_of_work import session as db_session
from ...unit_of_work import writes
from .. import audit, labels, logins, people
from ..blueprint import bp
from ..forms import ComplaintFileForm, ComplaintOutcomeForm
from ...models.family import ANSWER_WORDS


def _complaint(complaint_id: str) -> tuple[Complaint, ServiceRequest, Elder]:
    db = db_session()
    c = db.get(Complaint, complaint_id)
    if c is None:
        abort(404)
    req, elder = db.get(ServiceRequest, c.request_id), db.get(Elder, c.elder_id)
    assert req is not None and elder is not None
    return c, req, elder


def _page(c: Complaint, req: ServiceRequest, elder: Elder, form: ComplaintOutcomeForm | None = None,
          status: int = 200, error: str = "") -> tuple[str, int]:
    db = db_session()
    visit = db.scalar(select(ReturnVisit).where(ReturnVisit.request_id == req.id))
    names = people.agent_names(db, [c.closed_by or "", c.filed_by])
    return render_template(
        "console/complaint.html", c=c, req=req, elder=elder, profile=people.profile(elder),
        service_word=labels.service(req.service), status_word=labels.request_status(req),
        source_word=complaints.SOURCE_WORDS.get(c.source, c.source), reasons=complaints.reasons_words(c),
        channel_word=labels.channel(c.channel), filed_by=labels.actor(c.filed_by, names),
        closed_by=labels.actor(c.closed_by, names) if c.closed_by else "",
        rating=ANSWER_WORDS.get(visit.rating or "", "") if visit else "",
        visit_reason=ANSWER_WORDS.get(visit.reason or "", "") if visit else "",
        form=form or ComplaintOutcomeForm(formdata=None), error=error), status


@bp.get("/complaints/<complaint_id>")
@writes
def complaint_detail(complaint_id: str) -> Any:
    c, req, elder = _complaint(complaint_id)
    audit.record("view_complaint", "complaint", c.id, f"{labels.service(req.service)}：{c.provider or ''}",
                 elder_id=elder.id)
    return _page(c, req, elder)


@bp.post("/complaints/<complaint_id>/close")
def complaint_close(complaint_id: str) -> Any:
    form = ComplaintOutcomeForm()
    c, req, elder = _complaint(complaint_id)
    if not form.validate_on_submit():
        return _page(c, req, elder, form, 422, "有些内容填得不对，请看红字说明。")
    try:
        complaints.close(db_session(), c, form.outcome.data or "", logins.current().caller.actor, now())
    except ApiError as error:
        db_session().rollback()
        c, req, elder = _complaint(complaint_id)
        return _page(c, req, elder, form, error.status_code, error.message)
    audit.record("complaint_close", "complaint", c.id, f"处理结果：{c.outcome}", elder_id=elder.id)
    flash("已记下处理结果，老人的电视上会弹出并读出。", "ok")
    return redirect(url_for("console.queue"), 303)


@bp.post("/requests/<request_id>/complaints")
def complaint_file(request_id: str) -> Any:
    """She complains on the phone: a complaint in the queue, like one filed from her TV."""
    from .requests import _invalid, _load, _refused

    form = ComplaintFileForm()
    req, elder = _load(request_id)
    if not form.validate_on_submit():
        return _invalid(request_id, "complain", form)
    try:
        c = complaints.file(db_session(), req, elder, logins.current().caller.actor, "phone", "agent",
                            [form.reason.data], False, (form.note.data or "").strip(), now())
    except ApiError as error:
        return _refused(request_id, error, "complain", form)
    audit.record("complaint_file", "complaint", c.id, f"{labels.service(req.service)}：{complaints.reasons_words(c)}",
                 elder_id=elder.id)
    flash("已记下投诉，在队列的投诉里。", "ok")
    return redirect(url_for("console.complaint_detail", complaint_id=c.id), 303)


def _month() -> tuple[Any, list[Any]]:
    """The month asked for (this one by default) and its rows per provider."""
    first = supervision.month_of(request.args.get("month"), today())
    return first, supervision.by_provider(db_session(), first)


@bp.get("/supervision")
@logins.supervisors_only
@writes
def supervision_page() -> Any:
    first, rows = _month()
    audit.record("view_supervision", "", "", f"{first:%Y-%m}")
    return render_template("console/supervision.html", first=first, rows=rows,
                           definitions=supervision.DEFINITIONS, percent=supervision.percent)


@bp.get("/supervision.csv")
@logins.supervisors_only
@writes
def supervision_csv() -> Any:
    first, rows = _month()
    audit.record("view_supervision", "", "", f"{first:%Y-%m} 导出CSV")
    return Response(supervision.as_csv(first, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=supervision-{first:%Y-%m}.csv"})
