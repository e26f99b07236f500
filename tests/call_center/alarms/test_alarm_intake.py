"""Raising: a double press is one alarm; unknown elders and unbound devices are refused with
a reason an elder can hear, and the refusal is kept for agents; bad steps change nothing."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest

from ..conftest import assert_error, row_counts
from ..family_members import bearer, bound
from .conftest import Desk


def test_same_key_replays_and_a_new_key_returns_the_open_alarm(desk: Desk):
    first = desk.raise_alarm(key="press-1")
    assert first.status_code == 201
    replay = desk.raise_alarm(key="press-1")
    assert (replay.status_code, replay.get_data()) == (201, first.get_data())
    assert replay.headers["Idempotent-Replayed"] == "true"

    second_press = desk.raise_alarm(key="press-2")
    assert second_press.status_code == 200
    assert second_press.get_json()["id"] == first.get_json()["id"]
    desk.identify("wang")  # the elder, at a kiosk: her open alarm, not a second one
    other_device = desk.raise_alarm(who="kiosk", key="press-3")
    assert other_device.status_code == 200 and other_device.get_json()["id"] == first.get_json()["id"]
    kinds = desk.kinds(first.get_json()["id"])
    assert kinds == ["raised", "repeat_press", "repeat_press"]
    assert len(desk.get("/v1/alarms").get_json()) == 1


def test_each_elder_of_a_household_has_their_own_alarm(desk: Desk):
    zhang = desk.raise_alarm("zhang", "tv_zhang")
    chen = desk.raise_alarm("chen", "tv_zhang")
    assert zhang.status_code == chen.status_code == 201
    assert zhang.get_json()["id"] != chen.get_json()["id"]
    mine = desk.get("/v1/alarms", who="tv_zhang").get_json()
    assert {a["elder_id"] for a in mine} == {desk.demo.elders["zhang"], desk.demo.elders["chen"]}
    assert desk.get("/v1/alarms", who="tv_wang").get_json() == []


@pytest.mark.parametrize("case", ["unknown_elder", "other_household", "forged_token",
                                  "no_token"])
def test_refused_raises_say_why_and_are_kept(desk: Desk, app, caplog, case):
    before = row_counts(app)
    headers = desk.headers("tv_li", "k-refused")
    elder = desk.demo.elders["wang"]
    if case == "unknown_elder":
        elder = "eld_000000000000"
    elif case == "forged_token":
        headers["Authorization"] = "Bearer not-a-real-token"
    elif case == "no_token":
        del headers["Authorization"]
    with caplog.at_level(logging.WARNING, logger="call_center.blueprints.alarms"):
        response = desk.client.post("/v1/alarms", json={"elder_id": elder, "channel": "tv"},
                                    headers=headers)
    status, code = {"unknown_elder": (404, "not_found"), "other_household": (403, "forbidden"),
                    "forged_token": (401, "invalid_token"),
                    "no_token": (401, "unauthorized")}[case]
    error = assert_error(response, status, code)
    assert "120" in error["message"] and "没有送达" in error["message"]
    assert any("alarm refused" in r.getMessage() and code in r.getMessage()
               for r in caplog.records)
    after = row_counts(app)
    assert after.pop("alarm_refusals") == before.pop("alarm_refusals") + 1
    assert after == before  # nothing else written
    refusal = desk.get("/v1/alarms/refusals").get_json()[0]
    assert refusal["code"] == code and refusal["elder_id"] == elder
    if case == "other_household":
        assert refusal["caller"].startswith("tv:")


def test_a_refused_key_can_succeed_later(desk: Desk):
    assert desk.raise_alarm("wang", "tv_li", key="k-9").status_code == 403
    assert desk.raise_alarm("li", "tv_li", key="k-9").status_code == 201


@pytest.mark.parametrize("body, field", [
    ({"channel": "tv"}, "elder_id"),
    ({"elder_id": "x", "channel": "fax"}, "channel"),
    ({"elder_id": "x", "colour": "red"}, "colour"),
    ({"elder_id": "x", "note": "很长" * 300}, "note"),
])
def test_malformed_raises_are_422(desk: Desk, app, body, field):
    before = row_counts(app)
    response = desk.client.post("/v1/alarms", json=body, headers=desk.headers("agent"))
    error = assert_error(response, 422, "validation_error")
    assert field in error["fields"]
    assert row_counts(app) == before


def test_agents_own_the_steps(desk: Desk):
    alarm_id = desk.raised()
    assert_error(desk.ack(alarm_id, who="tv_wang"), 403, "forbidden")
    assert_error(desk.step(alarm_id, "elder_silent", who="tv_wang"), 403, "forbidden")
    assert desk.ack(alarm_id).status_code == 200
    assert desk.ack(alarm_id).status_code == 200  # the same agent again: no-op
    assert_error(desk.step(alarm_id, "outcome"), 422, "validation_error")
    assert_error(desk.step(alarm_id, "guidance"), 422, "validation_error")
    assert_error(desk.step(alarm_id, "follow_up", "太早"), 409, "invalid_transition")
    assert_error(desk.step(alarm_id, "contacted_family", contact_priority=7), 422,
                 "validation_error")
    assert_error(desk.step(alarm_id, "teleport"), 422, "validation_error")
    desk.ok_step(alarm_id, "outcome", outcome="误按，老人没事")
    assert_error(desk.step(alarm_id, "elder_silent"), 409, "invalid_transition")
    assert_error(desk.cancel(alarm_id), 409, "invalid_transition")
    assert_error(desk.ack(alarm_id), 409, "invalid_transition")
    assert_error(desk.get("/v1/alarms/alm_nope"), 404, "not_found")


def test_a_first_step_acknowledges_and_a_second_agent_cannot_ack(desk: Desk, app):
    from call_center.models import Agent
    from call_center.auth import hash_token

    with app.extensions["onekey"].db.session(write=True) as db:
        db.add(Agent(kind="agent", name="话务员 张伟", token_hash=hash_token("second-agent")))
        db.commit()
    alarm_id = desk.raised()
    body = desk.ok_step(alarm_id, "elder_answered", "老人说胸口疼")
    assert body["acknowledged_by"] and [e["kind"] for e in body["events"]][1:3] == [
        "acknowledged", "elder_answered"]
    other = desk.client.post(f"/v1/alarms/{alarm_id}/ack",
                             headers={"Authorization": "Bearer second-agent"})
    assert_error(other, 409, "invalid_transition")
    helped = desk.client.post(f"/v1/alarms/{alarm_id}/steps", json={"kind": "called_120"},
                              headers={"Authorization": "Bearer second-agent"})
    assert helped.status_code == 200  # a colleague may help with the steps


def test_lists_are_scoped_and_ordered(desk: Desk, clock):
    wang = desk.raised()
    clock.advance(5)
    li = desk.raised("li", "tv_li")
    assert [a["id"] for a in desk.get("/v1/alarms").get_json()] == [wang, li]  # longest wait first
    assert [a["id"] for a in desk.get("/v1/alarms", who="tv_li").get_json()] == [li]
    assert_error(desk.get("/v1/alarms", who="service"), 422, "validation_error")
    # The mini-program service sees no elder's alarms itself; a member bound to 李国强 does.
    assert_error(desk.get("/v1/alarms", who="service", elder_id=desk.demo.elders["li"]), 403, "forbidden")
    token = bound(desk.client, desk.demo, "li", subject="o-test-liming", name="李明", phone="13761129054")
    listed = desk.client.get("/v1/alarms", query_string={"elder_id": desk.demo.elders["li"]},
                             headers=bearer(token)).get_json()
    assert [a["id"] for a in listed] == [li]
    assert_error(desk.get(f"/v1/alarms/{wang}", who="tv_li"), 403, "forbidden")
    desk.cancel(wang)
    assert [a["id"] for a in desk.get("/v1/alarms").get_json()] == [li]
    assert [a["id"] for a in desk.get("/v1/alarms", status="cancelled").get_json()] == [wang]
    assert len(desk.get("/v1/alarms", status="all").get_json()) == 2


def test_openapi_documents_the_alarm_desk(desk: Desk):
    spec = desk.client.get("/openapi.json").get_json()
    paths = spec["paths"]
    post = paths["/v1/alarms"]["post"]
    assert {"200", "201", "401", "403", "404", "422"} <= set(post["responses"])
    assert post["security"] == [{"BearerAuth": []}]
    for path in ("/v1/alarms/{alarm_id}", "/v1/alarms/{alarm_id}/ack",
                 "/v1/alarms/{alarm_id}/steps", "/v1/alarms/{alarm_id}/cancel",
                 "/v1/devices/me/events", "/v1/events", "/v1/elders/{elder_id}/checkin",
                 "/v1/care-tasks", "/v1/care-tasks/{task_id}/complete"):
        assert path in paths, path
    schemas = spec["components"]["schemas"]
    assert set(schemas["AlarmOut"]["properties"]) >= {"id", "status", "events", "parties",
                                                      "speech"}
    assert "elder_silent" in str(schemas["StepIn"])
    assert set(schemas["EventsOut"]["properties"]) == {"events", "next", "reset"}


def test_the_press_time_is_kept_beside_the_delivery_time(desk: Desk, clock):
    """An alarm the device held through an outage: the agent sees how long the elder waited."""
    pressed = clock.now() - timedelta(minutes=18, seconds=5)
    alarm = desk.raise_alarm(key="late-1", pressed_at=pressed.isoformat()).get_json()
    assert alarm["delivery_delay_s"] == 18 * 60 + 5
    assert datetime.fromisoformat(alarm["pressed_at"]) == pressed.replace(microsecond=0)
    assert datetime.fromisoformat(alarm["raised_at"]) == clock.now().replace(microsecond=0)
    raised = alarm["events"][0]
    assert raised["data"]["delay_s"] == 18 * 60 + 5
    assert "18分05秒后才送达" in raised["note"]


@pytest.mark.parametrize("offset", [timedelta(minutes=5), timedelta(days=-31), None],
                         ids=["clock-ahead", "older-than-any-outbox", "not-sent"])
def test_a_press_time_that_cannot_be_true_is_the_delivery_time(desk: Desk, clock, offset):
    extra = {} if offset is None else {"pressed_at": (clock.now() + offset).isoformat()}
    alarm = desk.raise_alarm(key="odd-clock", **extra).get_json()
    assert alarm["pressed_at"] == alarm["raised_at"] and alarm["delivery_delay_s"] == 0
    assert "送达" not in alarm["events"][0]["note"]


def test_a_press_time_without_an_offset_is_refused(desk: Desk):
    response = desk.raise_alarm(key="naive", pressed_at="2026-12-04T10:00:00")
    assert_error(response, 422, "validation_error")
