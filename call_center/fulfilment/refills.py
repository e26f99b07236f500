"""慢病续方配药 (prescription renewal with home delivery) through an internet hospital and a courier.

seed 000 §三(二)1(1): 联通互联网医院，实现远程线上咨询、复诊、续方，并通过第三方物流配送将所需药品
送至老年人家中. The elder picks one of her standing prescriptions (her record at the centre) and
where it goes (home by default); the centre sends the renewal to the internet hospital and the
request waits there, ``in_progress`` (续方审核中), while a doctor reviews it. The follow-up
(:func:`follow_up`, run by the centre's worker) asks the hospital: renewed → ``confirmed``
(医生已续方) and a courier takes the parcel from its pharmacy (药品配送中, the same status, a new
event); delivered → ``completed`` (已送达). A doctor who wants a visit or a call first ends the
request (``failed``: 医生要求复诊 / 医生要求电话问诊) with the doctor's words, and an agent follows
up. It can be cancelled until the parcel has left. No price, payment or insurance here: the
internet hospital settles those with the patient as it does today.
"""
from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from personal_data import status_words

from .. import lifecycle
from ..clock import local, now, today
from ..config import Settings
from ..db import Database
from ..errors import ApiError
from ..models import Elder, Prescription, ServiceRequest
from ..providers import DeliveryOrder, ProviderDown, Providers, RenewalDecision, RenewalOrder
from ..schemas.service_requests import RefillForm
from ..service_area import check_address
from ..speech_text import when_words
from . import notices
from .fallback import cancel_booking
from .handling import Handling
from .. import message_words as mw
from ..message_words import N_

log = logging.getLogger(__name__)

# Where a renewal stands (result.stage): what every channel shows beside the status (the spec's
# stages carry the same words, translated) and what the follow-up does next.
STAGE_WORDS = status_words.STAGE_WORDS["refill"]  # the one table every channel reads
CANCELLABLE_STAGES = frozenset({"reviewing", "renewed"})  # not once the parcel has left
FAILURES = {"visit": "doctor_asks_visit", "call": "doctor_asks_call"}


def stage_of(req: ServiceRequest) -> str:
    return str((req.result or {}).get("stage") or "")


def check(db: Session, elder: Elder, form: RefillForm, settings: Settings,
          request_id: str | None = None) -> Prescription:
    """Everything that can be refused before the internet hospital is asked (404 / 422 / 409)."""
    rx = db.get(Prescription, form.prescription_id)
    if rx is None or rx.elder_id != elder.id:
        raise ApiError("not_found", "没有找到这张长期处方。",
                       fields={"form.prescription_id": "不是这位老人的长期处方。"})
    verdict = check_address(form.delivery_address, settings.service_area_districts)
    if not verdict.ok:
        raise ApiError("outside_service_area", verdict.reason, fields={"form.delivery_address": verdict.reason})
    if open_refill_of(db, elder.id, rx.id, request_id) is not None:
        raise ApiError("already_booked", f"{rx.medicine}已经在续方了，请等医生审核。",
                       fields={"form.prescription_id": "这种药已经在续方了。"})
    renewable = rx.renewable_from()
    if renewable is not None and today() < renewable:
        # The same pills again days after they came would be a second supply (and 医保 pays
        # one): said with the day it is taken, and who to ask when the pills are short or lost.
        raise ApiError("already_booked",
                       f"{rx.medicine}还够吃到{_day(rx.supplied_until)}，{_day(renewable)}起可以再续。"
                       "药不够吃或者丢了，请找人工。",
                       fields={"form.prescription_id": "这种药还够吃，还不能续。"})
    return rx


def _day(d: date) -> str:
    return f"{d.month}月{d.day}日"


def open_refill_of(db: Session, elder_id: str, prescription_id: str,
                   request_id: str | None = None) -> ServiceRequest | None:
    return next((r for r in db.scalars(select(ServiceRequest).where(
        ServiceRequest.elder_id == elder_id, ServiceRequest.service == "refill",
        ServiceRequest.status.in_(lifecycle.OPEN), ServiceRequest.id != (request_id or "")))
        if (r.form or {}).get("prescription_id") == prescription_id), None)


def book(db: Session, req: ServiceRequest, elder: Elder, form: RefillForm, providers: Providers,
         settings: Settings, actor: str, rx: Prescription | None = None) -> None:
    """Send the renewal; the internet hospital down writes nothing (503)."""
    rx = rx or check(db, elder, form, settings, request_id=req.id)
    platform = providers.renewal
    if req.status == "submitted":
        lifecycle.move(req, "accepted", "system", "系统已受理")
    order = RenewalOrder(
        patient_name=elder.name, patient_phone=form.phone or elder.phone, medicine=rx.medicine,
        strength=rx.strength, dosage=rx.dosage, quantity=rx.quantity, condition=rx.condition,
        hospital_name=rx.hospital.name, department=rx.department, last_visit=rx.last_visit, reference=req.id)
    try:
        ticket = platform.submit(order)
    except ProviderDown as exc:
        raise ApiError("provider_unavailable",
                       f"{platform.name}暂时联系不上，请稍后再试，或者请人工帮您续方。") from exc
    req.form = form.model_dump(mode="json")
    req.provider = ticket.provider
    req.booking_ref = ticket.ticket_ref
    req.result = {
        "stage": "reviewing",
        "provider": ticket.provider,
        "ticket_ref": ticket.ticket_ref,
        "prescription_id": rx.id,
        "medicine": f"{rx.medicine} {rx.strength}",
        "quantity": rx.quantity,
        "dosage": rx.dosage,
        "condition": rx.condition,
        "prescribed_by": f"{rx.hospital.name}{rx.department}",
        "delivery_address": form.delivery_address,
    }
    note = f"{STAGE_WORDS['reviewing']}：已送{ticket.provider}，单号{ticket.ticket_ref}"
    if req.status == "in_progress":  # an agent had taken it on: the same status, a new step
        lifecycle.record(req, "in_progress", f"provider:{ticket.provider}", note)
    else:
        lifecycle.move(req, "in_progress", f"provider:{ticket.provider}", note)
    notices.status_message(db, req, elder, N_("续方已送医生审核"),
                           mw.said(N_("您的{medicine}续方已经送到{provider}，医生看过后会告诉您。"),
                                   medicine=mw.as_written(rx.medicine), provider=mw.as_written(ticket.provider)), actor)


def cancellable(req: ServiceRequest) -> bool:
    """Until the parcel has left (a request an agent has not sent on yet has no stage)."""
    return req.status in lifecycle.OPEN and (not stage_of(req) or stage_of(req) in CANCELLABLE_STAGES)


def release(req: ServiceRequest, providers: Providers) -> None:
    """Withdraw the renewal from the internet hospital; a parcel on its way is 409."""
    if not cancellable(req):
        raise ApiError("invalid_transition", "药品已经发出，不能取消了。快递送到后，可以请话务员帮您处理。")
    if req.booking_ref and req.provider == providers.renewal.name:
        cancel_booking(providers.renewal, req.booking_ref)


# -- the follow-up ---------------------------------------------------------------------------------
def follow_up(database: Database, providers: Providers) -> int:
    """Ask the internet hospital and the courier about every open renewal and move each on
    (the worker's sweep runs it; idempotent, and safe beside another worker: a request is
    changed only if it still stands where it stood when asked). Returns how many moved.

    The platforms are asked with no transaction open, as the alarm worker places its calls."""
    with database.reading() as db:
        open_ones = [(r.id, stage_of(r), dict(r.result or {})) for r in db.scalars(
            select(ServiceRequest).where(ServiceRequest.service == "refill",
                                         ServiceRequest.status.in_(("in_progress", "confirmed"))))]
    moved = 0
    for request_id, stage, result in open_ones:
        try:
            if stage == "reviewing":
                moved += _after_review(database, providers, request_id, result)
            elif stage == "renewed":
                moved += _dispatch(database, providers, request_id)
            elif stage == "delivering":
                moved += _after_delivery(database, providers, request_id, result)
        except ProviderDown as exc:
            log.info("refill %s: %s, asked again at the next sweep", request_id, exc)
    return moved


def follow_up_for(database: Database, providers: Providers) -> Callable[[], int]:
    """The follow-up as the worker's sweep runs it."""
    def follow_up_refills() -> int:
        return follow_up(database, providers)
    return follow_up_refills


def _still(db: Session, request_id: str, stage: str) -> tuple[ServiceRequest, Elder] | None:
    req = db.get(ServiceRequest, request_id, with_for_update=True)
    if req is None or stage_of(req) != stage or req.status not in ("in_progress", "confirmed"):
        return None
    return req, db.get(Elder, req.elder_id)  # type: ignore[return-value]


def _after_review(database: Database, providers: Providers, request_id: str, result: dict[str, Any]) -> int:
    decision = providers.renewal.decision(result["ticket_ref"])
    if decision.outcome == "reviewing":
        return 0
    with database.writing() as db:
        found = _still(db, request_id, "reviewing")
        if found is None:
            return 0
        req, elder = found
        _decided(db, req, elder, decision)
        db.commit()
    if decision.outcome == "renewed":
        _dispatch(database, providers, request_id)
    return 1


def _decided(db: Session, req: ServiceRequest, elder: Elder, decision: RenewalDecision) -> None:
    medicine = (req.result or {}).get("medicine", "")
    actor = f"provider:{req.provider}"
    decided = {**(req.result or {}), "doctor": decision.doctor, "doctor_note": decision.note,
               "decision": f"{STAGE_WORDS[decision.outcome]}（{decision.doctor}）", "decided_at": now().isoformat(timespec="seconds")}
    if decision.outcome == "renewed":
        req.result = {**decided, "stage": "renewed", "prescription_no": decision.prescription_no,
                      "pharmacy": decision.pharmacy, "pharmacy_address": decision.pharmacy_address}
        lifecycle.move(req, "confirmed", actor, f"{STAGE_WORDS['renewed']}：{decision.doctor}，"
                                                f"处方号{decision.prescription_no}")
        notices.status_message(db, req, elder, N_("医生已续方"),
                               mw.said(N_("{doctor}已经为您续开{medicine}，药品会送到您家里。"),
                                       doctor=mw.as_written(decision.doctor), medicine=mw.as_written(medicine)), actor)
        return
    req.result = {**decided, "stage": decision.outcome}
    words = STAGE_WORDS[decision.outcome]
    said = mw.said(N_("{doctor}说：{note}话务员会打电话帮您安排。"), doctor=mw.as_written(decision.doctor),
                   note=mw.as_written(decision.note))
    message = mw.chinese(said)
    lifecycle.fail(req, actor, FAILURES[decision.outcome], message, f"{words}：{decision.doctor}")
    notices.status_message(db, req, elder, words, said, actor)


def _dispatch(database: Database, providers: Providers, request_id: str) -> int:
    """A renewed prescription goes to the courier: from the hospital's pharmacy to the door."""
    with database.reading() as db:
        req = db.get(ServiceRequest, request_id)
        if req is None or stage_of(req) != "renewed":
            return 0
        result = dict(req.result or {})
        elder = db.get(Elder, req.elder_id)
        name, phone = elder.name, (req.form or {}).get("phone") or elder.phone
    courier = providers.courier
    try:
        shipment = courier.dispatch(DeliveryOrder(
            recipient_name=name, recipient_phone=phone, address=result["delivery_address"],
            sender=result.get("pharmacy", ""), sender_address=result.get("pharmacy_address", ""),
            contents=f"{result.get('medicine', '')} {result.get('quantity', '')}", reference=request_id))
    except ProviderDown as exc:
        log.info("refill %s: courier %s, asked again at the next sweep", request_id, exc)
        return 0
    with database.writing() as db:
        found = _still(db, request_id, "renewed")
        if found is None:
            db.rollback()
            courier.cancel(shipment.tracking_no)  # cancelled meanwhile: the parcel is not needed
            return 0
        req, elder = found
        expected = local(shipment.expected_at)
        req.result = {**(req.result or {}), "stage": "delivering", "courier": shipment.provider,
                      "tracking_no": shipment.tracking_no, "expected_at": expected.isoformat(timespec="seconds")}
        lifecycle.record(req, "confirmed", f"provider:{shipment.provider}",
                         f"{STAGE_WORDS['delivering']}：{shipment.provider} {shipment.tracking_no}")
        notices.delivery_reminder(db, req, elder, expected)
        db.commit()
    return 1


def _after_delivery(database: Database, providers: Providers, request_id: str, result: dict[str, Any]) -> int:
    tracking = providers.courier.track(result["tracking_no"])
    if tracking.state != "delivered":
        return 0
    with database.writing() as db:
        found = _still(db, request_id, "delivering")
        if found is None:
            return 0
        req, elder = found
        delivered = local(tracking.at or now())
        req.result = {**(req.result or {}), "stage": "delivered",
                      "delivered_at": delivered.isoformat(timespec="seconds")}
        rx = db.get(Prescription, result.get("prescription_id") or "")
        if rx is not None:  # lasts from the day it came
            rx.supplied_until = delivered.date() + timedelta(days=rx.supply_days)
        lifecycle.move(req, "completed", f"provider:{result.get('courier', '')}",
                       f"{STAGE_WORDS['delivered']}：{when_words(delivered)}")
        notices.status_message(db, req, elder, N_("药品已送达"),
                               mw.said(N_("您的{medicine}已经送到家了，请按医嘱服药。"),
                                       medicine=mw.as_written(result.get("medicine", ""))),
                               f"provider:{result.get('courier', '')}")
        db.commit()
    return 1


# 续方配药 has no time to check: the renewal goes to the doctor at once.
HANDLING = Handling(
    "refill", N_("续方配药"), RefillForm, "provider",
    check=lambda f: check(f.db, f.elder, f.form, f.settings),
    book=lambda f: book(f.db, f.request, f.elder, f.form, f.providers, f.settings, f.actor, rx=f.found),
    usual_failure=("needs_visit", "这次没有续上药，医生要先看看您，话务员会打电话帮您约医院复诊。"),
    release=lambda _db, req, providers: release(req, providers))
