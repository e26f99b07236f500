"""One service request: read it (audited) and work it along the lifecycle.

Every change goes through ``call_center.fulfilment.intake`` — the same code the API's
``/v1/requests/{id}/transitions`` runs — with the logged-in agent as the caller, so the
lifecycle, the provider bookings, the reminders and the elder's status messages are exactly
the API's. A refused change (illegal transition, slot full, outside the service area,
provider down, bad field) re-renders the page with the reason and writes nothing.
"""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from ...centre import centre
from ...errors import ApiError
from ...fulfilment import intake, registry
from ...lifecycle import TRANSITIONS
from ...models import Elder, ServiceRequest
from ...unit_of_work import session as db_session
from ...unit_of_work import writes
from .. import audit, booking_choices, labels, logins, people
from .. import forms as console_forms
from ..blueprint import bp
from ..forms import (
    ComplaintFileForm,
    ConfirmTopicForm,
    DischargeBookForm,
    EscortBookForm,
    FailForm,
    HospitalTripForm,
    MoveForm,
    RefillBookForm,
    RegistrationBookForm,
    SpecialVehicleBookForm,
    TaxiBookForm,
)

MOVE_WORDS = console_forms.MOVE_WORDS  # buttons: verbs, not status words


def satisfaction_of(req: ServiceRequest, form: FlaskForm | None) -> dict[str, Any]:
    """Its return visit (回访) as answered, its complaints, and the form to note one heard on the phone."""
    from sqlalchemy import select

    from ...models import Complaint, ReturnVisit
    from ...models.family import ANSWER_WORDS
    from ...satisfaction import complaints as complaint_words

    db = db_session()
    visit = db.scalar(select(ReturnVisit).where(ReturnVisit.request_id == req.id))
    found = list(db.scalars(select(Complaint).where(Complaint.request_id == req.id).order_by(Complaint.filed_at)))
    visit_words = ""
    if visit is not None:
        visit_words = {"asked": "已问，还没有回答", "expired": "没有回答（已过期）"}.get(visit.status, "")
        if visit.status == "answered":
            visit_words = ANSWER_WORDS.get(visit.rating or "", "") + (
                f"，{ANSWER_WORDS.get(visit.reason or '', '')}" if visit.reason else "")
    return {"visit_words": visit_words, "complaints": found, "complaint_reasons": complaint_words.reasons_words,
            "complaint_state": complaint_words.STATE_WORDS,
            "complainable": req.status in complaint_words.ABOUT,
            "complain_form": form or ComplaintFileForm(formdata=None)}


def _load(request_id: str) -> tuple[ServiceRequest, Elder]:
    db = db_session()
    req = db.get(ServiceRequest, request_id)
    if req is None:
        abort(404)
    elder = db.get(Elder, req.elder_id)
    assert elder is not None
    return req, elder


def _page(req: ServiceRequest, elder: Elder, status: int = 200, error: str = "",
          forms: dict[str, FlaskForm] | None = None) -> tuple[str, int]:
    forms = forms or {}
    choices = booking_choices.for_request(db_session(), req, elder, request.args)
    registration = forms.get("registration") or RegistrationBookForm(formdata=None)
    taxi = forms.get("taxi") or booking_choices.taxi_form(req, elder)
    trip = forms.get("trip") or booking_choices.trip_form(req, choices)
    refill = booking_choices.refill_form(req, elder, forms.get("refill"))
    special = forms.get("special") or booking_choices.special_vehicle_form(req, elder)
    form_rows, result_rows = booking_choices.describe(db_session(), req)
    from ...models import Volunteer

    helper = db_session().get(Volunteer, req.assisted_by) if req.assisted_by else None
    # A service worked at its own desk (一键通申请) is only cancelled here; the page says where.
    own_desk = registry.OWN_DESK.get(req.service)
    moves = [to for to in MOVE_WORDS if to in TRANSITIONS[req.status] and (not own_desk or to == "cancelled")]
    return render_template(
        "console/request.html", req=req, elder=elder, error=error, helper=helper, own_desk=own_desk,
        moves=moves, move_words=MOVE_WORDS, can_fail="failed" in TRANSITIONS[req.status] and not own_desk,
        can_confirm="confirmed" in TRANSITIONS[req.status] and not own_desk,
        books_by_provider=req.service in registry.BOOKED_BY_PROVIDER,
        move_form=forms.get("move") or MoveForm(formdata=None),
        fail_form=forms.get("fail") or FailForm(formdata=None, service=req.service),
        confirm_form=forms.get("confirm") or ConfirmTopicForm(formdata=None),
        registration_form=registration, taxi_form=taxi, trip_form=trip, refill_form=refill,
        special_form=special, choices=choices,
        events=people.events_with_names(db_session(), req),
        profile=people.profile(elder), form_rows=form_rows, result_rows=result_rows,
        slot_words=booking_choices.slot_words,
        **satisfaction_of(req, forms.get("complain")),
    ), status


@bp.get("/requests/<request_id>")
@writes
def request_detail(request_id: str) -> Any:
    req, elder = _load(request_id)
    audit.record("view_request", "request", req.id,
                 f"{labels.service(req.service)}（{labels.request_status(req)}）", elder_id=elder.id)
    return _page(req, elder)


def _refused(request_id: str, error: ApiError, form_name: str, form: FlaskForm) -> Any:
    """Undo everything this request did, reload, and show why (nothing is written)."""
    db_session().rollback()
    req, elder = _load(request_id)
    for key, message in (error.fields or {}).items():
        field = getattr(form, key.removeprefix("form."), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors or []), message]
    return _page(req, elder, error.status_code, error.message, {form_name: form})


def _invalid(request_id: str, form_name: str, form: FlaskForm) -> Any:
    req, elder = _load(request_id)
    return _page(req, elder, 422, "有些内容填得不对，请看红字说明。", {form_name: form})


def _done(req: ServiceRequest, elder: Elder, before: str, words: str, note: str = "") -> Any:
    detail = f"{labels.status(before)} → {labels.status(req.status)}：{words}"
    audit.record("request_transition", "request", req.id, detail + (f"（{note}）" if note else ""),
                 elder_id=elder.id)
    flash(f"已{words}。", "ok")
    return redirect(url_for("console.request_detail", request_id=req.id), 303)


def _transition(req: ServiceRequest, elder: Elder, to: str, note: str | None = None,
                result: dict[str, Any] | None = None, form: dict[str, Any] | None = None) -> None:
    c = centre()
    intake.transition(db_session(), req, elder, logins.current().caller, to, note, result, form,
                      c.providers, c.settings)
    db_session().flush()


# Booking straight from the queue is still a walk along the lifecycle: each step is its own
# event with the agent as actor, and a refused booking rolls all of them back.
ADVANCE = (("submitted", "accepted", "话务员受理"), ("accepted", "in_progress", "话务员开始办理"))


def _advance(req: ServiceRequest, elder: Elder) -> None:
    for current, to, note in ADVANCE:
        if req.status == current:
            _transition(req, elder, to, note)


@bp.post("/requests/<request_id>/move")
def request_move(request_id: str) -> Any:
    form = MoveForm()
    if not form.validate_on_submit():
        return _invalid(request_id, "move", form)
    req, elder = _load(request_id)
    before, to = req.status, form.to.data
    note = (form.note.data or "").strip() or None
    try:
        _transition(req, elder, to, note)
    except ApiError as error:
        return _refused(request_id, error, "move", form)
    return _done(req, elder, before, MOVE_WORDS[to], note or "")


@bp.post("/requests/<request_id>/fail")
def request_fail(request_id: str) -> Any:
    req, elder = _load(request_id)
    form = FailForm(service=req.service)  # the sentences offered for this service
    if not form.validate_on_submit():
        return _invalid(request_id, "fail", form)
    before, sentence = req.status, form.sentence() or ""
    try:
        _transition(req, elder, "failed", sentence)
    except ApiError as error:
        return _refused(request_id, error, "fail", form)
    return _done(req, elder, before, "记为没有办成", sentence)


@bp.post("/requests/<request_id>/confirm")
def request_confirm(request_id: str) -> Any:
    """Consultation, help, escort, discharge transport: the agent's answer is the result."""
    form = ConfirmTopicForm()
    if not form.validate_on_submit():
        return _invalid(request_id, "confirm", form)
    req, elder = _load(request_id)
    if req.service in registry.BOOKED_BY_PROVIDER:
        abort(404)
    before = req.status
    result = {"agent_name": logins.current().name, "summary": form.summary.data.strip()}
    note = (form.note.data or "").strip() or None
    try:
        _advance(req, elder)
        _transition(req, elder, "confirmed", note, result=result)
    except ApiError as error:
        return _refused(request_id, error, "confirm", form)
    return _done(req, elder, before, "办好并告诉老人", result["summary"])


@bp.post("/requests/<request_id>/book-registration")
def request_book_registration(request_id: str) -> Any:
    form = RegistrationBookForm()
    if not form.validate_on_submit():
        return _invalid(request_id, "registration", form)
    req, elder = _load(request_id)
    if req.service != "registration":
        abort(404)
    before = req.status
    booking = {"hospital_id": form.hospital_id.data, "department_id": form.department_id.data,
               "slot_id": form.slot_id.data}
    note = (form.note.data or "").strip() or None
    try:
        _advance(req, elder)
        _transition(req, elder, "confirmed", note, form=booking)
    except ApiError as error:
        return _refused(request_id, error, "registration", form)
    result = req.result or {}
    return _done(req, elder, before, "通过挂号平台预约",
                 f"{result.get('hospital_name', '')}{result.get('department_name', '')} "
                 f"{result.get('start', '')[:16]} 第{result.get('queue_number', '')}号")


@bp.post("/requests/<request_id>/book-taxi")
def request_book_taxi(request_id: str) -> Any:
    return _book_through_platform(request_id, TaxiBookForm(), "taxi", "taxi", "通过叫车平台派车",
                                  "叫车（各平台都无车可派）",
                                  lambda r: f"{r.get('provider', '')} {r.get('plate', '')}")


@bp.post("/requests/<request_id>/book-escort")
def request_book_escort(request_id: str) -> Any:
    return _book_through_platform(
        request_id, EscortBookForm(), "trip", "escort", "通过陪诊平台派人", "约陪诊（没有空闲的陪诊员）",
        lambda r: f"{r.get('provider', '')} {r.get('companion_name', '')} {r.get('meet_time', '')[:16]}")


@bp.post("/requests/<request_id>/book-refill")
def request_book_refill(request_id: str) -> Any:
    """续方配药 on the phone: sent to the internet hospital as self mode sends it; the request
    then waits for the doctor (续方审核中) like any other renewal."""
    return _book_through_platform(
        request_id, RefillBookForm(), "refill", "refill", "送互联网医院续方", "续方",
        lambda r: f"{r.get('provider', '')} {r.get('medicine', '')} 送{r.get('delivery_address', '')}")


@bp.post("/requests/<request_id>/book-discharge")
def request_book_discharge(request_id: str) -> Any:
    return _book_through_platform(
        request_id, DischargeBookForm(), "trip", "discharge_transport", "通过转运平台派车",
        "约出院用车（各平台都没有空闲的转运车）",
        lambda r: f"{r.get('provider', '')} {r.get('plate', '')} {r.get('pickup_time', '')[:16]}")


@bp.post("/requests/<request_id>/book-special-vehicle")
def request_book_special_vehicle(request_id: str) -> Any:
    return _book_through_platform(
        request_id, SpecialVehicleBookForm(), "special", "special_vehicle", "通过福祉车运营单位派车",
        "约特殊用车（各运营单位都没有空闲的福祉车）",
        lambda r: f"{r.get('provider', '')} {r.get('plate', '')} {r.get('pickup_time', '')[:16]} {r.get('fare_yuan', '')}元")


def _book_through_platform(request_id: str, form: TaxiBookForm | HospitalTripForm | SpecialVehicleBookForm, form_name: str, service: str, words: str,
                           none_words: str, summary: Any) -> Any:
    """叫车 / 陪诊 / 出院用车 for an elder on the phone: through the platforms, as self mode
    books. ``form_name``: the page's form the answer goes back to when refused."""
    if not form.validate_on_submit():
        return _invalid(request_id, form_name, form)
    req, elder = _load(request_id)
    if req.service != service:
        abort(404)
    before = req.status
    note = (form.note.data or "").strip() or None
    try:
        _advance(req, elder)
        _transition(req, elder, "confirmed", note, form=form.as_request_form())
    except ApiError as error:
        return _refused(request_id, error, form_name, form)
    if req.status == "failed":
        return _done(req, elder, before, none_words, req.failure_message or "")
    return _done(req, elder, before, words, summary(req.result or {}))
