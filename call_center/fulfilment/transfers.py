"""康复出院用车 (discharge transport) through 962120 and other transfer platforms.

seed 000 §三(二)2(3): the elder asks from any terminal and the call centre 代为预约"962120"
康复出院转运车或其他转运车辆接送 — here it books the car for the day, from the hospital to the
elder's home, with the kind of car their way of travelling needs (a seat, a wheelchair lift, a
stretcher); 962120 first, another transfer platform when it has none. None anywhere: the
request fails with 暂时没有转运车 and an agent follows up; every platform down: nothing is
written (503).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session


from .. import lifecycle
from ..clock import local
from ..config import Settings
from ..errors import ApiError
from ..models import Elder, Hospital, ServiceRequest
from ..providers import NoVehicleAvailable, Providers, TransferOrder
from ..schemas.service_requests import DischargeForm
from ..service_area import check_address
from ..speech_text import when_words
from ..unit_of_work import on_rollback
from . import notices
from .ahead import booked_already, check_ahead, wall_time
from .fallback import cancel_booking, first_to_serve
from .handling import Handling
from ..message_words import N_

NONE_FREE_MESSAGE = "这个时间暂时没有空闲的转运车，话务员会尽快打电话和您商量。"
# The transfer desk needs notice to send a crew; at most two weeks ahead.
LEAD = timedelta(hours=3)
LATEST_DAYS_AHEAD = 14


def check_pickup_time(pickup_time: "datetime | str | None") -> None:
    check_ahead(pickup_time, "pickup_time", LEAD, LATEST_DAYS_AHEAD, "转运车",
                "离接人时间不到三小时，来不及派转运车了，请选以后的时间，或者请人工帮您。")


def check(db: Session, elder: Elder, form: DischargeForm, settings: Settings,
          request_id: str | None = None) -> Hospital:
    """Everything that can be refused before a platform is asked (404 / 422 / 409)."""
    hospital = db.get(Hospital, form.hospital_id)
    if hospital is None:
        raise ApiError("not_found", "没有找到这家医院。", fields={"form.hospital_id": "没有这家医院。"})
    check_pickup_time(form.pickup_time)
    verdict = check_address(elder.home_address, settings.service_area_districts)
    if not verdict.ok:
        raise ApiError("outside_service_area", verdict.reason, fields={"form.hospital_id": verdict.reason})
    if booked_already(db, elder.id, "discharge_transport", "pickup_time", form.pickup_time,
                      request_id):
        raise ApiError("already_booked", "这个时间已经约过出院用车了。",
                       fields={"form.pickup_time": "已经约过这个时间的车了。"})
    return hospital


def book(db: Session, req: ServiceRequest, elder: Elder, form: DischargeForm, providers: Providers,
         settings: Settings, actor: str, hospital: Hospital | None = None) -> None:
    hospital = hospital or check(db, elder, form, settings, request_id=req.id)
    if req.status == "submitted":
        lifecycle.move(req, "accepted", "system", "系统已受理")
    if req.status == "accepted":
        lifecycle.move(req, "in_progress", "system", f"正在向{providers.transfers[0].name}预约转运车")
    pickup = wall_time(form.pickup_time)
    assert pickup is not None
    order = TransferOrder(
        patient_name=elder.name, patient_phone=form.phone or elder.phone, mobility=form.mobility,
        pickup_time=pickup, pickup_address=f"{hospital.name}（{hospital.address}）",
        destination_address=elder.home_address, reference=req.id)
    asked = first_to_serve(providers.transfers, lambda platform: platform.order(order), NoVehicleAvailable,
                           "没有空闲的转运车")
    req.form = form.model_dump(mode="json")
    transfer = asked.answer
    if transfer is None:
        if not asked.none_free:
            raise ApiError("provider_unavailable",
                           "转运平台暂时联系不上，请稍后再试，或者请人工帮您约车。")
        lifecycle.fail(req, "system", "no_vehicle", NONE_FREE_MESSAGE, "；".join(asked.notes))
        notices.status_message(db, req, elder, "暂时没有约到转运车", NONE_FREE_MESSAGE, actor)
        return
    platform = providers.transfer(transfer.provider)
    if platform is not None:
        on_rollback(lambda: platform.cancel(transfer.booking_ref))
    req.provider = transfer.provider
    req.booking_ref = transfer.booking_ref
    req.result = {
        "provider": transfer.provider,
        "booking_ref": transfer.booking_ref,
        "plate": transfer.plate,
        "vehicle": transfer.vehicle,
        "crew_phone": transfer.crew_phone,  # in full: the ward rings the crew
        "mobility": form.mobility,
        "hospital_id": hospital.id,
        "hospital_name": hospital.name,
        "pickup_address": order.pickup_address,
        "pickup_time": local(pickup).isoformat(timespec="seconds"),
        "destination_address": elder.home_address,
        "destination_place": "home",
    }
    note = f"{transfer.provider}已派车 {transfer.plate}"
    if asked.notes:
        note = "；".join(asked.notes) + "；已转" + note
    lifecycle.move(req, "confirmed", f"provider:{transfer.provider}", note)
    notices.transfer_reminders(db, req, elder, pickup)
    notices.status_message(
        db, req, elder, "出院用车已约好",
        f"{when_words(pickup)}，{transfer.vehicle}到{hospital.name}接您回家，车牌{transfer.plate}。", actor)


def release(req: ServiceRequest, providers: Providers) -> None:
    if not req.booking_ref or not req.provider:
        return
    platform = providers.transfer(req.provider)
    if platform is not None:
        cancel_booking(platform, req.booking_ref)


HANDLING = Handling(
    "discharge_transport", N_("出院用车"), DischargeForm, "provider",
    given_times=lambda db, form: check_pickup_time(form.get("pickup_time")),
    check=lambda f: check(f.db, f.elder, f.form, f.settings),
    book=lambda f: book(f.db, f.request, f.elder, f.form, f.providers, f.settings, f.actor, hospital=f.found),
    usual_failure=("no_transfer", "这个时间暂时约不到转运车，话务员会再打电话和您商量别的时间。"),
    release=lambda _db, req, providers: release(req, providers))
