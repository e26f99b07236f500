"""Taxi: 申程出行 first, another platform when it has no car, 无车可派 when none has."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from call_center.clock import now

from .conftest import Api, assert_error, row_counts, taxi_body


def test_taxi_now_is_dispatched_by_the_primary_platform(tv: Api):
    r = tv.post("/v1/requests", taxi_body(tv.demo))
    assert r.status_code == 201
    req = r.get_json()
    assert req["status"] == "confirmed"
    result = req["result"]
    assert result["provider"] == "申程出行"
    assert result["plate"].startswith("沪")
    assert result["driver_name"].endswith("师傅")
    assert re.fullmatch(r"1[3-9]\d{9}", result["driver_phone"])  # whole: she rings this number
    assert 1 <= result["eta_minutes"] <= 30
    assert result["pickup_address"] == "上海市长宁区仙霞路650弄12号"
    assert result["passengers"] == 1
    pickup = datetime.fromisoformat(result["pickup_time"])
    assert timedelta(0) <= pickup - now() <= timedelta(minutes=result["eta_minutes"], seconds=5)
    assert [e["status"] for e in req["events"]] == ["submitted", "accepted", "in_progress",
                                                    "confirmed"]


def test_booked_taxi_gets_a_reminder_half_an_hour_before(tv: Api):
    pickup = (now() + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    req = tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=pickup.isoformat())).get_json()
    assert req["status"] == "confirmed"
    assert datetime.fromisoformat(req["result"]["pickup_time"]) == pickup
    assert req["result"]["eta_minutes"] is None  # no "arrives in 9 minutes" for tomorrow's car
    reminders = [m for m in tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
                 if m["request_id"] == req["id"] and m["kind"] == "reminder"]
    assert len(reminders) == 1
    assert datetime.fromisoformat(reminders[0]["due_at"]) == pickup - timedelta(minutes=30)
    assert req["result"]["plate"] in reminders[0]["speech"]
    assert "上午8点" in reminders[0]["speech"]


def test_no_car_on_the_primary_falls_back_to_the_second_platform(make_center_app):
    api = Api(make_center_app(sim_ride_no_car="primary"), "tv_wang")
    req = api.post("/v1/requests", taxi_body(api.demo)).get_json()
    assert req["status"] == "confirmed"
    assert req["result"]["provider"] == "享道出行"
    assert "申程出行：无车可派" in req["events"][-1]["note"]


def test_no_car_anywhere_fails_with_a_reason(make_center_app):
    app = make_center_app(sim_ride_no_car="all")
    api = Api(app, "tv_wang")
    r = api.post("/v1/requests", taxi_body(api.demo))
    assert r.status_code == 201
    req = r.get_json()
    assert req["status"] == "failed"
    assert req["failure"]["code"] == "no_car"
    assert "无车可派" in req["failure"]["message"]
    assert req["result"] is None
    assert "申程出行：无车可派；享道出行：无车可派" == req["events"][-1]["note"]
    messages = api.get(f"/v1/elders/{api.demo.elders['wang']}/messages").get_json()
    assert any(m["request_id"] == req["id"] and m["kind"] == "status" for m in messages)
    assert not any(m["request_id"] == req["id"] and m["kind"] == "reminder" for m in messages)


def test_ride_platforms_down_writes_nothing(make_center_app):
    app = make_center_app(sim_ride_down=True)
    api = Api(app, "tv_wang")
    before = row_counts(app)
    assert_error(api.post("/v1/requests", taxi_body(api.demo)), 503, "provider_unavailable")
    assert row_counts(app) == before


def test_cancelled_taxi_withdraws_its_reminder(tv: Api):
    pickup = (now() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    req = tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=pickup.isoformat())).get_json()
    assert tv.post(f"/v1/requests/{req['id']}/cancel").get_json()["status"] == "cancelled"
    messages = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
    assert not [m for m in messages if m["request_id"] == req["id"] and m["kind"] == "reminder"]


@pytest.mark.parametrize("address", ["浦东张江路100号", "上海市静安区乌鲁木齐中路12号",
                                     "中国上海市闵行区莘庄镇"])
def test_addresses_inside_shanghai_pass(tv: Api, address: str):
    r = tv.post("/v1/requests", taxi_body(tv.demo, destination_address=address))
    assert r.status_code == 201, r.get_data(as_text=True)


def test_too_far_ahead_is_refused(tv: Api):
    far = (now() + timedelta(days=30)).isoformat()
    error = assert_error(tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=far)), 422,
                         "validation_error")
    assert "form.pickup_time" in error["fields"]


def test_service_area_endpoint(tv: Api):
    area = tv.get("/v1/catalog/service-area").get_json()
    assert area["city"] == "上海市"
    assert len(area["districts"]) == 16 and "长宁区" in area["districts"]


def test_a_phone_given_for_the_driver_is_masked_in_every_answer(tv: Api):
    """The centre books with the number; a device is shown it masked (issue 12 §3)."""
    body = taxi_body(tv.demo, phone="13812345678")
    body["form"]["note"] = "到了打13812345678"
    created = tv.post("/v1/requests", body)
    assert created.status_code == 201
    for answer in (created, tv.get(f"/v1/requests/{created.get_json()['id']}"), tv.get("/v1/requests")):
        text = answer.get_data(as_text=True)
        assert "13812345678" not in text and "138****5678" in text


def test_ids_in_a_form_are_never_taken_for_numbers(center_app):
    from call_center.present import masked_form

    form = {"hospital_id": "hos_123456789012", "slot_id": "slt_138123456780", "note": "打13812345678"}
    assert masked_form(form) == {**form, "note": "打138****5678"}


@pytest.mark.parametrize("minutes_apart", [-45, -31, -29, -5, 0, 5, 29, 31, 45])
def test_a_second_car_within_half_an_hour_is_refused_with_the_first_ones_plate(center_app, tv: Api,
                                                                             minutes_apart: int):
    """Two presses (a shaky hand, or the family booking as she does) must not send two cars
    to one door: a car within half an hour of an open one is refused, nothing written."""
    base = (now() + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    first = tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=base.isoformat())).get_json()
    second = taxi_body(tv.demo, pickup_time=(base + timedelta(minutes=minutes_apart)).isoformat())
    if abs(minutes_apart) < 30:
        before = row_counts(center_app)
        error = assert_error(tv.post("/v1/requests", second), 409, "already_booked")
        assert first["result"]["plate"] in error["message"] and "上午9点" in error["message"]
        assert error["fields"] == {"form.pickup_time": "这个时间前后已经叫过车了。"}
        assert row_counts(center_app) == before
        # Cancelled, the first no longer stands in the way.
        assert tv.post(f"/v1/requests/{first['id']}/cancel").status_code == 200
    assert tv.post("/v1/requests", second).status_code == 201


@pytest.mark.parametrize("second_door, refused", [
    ("上海市长宁区仙霞路650弄12号", True),
    ("上海市 长宁区 仙霞路650弄 12号", True),       # the same door, written with spaces
    ("上海市长宁区仙霞路650弄12号。", True),
    ("上海市长宁区天山路1000号 天山社区智慧健康驿站", False),  # she is at the station's kiosk
])
def test_only_a_car_to_the_same_door_is_the_same_car(tv: Api, second_door: str, refused: bool):
    """A car booked from home does not stop her calling one from the health station: it is
    not coming where she is (the new-user trial's kiosk taxi refused by her home's car)."""
    assert tv.post("/v1/requests", taxi_body(tv.demo)).status_code == 201
    again = tv.post("/v1/requests", taxi_body(tv.demo, pickup_address=second_door))
    if refused:
        assert_error(again, 409, "already_booked")
    else:
        assert again.status_code == 201, again.get_json()


def test_a_car_called_now_twice_and_a_call_waiting_for_an_agent_count(tv: Api, agent: Api):
    assert tv.post("/v1/requests", taxi_body(tv.demo)).status_code == 201
    assert_error(tv.post("/v1/requests", taxi_body(tv.demo)), 409, "already_booked")
    # Another elder is not held by her car.
    assert agent.post("/v1/requests", taxi_body(tv.demo, elder_key="chen")).status_code == 201
    # A call-mode taxi an agent has not booked yet stands too: the agent's booking of a second
    # one for the same hour is refused, and the first one's own booking is not.
    later = (now() + timedelta(days=2)).replace(hour=15, minute=0, second=0, microsecond=0)
    waiting = tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=later.isoformat()) |
                      {"mode": "call"}).get_json()
    error = assert_error(tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=later.isoformat())),
                         409, "already_booked")
    assert "话务员正在安排" in error["message"]
    for to in ("accepted", "in_progress"):
        assert agent.post(f"/v1/requests/{waiting['id']}/transitions", {"to": to}).status_code == 200
    form = {k: v for k, v in taxi_body(tv.demo, pickup_time=later.isoformat())["form"].items()}
    done = agent.post(f"/v1/requests/{waiting['id']}/transitions", {"to": "confirmed", "form": form})
    assert done.status_code == 200 and done.get_json()["status"] == "confirmed"


@pytest.mark.parametrize("pickup, destination, named", [
    ("home", "hospital", {"pickup_place": "home", "pickup_name": None,
                          "destination_place": "hospital", "destination_name": "HOSPITAL"}),
    ("station", "home", {"pickup_place": "station", "pickup_name": "仙霞新村街道智慧健康驿站",
                         "destination_place": "home", "destination_name": None}),
    ("street", " hospital", {"pickup_place": None, "pickup_name": None,
                             "destination_place": "hospital", "destination_name": "HOSPITAL"}),
])
def test_a_rides_places_are_named_as_she_knows_them(tv: Api, pickup, destination, named):
    """Her home, the station a kiosk stands in and a catalogue hospital are named beside their
    address in the result (every channel then shows 目的地 上海市第六人民医院（宜山路600号））; a
    street the centre does not know is left unnamed; a space typed before an address does not
    matter."""
    elder = tv.get(f"/v1/elders/{tv.demo.elders['wang']}").get_json()
    hospital = tv.get("/v1/catalog/hospitals").get_json()[0]
    where = {"home": elder["home_address"], "hospital": hospital["address"],
             "station": "上海市长宁区仙霞路700号", "street": "上海市长宁区天山路1号"}

    def address(which: str) -> str:
        return which.replace(which.strip(), where[which.strip()])

    r = tv.post("/v1/requests", taxi_body(tv.demo, pickup_address=address(pickup),
                                          destination_address=address(destination)))
    assert r.status_code == 201, r.get_json()
    result = r.get_json()["result"]
    expected = {k: hospital["name"] if v == "HOSPITAL" else v for k, v in named.items()}
    assert {k: result.get(k) for k in expected} == expected
