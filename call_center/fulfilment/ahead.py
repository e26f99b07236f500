"""A booked time must lie ahead: not past, not sooner than a platform can send someone, not
beyond how far it books. Checked in every mode, so an agent is never asked to call back about
something already missed."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import lifecycle
from ..clock import SHANGHAI, now
from ..errors import ApiError
from ..models import ServiceRequest


HOURS_WORDS = {1: "一", 2: "两", 3: "三", 4: "四", 6: "六", 12: "十二", 24: "二十四"}


def wall_time(value: "datetime | str | None") -> datetime | None:
    """A form's time; one without an offset is Shanghai time."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


def check_ahead(value: "datetime | str | None", field: str, lead: timedelta, latest_days: int,
                what: str, too_soon: str) -> None:
    """``what``: the thing booked (陪诊, 转运车); ``too_soon``: the sentence for a time inside
    the lead (what to do instead)."""
    moment = wall_time(value)
    if moment is None:
        return
    if moment < now():
        raise ApiError("date_in_past", "这个时间已经过去了，请选以后的时间。",
                       fields={f"form.{field}": "这个时间已经过去了。"})
    if moment < now() + lead:
        hours = HOURS_WORDS[int(lead.total_seconds() // 3600)]
        raise ApiError("date_in_past", too_soon, fields={f"form.{field}": f"{what}要至少提前{hours}小时预约。"})
    if moment > now() + timedelta(days=latest_days):
        raise ApiError("validation_error", fields={f"form.{field}": f"最多只能预约{latest_days}天以内的{what}。"})


# How long after its time a booking still stands in the way of another: the provider's wait (a
# driver, a companion, a crew waits about this long at the door, and comes about this late).
# Past that, a booking not yet closed (nobody marked it done, or it was missed) no longer
# counts as open for refusing a new one: she may need a car home now.
STILL_COMING = timedelta(minutes=15)


def still_stands(moment: "datetime | None", until: timedelta = timedelta(0)) -> bool:
    """The one rule every "already booked" check asks of the open booking it found: does a
    booking for ``moment`` (its provider may come as late as ``moment + until``: a two-hour
    window) still block a new one? Not once its latest time plus :data:`STILL_COMING` has
    passed. ``None`` (no time yet: a call waiting for an agent) stands."""
    return moment is None or moment + until + STILL_COMING >= now()


def booked_already(db: Session, elder_id: str, service: str, field: str,
                   value: "datetime | str | None", request_id: str | None = None,
                   until: timedelta = timedelta(0)) -> bool:
    """Has the elder an open request of ``service`` for the same time (its form's ``field``)
    that still stands (:func:`still_stands`; ``until``: how late after it the provider may
    come)? ``request_id``: the request being booked, which is not a duplicate of itself."""
    wanted = wall_time(value)
    return any(wall_time((other.form or {}).get(field)) == wanted
               and still_stands(wall_time((other.form or {}).get(field)), until) for other in db.scalars(
        select(ServiceRequest).where(
            ServiceRequest.elder_id == elder_id, ServiceRequest.service == service,
            ServiceRequest.status.in_(lifecycle.OPEN), ServiceRequest.id != (request_id or ""))))
