"""A booking whose time has passed no longer blocks another (the new-user trial: at 20:38 her
taxi was refused by the 20:05 one, "您已经叫了车…不用再叫", a dead end when she needed a car home).

One rule for every "already booked" check (``ahead.still_stands``): an open booking stands in
the way of a new one until its latest time plus the provider's wait (``STILL_COMING``); past
that it does not. Shown on a moved clock for every service with such a check."""
from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import Callable

import pytest

from call_center import clock
from call_center.clock import SHANGHAI, now
from call_center.fulfilment import ahead, special_vehicles
from call_center.fulfilment.ahead import STILL_COMING, booked_already

from .conftest import (Api, assert_error, discharge_body, escort_body,
                       special_vehicle_body, taxi_body)

REAL_NOW = clock.now


@pytest.fixture
def move_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """Sets the centre's clock to a moment: every module's ``now`` (each imported its own)."""
    modules = [module for name, module in list(sys.modules.items())
               if name.split(".")[0] in ("call_center", "web_front", "miniprogram_api")
               and getattr(module, "now", None) is REAL_NOW]

    def move(to: datetime) -> None:
        for module in modules:
            monkeypatch.setattr(module, "now", lambda: to.astimezone(SHANGHAI))
    return move


def _minutes(m: int) -> timedelta:
    return timedelta(minutes=m)


# Minutes after the booked time (the latest the provider may come) the second booking is made:
# inside the wait it is refused, past it the first no longer counts.
AFTER = [-20, -1, 0, 5, 14, 16, 20, 25, 29]


@pytest.mark.parametrize("after", AFTER)
def test_a_taxi_whose_pickup_has_passed_does_not_block_calling_another(center_app, tv: Api, move_clock, after: int):
    first = tv.post("/v1/requests", taxi_body(tv.demo)).get_json()
    assert first["status"] == "confirmed"
    pickup = datetime.fromisoformat(first["result"]["pickup_time"])
    move_clock(pickup + _minutes(after))
    again = tv.post("/v1/requests", taxi_body(tv.demo))  # a car now, from the same door
    if _minutes(after) <= STILL_COMING:
        error = assert_error(again, 409, "already_booked")
        assert first["result"]["plate"] in error["message"]
    else:
        assert again.status_code == 201, again.get_json()


@pytest.mark.parametrize("after", [16, 20, 29, 45, 120])
def test_a_booked_taxi_long_past_does_not_block_one_called_now(tv: Api, move_clock, after: int):
    """A car booked for 20:05 and never closed (the trial's): at 20:05 + ``after`` minutes a car
    called now, from the same door, is hers; that new one then stands for the next press."""
    pickup = (now() + timedelta(days=1)).replace(hour=20, minute=5, second=0, microsecond=0)
    assert tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=pickup.isoformat())).status_code == 201
    move_clock(pickup + _minutes(after))
    called = tv.post("/v1/requests", taxi_body(tv.demo))
    assert called.status_code == 201, called.get_json()
    assert_error(tv.post("/v1/requests", taxi_body(tv.demo)), 409, "already_booked")


def _free_same_day(tv: Api) -> tuple[dict, dict]:
    """Two free slots of the favourite department on one day, an hour or more apart."""
    free = [s for s in tv.favourite_slots() if s["remaining"] > 0]
    for first in free:
        start = datetime.fromisoformat(first["start"])
        later = [s for s in free if datetime.fromisoformat(s["start"]).date() == start.date()
                 and datetime.fromisoformat(s["start"]) - start >= timedelta(hours=1)]
        if later:
            return first, later[-1]
    raise AssertionError("the demo has a day with two slots an hour apart")


@pytest.mark.parametrize("after", [0, 10, 15, 16, 40])
def test_a_number_whose_time_has_passed_does_not_hold_the_department_for_the_day(tv: Api, move_clock, after: int):
    held, later = _free_same_day(tv)
    assert tv.book(held).status_code == 201
    move_clock(datetime.fromisoformat(held["start"]) + _minutes(after))
    again = tv.book(later)
    if _minutes(after) <= STILL_COMING:
        assert_error(again, 409, "already_booked")
    else:
        assert again.status_code == 201, again.get_json()


# Every service whose check asks booked_already, with its body, its time field and how late
# after that time its provider may come.
TIMED = {
    "escort": (escort_body, "visit_time", timedelta(0)),
    "discharge_transport": (discharge_body, "pickup_time", timedelta(0)),
    "special_vehicle": (special_vehicle_body, "pickup_time", special_vehicles.WINDOW),
}


@pytest.mark.parametrize("service", sorted(TIMED))
@pytest.mark.parametrize("after", [-30, 0, 15, 16, 60, 24 * 60])
def test_every_timed_booking_stops_counting_once_past(center_app, tv: Api, move_clock, service: str, after: int):
    make_body, field, until = TIMED[service]
    body = make_body(tv)
    booked = tv.post("/v1/requests", body)
    assert booked.status_code == 201, booked.get_json()
    moment = datetime.fromisoformat(body["form"][field])
    db = center_app.extensions["onekey"].db
    with db.session(write=False) as s:
        assert booked_already(s, tv.demo.elders["wang"], service, field, moment, until=until)
        move_clock(moment + until + _minutes(after))
        assert booked_already(s, tv.demo.elders["wang"], service, field, moment, until=until) \
            == (_minutes(after) <= STILL_COMING)


def test_still_stands_is_one_rule_on_generated_times(move_clock):
    base = datetime(2026, 12, 6, 20, 38, tzinfo=SHANGHAI)
    move_clock(base)
    for minutes in range(-300, 300, 7):
        for until in (timedelta(0), timedelta(hours=2)):
            moment = base + _minutes(minutes)
            assert ahead.still_stands(moment, until) == (moment + until + STILL_COMING >= base)
    assert ahead.still_stands(None)


# Refusals of a second request that are not about a time: a renewal under review, an application
# being worked have no time to pass.
UNTIMED = {"call_center/fulfilment/refills.py", "call_center/device_applications/applications.py",
           "call_center/elder_services/joint.py", "call_center/errors.py"}


def test_every_already_booked_check_about_a_time_asks_the_one_rule():
    """A new service's duplicate check is found here: it asks ``still_stands`` (directly or
    through ``booked_already``), or it is listed above as not about a time."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    raising = {str(p.relative_to(root)) for p in (root / "call_center").rglob("*.py")
               if '"already_booked"' in p.read_text(encoding="utf-8")}
    assert {"call_center/fulfilment/rides.py", "call_center/fulfilment/registration.py"} <= raising
    for path in sorted(raising - UNTIMED):
        text = (root / path).read_text(encoding="utf-8")
        assert "still_stands" in text or "booked_already(" in text, path
