"""The one lifecycle: legal transitions only, each a row with time, actor and note."""
from __future__ import annotations

import pytest

from call_center import lifecycle

from .conftest import Api, assert_error
from .family_members import bearer, bound


def test_transition_table_is_closed_and_final_states_are_final():
    assert set(lifecycle.TRANSITIONS) == set(lifecycle.STATUSES)
    for targets in lifecycle.TRANSITIONS.values():
        assert targets <= set(lifecycle.STATUSES)
    for final in lifecycle.FINAL:
        assert not lifecycle.TRANSITIONS[final]
    for open_state in lifecycle.OPEN:
        assert {"cancelled", "failed"} <= lifecycle.TRANSITIONS[open_state]


@pytest.mark.parametrize("current,to,ok", [
    ("submitted", "accepted", True), ("submitted", "confirmed", False),
    ("accepted", "in_progress", True), ("in_progress", "confirmed", True),
    ("confirmed", "completed", True), ("completed", "cancelled", False),
    ("failed", "submitted", False), ("cancelled", "accepted", False),
])
def test_can_move(current: str, to: str, ok: bool):
    assert lifecycle.can_move(current, to) is ok


def _consultation(api: Api) -> dict:
    r = api.post("/v1/requests", {"elder_id": api.demo.elders["wang"], "service": "consultation",
                                  "mode": "call", "form": {"topic": "高龄津贴怎么申请",
                                                           "callback_window": "今天下午"}})
    assert r.status_code == 201
    return r.get_json()


def test_agent_works_a_consultation_to_completion(center_app, tv: Api, agent: Api):
    req = _consultation(tv)
    assert req["status"] == "submitted" and req["channel"] == "tv"
    assert req["form"] == {"topic": "高龄津贴怎么申请", "callback_window": "今天下午"}
    rid = req["id"]
    for to in ("accepted", "in_progress"):
        assert agent.post(f"/v1/requests/{rid}/transitions", {"to": to}).status_code == 200
    confirmed = agent.post(f"/v1/requests/{rid}/transitions", {
        "to": "confirmed", "note": "已回电",
        "result": {"agent_name": "李敏", "summary": "已告知在街道社区事务受理中心申请"}}).get_json()
    assert confirmed["result"]["agent_name"] == "李敏"
    done = agent.post(f"/v1/requests/{rid}/transitions", {"to": "completed"}).get_json()
    assert done["status"] == "completed"
    events = done["events"]
    assert [e["status"] for e in events] == ["submitted", "accepted", "in_progress", "confirmed",
                                             "completed"]
    assert all(e["actor"].startswith("agent:") for e in events[1:])
    assert events[3]["note"] == "已回电"
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    messages = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
    assert any(m["request_id"] == rid and "办好" in m["title"] for m in messages)
    assert_error(agent.post(f"/v1/requests/{rid}/transitions", {"to": "cancelled"}), 409,
                 "invalid_transition")


def test_agent_can_fail_a_request_with_a_reason(agent: Api):
    req = _consultation(agent)
    failed = agent.post(f"/v1/requests/{req['id']}/transitions",
                        {"to": "failed", "note": "多次回电无人接听，已转社区上门"}).get_json()
    assert failed["status"] == "failed"
    assert failed["failure"] == {"code": "not_fulfilled", "message": "多次回电无人接听，已转社区上门"}
    # The elder is told, whoever failed it (here a system through the API, not the console).
    messages = agent.get(f"/v1/elders/{req['elder_id']}/messages").get_json()
    told = [m for m in messages if m["request_id"] == req["id"] and "没有办成" in m["title"]]
    assert len(told) == 1 and told[0]["body"] == "王阿姨，多次回电无人接听，已转社区上门"


def test_agent_channel_defaults_to_phone_and_family_to_miniprogram(center_app, agent: Api):
    assert _consultation(agent)["channel"] == "phone"
    service = Api(center_app, "service")  # the back end acts for nobody by itself
    assert service.post("/v1/requests", {"elder_id": service.demo.elders["wang"], "service": "consultation",
                                         "mode": "call", "form": {"topic": "求助"}}).status_code == 403
    family = Api(center_app, "service")
    family.headers = bearer(bound(family.client, family.demo, "wang", subject="o-test-lijuan",
                                  name="李娟", phone="13817306612"))
    assert _consultation(family)["channel"] == "miniprogram"
    kiosk = Api(center_app, "kiosk")
    kiosk.identify("li")
    r = kiosk.post("/v1/requests", {"elder_id": kiosk.demo.elders["li"], "service": "help",
                                    "channel": "tv", "form": {"topic": "求助"}})
    assert r.get_json()["channel"] == "kiosk"  # a device's channel is its own kind


def test_listing_is_newest_first_and_scoped(center_app, tv: Api, agent: Api):
    first = _consultation(tv)
    second = _consultation(tv)
    agent.post("/v1/requests", {"elder_id": agent.demo.elders["li"], "service": "help",
                                "form": {"topic": "求助"}})
    listed = tv.get("/v1/requests").get_json()
    assert [r["id"] for r in listed[:2]] == [second["id"], first["id"]]
    assert {r["elder_id"] for r in listed} <= {tv.demo.elders["wang"]}
    everyone = agent.get("/v1/requests", limit=100).get_json()
    assert {agent.demo.elders["li"], agent.demo.elders["wang"]} <= {r["elder_id"] for r in everyone}
    only = agent.get("/v1/requests", service="help").get_json()
    assert only and all(r["service"] == "help" for r in only)
    kiosk = Api(center_app, "kiosk")
    assert_error(kiosk.get("/v1/requests"), 403, "grant_required")
    kiosk.identify("wang")  # the kiosk sees the elder identified there, and only her
    assert {r["elder_id"] for r in kiosk.get("/v1/requests").get_json()} == {kiosk.demo.elders["wang"]}
    assert kiosk.get("/v1/requests", elder_id=kiosk.demo.elders["wang"]).status_code == 200
    assert_error(kiosk.get("/v1/requests", elder_id=kiosk.demo.elders["li"]), 403, "forbidden")


def test_self_mode_consultation_waits_for_an_agent(tv: Api):
    r = tv.post("/v1/requests", {"elder_id": tv.demo.elders["wang"], "service": "consultation",
                                 "mode": "self", "form": {"topic": "助餐点在哪里"}})
    assert r.status_code == 201
    req = r.get_json()
    assert req["status"] == "submitted" and req["result"] is None
    assert req["form"] == {"topic": "助餐点在哪里", "callback_window": "尽快", "note": None, "policy_id": None,
                           "resource_id": None}
    inbox = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
    assert any(m["request_id"] == req["id"] and m["kind"] == "status" for m in inbox)


def test_call_mode_checks_the_fields_it_is_given(tv: Api):
    ok = tv.post("/v1/requests", {"elder_id": tv.demo.elders["wang"], "service": "taxi",
                                  "mode": "call", "form": {"pickup_time": "now",
                                                           "destination_address": None,
                                                           "passengers": 2}})
    assert ok.status_code == 201, ok.get_data(as_text=True)
    assert ok.get_json()["form"] == {"pickup_time": "now", "passengers": 2}
    assert ok.get_json()["status"] == "submitted"
    bad = tv.post("/v1/requests", {"elder_id": tv.demo.elders["wang"], "service": "taxi",
                                   "mode": "call", "form": {"pickup_time": "明天早上",
                                                            "passengers": 9}})
    error = assert_error(bad, 422, "validation_error")
    assert error["fields"]["form.passengers"] == "不能大于4。"
    assert error["fields"]["form.pickup_time"].startswith("用车时间")
