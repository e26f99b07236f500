"""一键通申请 in the console: the street office's review (审核通过, or 退回 with a reason the
family sees) and the installer's queue, strictly in the order people applied (seed 001 §四:
由其居住地街道进行审核，审核通过后，服务商按报名先后顺序约定时间上门安装) — 约上门时间, 已装好.

Every step is ``call_center.device_applications.applications`` with the logged-in agent as the
actor (so the request every channel shows, the family's alert and the elder's messages move
with it), audited; a refused step re-renders the page with the reason and writes nothing.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, url_for

from ...device_applications import applications, eligibility
from ...errors import ApiError
from ...policies import means
from ...models import DeviceApplication, Elder
from ...unit_of_work import session as db_session
from .. import audit, logins
from ..blueprint import bp
from ..device_forms import ReturnForm, VisitForm
from ..forms import EmptyForm

SHANGHAI = ZoneInfo("Asia/Shanghai")
HARDSHIP_WORDS = means.WORDS


def _rows(apps: list[DeviceApplication]) -> list[tuple[DeviceApplication, Elder]]:
    db = db_session()
    return [(a, db.get(Elder, a.elder_id)) for a in apps]  # type: ignore[misc]


def _page(status: int = 200, error: str = "", failed: str = "", forms: dict[str, Any] | None = None) -> Any:
    db = db_session()
    queue = applications.queue(db)
    # The one the installer books next: the earliest approved application with no visit yet.
    next_up = next((a.request_id for a in queue if a.state == "queued"), None)
    return render_template(
        "console/device_applications.html", reviewing=_rows(applications.awaiting_review(db)),
        queue=_rows(queue), next_up=next_up, error=error, failed=failed, forms=forms or {},
        stage_words=applications.STAGE_WORDS, hardship_words=HARDSHIP_WORDS,
        packages=eligibility.loaded().packages, priority_of=eligibility.priority_of, empty=EmptyForm(formdata=None),
        return_form=ReturnForm(formdata=None), visit_form=VisitForm(formdata=None)), status


@bp.get("/device-applications")
def device_applications() -> Any:
    return _page()


def _step(request_id: str, words: str, run: Any, form_name: str = "", form: Any = None) -> Any:
    app = db_session().get(DeviceApplication, request_id)
    if app is None:
        abort(404)
    try:
        run(app)
    except ApiError as error:
        db_session().rollback()
        if form is not None:
            for key, message in (error.fields or {}).items():
                field = getattr(form, key, None)
                if field is not None:
                    field.errors = [*list(field.errors or []), message]
        return _page(error.status_code, error.message, request_id, {request_id: {form_name: form}} if form else None)
    elder = db_session().get(Elder, app.elder_id)
    audit.record(f"device_{words[0]}", "request", request_id, f"一键通申请：{words[1]}", elder_id=elder.id if elder else None)
    flash(f"已{words[1]}。", "ok")
    return redirect(url_for("console.device_applications") + f"#app-{request_id}", 303)


def _invalid(request_id: str, form_name: str, form: Any) -> Any:
    if db_session().get(DeviceApplication, request_id) is None:
        abort(404)
    return _page(422, "有些内容填得不对，请看红字说明。", request_id, {request_id: {form_name: form}})


@bp.post("/device-applications/<request_id>/approve")
def device_application_approve(request_id: str) -> Any:
    actor = logins.current().caller.actor
    return _step(request_id, ("approve", "审核通过，排进安装队列"),
                 lambda a: applications.approve(db_session(), a.request_id, actor))


@bp.post("/device-applications/<request_id>/return")
def device_application_return(request_id: str) -> Any:
    form = ReturnForm()
    if not form.validate_on_submit():
        return _invalid(request_id, "return", form)
    actor = logins.current().caller.actor
    reason = (form.reason.data or "").strip().rstrip("。！？")
    return _step(request_id, ("return", "退回申请"),
                 lambda a: applications.give_back(db_session(), a.request_id, reason, actor), "return", form)


@bp.post("/device-applications/<request_id>/schedule")
def device_application_schedule(request_id: str) -> Any:
    form = VisitForm()
    if not form.validate_on_submit():
        return _invalid(request_id, "visit", form)
    actor = logins.current().caller.actor
    visit = datetime.fromisoformat(form.visit_at.data).replace(tzinfo=SHANGHAI)
    return _step(request_id, ("schedule", "约好上门时间"),
                 lambda a: applications.schedule(db_session(), a.request_id, visit, actor), "visit", form)


@bp.post("/device-applications/<request_id>/installed")
def device_application_installed(request_id: str) -> Any:
    from ...centre import centre

    actor, vendor = logins.current().caller.actor, centre().settings.install_vendor
    return _step(request_id, ("installed", "记为已装好"),
                 lambda a: applications.mark_installed(db_session(), a.request_id, actor, vendor))
