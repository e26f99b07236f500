"""陪诊 (seed 000 §三(二)1(2)): a companion booked through the escort platform; nobody free is
a failure an agent follows up; the platform down writes nothing; cancelling tells it."""
from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

import pytest

from call_center.clock import local, now

from .conftest import Api, assert_error, escort_body, row_counts


def test_a_companion_is_booked_and_met_at_home_an_hour_before(tv: Api):
    r = tv.post("/v1/requests", escort_body(tv))
    assert r.status_code == 201, r.get_data(as_text=True)
    req = r.get_json()
    assert req["status"] == "confirmed"
    assert [e["status"] for e in req["events"]] == ["submitted", "accepted", "in_progress", "confirmed"]
    result = req["result"]
    visit = datetime.fromisoformat(req["form"]["visit_time"])
    assert datetime.fromisoformat(result["visit_time"]) == visit
    assert datetime.fromisoformat(result["meet_time"]) == visit - timedelta(hours=1)
    assert result["provider"] == "申城陪诊" and result["companion_name"]
    assert re.fullmatch(r"1[3-9]\d{9}", result["companion_phone"])  # whole: she rings this number
    assert result["meet_place"] == "您家楼下" and result["meet_address"].startswith("上海市长宁区仙霞路650弄12号")
    assert result["hospital_name"] and result["hospital_address"]
    messages = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
    mine = [m for m in messages if m["request_id"] == req["id"]]
    reminders = [m for m in mine if m["kind"] == "reminder"]
    # The evening before at 19:00 (at once when booked after it) and half an hour before they meet.
    evening, soon = sorted(datetime.fromisoformat(m["due_at"]) for m in reminders)
    assert soon == visit - timedelta(minutes=90)
    wanted = local(visit).replace(hour=19, minute=30) - timedelta(days=1, minutes=30)
    assert evening == wanted if wanted > now() else wanted < evening <= now()
    assert all(result["companion_name"] in m["speech"] and "医保卡" in m["speech"] for m in reminders)
    assert any(m["kind"] == "status" and "陪诊已约好" in m["title"] for m in mine)


def test_met_at_the_hospital_gate_a_quarter_before(tv: Api):
    req = tv.post("/v1/requests", escort_body(tv, meet="hospital")).get_json()
    visit = datetime.fromisoformat(req["form"]["visit_time"])
    assert datetime.fromisoformat(req["result"]["meet_time"]) == visit - timedelta(minutes=15)
    assert req["result"]["meet_place"] == "医院门口"
    assert req["result"]["meet_address"].startswith(req["result"]["hospital_name"] + "门口")


def test_nobody_free_fails_with_a_reason_and_an_agent_follows_up(make_center_app):
    api = Api(make_center_app(sim_escort_none=True), "tv_wang")
    req = api.post("/v1/requests", escort_body(api)).get_json()
    assert req["status"] == "failed" and req["result"] is None
    assert req["failure"]["code"] == "no_escort" and "话务员" in req["failure"]["message"]
    messages = api.get(f"/v1/elders/{api.demo.elders['wang']}/messages").get_json()
    assert any(m["request_id"] == req["id"] and m["kind"] == "status" for m in messages)
    assert not any(m["request_id"] == req["id"] and m["kind"] == "reminder" for m in messages)


def test_the_platform_down_writes_nothing(make_center_app):
    app = make_center_app(sim_escort_down=True)
    api = Api(app, "tv_wang")
    before = row_counts(app)
    error = assert_error(api.post("/v1/requests", escort_body(api)), 503, "provider_unavailable")
    assert "陪诊" in error["message"]
    assert row_counts(app) == before


def test_the_platform_takes_its_time(make_center_app):
    api = Api(make_center_app(sim_latency_ms=300), "tv_wang")
    started = time.monotonic()
    assert api.post("/v1/requests", escort_body(api)).get_json()["status"] == "confirmed"
    assert time.monotonic() - started >= 0.3


def test_cancelling_tells_the_platform_and_withdraws_the_reminders(tv: Api):
    req = tv.post("/v1/requests", escort_body(tv)).get_json()
    cancelled = tv.post(f"/v1/requests/{req['id']}/cancel").get_json()
    assert cancelled["status"] == "cancelled"
    messages = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
    assert not [m for m in messages if m["request_id"] == req["id"] and m["kind"] == "reminder"]
    assert any(m["request_id"] == req["id"] and m["title"] == "陪诊已取消" for m in messages)


def test_cancelling_while_the_platform_is_down_changes_nothing(make_center_app):
    app = make_center_app()
    api = Api(app, "tv_wang")
    req = api.post("/v1/requests", escort_body(api)).get_json()
    app.extensions["onekey"].providers.escort.down = True
    assert_error(api.post(f"/v1/requests/{req['id']}/cancel"), 503, "provider_unavailable")
    assert api.get(f"/v1/requests/{req['id']}").get_json()["status"] == "confirmed"


@pytest.mark.parametrize("mode", ["self", "call"])
@pytest.mark.parametrize("when, code", [(timedelta(hours=-3), "date_in_past"),
                                        (timedelta(minutes=90), "date_in_past"),
                                        (timedelta(days=20), "validation_error")])
def test_a_visit_past_too_soon_or_too_far_is_refused_in_every_mode(tv: Api, mode, when, code):
    body = escort_body(tv, mode=mode, visit_time=(now() + when).isoformat())
    before = row_counts(tv.app)
    error = assert_error(tv.post("/v1/requests", body), 422, code)
    assert "form.visit_time" in error["fields"]
    assert row_counts(tv.app) == before


def test_the_same_visit_twice_is_refused(tv: Api):
    assert tv.post("/v1/requests", escort_body(tv)).get_json()["status"] == "confirmed"
    error = assert_error(tv.post("/v1/requests", escort_body(tv)), 409, "already_booked")
    assert "form.visit_time" in error["fields"]


def test_an_unknown_hospital_is_not_found(tv: Api):
    error = assert_error(tv.post("/v1/requests", escort_body(tv, hospital_id="hos_nowhere")), 404, "not_found")
    assert "form.hospital_id" in error["fields"]


def test_an_agent_books_a_call_mode_request_through_the_platform(tv: Api, agent: Api):
    """The elder phoned (or pressed 找人工): the agent fills the form and confirms."""
    asked = tv.post("/v1/requests", escort_body(tv, mode="call", hospital_id=None, visit_time=None)).get_json()
    assert asked["status"] == "submitted" and asked["result"] is None
    form = escort_body(tv)["form"]
    for step in ("accepted", "in_progress"):
        assert agent.post(f"/v1/requests/{asked['id']}/transitions", {"to": step}).status_code == 200
    done = agent.post(f"/v1/requests/{asked['id']}/transitions", {"to": "confirmed", "form": form}).get_json()
    assert "status" in done, done
    assert done["status"] == "confirmed" and done["result"]["companion_name"]
    assert done["events"][-1]["actor"] == "provider:申城陪诊"
