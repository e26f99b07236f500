"""特殊用车 (seed 000 §三(二)2(4)): 上下楼接送 and 无障碍福祉车 booked with an operator — another
operator when the first has no car, 暂时没有空闲的福祉车 and an agent when none has; every
operator down writes nothing; cancelling before the trip tells the operator; the form is checked."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from call_center.clock import now
from call_center.schemas.service_requests import SpecialVehicleResult

from .conftest import Api, assert_error, row_counts, special_vehicle_body

# (mobility, stairs) -> the car, what the staff bring, the fare on the simulated operator's list
NEEDS = {("seated", "carry"): ("座椅", "履带爬楼机", 160), ("seated", "self"): ("座椅", None, 60),
         ("wheelchair", "carry"): ("轮椅", "履带爬楼机", 180), ("wheelchair", "self"): ("轮椅", None, 80),
         ("stretcher", "carry"): ("担架", None, 220), ("stretcher", "self"): ("担架", None, 220)}


@pytest.mark.parametrize("mobility, stairs", sorted(NEEDS))
def test_the_operator_sends_the_help_asked_for_within_the_window(tv: Api, mobility, stairs):
    body = special_vehicle_body(tv, mobility=mobility, stairs=stairs, companion="family")
    r = tv.post("/v1/requests", body)
    assert r.status_code == 201, r.get_data(as_text=True)
    req = r.get_json()
    assert req["status"] == "confirmed"
    assert [e["status"] for e in req["events"]] == ["submitted", "accepted", "in_progress", "confirmed"]
    result = SpecialVehicleResult.model_validate(req["result"]).model_dump()  # the documented shape
    vehicle, aid, fee = NEEDS[(mobility, stairs)]
    assert result["provider"] == "申城福祉车" and vehicle in result["vehicle"] and result["plate"].startswith("沪")
    assert result["stair_aid"] == aid and (result["mobility"], result["stairs"]) == (mobility, stairs)
    assert result["companion"] == "family"
    assert re.fullmatch(r"1[3-9]\d{9}", result["driver_phone"])  # whole: she rings this number
    asked = datetime.fromisoformat(body["form"]["pickup_time"])
    start, until = datetime.fromisoformat(result["pickup_time"]), datetime.fromisoformat(result["pickup_until"])
    assert asked <= start and until == start + timedelta(minutes=30) and until <= asked + timedelta(hours=2)
    # The fare is the operator's, from its price list, and says so.
    assert result["fare_yuan"] == fee and result["fare_basis"].startswith("申城福祉车价目表：")
    assert result["destination_name"] and result["destination_name"].endswith("医院")
    messages = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
    mine = [m for m in messages if m["request_id"] == req["id"]]
    reminders = [m for m in mine if m["kind"] == "reminder"]
    assert sorted(datetime.fromisoformat(m["due_at"]) for m in reminders)[-1] == start - timedelta(minutes=30)
    assert all(result["plate"] in m["speech"] and "请在家等候" in m["speech"] for m in reminders)
    assert all(("爬楼机" in m["speech"]) == bool(aid) for m in reminders)
    assert any(m["kind"] == "status" and m["title"] == "特殊用车已约好" for m in mine)


def test_an_address_that_is_not_a_hospital_has_no_hospital_name(tv: Api):
    req = tv.post("/v1/requests", special_vehicle_body(
        tv, destination_address="上海市长宁区天山路345号 天山社区文化活动中心")).get_json()
    assert req["status"] == "confirmed" and req["result"]["destination_name"] is None


def test_no_car_at_the_first_operator_goes_to_another(make_center_app):
    api = Api(make_center_app(sim_special_vehicle_none="primary"), "tv_wang")
    req = api.post("/v1/requests", special_vehicle_body(api)).get_json()
    assert req["status"] == "confirmed" and req["result"]["provider"] == "助行无障碍出行"
    assert "申城福祉车：没有空闲的福祉车" in req["events"][-1]["note"]
    assert "助行无障碍出行价目表" in req["result"]["fare_basis"]


def test_no_car_anywhere_fails_kindly_and_an_agent_follows_up(make_center_app):
    api = Api(make_center_app(sim_special_vehicle_none="all"), "tv_wang")
    req = api.post("/v1/requests", special_vehicle_body(api)).get_json()
    assert req["status"] == "failed" and req["result"] is None
    assert req["failure"]["code"] == "no_vehicle" and "话务员" in req["failure"]["message"]
    assert req["events"][-1]["note"] == "申城福祉车：没有空闲的福祉车；助行无障碍出行：没有空闲的福祉车"
    messages = api.get(f"/v1/elders/{api.demo.elders['wang']}/messages").get_json()
    assert any(m["request_id"] == req["id"] and m["kind"] == "status" and "话务员" in m["speech"] for m in messages)
    assert not any(m["request_id"] == req["id"] and m["kind"] == "reminder" for m in messages)
    # The agent's queue has it: a failed request is worked from the console like the others.
    agent = Api(api.app, "agent")
    failed = agent.get("/v1/requests", status="failed", service="special_vehicle").get_json()
    assert [r["id"] for r in failed] == [req["id"]]


def test_every_operator_down_writes_nothing(make_center_app):
    app = make_center_app(sim_special_vehicle_down=True)
    api = Api(app, "tv_wang")
    before = row_counts(app)
    assert_error(api.post("/v1/requests", special_vehicle_body(api)), 503, "provider_unavailable")
    assert row_counts(app) == before


def test_cancelling_before_the_trip_tells_the_operator_and_withdraws_the_reminders(make_center_app):
    app = make_center_app()
    api = Api(app, "tv_wang")
    req = api.post("/v1/requests", special_vehicle_body(api)).get_json()
    operators = app.extensions["onekey"].providers.special_vehicles
    for operator in operators:
        operator.down = True
    assert_error(api.post(f"/v1/requests/{req['id']}/cancel"), 503, "provider_unavailable")
    assert api.get(f"/v1/requests/{req['id']}").get_json()["status"] == "confirmed"
    for operator in operators:
        operator.down = False
    assert api.post(f"/v1/requests/{req['id']}/cancel").get_json()["status"] == "cancelled"
    messages = api.get(f"/v1/elders/{api.demo.elders['wang']}/messages").get_json()
    assert not [m for m in messages if m["request_id"] == req["id"] and m["kind"] == "reminder"]
    assert any(m["request_id"] == req["id"] and m["title"] == "特殊用车已取消" for m in messages)
    # The same time may be booked again once the first is cancelled.
    assert api.post("/v1/requests", special_vehicle_body(api)).get_json()["status"] == "confirmed"


@pytest.mark.parametrize("mode", ["self", "call"])
@pytest.mark.parametrize("when, code", [(timedelta(hours=-1), "date_in_past"),
                                        (timedelta(hours=3), "date_in_past"),
                                        (timedelta(days=20), "validation_error")])
def test_a_pickup_past_too_soon_or_too_far_is_refused_in_every_mode(tv: Api, mode, when, code):
    body = special_vehicle_body(tv, mode=mode, pickup_time=(now() + when).isoformat())
    before = row_counts(tv.app)
    error = assert_error(tv.post("/v1/requests", body), 422, code)
    assert "form.pickup_time" in error["fields"]
    assert row_counts(tv.app) == before


@pytest.mark.parametrize("field, value", [("mobility", "helicopter"), ("mobility", None), ("stairs", "lift"),
                                          ("stairs", None), ("companion", "dog"),
                                          ("pickup_address", "家"), ("destination_address", ""),
                                          ("pickup_time", "明天上午"), ("phone", "12345")])
def test_a_wrong_answer_is_refused_by_field(tv: Api, field, value):
    body = special_vehicle_body(tv, **{field: value})
    if value is None:
        del body["form"][field]
    before = row_counts(tv.app)
    error = assert_error(tv.post("/v1/requests", body), 422, "validation_error")
    assert f"form.{field}" in error["fields"]
    assert row_counts(tv.app) == before


@pytest.mark.parametrize("field", ["pickup_address", "destination_address"])
def test_an_address_outside_the_service_area_is_refused(tv: Api, field):
    body = special_vehicle_body(tv, **{field: "江苏省苏州市姑苏区人民路100号"})
    assert "form." + field in assert_error(tv.post("/v1/requests", body), 422, "outside_service_area")["fields"]


def test_going_nowhere_is_refused(tv: Api):
    body = special_vehicle_body(tv)
    body["form"]["destination_address"] = body["form"]["pickup_address"]
    assert "form.destination_address" in assert_error(tv.post("/v1/requests", body), 422, "validation_error")["fields"]


def test_the_same_window_twice_is_refused(tv: Api):
    assert tv.post("/v1/requests", special_vehicle_body(tv)).get_json()["status"] == "confirmed"
    assert_error(tv.post("/v1/requests", special_vehicle_body(tv)), 409, "already_booked")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hours=st.integers(min_value=-48, max_value=24 * 16), need=st.sampled_from(sorted(NEEDS)),
       companion=st.sampled_from(["alone", "family"]))
def test_any_time_is_booked_inside_its_window_or_refused_with_a_field(tv: Api, hours, need, companion):
    mobility, stairs = need
    """Generated windows: either booked with the operator's half hour inside the window asked
    for, or refused 422 on form.pickup_time (past, sooner than four hours, beyond two weeks)."""
    start = (now() + timedelta(hours=hours, minutes=5)).replace(second=0, microsecond=0)
    r = tv.post("/v1/requests", special_vehicle_body(tv, mobility=mobility, stairs=stairs, companion=companion,
                                                     pickup_time=start.isoformat()))
    if r.status_code == 201:
        req = r.get_json()
        assert 4 <= hours <= 24 * 14 and req["status"] == "confirmed"
        picked = datetime.fromisoformat(req["result"]["pickup_time"])
        assert start <= picked <= start + timedelta(minutes=90)
        assert tv.post(f"/v1/requests/{req['id']}/cancel").get_json()["status"] == "cancelled"
    else:
        error = r.get_json()["error"]
        assert r.status_code == 422 and "form.pickup_time" in error["fields"], error
        assert hours < 4 or hours > 24 * 14 - 1


def test_an_agent_books_a_call_mode_request_through_the_operator(tv: Api, agent: Api):
    asked = tv.post("/v1/requests", special_vehicle_body(tv, mode="call", pickup_time=None,
                                                         destination_address=None)).get_json()
    assert asked["status"] == "submitted"
    for step in ("accepted", "in_progress"):
        assert agent.post(f"/v1/requests/{asked['id']}/transitions", {"to": step}).status_code == 200
    done = agent.post(f"/v1/requests/{asked['id']}/transitions",
                      {"to": "confirmed", "form": special_vehicle_body(tv)["form"]}).get_json()
    assert done["status"] == "confirmed" and done["result"]["plate"], done
    assert done["events"][-1]["actor"] == "provider:申城福祉车"
