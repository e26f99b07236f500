"""Booked trips followed to their end (call_center/fulfilment/trip_ends.py): every kind of trip a
platform carries out — a taxi, a companion, a discharge car, a special vehicle — is completed when
its platform says it is over, never before it began; then 回访 asks how it went. A trip its platform
cannot vouch for becomes one care task; a platform down is asked again; a trip cancelled meanwhile
stays cancelled."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select

from call_center.fulfilment import trip_ends
from call_center.models import ServiceRequest
from call_center.models.care import CareTask
from call_center.providers import simulated
from call_center.satisfaction import visits as return_visits

from .conftest import Api, discharge_body, escort_body, special_vehicle_body, taxi_body

TOMORROW_TRIPS = {
    "taxi": lambda api: taxi_body(api.demo, pickup_time=_tomorrow_at(9).isoformat()),
    "escort": escort_body,
    "discharge_transport": discharge_body,
    "special_vehicle": special_vehicle_body,
}


def _tomorrow_at(hour: int) -> datetime:
    from call_center.clock import local, now

    return local(now() + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)


def book(api: Api, service: str) -> dict[str, Any]:
    made = api.post("/v1/requests", TOMORROW_TRIPS[service](api), key=uuid.uuid4().hex)
    assert made.status_code == 201, made.get_data(as_text=True)
    req = made.get_json()
    assert req["status"] == "confirmed", req
    return req


def start_of(req: dict[str, Any]) -> datetime:
    key, _ = trip_ends.TRIPS[req["service"]]
    return datetime.fromisoformat(req["result"][key])


def follow_up(app: Any, at: datetime, monkeypatch) -> int:
    """The sweep at ``at``, the platforms' clocks there too."""
    centre = app.extensions["onekey"]
    monkeypatch.setattr(simulated, "_now", lambda: at.astimezone(timezone.utc))
    return trip_ends.follow_up(centre.db, centre.providers, at)


def status(app: Any, req: dict[str, Any]) -> str:
    with app.extensions["onekey"].db.reading() as db:
        return db.get(ServiceRequest, req["id"]).status


def tasks(app: Any, req: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, status, detail) of the care tasks about this trip."""
    with app.extensions["onekey"].db.reading() as db:
        return [(t.kind, t.status, t.detail) for t in db.scalars(
            select(CareTask).where(CareTask.key == f"trip_end:{req['id']}"))]


@pytest.mark.parametrize("service", sorted(TOMORROW_TRIPS))
def test_a_trip_is_completed_once_its_platform_says_it_is_over_and_then_she_is_asked(
        make_center_app, monkeypatch, service):
    app = make_center_app()
    tv = Api(app, "tv_wang")
    req = book(tv, service)
    start = start_of(req)
    for at in (start - timedelta(hours=1), start, start + timedelta(minutes=31)):
        assert follow_up(app, at, monkeypatch) == 0, at  # not begun, or not over yet
        assert status(app, req) == "confirmed"
    assert follow_up(app, start + timedelta(hours=5), monkeypatch) == 1
    done = tv.get(f"/v1/requests/{req['id']}").get_json()
    assert done["status"] == "completed"
    last = done["events"][-1]
    assert last["actor"] == f"provider:{req['result']['provider']}" and "行程已结束" in last["note"]
    assert follow_up(app, start + timedelta(hours=6), monkeypatch) == 0  # once
    assert not tasks(app, req)
    assert return_visits.sweep(app.extensions["onekey"].db) >= 1  # 回访: how did it go?
    asked = [m for m in tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
             if m["request_id"] == req["id"] and m["kind"] == "return_visit"]
    assert len(asked) == 1, asked


def test_a_trip_its_platform_cannot_vouch_for_becomes_one_task_for_an_agent(make_center_app, monkeypatch):
    app = make_center_app()
    tv = Api(app, "tv_wang")
    req = book(tv, "taxi")
    with app.extensions["onekey"].db.writing() as db:
        db.get(ServiceRequest, req["id"]).booking_ref = "SCX-BY-PHONE"  # an order the platform does not know
        db.commit()
    start = start_of(req)
    assert follow_up(app, start + timedelta(hours=2), monkeypatch) == 0
    assert not tasks(app, req)  # it may still be under way
    for hours in (6, 7):
        assert follow_up(app, start + timedelta(hours=hours), monkeypatch) == 0
    ((kind, state, detail),) = tasks(app, req)
    assert kind == "follow_up" and state == "open" and "核实" in detail
    assert status(app, req) == "confirmed"  # an agent closes it


def test_a_platform_down_is_asked_again_and_a_trip_cancelled_meanwhile_stays_cancelled(
        make_center_app, monkeypatch):
    app = make_center_app()
    tv = Api(app, "tv_wang")
    kept, cancelled = book(tv, "escort"), book(tv, "special_vehicle")
    later = max(start_of(kept), start_of(cancelled)) + timedelta(hours=5)
    providers = app.extensions["onekey"].providers
    providers.escort.down = True
    for p in providers.special_vehicles:
        p.down = True
    assert follow_up(app, later, monkeypatch) == 0
    assert status(app, kept) == "confirmed"
    providers.escort.down = False
    for p in providers.special_vehicles:
        p.down = False
    with app.extensions["onekey"].db.writing() as db:  # cancelled by an agent since it was asked
        from call_center import lifecycle

        lifecycle.move(db.get(ServiceRequest, cancelled["id"]), "cancelled", "agent:test", "老人说不去了")
        db.commit()
    assert follow_up(app, later, monkeypatch) == 1
    assert status(app, kept) == "completed" and status(app, cancelled) == "cancelled"


def test_one_worker_of_many_asks_each_turn(make_center_app, monkeypatch):
    """The sweep runs in every worker every half minute; the platforms are asked once a turn."""
    app = make_center_app()
    centre = app.extensions["onekey"]
    asked: list[str] = []
    monkeypatch.setattr(trip_ends, "follow_up", lambda db, providers, at=None: asked.append("x") or 0)
    workers = [trip_ends.sweep_for(centre.db, centre.providers) for _ in range(3)]
    for run in workers:
        run()
    assert asked == ["x"]
