"""Hospital registration through the registration platform (健康云-like).

seed 000 §三(一)1(1): the centre books with the elder's own details through 健康云, tells the
elder the result, and reminds them before the visit.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import lifecycle
from ..clock import at, local, now
from ..errors import ApiError
from ..models import Department, Elder, Hospital, ServiceRequest, Slot
from ..providers import Providers, ProviderDown, SlotBooking, SlotFull
from ..schemas.service_requests import RegistrationForm
from ..speech_text import when_words
from ..unit_of_work import on_rollback
from . import notices
from .ahead import still_stands
from .fallback import cancel_booking
from .handling import Handling
from .. import message_words as mw
from ..message_words import N_

BRING = ["医保卡", "身份证", "既往病历"]
ARRIVE_MINUTES_EARLY = 30


def check(db: Session, elder: Elder, form: RegistrationForm) -> Slot:
    """Everything that can be refused before anyone is called (404 / 422 / 409)."""
    slot = db.get(Slot, form.slot_id)
    if slot is None:
        raise ApiError("not_found", "没有找到这个号源。", fields={"form.slot_id": "没有这个号源。"})
    if slot.hospital_id != form.hospital_id or slot.department_id != form.department_id:
        raise ApiError("validation_error",
                       fields={"form.slot_id": "这个号源不属于所选的医院和科室。"})
    _not_started(slot)
    duplicate = db.scalar(select(ServiceRequest.id).where(
        ServiceRequest.elder_id == elder.id, ServiceRequest.slot_id == slot.id,
        ServiceRequest.status.in_(lifecycle.OPEN)))
    if duplicate is not None:
        raise ApiError("already_booked", fields={"form.slot_id": "已经约过这个时段了。"})
    held = same_day_booking(db, elder, slot)
    if held is not None:
        department = db.get(Department, slot.department_id)
        name = department.name if department else "这个科室"
        raise ApiError(
            "already_booked",
            f"您{when_words(held.start)}已经挂了{name}的号，同一天同一个科室只能挂一个号，请选别的日子。",
            fields={"form.slot_id": "这一天已经挂过这个科室的号了。"})
    return slot


def same_day_booking(db: Session, elder: Elder, slot: Slot) -> Slot | None:
    """The slot of an open registration the elder holds in the same department on the same
    Shanghai day: hospitals give one patient one number a department a day (实名制挂号), so
    a second one would be refused at the window, or cancelled as a duplicate. A number whose
    time has passed (beyond :data:`~.ahead.STILL_COMING`: missed) no longer counts, as no
    past booking does (:func:`~.ahead.still_stands`)."""
    day = local(slot.start).date()
    return next((held for held in db.scalars(select(Slot).join(
        ServiceRequest, ServiceRequest.slot_id == Slot.id).where(
        ServiceRequest.elder_id == elder.id, ServiceRequest.status.in_(lifecycle.OPEN),
        Slot.department_id == slot.department_id, Slot.id != slot.id,
        Slot.start >= at(day, 0), Slot.start < at(day, 0) + timedelta(days=1)).order_by(Slot.start))
        if still_stands(local(held.start))), None)


def _not_started(slot: Slot) -> None:
    if slot.start <= now():
        raise ApiError("date_in_past", "这个时段已经过去了，请选以后的时间。",
                       fields={"form.slot_id": "这个时段已经过去了。"})


def check_not_started(db: Session, slot_id: str) -> None:
    """Call mode: a slot the elder named must not have started (any other problem with it is
    the agent's to sort out on the phone)."""
    slot = db.get(Slot, slot_id)
    if slot is not None:
        _not_started(slot)


def book(db: Session, req: ServiceRequest, elder: Elder, form: RegistrationForm,
         providers: Providers, actor: str, slot: Slot | None = None) -> None:
    """Book now (self mode, or an agent confirming a filled form). Raises 409/503 and
    leaves nothing behind when the platform refuses or is down. ``slot`` is the one
    :func:`check` returned, when the caller has already checked."""
    slot = slot or check(db, elder, form)
    if db.get_bind().dialect.name != "sqlite":
        # Lock the slot row; SQLite writers are already serialised by BEGIN IMMEDIATE.
        db.refresh(slot, with_for_update=True)
    platform = providers.registration
    if req.status == "submitted":
        lifecycle.move(req, "accepted", "system", "系统已受理")
    if req.status == "accepted":
        lifecycle.move(req, "in_progress", "system", f"正在向{platform.name}预约")
    hospital = db.get(Hospital, slot.hospital_id)
    department = db.get(Department, slot.department_id)
    assert hospital is not None and department is not None
    try:
        booking = platform.book(SlotBooking(
            slot_id=slot.id, hospital_name=hospital.name, department_name=department.name,
            doctor_name=slot.doctor_name, start=slot.start, capacity=slot.capacity,
            booked=slot.booked, patient_name=elder.name, patient_id_number=elder.id_number,
            patient_phone=elder.phone))
    except SlotFull as exc:
        raise ApiError("slot_full", fields={"form.slot_id": "这个时段已经约满了。"}) from exc
    except ProviderDown as exc:
        raise ApiError("provider_unavailable",
                       f"{platform.name}暂时联系不上，请稍后再试，或者请人工帮您挂号。") from exc
    on_rollback(lambda: platform.cancel(booking.booking_ref))
    slot.booked += 1
    req.form = form.model_dump()
    req.slot_id = slot.id
    req.provider = booking.provider
    req.booking_ref = booking.booking_ref
    req.result = {
        "hospital_id": hospital.id,
        "hospital_name": hospital.name,
        "hospital_address": hospital.address,
        "department_name": department.name,
        "doctor_name": slot.doctor_name,
        "doctor_title": slot.doctor_title,
        "start": _iso(slot.start),
        "end": _iso(slot.end),
        "queue_number": booking.queue_number,
        "fee_yuan": float(slot.fee_yuan),
        "bring": list(BRING),
        "arrive_minutes_early": ARRIVE_MINUTES_EARLY,
        "provider": booking.provider,
        "booking_ref": booking.booking_ref,
    }
    lifecycle.move(req, "confirmed", f"provider:{platform.name}",
                   f"{platform.name}预约成功，就诊序号{booking.queue_number}号")
    notices.registration_reminders(db, req, elder, slot.start)
    notices.status_message(
        db, req, elder, N_("挂号成功"),
        mw.said(N_("{when}，{hospital}{department}，您是{number}号。"), when=mw.when(slot.start),
                hospital=mw.as_written(hospital.name), department=mw.as_written(department.name),
                number=mw.as_written(booking.queue_number)), actor)


def release(db: Session, req: ServiceRequest, providers: Providers) -> None:
    """Give the number back to the platform and free the slot (on cancel)."""
    if not req.booking_ref:
        return
    cancel_booking(providers.registration, req.booking_ref, "暂时退不了号，请稍后再试。")
    if req.slot_id:
        slot = db.get(Slot, req.slot_id, with_for_update=True)
        if slot is not None and slot.booked > 0:
            slot.booked -= 1


def _iso(moment: datetime) -> str:
    from ..clock import local

    return local(moment).isoformat(timespec="seconds")


def _given_times(db: Session, form: dict) -> None:
    if form.get("slot_id"):
        check_not_started(db, form["slot_id"])


HANDLING = Handling(
    "registration", N_("挂号"), RegistrationForm, "provider", given_times=_given_times,
    check=lambda f: check(f.db, f.elder, f.form),
    book=lambda f: book(f.db, f.request, f.elder, f.form, f.providers, f.actor, slot=f.found),
    usual_failure=("no_slot", "这次没有约到号，话务员会再打电话和您商量别的时间。"),
    release=release)
