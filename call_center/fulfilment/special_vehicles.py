"""特殊用车 (special vehicles) through 上下楼接送 and 无障碍福祉车 operators.

seed 000 §三(二)2(4): 引导企业开展上下楼接送及无障碍福祉车出行服务. The elder asks from any
terminal for the car her way of travelling needs (a seat, a wheelchair lift, a stretcher) and,
where she cannot manage the stairs, staff to carry her down and up with a stair-climbing chair
(上下楼接送); for a two-hour window on a later day; from home (or where she says) to a hospital or another address
in the service area, with or without a family member. The operators are asked in order; the
first with a car answers with its car, driver, the half hour it comes within and its fare —
the price on the operator's own list, paid to the operator on the day: the centre adds nothing
and takes nothing. None anywhere: the request fails with a kind sentence and an agent follows
up; every operator down: nothing is written (503).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from .. import lifecycle
from ..clock import local
from ..config import Settings
from ..errors import ApiError
from ..models import Elder, ServiceRequest
from ..providers import NoVehicleAvailable, Providers, SpecialVehicleOrder
from ..schemas.service_requests import SpecialVehicleForm
from ..service_area import check_trip
from ..speech_text import clock_words, when_words
from ..unit_of_work import on_rollback
from . import notices
from .ahead import booked_already, check_ahead, wall_time
from .fallback import cancel_booking, first_to_serve
from .handling import Handling
from .places import hospital_at, place_fields
from .visits import arrive_by, check_in_time, visit_served
from ..message_words import N_

NONE_FREE_MESSAGE = "这个时间暂时没有空闲的福祉车，话务员会尽快打电话和您商量。"
# The elder picks the start of a two-hour window (the spec's pickup_time offers 8:00 and 13:00
# with ``window: 120``); the operator answers with a half hour inside it.
WINDOW = timedelta(hours=2)
# Staff with a stair-climbing chair are sent out by the day's roster: four hours' notice, at
# most two weeks ahead.
LEAD = timedelta(hours=4)
LATEST_DAYS_AHEAD = 14


def check_pickup_time(pickup_time: "datetime | str | None") -> None:
    check_ahead(pickup_time, "pickup_time", LEAD, LATEST_DAYS_AHEAD, "特殊用车",
                "离接您的时间不到四小时，来不及安排车和人手了，请选以后的时间，或者请人工帮您。")


def check(db: Session, elder: Elder, form: SpecialVehicleForm, settings: Settings,
          request_id: str | None = None) -> None:
    """Everything that can be refused before an operator is asked (422 / 409)."""
    check_trip(form.pickup_address, form.destination_address, settings.service_area_districts)
    if form.pickup_address.strip() == form.destination_address.strip():
        raise ApiError("validation_error", fields={"form.destination_address": "上车地点和目的地是同一个地方。"})
    check_pickup_time(form.pickup_time)
    start = wall_time(form.pickup_time)
    if start is not None:
        # The car may come as late as the window's end: that must still make the visit.
        check_in_time(visit_served(db, elder.id, start, form.destination_address), start + WINDOW,
                      "pickup_time", carry=form.stairs == "carry", what="特殊用车")
    if booked_already(db, elder.id, "special_vehicle", "pickup_time", form.pickup_time, request_id):
        raise ApiError("already_booked", "这个时间已经约过特殊用车了。",
                       fields={"form.pickup_time": "已经约过这个时间的车了。"})


def book(db: Session, req: ServiceRequest, elder: Elder, form: SpecialVehicleForm, providers: Providers,
         settings: Settings, actor: str, checked: bool = False) -> None:
    if not checked:
        check(db, elder, form, settings, request_id=req.id)
    if req.status == "submitted":
        lifecycle.move(req, "accepted", "system", "系统已受理")
    if req.status == "accepted":
        lifecycle.move(req, "in_progress", "system", f"正在向{providers.special_vehicles[0].name}约车")
    start = wall_time(form.pickup_time)
    assert start is not None
    order = SpecialVehicleOrder(
        passenger_name=elder.name, passenger_phone=form.phone or elder.phone, mobility=form.mobility,
        carry=form.stairs == "carry",
        window_start=start, window_end=start + WINDOW, pickup_address=form.pickup_address,
        destination_address=form.destination_address, companions=1 if form.companion == "family" else 0,
        reference=req.id)
    asked = first_to_serve(providers.special_vehicles, lambda operator: operator.order(order), NoVehicleAvailable,
                           "没有空闲的福祉车")
    req.form = form.model_dump(mode="json")
    trip = asked.answer
    if trip is None:
        if not asked.none_free:
            raise ApiError("provider_unavailable", "用车平台暂时联系不上，请稍后再试，或者请人工帮您约车。")
        lifecycle.fail(req, "system", "no_vehicle", NONE_FREE_MESSAGE, "；".join(asked.notes))
        notices.status_message(db, req, elder, "暂时没有约到特殊用车", NONE_FREE_MESSAGE, actor)
        return
    operator = providers.special_vehicle(trip.provider)
    if operator is not None:
        on_rollback(lambda: operator.cancel(trip.booking_ref))
    hospital = hospital_at(db, form.destination_address)
    visit = visit_served(db, elder.id, start, form.destination_address)
    req.provider = trip.provider
    req.booking_ref = trip.booking_ref
    req.result = {
        "provider": trip.provider,
        "booking_ref": trip.booking_ref,
        "mobility": form.mobility,
        "stairs": form.stairs,
        "vehicle": trip.vehicle,
        "plate": trip.plate,
        "driver_name": trip.driver_name,
        "driver_phone": trip.driver_phone,  # in full: she rings the driver
        "pickup_time": local(trip.pickup_from).isoformat(timespec="seconds"),
        "pickup_until": local(trip.pickup_until).isoformat(timespec="seconds"),
        # At the destination at the latest: the car's latest pickup, the stairs and the trip.
        "arrive_by": local(arrive_by(trip.pickup_until, form.stairs == "carry")).isoformat(timespec="seconds"),
        "visit_start": local(visit.start).isoformat(timespec="seconds") if visit else None,
        "pickup_address": form.pickup_address,
        "destination_address": form.destination_address,
        **place_fields(db, elder, pickup=form.pickup_address, destination=form.destination_address),
        "destination": hospital.name if hospital else form.destination_address,
        "companion": form.companion,
        "fare_yuan": trip.fare_yuan,
        "fare_basis": trip.fare_basis,
        "stair_aid": trip.stair_aid or None,
    }
    note = f"{trip.provider}已派车 {trip.plate}"
    if asked.notes:
        note = "；".join(asked.notes) + "；已转" + note
    lifecycle.move(req, "confirmed", f"provider:{trip.provider}", note)
    notices.special_vehicle_reminders(db, req, elder, trip.pickup_from)
    notices.status_message(
        db, req, elder, "特殊用车已约好",
        f"{when_words(trip.pickup_from)}到{clock_words(local(trip.pickup_until))}之间，{trip.vehicle}来接您，"
        f"车牌{trip.plate}。", actor)


def release(req: ServiceRequest, providers: Providers) -> None:
    if not req.booking_ref or not req.provider:
        return
    operator = providers.special_vehicle(req.provider)
    if operator is not None:
        cancel_booking(operator, req.booking_ref)


HANDLING = Handling(
    "special_vehicle", N_("特殊用车"), SpecialVehicleForm, "provider",
    given_times=lambda db, form: check_pickup_time(form.get("pickup_time")),
    check=lambda f: check(f.db, f.elder, f.form, f.settings),
    book=lambda f: book(f.db, f.request, f.elder, f.form, f.providers, f.settings, f.actor, checked=f.checked),
    usual_failure=("no_special_vehicle", "这个时间暂时约不到福祉车，话务员会再打电话和您商量别的时间。"),
    release=lambda _db, req, providers: release(req, providers))
