"""Booked trips followed to their end: a taxi, a companion (陪诊), a discharge car or a special
vehicle moves from 已确认 to 已完成 when its platform says the trip is over.

A confirmed trip stayed confirmed for ever: it sat among her open requests, and 回访 (seed 000
§三(一)1: 回访; call_center/satisfaction/visits.py) never asked how it went, since it asks only
about what was completed. Each platform is asked once the trip should have begun; one that cannot
vouch for a trip hours after it began (a reference it does not know, an order closed by phone)
makes a care task, and an agent finds out and closes the request from the console.

The platforms are asked with no transaction open, as the refill follow-up asks its own; a request
is changed only if it is still confirmed when the answer comes.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import select

from .. import lifecycle
from ..care_tasks import create_task
from ..clock import local, now
from ..db import Database
from ..models import ServiceRequest
from ..models.periodic_runs import claim_turn
from ..providers import Providers
from ..providers.base import ProviderDown, TripEnd
from ..speech_text import when_words
from .ahead import wall_time

log = logging.getLogger(__name__)

# Per service: the result field its trip starts at, and its platform by name.
Platform = Callable[[Providers, str], object]
TRIPS: dict[str, tuple[str, Platform]] = {
    "taxi": ("pickup_time", lambda p, name: p.ride(name)),
    "escort": ("meet_time", lambda p, name: p.escort if p.escort.name == name else None),
    "discharge_transport": ("pickup_time", lambda p, name: p.transfer(name)),
    "special_vehicle": ("pickup_time", lambda p, name: p.special_vehicle(name)),
}
ASK_AFTER = timedelta(minutes=30)  # after the start: a trip not yet begun is not asked about
UNVOUCHED_AFTER = timedelta(hours=6)  # after the start, and still not over: an agent finds out
EVERY = timedelta(minutes=5)
ACTOR = "system:trip_ends"


def follow_up(database: Database, providers: Providers, at: datetime | None = None) -> int:
    """Ask about every confirmed trip that should have begun; returns how many were completed."""
    at = at or now()
    with database.reading() as db:
        booked = [(r.id, r.service, r.provider or "", r.booking_ref or "", dict(r.result or {}))
                  for r in db.scalars(select(ServiceRequest).where(
                      ServiceRequest.service.in_(tuple(TRIPS)), ServiceRequest.status == "confirmed"))]
    done = 0
    for request_id, service, provider, ref, result in booked:
        key, platform_of = TRIPS[service]
        start = wall_time(result.get(key))
        if start is None or at < start + ASK_AFTER:
            continue
        platform = platform_of(providers, provider)
        try:
            end = platform.trip(ref) if platform is not None and ref else TripEnd("unknown")  # type: ignore[attr-defined]
        except ProviderDown as exc:
            log.info("trip %s: %s, asked again at the next sweep", request_id, exc)
            continue
        if end.state == "done":
            done += _completed(database, request_id, provider, end.at or at)
        elif at >= start + UNVOUCHED_AFTER:
            _ask_an_agent(database, request_id, provider, start, at)
    return done


def _completed(database: Database, request_id: str, provider: str, ended: datetime) -> int:
    with database.writing() as db:
        req = db.get(ServiceRequest, request_id, with_for_update=True)
        if req is None or req.status != "confirmed":
            return 0  # cancelled or closed meanwhile
        lifecycle.move(req, "completed", f"provider:{provider}"[:48], f"行程已结束：{when_words(local(ended))}")
        db.commit()
    return 1


def _ask_an_agent(database: Database, request_id: str, provider: str, start: datetime, at: datetime) -> None:
    with database.writing() as db:
        req = db.get(ServiceRequest, request_id)
        if req is None or req.status != "confirmed":
            return
        create_task(db, f"trip_end:{request_id}", req.elder_id, "follow_up", "行程是否结束待核实",
                    f"{provider or '平台'}没有说这趟行程（{when_words(local(start))}出发）已经结束。"
                    f"请向平台或老人核实，然后在请求里完成或取消它。", at, at, ACTOR)
        db.commit()


def sweep_for(database: Database, providers: Providers) -> Callable[[], int]:
    """The follow-up as the worker runs it: every few minutes, by one worker of all processes
    and nodes each turn (:func:`claim_turn`, as 回访)."""
    def follow_up_trips() -> int:
        moment = now()
        if not claim_turn(database, "trip_ends", EVERY, moment):
            return 0  # another worker's turn, or not yet time
        return follow_up(database, providers, moment)
    return follow_up_trips
