"""康复出院用车 (seed 000 §三(二)2(3)): 962120's transfer car, another platform when it has
none, 暂时没有转运车 when none has; every platform down writes nothing; cancelling tells it."""
from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

import pytest

from call_center.clock import now

from .conftest import Api, assert_error, discharge_body, row_counts


@pytest.mark.parametrize("mobility, vehicle", [("seated", "座椅"), ("wheelchair", "轮椅"), ("stretcher", "担架")])
def test_962120_sends_the_car_the_elder_needs_from_the_hospital_to_home(tv: Api, mobility, vehicle):
    r = tv.post("/v1/requests", discharge_body(tv, mobility=mobility))
    assert r.status_code == 201, r.get_data(as_text=True)
    req = r.get_json()
    assert req["status"] == "confirmed"
    assert [e["status"] for e in req["events"]] == ["submitted", "accepted", "in_progress", "confirmed"]
    result = req["result"]
    assert result["provider"] == "962120" and vehicle in result["vehicle"] and result["plate"].startswith("沪")
    assert re.fullmatch(r"1[3-9]\d{9}", result["crew_phone"])  # whole: she rings this number
    assert datetime.fromisoformat(result["pickup_time"]) == datetime.fromisoformat(req["form"]["pickup_time"])
    assert result["pickup_address"].startswith(result["hospital_name"])
    assert result["destination_address"].startswith("上海市长宁区仙霞路650弄12号")
    messages = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
    reminders = [m for m in messages if m["request_id"] == req["id"] and m["kind"] == "reminder"]
    pickup = datetime.fromisoformat(result["pickup_time"])
    evening, soon = sorted(datetime.fromisoformat(m["due_at"]) for m in reminders)
    assert soon == pickup - timedelta(minutes=30)
    # The evening before at 19:00 — or at once when the request is made after it (tomorrow's pickup).
    wanted = (pickup - timedelta(days=1)).replace(hour=19, minute=0)
    assert evening == wanted if wanted > now() else wanted < evening <= now()
    assert all(result["plate"] in m["speech"] and "出院手续" in m["speech"] for m in reminders)


def test_no_car_at_962120_goes_to_another_transfer_platform(make_center_app):
    api = Api(make_center_app(sim_transfer_no_vehicle="primary"), "tv_wang")
    req = api.post("/v1/requests", discharge_body(api)).get_json()
    assert req["status"] == "confirmed" and req["result"]["provider"] == "安康转运"
    assert "962120：没有空闲的转运车" in req["events"][-1]["note"]


def test_no_car_anywhere_fails_with_a_reason_and_an_agent_follows_up(make_center_app):
    api = Api(make_center_app(sim_transfer_no_vehicle="all"), "tv_wang")
    req = api.post("/v1/requests", discharge_body(api)).get_json()
    assert req["status"] == "failed" and req["result"] is None
    assert req["failure"]["code"] == "no_vehicle" and "话务员" in req["failure"]["message"]
    assert req["events"][-1]["note"] == "962120：没有空闲的转运车；安康转运：没有空闲的转运车"
    messages = api.get(f"/v1/elders/{api.demo.elders['wang']}/messages").get_json()
    assert any(m["request_id"] == req["id"] and m["kind"] == "status" for m in messages)
    assert not any(m["request_id"] == req["id"] and m["kind"] == "reminder" for m in messages)


def test_every_platform_down_writes_nothing(make_center_app):
    app = make_center_app(sim_transfer_down=True)
    api = Api(app, "tv_wang")
    before = row_counts(app)
    assert_error(api.post("/v1/requests", discharge_body(api)), 503, "provider_unavailable")
    assert row_counts(app) == before


def test_the_platforms_take_their_time(make_center_app):
    api = Api(make_center_app(sim_latency_ms=300, sim_transfer_no_vehicle="primary"), "tv_wang")
    started = time.monotonic()
    assert api.post("/v1/requests", discharge_body(api)).get_json()["status"] == "confirmed"
    assert time.monotonic() - started >= 0.6  # two platforms asked


def test_cancelling_tells_the_platform_and_withdraws_the_reminders(make_center_app):
    app = make_center_app()
    api = Api(app, "tv_wang")
    req = api.post("/v1/requests", discharge_body(api)).get_json()
    for platform in app.extensions["onekey"].providers.transfers:
        platform.down = True
    assert_error(api.post(f"/v1/requests/{req['id']}/cancel"), 503, "provider_unavailable")
    for platform in app.extensions["onekey"].providers.transfers:
        platform.down = False
    assert api.post(f"/v1/requests/{req['id']}/cancel").get_json()["status"] == "cancelled"
    messages = api.get(f"/v1/elders/{api.demo.elders['wang']}/messages").get_json()
    assert not [m for m in messages if m["request_id"] == req["id"] and m["kind"] == "reminder"]
    assert any(m["request_id"] == req["id"] and m["title"] == "出院用车已取消" for m in messages)


@pytest.mark.parametrize("mode", ["self", "call"])
@pytest.mark.parametrize("when, code", [(timedelta(hours=-1), "date_in_past"),
                                        (timedelta(hours=2), "date_in_past"),
                                        (timedelta(days=20), "validation_error")])
def test_a_pickup_past_too_soon_or_too_far_is_refused_in_every_mode(tv: Api, mode, when, code):
    body = discharge_body(tv, mode=mode, pickup_time=(now() + when).isoformat())
    before = row_counts(tv.app)
    error = assert_error(tv.post("/v1/requests", body), 422, code)
    assert "form.pickup_time" in error["fields"]
    assert row_counts(tv.app) == before


def test_how_the_elder_travels_is_required_and_checked(tv: Api):
    body = discharge_body(tv)
    del body["form"]["mobility"]
    assert "form.mobility" in assert_error(tv.post("/v1/requests", body), 422, "validation_error")["fields"]
    assert_error(tv.post("/v1/requests", discharge_body(tv, mobility="flying")), 422, "validation_error")


def test_the_same_pickup_twice_is_refused(tv: Api):
    assert tv.post("/v1/requests", discharge_body(tv)).get_json()["status"] == "confirmed"
    assert_error(tv.post("/v1/requests", discharge_body(tv)), 409, "already_booked")


def test_an_agent_books_a_call_mode_request_through_the_platform(tv: Api, agent: Api):
    asked = tv.post("/v1/requests", discharge_body(tv, mode="call", hospital_id=None, pickup_time=None)).get_json()
    assert asked["status"] == "submitted"
    for step in ("accepted", "in_progress"):
        assert agent.post(f"/v1/requests/{asked['id']}/transitions", {"to": step}).status_code == 200
    done = agent.post(f"/v1/requests/{asked['id']}/transitions",
                      {"to": "confirmed", "form": discharge_body(tv)["form"]}).get_json()
    assert done["status"] == "confirmed" and done["result"]["plate"], done
    assert done["events"][-1]["actor"] == "provider:962120"
