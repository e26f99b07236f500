"""A kiosk acts only for the person in front of it (issue 12 §1): identification yields a
short-lived grant scoped to that elder; every call carries it; it ends with the idle wipe,
sign-out, the next identification or expiry; and a kiosk cancels only an alarm raised in its
current session."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from call_center.clock import now
from call_center.models import KioskGrant

from .conftest import Api, assert_error, bearer, identify


@pytest.fixture
def kiosk(center_app) -> Api:
    return Api(center_app, "kiosk")


def _alarm(api: Api, elder_key: str, pressed_at: str | None = None):
    body = {"elder_id": api.demo.elders[elder_key]}
    if pressed_at:
        body["pressed_at"] = pressed_at
    return api.post("/v1/alarms", body, key=uuid.uuid4().hex)


def test_a_kiosk_cannot_cancel_an_alarm_raised_from_an_elders_tv(center_app, kiosk: Api):
    tv = Api(center_app, "tv_li")
    raised = _alarm(tv, "li").get_json()
    for who in (None, "li", "wang"):  # no grant, her own grant, another elder's grant
        if who:
            kiosk.identify(who)
        refused = kiosk.post(f"/v1/alarms/{raised['id']}/cancel", {"by": "elder"})
        assert refused.status_code == 403, who
    agent = Api(center_app, "agent")
    state = agent.get(f"/v1/alarms/{raised['id']}").get_json()
    assert state["status"] == "raised"  # the escalation goes on


def test_a_kiosk_without_a_grant_acts_for_nobody(center_app, kiosk: Api):
    """Before the fix ``may_act_for`` was true for every elder: messages, preferences, lists."""
    li = kiosk.demo.elders["li"]
    agent = Api(center_app, "agent")
    message = agent.post(f"/v1/elders/{li}/messages", {"kind": "notice", "title": "通知",
                                                      "body": "明天停水。"}).get_json()
    for response in (kiosk.get(f"/v1/elders/{li}"),
                     kiosk.patch(f"/v1/elders/{li}/preferences", {"volume": 10}),
                     kiosk.post(f"/v1/messages/{message['id']}/ack"),
                     kiosk.get(f"/v1/elders/{li}/messages"),
                     kiosk.get(f"/v1/elders/{li}/checkin"),
                     kiosk.get("/v1/requests"), kiosk.get("/v1/alarms"),
                     kiosk.get("/v1/devices/me/events")):
        assert_error(response, 403, "grant_required")
    kiosk.identify("wang")  # with another elder's grant: still nobody else
    for response in (kiosk.get(f"/v1/elders/{li}"),
                     kiosk.patch(f"/v1/elders/{li}/preferences", {"volume": 10}),
                     kiosk.post(f"/v1/messages/{message['id']}/ack"),
                     kiosk.post("/v1/requests", {"elder_id": li, "service": "help",
                                                 "mode": "call", "form": {"topic": "求助"}})):
        assert_error(response, 403, "forbidden")
    assert agent.get(f"/v1/elders/{li}").get_json()["preferences"]["volume"] != 10
    assert kiosk.get(f"/v1/elders/{kiosk.demo.elders['wang']}").status_code == 200


def test_the_grant_is_the_identified_elders_for_every_call(center_app, kiosk: Api):
    found = kiosk.identify("zhang")
    zhang = found["id"]
    me = kiosk.get("/v1/me").get_json()
    assert [e["id"] for e in me["elders"]] == [zhang]
    assert kiosk.patch(f"/v1/elders/{zhang}/preferences", {"font_scale": 1.5}).status_code == 200
    created = kiosk.post("/v1/requests", {"elder_id": zhang, "service": "help", "mode": "call",
                                          "form": {"topic": "求助"}})
    assert created.status_code == 201 and created.get_json()["channel"] == "kiosk"
    assert [r["id"] for r in kiosk.get("/v1/requests").get_json()] == [created.get_json()["id"]]
    raised = _alarm(kiosk, "zhang")
    assert raised.status_code == 201
    alarm = raised.get_json()
    assert [a["id"] for a in kiosk.get("/v1/alarms").get_json()] == [alarm["id"]]
    cancelled = kiosk.post(f"/v1/alarms/{alarm['id']}/cancel", {"by": "elder"})
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"


def test_sign_out_and_the_idle_wipe_end_the_grant(center_app, kiosk: Api):
    found = kiosk.identify("zhang")
    zhang, grant = found["id"], found["grant"]
    alarm = _alarm(kiosk, "zhang").get_json()
    ended = kiosk.post(f"/v1/grants/{grant['id']}/end", {"reason": "idle_wipe"})
    assert ended.status_code == 200
    assert ended.get_json()["live"] is False and ended.get_json()["end_reason"] == "idle_wipe"
    assert "token" not in ended.get_json()
    assert_error(kiosk.get(f"/v1/elders/{zhang}"), 403, "grant_expired")
    assert_error(kiosk.post(f"/v1/alarms/{alarm['id']}/cancel", {"by": "elder"}), 403,
                 "grant_expired")
    again = kiosk.post(f"/v1/grants/{grant['id']}/end", {"reason": "sign_out"})
    assert again.get_json()["end_reason"] == "idle_wipe"  # the first end is kept
    other = Api(center_app, "tv_wang")  # nobody else may end it, nor learn it exists
    assert other.post(f"/v1/grants/{grant['id']}/end").status_code == 403
    assert_error(kiosk.post("/v1/grants/grt_000000000000/end"), 404, "not_found")


def test_an_alarm_after_her_grant_ended_is_refused_as_expired_not_as_another_elder(center_app, kiosk: Api):
    """The kiosk's confirmation of her has ended (sign-out, idle wipe): pressing SOS for her is
    grant_expired — confirm again — not forbidden "确认的是另一位老人", and the kept refusal says why."""
    found = kiosk.identify("zhang")
    kiosk.post(f"/v1/grants/{found['grant']['id']}/end", {"reason": "idle_wipe"})
    refused = _alarm(kiosk, "zhang")
    assert_error(refused, 403, "grant_expired")
    assert "办理时间到了" in refused.get_json()["error"]["message"]
    assert "120" in refused.get_json()["error"]["message"]
    rows = Api(center_app, "agent").get("/v1/alarms/refusals").get_json()
    assert any(r["code"] == "grant_expired" and r["reason"] == "自助机的确认已经结束" for r in rows), rows


def test_the_next_identification_ends_the_last_persons_grant(center_app, kiosk: Api):
    first = kiosk.identify("zhang")
    alarm = _alarm(kiosk, "zhang").get_json()
    old = kiosk.headers
    kiosk.identify("wang")
    assert_error(kiosk.client.get(f"/v1/elders/{first['id']}", headers=old), 403, "grant_expired")
    # the next person cannot cancel the last one's alarm either
    assert_error(kiosk.post(f"/v1/alarms/{alarm['id']}/cancel", {"by": "elder"}), 403, "forbidden")
    assert kiosk.get("/v1/alarms").get_json() == []


def test_a_grant_expires_by_itself(center_app, kiosk: Api):
    found = kiosk.identify("zhang")
    assert 0 < found["grant"]["expires_in"] <= 20 * 60
    with center_app.extensions["onekey"].db.session(write=True) as s:
        s.get(KioskGrant, found["grant"]["id"]).expires_at = now() - timedelta(seconds=1)
        s.commit()
    assert_error(kiosk.get(f"/v1/elders/{found['id']}"), 403, "grant_expired")


def test_a_grant_is_the_kiosks_own_and_never_stored(center_app):
    found = identify(center_app.test_client(), center_app.demo, "zhang")
    token = found["grant"]["token"]
    tv = center_app.test_client()
    # another device presenting the token gains nothing
    response = tv.get(f"/v1/elders/{found['id']}", headers=bearer(center_app.demo.tokens["tv_wang"], token))
    assert_error(response, 403, "forbidden")
    with center_app.extensions["onekey"].db.session(write=False) as s:
        row = s.get(KioskGrant, found["grant"]["id"])
        assert row.token_hash != token and token not in row.token_hash


def test_an_alarm_from_the_kiosks_outbox_counts_when_the_grant_was_live_at_the_press(center_app, kiosk: Api):
    found = kiosk.identify("zhang")
    pressed = (now() - timedelta(seconds=30)).isoformat()
    kiosk.post(f"/v1/grants/{found['grant']['id']}/end", {"reason": "idle_wipe"})
    late = _alarm(kiosk, "zhang", pressed_at=pressed)  # pressed while she was there
    assert late.status_code == 201
    assert_error(_alarm(kiosk, "zhang"), 403, "grant_expired")  # pressed after she had gone
