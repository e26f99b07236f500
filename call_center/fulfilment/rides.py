"""Taxi through the ride platform, falling back to a second platform when it has no car.

seed 000 §三(一)2(1): the centre books a cruising taxi through 申程出行 with pickup time,
place, destination, passengers and phone; §三(一)2(2)②: 如无法按时提供车辆，由呼叫中心
联系其他互联网网约车平台. When no platform has a car the request fails with 无车可派 and an
agent follows up; when every platform is down nothing is written (503).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session


from .. import lifecycle
from ..clock import local, now
from ..config import Settings
from ..errors import ApiError
from ..models import Elder, ServiceRequest
from ..providers import NoCarAvailable, Providers, RideOrder
from ..schemas.service_requests import TaxiForm
from ..service_area import check_trip
from ..speech_text import when_words
from ..unit_of_work import on_rollback
from . import notices
from .fallback import cancel_booking, first_to_serve
from .handling import Handling
from .places import place_fields
from .visits import check_in_time, visit_served
from ..message_words import N_

NO_CAR_MESSAGE = "暂时无车可派，话务员会尽快打电话联系您。"
LATEST_DAYS_AHEAD = 7
GRACE = timedelta(minutes=5)
SAME_RIDE = timedelta(minutes=30)


def pickup_moment(form: TaxiForm) -> datetime | None:
    return _moment(form.pickup_time)


def _moment(pickup_time: "datetime | str | None") -> datetime | None:
    """None for "now"; a time without an offset is Shanghai time."""
    if pickup_time is None or pickup_time == "now":
        return None
    moment = pickup_time if isinstance(pickup_time, datetime) else datetime.fromisoformat(pickup_time)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local(now()).tzinfo)
    return moment


def check(db: Session, elder: Elder, form: TaxiForm, settings: Settings,
          request_id: str | None = None) -> None:
    """Everything refused before a platform is asked; ``request_id``: the request being
    booked (an agent's), not a duplicate of itself."""
    check_trip(form.pickup_address, form.destination_address, settings.service_area_districts)
    check_pickup_time(form.pickup_time)
    booked = pickup_moment(form)
    if booked is not None:  # a car called now goes now, whatever the visit's time
        check_in_time(visit_served(db, elder.id, booked, form.destination_address), booked, "pickup_time",
                      what="出租车")
    other = ride_near(db, elder.id, pickup_moment(form) or now(), form.pickup_address, request_id)
    if other is not None:
        plate = (other.result or {}).get("plate")
        when = _moment_of(other)
        raise ApiError(
            "already_booked",
            f"您已经叫了车，车牌{plate}，{when_words(when)}来接您，不用再叫。" if plate else
            "您已经叫了车，话务员正在安排，不用再叫。",
            fields={"form.pickup_time": "这个时间前后已经叫过车了。"})


def ride_near(db: Session, elder_id: str, moment: datetime, pickup_address: str,
              request_id: str | None = None) -> ServiceRequest | None:
    """An open taxi of the elder's from the same door within half an hour of ``moment``: a
    second press (a shaky hand, or the family booking while she does) would send two cars to
    one door. A car to another door (home, while she is at the health station's kiosk) is
    not hers to wait for there."""
    door = _door(pickup_address)
    return next((other for other in db.scalars(select(ServiceRequest).where(
        ServiceRequest.elder_id == elder_id, ServiceRequest.service == "taxi",
        ServiceRequest.status.in_(lifecycle.OPEN), ServiceRequest.id != (request_id or "")))
        if abs(_moment_of(other) - moment) < SAME_RIDE
        and _door(str((other.form or {}).get("pickup_address") or "")) == door), None)


def _door(address: str) -> str:
    """An address as a door: spaces and punctuation are not part of it."""
    return re.sub(r"[\s\W_]+", "", address)


def _moment_of(req: ServiceRequest) -> datetime:
    """When a taxi request's car comes: the booked pickup, else the time asked, else (a car
    called now, not yet booked) when it was asked for."""
    for value in ((req.result or {}).get("pickup_time"), (req.form or {}).get("pickup_time")):
        moment = _moment(value)
        if moment is not None:
            return moment
    return local(req.created_at)


def check_pickup_time(pickup_time: "datetime | str | None") -> None:
    """A time that has passed, or one more than a week ahead, is refused in every mode: in
    call mode too, where the agent would otherwise call back about a ride already missed."""
    moment = _moment(pickup_time)
    if moment is None:
        return
    if moment < now() - GRACE:
        raise ApiError("date_in_past", "用车时间已经过去了，请选以后的时间。",
                       fields={"form.pickup_time": "这个时间已经过去了。"})
    if moment > now() + timedelta(days=LATEST_DAYS_AHEAD):
        raise ApiError("validation_error",
                       fields={"form.pickup_time": f"最多只能预约{LATEST_DAYS_AHEAD}天以内的车。"})


def book(db: Session, req: ServiceRequest, elder: Elder, form: TaxiForm, providers: Providers,
         settings: Settings, actor: str, checked: bool = False) -> None:
    if not checked:
        check(db, elder, form, settings, request_id=req.id)
    if req.status == "submitted":
        lifecycle.move(req, "accepted", "system", "系统已受理")
    first = providers.rides[0]
    if req.status == "accepted":
        lifecycle.move(req, "in_progress", "system", f"正在向{first.name}叫车")
    moment = pickup_moment(form)
    order = RideOrder(
        pickup_address=form.pickup_address, destination_address=form.destination_address,
        pickup_time=moment, passengers=form.passengers, phone=form.phone or elder.phone,
        passenger_name=elder.name, reference=req.id)
    asked = first_to_serve(providers.rides, lambda platform: platform.order(order), NoCarAvailable, "无车可派")
    ride, tried = asked.answer, asked.notes
    req.form = form.model_dump(mode="json")
    if ride is None:
        if not asked.none_free:
            raise ApiError("provider_unavailable", "叫车平台暂时联系不上，请稍后再试，或者请人工帮您叫车。")
        lifecycle.fail(req, "system", "no_car", NO_CAR_MESSAGE, "；".join(tried))
        notices.status_message(db, req, elder, "暂时没有叫到车", NO_CAR_MESSAGE, actor)
        return
    platform_used = providers.ride(ride.provider)
    if platform_used is not None:
        on_rollback(lambda: platform_used.cancel(ride.booking_ref))
    pickup = moment or now() + timedelta(minutes=ride.eta_minutes)
    req.provider = ride.provider
    req.booking_ref = ride.booking_ref
    req.result = {
        "provider": ride.provider,
        "plate": ride.plate,
        "car": ride.car,
        "driver_name": ride.driver_name,
        # The number she must be able to ring (in full: she calls him; channels decide how
        # a public screen shows it — shared_ui/contact_phones.py).
        "driver_phone": ride.driver_phone,
        # How soon the car comes means something only for a car called now: a ride booked for
        # the day after tomorrow that "arrives in 9 minutes" contradicts its own pickup time.
        "eta_minutes": ride.eta_minutes if moment is None else None,
        "pickup_time": local(pickup).isoformat(timespec="seconds"),
        "pickup_address": form.pickup_address,
        "destination_address": form.destination_address,
        **place_fields(db, elder, pickup=form.pickup_address, destination=form.destination_address),
        "passengers": form.passengers,
        "booking_ref": ride.booking_ref,
    }
    note = f"{ride.provider}已派车 {ride.plate}"
    if tried:
        note = "；".join(tried) + "；已转" + note
    lifecycle.move(req, "confirmed", f"provider:{ride.provider}", note)
    notices.taxi_reminder(db, req, elder, pickup)
    notices.status_message(
        db, req, elder, "叫车成功",
        f"{ride.car}，车牌{ride.plate}，"
        + (f"大约{ride.eta_minutes}分钟到。" if moment is None else f"{when_words(pickup)}来接您。"),
        actor)


def release(req: ServiceRequest, providers: Providers) -> None:
    if not req.booking_ref or not req.provider:
        return
    platform = providers.ride(req.provider)
    if platform is not None:
        cancel_booking(platform, req.booking_ref)


HANDLING = Handling(
    "taxi", N_("叫车"), TaxiForm, "provider",
    given_times=lambda db, form: check_pickup_time(form.get("pickup_time")),
    check=lambda f: check(f.db, f.elder, f.form, f.settings),
    book=lambda f: book(f.db, f.request, f.elder, f.form, f.providers, f.settings, f.actor, checked=f.checked),
    usual_failure=("no_car", "这次没有叫到车，话务员会再打电话和您联系。"),
    release=lambda _db, req, providers: release(req, providers))
