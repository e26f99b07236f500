"""A car (or a companion) booked toward a hospital visit gets her there in time: no pickup window
ends after the latest moment that still makes the visit — its start less the half hour early the
slip asks for, the trip and, carried down the stairs, the stair-climbing chair's time. Generated
over the booked visit's times and every way of travelling; the same class for a taxi and 陪诊."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest

from call_center.clock import now
from call_center.fulfilment import visits

from .conftest import Api, assert_error, escort_body, special_vehicle_body, taxi_body

WAYS = [("seated", "self"), ("seated", "carry"), ("wheelchair", "self"), ("wheelchair", "carry"),
        ("stretcher", "carry")]
HALF = timedelta(minutes=30)


def _visits(tv: Api, count: int) -> list[dict]:
    """``count`` booked visits of the favourite department on different days, at least a day ahead."""
    booked, days = [], set()
    for slot in tv.favourite_slots():
        start = datetime.fromisoformat(slot["start"])
        if slot["remaining"] <= 0 or start.date() in days or start < now() + timedelta(days=1):
            continue
        r = tv.book(slot)
        assert r.status_code == 201, r.get_data(as_text=True)
        booked.append(r.get_json())
        days.add(start.date())
        if len(booked) == count:
            break
    assert len(booked) == count
    return booked


def test_before_a_visit_is_the_early_half_hour_the_trip_and_the_stairs():
    assert visits.before_visit() == timedelta(minutes=60)
    assert visits.before_visit(carry=True) == timedelta(minutes=90)


@pytest.mark.parametrize("stairs", ["self", "carry"])
def test_the_spec_offers_windows_the_centre_takes(stairs):
    """The spec's numbers for the form's first window are the centre's (one rule, two places)."""
    from shared_ui.spec import load_spec

    spec = load_spec()
    fld = next(f for f in spec.forms["special_vehicle"].fields if f.id == "pickup_time")
    params = fld.source.params
    before = int(params["before"].removeprefix("value:")) + (
        int(params["carry"].removeprefix("value:")) if stairs == "carry" else 0)
    assert timedelta(minutes=before) == visits.before_visit(stairs == "carry")
    taxi = next(f for f in spec.forms["taxi"].fields if f.id == "pickup_time")
    assert timedelta(minutes=int(taxi.source.params["before"].removeprefix("value:"))) == visits.before_visit()


def test_every_special_vehicle_toward_a_visit_gets_her_there_in_time(tv: Api):
    """Over booked visits, ways of travelling and window starts from four hours before the visit
    to the visit itself: each is refused (too late, naming the latest time) or booked with the
    car at her door, and at the hospital, in time."""
    hospitals = {h["id"]: h for h in tv.get("/v1/catalog/hospitals").get_json()}
    tried = refused = 0
    for visit in _visits(tv, 2):
        start = datetime.fromisoformat(visit["result"]["start"])
        address = hospitals[visit["result"]["hospital_id"]]["address"]
        for (mobility, stairs), back in itertools.product(WAYS, range(0, 9)):
            window = start - HALF * (8 - back)  # 4 h before the visit .. the visit itself
            if window < now() + timedelta(hours=4):
                continue
            tried += 1
            body = special_vehicle_body(tv, mobility=mobility, stairs=stairs, pickup_time=window.isoformat(),
                                        destination_address=address)
            r = tv.post("/v1/requests", body)
            latest = start - visits.before_visit(stairs == "carry")
            if window + timedelta(hours=2) > latest:
                error = assert_error(r, 422, "too_late_for_visit")
                assert "赶不上" in error["message"]
                assert f"{latest.hour if latest.hour <= 12 else latest.hour - 12}点" in error["fields"]["form.pickup_time"]
                refused += 1
                continue
            assert r.status_code == 201, r.get_data(as_text=True)
            req = r.get_json()
            res = req["result"]
            until = datetime.fromisoformat(res["pickup_until"])
            assert until <= latest
            assert datetime.fromisoformat(res["arrive_by"]) <= start - timedelta(minutes=30)
            assert res["visit_start"] == visit["result"]["start"]
            assert tv.post(f"/v1/requests/{req['id']}/cancel").status_code == 200
    assert tried and refused and refused < tried


def test_a_special_vehicle_elsewhere_or_after_the_visit_is_not_held_to_it(tv: Api):
    visit = _visits(tv, 1)[0]
    start = datetime.fromisoformat(visit["result"]["start"])
    late = start - timedelta(hours=1)  # a window that would miss the visit ...
    if late < now() + timedelta(hours=4):
        pytest.skip("the visit is too soon for a car")
    elsewhere = tv.post("/v1/requests", special_vehicle_body(  # ... going somewhere else
        tv, pickup_time=late.isoformat(), destination_address="上海市长宁区天山路345号 天山社区文化活动中心"))
    assert elsewhere.status_code == 201 and elsewhere.get_json()["result"]["visit_start"] is None


def test_the_special_vehicle_result_says_when_she_is_delivered(tv: Api):
    """最晚来接 is the car at her door, 最晚送到 at the hospital — never a bare 最晚到."""
    from shared_ui.confirmation import render_facts
    from shared_ui.spec import load_spec

    visit = _visits(tv, 1)[0]
    start = datetime.fromisoformat(visit["result"]["start"])
    hospitals = {h["id"]: h for h in tv.get("/v1/catalog/hospitals").get_json()}
    window = start - visits.before_visit(True) - timedelta(hours=2)
    if window < now() + timedelta(hours=4):
        pytest.skip("the visit is too soon for a car")
    req = tv.post("/v1/requests", special_vehicle_body(
        tv, pickup_time=window.isoformat(),
        destination_address=hospitals[visit["result"]["hospital_id"]]["address"])).get_json()
    labels = [f.label for f in render_facts(load_spec(), req)]
    assert "最晚到" not in labels
    assert {"最晚来接", "最晚送到", "看病时间"} <= set(labels)


@pytest.mark.parametrize("minutes_before", [90, 60, 45, 30, 0])
def test_a_taxi_booked_toward_a_visit_comes_early_enough(tv: Api, minutes_before):
    visit = _visits(tv, 1)[0]
    start = datetime.fromisoformat(visit["result"]["start"])
    body = taxi_body(tv.demo, pickup_time=(start - timedelta(minutes=minutes_before)).isoformat(),
                     destination_address=visit["result"]["hospital_address"])
    r = tv.post("/v1/requests", body)
    if minutes_before >= 60:
        assert r.status_code == 201, r.get_data(as_text=True)
    else:
        error = assert_error(r, 422, "too_late_for_visit")
        assert "form.pickup_time" in error["fields"]


@pytest.mark.parametrize("meet", ["home", "hospital"])
def test_an_escort_meets_her_before_the_visit(tv: Api, meet):
    visit = _visits(tv, 1)[0]
    start = datetime.fromisoformat(visit["result"]["start"])
    req = tv.post("/v1/requests", escort_body(tv, hospital_id=visit["result"]["hospital_id"],
                                             visit_time=start.isoformat(), meet=meet)).get_json()
    meet_time = datetime.fromisoformat(req["result"]["meet_time"])
    assert meet_time <= start - (visits.before_visit() if meet == "home" else timedelta(minutes=15))


# -- a visit cancelled ------------------------------------------------------------------------
def _trips_to(tv: Api, visit: dict) -> dict[str, dict]:
    """A taxi, a 特殊用车 and a 陪诊 to ``visit``, each in time for it."""
    start = datetime.fromisoformat(visit["result"]["start"])
    address = visit["result"]["hospital_address"]
    made = {
        "taxi": tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=(start - timedelta(minutes=90)).isoformat(),
                                                  destination_address=address)),
        "special_vehicle": tv.post("/v1/requests", special_vehicle_body(
            tv, pickup_time=(start - timedelta(hours=4)).isoformat(), destination_address=address)),
        "escort": tv.post("/v1/requests", escort_body(tv, hospital_id=visit["result"]["hospital_id"],
                                                      visit_time=start.isoformat())),
    }
    for service, r in made.items():
        assert r.status_code == 201 and r.get_json()["status"] == "confirmed", (service, r.get_data(as_text=True))
    return {service: r.get_json() for service, r in made.items()}


def test_a_visit_lists_the_trips_going_to_it_and_cancels_those_named(tv: Api):
    visit, other = _visits(tv, 2)
    trips = _trips_to(tv, visit)
    _trips_to(tv, other)  # another day's trips are another visit's
    linked = tv.get(f"/v1/requests/{visit['id']}").get_json()["linked"]
    assert sorted(t["id"] for t in linked) == sorted(t["id"] for t in trips.values())
    assert {t["service"] for t in linked} == {"taxi", "special_vehicle", "escort"}
    assert all(t["words"] for t in linked)
    # The taxi and the car go with the visit; the companion is kept — and said to be still coming.
    # An id that is not linked to the visit is not cancelled by naming it here.
    also = [trips["taxi"]["id"], trips["special_vehicle"]["id"], "req_not_linked"]
    r = tv.post(f"/v1/requests/{visit['id']}/cancel", {"also": also})
    assert r.status_code == 200, r.get_data(as_text=True)
    answered = r.get_json()
    assert answered["status"] == "cancelled"
    assert [t["id"] for t in answered["linked"]] == [trips["escort"]["id"]]
    status = {s: tv.get(f"/v1/requests/{t['id']}").get_json()["status"] for s, t in trips.items()}
    assert status == {"taxi": "cancelled", "special_vehicle": "cancelled", "escort": "confirmed"}
    said = [m for m in tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
            if m["request_id"] == visit["id"] and m["kind"] == "status" and m["title"] == "挂号已取消"]
    assert len(said) == 1 and "也一起取消了" in said[0]["body"] and "陪诊" in said[0]["body"] \
        and "还约着" in said[0]["body"], said
    # The other visit keeps its trips.
    assert len(tv.get(f"/v1/requests/{other['id']}").get_json()["linked"]) == 3


def test_only_a_registration_has_linked_trips(tv: Api):
    visit = _visits(tv, 1)[0]
    trips = _trips_to(tv, visit)
    assert tv.get(f"/v1/requests/{trips['taxi']['id']}").get_json()["linked"] == []


def test_an_escort_on_a_visit_day_is_for_the_visit_time(tv: Api):
    """A companion booked for 8:30 at the hospital where her number is at 10:00 that day is refused,
    naming the visit's time; at the visit's time, or on a day with no visit there, it is booked."""
    visit = _visits(tv, 1)[0]
    start = datetime.fromisoformat(visit["result"]["start"])
    wrong = start.replace(hour=8 if start.hour != 8 else 13, minute=30)
    error = assert_error(tv.post("/v1/requests", escort_body(tv, hospital_id=visit["result"]["hospital_id"],
                                                            visit_time=wrong.isoformat())), 422, "validation_error")
    assert "挂的号是" in error["fields"]["form.visit_time"]
    right = tv.post("/v1/requests", escort_body(tv, hospital_id=visit["result"]["hospital_id"],
                                               visit_time=start.isoformat()))
    assert right.status_code == 201, right.get_data(as_text=True)


def test_a_trip_whose_platform_is_down_stays_booked_and_the_visit_is_still_cancelled(tv: Api):
    """The visit's number is given back to the hospital first; a taxi platform that then does
    not answer must not undo the visit's cancel here (the hospital has let the number go): the
    visit is cancelled, the taxi stays booked and listed, and her message says to cancel it
    again later — the car that answered goes with the visit."""
    visit = _visits(tv, 1)[0]
    trips = _trips_to(tv, visit)
    providers = tv.app.extensions["onekey"].providers
    for ride in providers.rides:
        ride.down = True
    try:
        r = tv.post(f"/v1/requests/{visit['id']}/cancel",
                    {"also": [trips["taxi"]["id"], trips["special_vehicle"]["id"]]})
    finally:
        for ride in providers.rides:
            ride.down = False
    assert r.status_code == 200, r.get_data(as_text=True)
    answered = r.get_json()
    assert answered["status"] == "cancelled"
    assert sorted(t["id"] for t in answered["linked"]) == sorted([trips["taxi"]["id"], trips["escort"]["id"]])
    status = {s: tv.get(f"/v1/requests/{t['id']}").get_json()["status"] for s, t in trips.items()}
    assert status == {"taxi": "confirmed", "special_vehicle": "cancelled", "escort": "confirmed"}
    said = [m for m in tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
            if m["request_id"] == visit["id"] and m["title"] == "挂号已取消"]
    assert len(said) == 1 and "暂时没能取消" in said[0]["body"] and "也一起取消了" in said[0]["body"], said
    # Tried again once the platform answers, the taxi cancels on its own.
    assert tv.post(f"/v1/requests/{trips['taxi']['id']}/cancel", {}).get_json()["status"] == "cancelled"
