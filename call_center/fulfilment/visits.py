"""Trips toward a booked hospital visit: when the car (or the companion) must come so that she
is at the hospital in time, and which trips go to which visit.

A car booked to take her to a visit serves it: a taxi, a 特殊用车, a 陪诊 for that visit. Its
pickup (the end of its window: the car may come as late as that) must leave room for the stairs
(上下楼接送: staff carry her down with a stair-climbing chair), the trip, and the half hour the
hospital asks her to be early (the slip's 请提前30分钟到达). A visit cancelled leaves nothing
coming for it unsaid: :func:`trips_for` finds what is linked to it (seed 000 §三(一)2: the centre
books the registration and the car together, so it answers for both).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import lifecycle
from .. import message_words as mw
from ..message_words import N_
from ..clock import local
from ..errors import ApiError
from ..models import ServiceRequest
from ..speech_text import clock_words, when_words
from .ahead import wall_time
from .registration import ARRIVE_MINUTES_EARLY

# At the hospital this long before the visit (what the registration slip asks of her).
ARRIVE_EARLY = timedelta(minutes=ARRIVE_MINUTES_EARLY)
# The trip itself, an estimate for a ride inside the city's service area (no route service).
TRAVEL = timedelta(minutes=30)
# Staff bringing her down the stairs with a stair-climbing chair and into the car.
CARRY = timedelta(minutes=30)
# A trip whose pickup is this long or less before a visit at the hospital it goes to serves
# that visit (a morning car for an afternoon visit at the same hospital is not for it).
SERVES_WITHIN = timedelta(hours=6)
# The services that take her to a visit, and what each keeps as the moment it comes for her.
TRIPS = {"taxi": "pickup_time", "special_vehicle": "pickup_time", "escort": "visit_time"}
TRIP_WORDS = {"taxi": N_("出租车"), "special_vehicle": N_("特殊用车"), "escort": N_("陪诊")}


def before_visit(carry: bool = False) -> timedelta:
    """How long before a visit the car must have come for her, at the latest."""
    return ARRIVE_EARLY + TRAVEL + (CARRY if carry else timedelta(0))


def arrive_by(pickup_until: datetime, carry: bool = False) -> datetime:
    """When a car that comes for her by ``pickup_until`` has her at the destination, at the latest."""
    return pickup_until + TRAVEL + (CARRY if carry else timedelta(0))


@dataclass(frozen=True)
class Visit:
    request: ServiceRequest
    start: datetime

    @property
    def words(self) -> str:
        """12月7日（星期一）上午10点 上海市第六人民医院心内科 — the visit, as she would name it."""
        res = self.request.result or {}
        return f"{when_words(self.start)}{res.get('hospital_name', '')}{res.get('department_name', '')}"


def _visits(db: Session, elder_id: str) -> list[Visit]:
    reqs = db.scalars(select(ServiceRequest).where(
        ServiceRequest.elder_id == elder_id, ServiceRequest.service == "registration",
        ServiceRequest.status.in_(lifecycle.OPEN)))
    return [Visit(r, start) for r in reqs if (start := wall_time((r.result or {}).get("start"))) is not None]


def _at(visit: Visit, address: str | None = None, hospital_id: str | None = None) -> bool:
    res = visit.request.result or {}
    if hospital_id is not None:
        return res.get("hospital_id") == hospital_id
    return bool(address) and res.get("hospital_address") == (address or "").strip()


def visit_served(db: Session, elder_id: str, moment: datetime | None, address: str | None = None,
                 hospital_id: str | None = None, also: ServiceRequest | None = None) -> Visit | None:
    """The elder's booked visit a trip to ``address`` (or ``hospital_id``) coming at ``moment``
    is for: at that hospital, starting at or after ``moment`` and within :data:`SERVES_WITHIN`;
    ``also``: a registration counted though it is no longer open (the one being cancelled)."""
    if moment is None:
        return None
    candidates = _visits(db, elder_id)
    start = wall_time(((also.result or {}) if also is not None else {}).get("start"))
    if also is not None and start is not None and all(v.request.id != also.id for v in candidates):
        candidates.append(Visit(also, start))
    ahead = [v for v in candidates if _at(v, address, hospital_id)
             and moment <= v.start <= moment + SERVES_WITHIN]
    return min(ahead, key=lambda v: v.start, default=None)


def check_in_time(visit: Visit | None, comes_by: datetime, field: str, carry: bool = False,
                  what: str = "车") -> None:
    """A trip for ``visit`` whose car may come as late as ``comes_by`` must still get her there
    in time: refused (422 ``too_late_for_visit``) with the latest time that does."""
    if visit is None:
        return
    latest = visit.start - before_visit(carry)
    if comes_by <= latest:
        return
    day = local(visit.start)
    raise ApiError("too_late_for_visit",
                   f"这个时间来接，赶不上{day.month}月{day.day}日{clock_words(visit.start)}看病，"
                   f"{what}最晚{clock_words(latest)}要来接您，请选早一点的时间。",
                   fields={f"form.{field}": f"要赶上{visit.words}，最晚{clock_words(latest)}来接。"})


def _trip_visit(db: Session, trip: ServiceRequest, also: ServiceRequest | None = None) -> Visit | None:
    form, res = trip.form or {}, trip.result or {}
    if trip.service == "escort":  # the companion's visit time is the visit's own
        return visit_served(db, trip.elder_id, wall_time(form.get("visit_time")), hospital_id=form.get("hospital_id"),
                            also=also)
    asked = form.get("pickup_time")
    moment = wall_time(res.get("pickup_time")) or (
        local(trip.created_at) if asked in (None, "now") else wall_time(asked))
    return visit_served(db, trip.elder_id, moment, address=form.get("destination_address"), also=also)


def trips_for(db: Session, registration: ServiceRequest) -> list[ServiceRequest]:
    """The open taxis, 特殊用车 and 陪诊 going to this registration's visit (open, or just
    cancelled: what is still coming for it), in the order they were booked."""
    if registration.service != "registration":
        return []
    trips = db.scalars(select(ServiceRequest).where(
        ServiceRequest.elder_id == registration.elder_id, ServiceRequest.service.in_(tuple(TRIPS)),
        ServiceRequest.status.in_(lifecycle.OPEN)))
    linked = []
    for trip in trips:
        visit = _trip_visit(db, trip, also=registration)
        if visit is not None and visit.request.id == registration.id:
            linked.append(trip)
    return sorted(linked, key=lambda t: t.created_at)


def trip_words(trip: ServiceRequest) -> str:
    """出租车（车牌沪A·12345，上午8点30分来接） — a trip to a visit as she would recognise it; the
    day is the visit's, said beside it (去这次看病的…), so only the time is said."""
    return mw.chinese(trip_sentence(trip))


def trip_sentence(trip: ServiceRequest) -> mw.Words:
    """:func:`trip_words` as structured words: what a request's ``linked`` carries beside them,
    so a screen in another language names the trip in it (shared_ui.message_words.trip)."""
    return mw.said("{trip}", trip=trip_said(trip))


def trip_said(trip: ServiceRequest) -> dict:
    """:func:`trip_words` as a parameter of structured words (call_center/message_words.py)."""
    res, form = trip.result or {}, trip.form or {}
    name = mw.word(TRIP_WORDS[trip.service]) if trip.service in TRIP_WORDS else mw.as_written(trip.service)
    if trip.service == "escort":
        meet = wall_time(res.get("meet_time"))
        who = res.get("companion_name")
        bits = [mw.clause(mw.said(N_("陪诊员{name}"), name=mw.as_written(who))) if who else mw.nothing(),
                mw.clause(mw.said(N_("{clock}见面"), clock=mw.clock(meet))) if meet else mw.nothing()]
    else:
        asked = form.get("pickup_time")
        when = wall_time(res.get("pickup_time")) or (wall_time(asked) if asked not in (None, "now") else None)
        bits = [mw.clause(mw.said(N_("车牌{plate}"), plate=mw.as_written(res["plate"]))) if res.get("plate")
                else mw.nothing(),
                mw.clause(mw.said(N_("{clock}来接"), clock=mw.clock(when))) if when else mw.nothing()]
    detail = mw.joined(bits, "，")
    if detail == mw.nothing():
        return name
    return mw.clause(mw.said(N_("{name}（{detail}）"), name=name, detail=detail))


def visits_that_day(db: Session, elder_id: str, hospital_id: str, moment: datetime) -> list[Visit]:
    """Her open visits at ``hospital_id`` on ``moment``'s day, soonest first."""
    day = local(moment).date()
    return sorted((v for v in _visits(db, elder_id) if _at(v, hospital_id=hospital_id)
                   and local(v.start).date() == day), key=lambda v: v.start)
