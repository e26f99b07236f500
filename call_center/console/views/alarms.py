"""Alarms and care tasks: the elder's profile, the escalation timeline, and one click per
step of seed 000 §三(一)3 (接警, 情况一 有响应 / 情况二 无响应, 110/120/119, 联系家属, 救援指导,
到场, 处置结果, 回访, 撤销).

Every change is a call to the alarm desk's service functions with the logged-in agent as
the actor, inside this request's transaction: a refused step (409 ``invalid_transition``)
re-renders the page with the desk's own sentence and writes nothing.
"""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from personal_data.names import kin_and_name

from ...errors import ApiError
from ...models import Elder
from ...unit_of_work import session as db_session
from ...unit_of_work import writes
from .. import alarm_link, audit, labels, logins, people
from ..blueprint import bp
from ..forms import (
    STEP_BUTTONS,
    AlarmCancelForm,
    AlarmOutcomeForm,
    AlarmStepForm,
    CareTaskForm,
    EmptyForm,
    RaiseAlarmForm,
)


def _desk() -> Any:
    if not alarm_link.available():
        abort(404)
    return alarm_link.desk()


def _alarm(alarm_id: str, lock: bool = False) -> tuple[Any, Elder]:
    try:
        alarm = _desk().get(db_session(), alarm_id, lock=lock)
    except ApiError:
        abort(404)
    elder = db_session().get(Elder, alarm.elder_id)
    assert elder is not None
    return alarm, elder


def _timeline(alarm: Any) -> list[people.EventView]:
    from ...alarms.words import STEP_WORDS

    names = people.agent_names(db_session(), (e.actor for e in alarm.events))
    rows = []
    for e in alarm.events:
        what = STEP_WORDS.get(e.kind, e.kind)
        contact = (e.data or {}).get("contact")
        rows.append(people.EventView(e.at, f"{what}：{contact}" if contact else what,
                                     labels.actor(e.actor, names), e.note))
    return rows


def _page(alarm: Any, elder: Elder, status: int = 200, error: str = "",
          forms: dict[str, FlaskForm] | None = None) -> tuple[str, int]:
    from ...alarms.desk import FINAL, STEP_ALLOWED

    forms = forms or {}
    allowed = [k for k in STEP_BUTTONS if alarm.status in STEP_ALLOWED.get(k, ())]
    names = people.agent_names(db_session(), [alarm.acknowledged_by or ""])
    return render_template(
        "console/alarm.html", alarm=alarm, elder=elder, profile=people.profile(elder),
        housemates=people.housemates(elder) if alarm.channel == "tv" else [],
        status_word=alarm_link.status_words(alarm.status, alarm.phase),
        handler=labels.actor(alarm.acknowledged_by, names) if alarm.acknowledged_by else "",
        steps=[k for k in allowed if k != "contacted_family"],
        step_words=STEP_BUTTONS, can_contact="contacted_family" in allowed,
        can_outcome=alarm.status in STEP_ALLOWED["outcome"], is_open=alarm.status not in FINAL,
        step_form=forms.get("step") or AlarmStepForm(formdata=None),
        outcome_form=forms.get("outcome") or AlarmOutcomeForm(formdata=None),
        cancel_form=forms.get("cancel") or AlarmCancelForm(formdata=None),
        events=_timeline(alarm), error=error,
        red_after=logins.settings().console_alarm_red_seconds,
    ), status


@bp.get("/alarms/<alarm_id>")
@writes
def alarm_detail(alarm_id: str) -> Any:
    alarm, elder = _alarm(alarm_id)
    audit.record("view_alarm", "alarm", alarm.id, alarm_link.status_words(alarm.status),
                 elder_id=elder.id)
    return _page(alarm, elder)


def _refused(alarm_id: str, error: ApiError, name: str, form: FlaskForm) -> Any:
    db_session().rollback()
    alarm, elder = _alarm(alarm_id)
    for key, message in (error.fields or {}).items():
        field = getattr(form, key, None)
        if field is not None:
            field.errors = [*list(field.errors or []), message]
    return _page(alarm, elder, error.status_code, error.message, {name: form})


def _invalid(alarm_id: str, name: str, form: FlaskForm) -> Any:
    alarm, elder = _alarm(alarm_id)
    return _page(alarm, elder, 422, "有些内容填得不对，请看红字说明。", {name: form})


def _done(alarm: Any, elder: Elder, words: str, note: str = "") -> Any:
    audit.record("alarm_change", "alarm", alarm.id, words + (f"：{note}" if note else ""),
                 elder_id=elder.id)
    flash(f"已记录：{words}。", "ok")
    return redirect(url_for("console.alarm_detail", alarm_id=alarm.id), 303)


@bp.post("/alarms/<alarm_id>/ack")
def alarm_ack(alarm_id: str) -> Any:
    form = EmptyForm()
    form.validate_on_submit()
    alarm, elder = _alarm(alarm_id, lock=True)
    try:
        _desk().acknowledge(db_session(), alarm, logins.current().caller.actor)
        db_session().flush()
    except ApiError as error:
        return _refused(alarm_id, error, "step", AlarmStepForm(formdata=None))
    return _done(alarm, elder, "接警")


@bp.post("/alarms/<alarm_id>/steps")
def alarm_step(alarm_id: str) -> Any:
    posted = request.form.copy()
    if posted.get("step-contact_priority") and not posted.get("step-kind"):
        posted["step-kind"] = "contacted_family"  # a contact's own button names the contact
    form = AlarmStepForm(formdata=posted)
    if not form.validate_on_submit():
        return _invalid(alarm_id, "step", form)
    alarm, elder = _alarm(alarm_id, lock=True)
    kind, note = form.kind.data, (form.note.data or "").strip()
    words = STEP_BUTTONS[kind]
    if kind == "contacted_family" and form.contact_priority.data:
        contact = next((c for c in elder.contacts if c.priority == form.contact_priority.data),
                       None)
        words = f"已联系{kin_and_name(contact.relation, contact.name)}" if contact else words
    try:
        _desk().record_step(db_session(), alarm, logins.current().caller.actor, kind, note,
                            None, form.contact_priority.data)
        db_session().flush()
    except ApiError as error:
        return _refused(alarm_id, error, "step", form)
    return _done(alarm, elder, words, note)


@bp.post("/alarms/<alarm_id>/outcome")
def alarm_outcome(alarm_id: str) -> Any:
    form = AlarmOutcomeForm()
    if not form.validate_on_submit():
        return _invalid(alarm_id, "outcome", form)
    alarm, elder = _alarm(alarm_id, lock=True)
    outcome = form.outcome.data.strip()
    try:
        _desk().record_step(db_session(), alarm, logins.current().caller.actor, "outcome",
                            (form.note.data or "").strip(), outcome)
        db_session().flush()
    except ApiError as error:
        return _refused(alarm_id, error, "outcome", form)
    return _done(alarm, elder, "处置结果", outcome)


@bp.post("/alarms/<alarm_id>/cancel")
def alarm_cancel(alarm_id: str) -> Any:
    """The elder says they are fine (话务员确认老人没事): everyone already told is told."""
    form = AlarmCancelForm()
    if not form.validate_on_submit():
        return _invalid(alarm_id, "cancel", form)
    alarm, elder = _alarm(alarm_id, lock=True)
    note = (form.note.data or "").strip()
    try:
        _desk().cancel(db_session(), alarm, logins.current().caller.actor, by="agent", note=note)
        db_session().flush()
    except ApiError as error:
        return _refused(alarm_id, error, "cancel", form)
    return _done(alarm, elder, "撤销报警（老人没事）", note)


@bp.post("/elders/<elder_id>/alarms")
def elder_raise_alarm(elder_id: str) -> Any:
    """An elder phones the hotline for help: the agent raises the alarm on the phone channel
    (an open alarm of the elder is reused, as a second press would be)."""
    desk = _desk()
    elder = db_session().get(Elder, elder_id)
    if elder is None:
        abort(404)
    form = RaiseAlarmForm()
    if not form.validate_on_submit():
        abort(422)
    note = (form.note.data or "").strip() or "老人来电求救"
    alarm, created = desk.raise_alarm(db_session(), elder, actor=logins.current().caller.actor,
                                      channel="phone", note=note)
    db_session().flush()
    if created:
        desk.acknowledge(db_session(), alarm, logins.current().caller.actor)
        db_session().flush()
    audit.record("alarm_change", "alarm", alarm.id,
                 ("电话报警" if created else "老人再次来电（已有报警）") + f"：{note}",
                 elder_id=elder.id)
    return redirect(url_for("console.alarm_detail", alarm_id=alarm.id), 303)


# -- care tasks --------------------------------------------------------------------------------
def _task(task_id: str) -> tuple[Any, Elder]:
    _desk()
    from ...models.care import CareTask

    task = db_session().get(CareTask, task_id)
    if task is None:
        abort(404)
    elder = db_session().get(Elder, task.elder_id)
    assert elder is not None
    return task, elder


def _task_page(task: Any, elder: Elder, form: CareTaskForm | None = None, status: int = 200,
               error: str = "") -> tuple[str, int]:
    from ...alarms import care

    names = people.agent_names(db_session(), [task.completed_by or ""])
    return render_template(
        "console/care_task.html", task=task, elder=elder, profile=people.profile(elder),
        kind_word=care.KIND_WORDS.get(task.kind, task.kind),
        also=care.answered_with(db_session(), task),
        result_word=care.RESULT_WORDS.get(task.result or "", ""),
        done_by=labels.actor(task.completed_by, names) if task.completed_by else "",
        form=form or CareTaskForm(formdata=None), error=error), status


@bp.get("/care/<task_id>")
@writes
def care_task_detail(task_id: str) -> Any:
    task, elder = _task(task_id)
    audit.record("view_care_task", "care_task", task.id, task.title, elder_id=elder.id)
    return _task_page(task, elder)


@bp.post("/care/<task_id>/complete")
def care_task_complete(task_id: str) -> Any:
    from ...alarms import care

    form = CareTaskForm()
    task, elder = _task(task_id)
    if not form.validate_on_submit():
        return _task_page(task, elder, form, 422, "有些内容填得不对，请看红字说明。")
    try:
        care.complete(db_session(), task, logins.current().caller.actor, form.result.data,
                      (form.note.data or "").strip(), _desk().now())
    except ApiError as error:
        db_session().rollback()
        task, elder = _task(task_id)
        return _task_page(task, elder, form, error.status_code, error.message)
    audit.record("care_task_change", "care_task", task.id,
                 f"{task.title}：{care.RESULT_WORDS.get(form.result.data, '')}",
                 elder_id=elder.id)
    flash(f"已记录：{care.RESULT_WORDS.get(form.result.data, '')}。", "ok")
    return redirect(url_for("console.queue"), 303)
