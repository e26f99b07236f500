"""发给家人 (a kiosk with no printer or no paper): the slip goes to the family the centre
names — active bindings that may see the elder's requests — as one event only the family's
service reads."""
from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask

from .conftest import assert_error
from .family_members import answer_on_tv, ask, bearer, bound, family_token


def _post(client: Any, token: str, path: str) -> Any:
    return _post_json(client, token, path, {})


def _confirmed(client: Any, demo: Any, elder_key: str) -> str:
    agent = demo.tokens["agent"]
    created = client.post("/v1/requests", json={"elder_id": demo.elders[elder_key], "service": "help",
                                                "mode": "call", "form": {"topic": "求助"}},
                          headers={**bearer(agent), "Idempotency-Key": uuid.uuid4().hex})
    rid = created.get_json()["id"]
    for to in ("accepted", "in_progress", "confirmed"):
        assert _post_json(client, agent, f"/v1/requests/{rid}/transitions", {"to": to}).status_code == 200
    return rid


def _post_json(client: Any, token: str, path: str, body: dict) -> Any:
    return client.post(path, json=body, headers={**bearer(token), "Idempotency-Key": uuid.uuid4().hex})


def _head(client: Any, token: str, path: str) -> str:
    return client.get(path, headers=bearer(token)).get_json()["next"]


def _events(client: Any, token: str, path: str, after: str) -> list[dict]:
    return client.get(path, query_string={"after": after, "wait": 0}, headers=bearer(token)).get_json()["events"]


def test_the_slip_goes_to_members_who_may_see_and_only_the_service_hears_of_it(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    bound(client, demo, "wang", relation="女儿")
    son = family_token(client, demo, subject="o-revoked", name="王强", phone="13585671230")
    ended = ask(client, son, "wang", relation="儿子")
    answer_on_tv(client, demo, "wang")
    assert _post_json(client, demo.tokens["agent"], f"/v1/family/bindings/{ended['id']}/revoke",
                      {"note": "老人要求解除"}).status_code == 200  # revoked: not sent
    pending = family_token(client, demo, subject="o-pending", name="王磊", phone="13585671231")
    ask(client, pending, "wang", relation="孙子")  # waiting for her: not sent
    rid = _confirmed(client, demo, "wang")
    service, tv = demo.tokens["service"], demo.tokens["tv_wang"]
    service_after, tv_after = _head(client, service, "/v1/events"), _head(client, tv, "/v1/devices/me/events")

    sent = _post(client, tv, f"/v1/requests/{rid}/send-to-family")
    assert sent.status_code == 200, sent.get_data(as_text=True)
    body = sent.get_json()
    assert body["relations"] == ["女儿"]
    assert body["message"] == "凭条已经发给您的女儿，在手机上就能看到。"
    slips = [e for e in _events(client, service, "/v1/events", service_after) if e["kind"] == "slip"]
    assert [(e["ref_id"], e["elder_id"]) for e in slips] == [(rid, demo.elders["wang"])]
    assert slips[0]["data"]["request"]["status"] == "confirmed"
    # the household's TV is not told (nothing for it to show), and no name leaves for the screen
    assert not [e for e in _events(client, tv, "/v1/devices/me/events", tv_after) if e["kind"] == "slip"]
    assert "陈静" not in sent.get_data(as_text=True)


def test_two_relations_are_named_together(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    bound(client, demo, "wang", relation="女儿")
    bound(client, demo, "wang", relation="儿子", subject="o-son", name="王强", phone="13585671230")
    rid = _confirmed(client, demo, "wang")
    body = _post(client, demo.tokens["tv_wang"], f"/v1/requests/{rid}/send-to-family").get_json()
    assert sorted(body["relations"]) == ["儿子", "女儿"]
    assert "女儿和儿子" in body["message"] or "儿子和女儿" in body["message"]


def test_nobody_to_send_to_is_said_and_nothing_is_sent(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    rid = _confirmed(client, demo, "wang")
    service = demo.tokens["service"]
    after = _head(client, service, "/v1/events")
    body = _post(client, demo.tokens["tv_wang"], f"/v1/requests/{rid}/send-to-family").get_json()
    assert body["relations"] == [] and "还没有绑定家人" in body["message"]
    assert not [e for e in _events(client, service, "/v1/events", after) if e["kind"] == "slip"]


@pytest.mark.parametrize("steps", [(), ("accepted",), ("cancelled",)])
def test_a_request_without_a_slip_is_refused(center_app: Flask, steps: tuple[str, ...]):
    client, demo = center_app.test_client(), center_app.demo
    bound(client, demo, "wang")
    agent = demo.tokens["agent"]
    rid = _post_json(client, agent, "/v1/requests", {"elder_id": demo.elders["wang"], "service": "help",
                                                     "mode": "call", "form": {"topic": "求助"}}).get_json()["id"]
    for to in steps:
        assert _post_json(client, agent, f"/v1/requests/{rid}/transitions", {"to": to}).status_code == 200
    assert_error(_post(client, demo.tokens["tv_wang"], f"/v1/requests/{rid}/send-to-family"), 409, "no_slip_yet")


def test_another_household_cannot_send_her_slip(center_app: Flask):
    client, demo = center_app.test_client(), center_app.demo
    rid = _confirmed(client, demo, "wang")
    assert_error(_post(client, demo.tokens["tv_li"], f"/v1/requests/{rid}/send-to-family"), 403, "forbidden")


def test_the_familys_service_waiting_on_the_stream_is_woken_by_the_slip(center_app: Flask):
    """Its long-poll returns as soon as the slip is sent, not when it times out."""
    import threading
    import time

    client, demo = center_app.test_client(), center_app.demo
    bound(client, demo, "wang")
    rid = _confirmed(client, demo, "wang")
    service = demo.tokens["service"]
    after = _head(client, service, "/v1/events")
    answer: dict[str, Any] = {}

    def poll() -> None:
        started = time.monotonic()
        got = center_app.test_client().get("/v1/events", query_string={"after": after, "wait": 20},
                                           headers=bearer(service)).get_json()
        answer.update(got, took=time.monotonic() - started)

    waiting = threading.Thread(target=poll)
    waiting.start()
    time.sleep(0.5)  # the poll is waiting in the hub
    assert _post(client, demo.tokens["tv_wang"], f"/v1/requests/{rid}/send-to-family").status_code == 200
    waiting.join(timeout=25)
    assert [e["kind"] for e in answer["events"]] == ["slip"] and answer["took"] < 10, answer
