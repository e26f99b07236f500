"""Alerts as WeChat subscribe messages, from the centre's events through the durable outbox:
within seconds; through a WeChat outage nothing is lost and nothing is sent twice (a restart
and a second worker included); a refusal (43101) is not retried; only members the centre
names (bound, with alerts) who opted in are told."""
from __future__ import annotations

import pytest

import time
import uuid

from sqlalchemy import select

from miniprogram_api.app import stop
from miniprogram_api.backend import EXTENSION
from miniprogram_api.models import OutboxEntry, StreamState
from tests.miniprogram_api.servers import wait_until

pytestmark = pytest.mark.integration


def rows(backend) -> list[OutboxEntry]:
    database = backend.app.extensions[EXTENSION].database
    with database.session(write=False) as db:
        return list(db.scalars(select(OutboxEntry).order_by(OutboxEntry.id)))


def following(backend) -> bool:
    database = backend.app.extensions[EXTENSION].database
    with database.session(write=False) as db:
        state = db.get(StreamState, "centre")
        return bool(state and state.cursor)


def alerted_member(backend, openid: str = "o-chenjing", credits: int = 5) -> str:
    token = backend.sign_in(openid)
    backend.bind(token, "zhang")
    accepted = backend.api(token).post(f"{backend.url}/api/v1/subscriptions",
                                       json={"results": {"tmpl-alarm": "accept", "tmpl-booking": "accept"},
                                             "long_term": True})
    assert accepted.status_code == 200, accepted.text
    backend.wechat.fake.subscribe(openid, "tmpl-alarm", credits)
    backend.wechat.fake.subscribe(openid, "tmpl-booking", credits)
    return token


def close_alarm(backend, alarm_id: str) -> None:
    backend.agent().post(f"{backend.centre.url}/v1/alarms/{alarm_id}/cancel", json={"by": "agent"})


def test_an_alarm_reaches_the_bound_member_within_seconds(make_backend):
    backend = make_backend(alerts=True)
    alerted_member(backend)
    wait_until("the stream to be followed", lambda: following(backend))
    alarm = backend.raise_alarm("zhang")
    sent = wait_until("the subscribe message", lambda: backend.wechat.fake.sent)
    message = sent[0]
    assert message["touser"] == "o-chenjing" and message["template_id"] == "tmpl-alarm"
    assert message["page"] == f"pages/alarm/index?id={alarm['id']}"
    assert message["data"]["thing1"]["value"] == "张*兰" and message["data"]["phrase2"]["value"] == "发出求救"
    close_alarm(backend, alarm["id"])
    wait_until("the cancellation message", lambda: len(backend.wechat.fake.sent) == 2)
    assert backend.wechat.fake.sent[1]["data"]["phrase2"]["value"] == "已撤销"


def test_wechat_down_then_up_sends_exactly_one_message(make_backend):
    backend = make_backend(alerts=True)
    alerted_member(backend)
    wait_until("the stream to be followed", lambda: following(backend))
    backend.wechat.server.stop()  # WeChat unreachable: connection refused
    alarm = backend.raise_alarm("zhang")
    # (a row being tried again is "sending" with its count already raised: wait for it to be back)
    retried = wait_until("two failed tries", lambda: [r for r in rows(backend)
                                                      if r.attempts >= 2 and r.status == "pending"])
    assert retried[0].last_error
    assert backend.wechat.fake.sent == []
    backend.wechat.fake.down = True  # back, but answering 503 for a while
    backend.wechat.server.start()
    wait_until("more failed tries", lambda: rows(backend)[0].attempts >= 4)
    backend.wechat.fake.down = False
    wait_until("the message", lambda: backend.wechat.fake.sent)
    entry = wait_until("the row marked sent", lambda: [r for r in rows(backend) if r.status == "sent"])[0]
    assert entry.attempts >= 4 and entry.wechat_msgid == "1"
    # A restart replays from the cursor kept with the rows: the same event is not sent again.
    stop(backend.app)
    again = make_backend(alerts=True, db_url=str(backend.app.extensions[EXTENSION].database.engine.url))
    close_alarm(again, alarm["id"])
    wait_until("the cancellation message", lambda: len(again.wechat.fake.sent) == 2)
    kinds = [m["data"]["phrase2"]["value"] for m in again.wechat.fake.sent]
    assert kinds == ["发出求救", "已撤销"]


def test_two_workers_on_one_database_send_each_message_once(make_backend):
    first = make_backend(alerts=True)
    alerted_member(first, credits=10)
    url = str(first.app.extensions[EXTENSION].database.engine.url)
    second = make_backend(alerts=True, db_url=url)
    wait_until("the stream to be followed", lambda: following(first))
    alarms = []
    for _ in range(3):
        alarm = first.raise_alarm("zhang")
        alarms.append(alarm["id"])
        close_alarm(first, alarm["id"])
    wait_until("six messages", lambda: len(first.wechat.fake.sent) >= 6)
    time.sleep(0.5)  # let a duplicate, if any, arrive (it must not)
    assert len(first.wechat.fake.sent) == 6
    assert all(r.status == "sent" for r in rows(second))


def test_a_refusal_is_not_retried_and_no_opt_in_means_no_message(make_backend):
    backend = make_backend(alerts=True)
    token = backend.sign_in("o-refuses")
    backend.bind(token, "zhang")
    backend.api(token).post(f"{backend.url}/api/v1/subscriptions", json={"results": {"tmpl-alarm": "accept"}})
    # WeChat holds no credit for this user: it answers 43101.
    backend.sign_in("o-never")  # signed in and bound, but never allowed any message
    backend.bind(backend.members["o-never"], "zhang", relation="儿子")
    wait_until("the stream to be followed", lambda: following(backend))
    backend.raise_alarm("zhang")
    refused = wait_until("two refusals", lambda: len([r for r in rows(backend) if r.status == "refused"]) == 2)
    assert refused
    states = {r.openid: (r.status, r.attempts) for r in rows(backend)}
    assert states["o-refuses"] == ("refused", 1) and states["o-never"] == ("refused", 0)
    assert backend.wechat.fake.sent == []
    subs = backend.api(token).get(f"{backend.url}/api/v1/subscriptions").json()["subscriptions"]
    assert subs == [{"template_id": "tmpl-alarm", "credits": 0, "long_term": False, "refused": True}]


def test_a_later_step_of_an_alarm_never_announced_keeps_the_credit_for_the_next_alarm(make_backend):
    """She opted in for one message while an older alarm was open (its 发出求救 went to nobody):
    that alarm's 已撤销 is not sent — it would say nothing she could act on, and spend the one
    credit — so the next real alarm reaches her."""
    backend = make_backend(alerts=True)
    token = backend.sign_in("o-one-credit")
    backend.bind(token, "zhang")
    wait_until("the stream to be followed", lambda: following(backend))
    older = backend.raise_alarm("zhang")
    wait_until("its 发出求救 kept as not subscribed",
               lambda: any(r.ref_id == older["id"] and r.status == "refused" for r in rows(backend)))
    backend.api(token).post(f"{backend.url}/api/v1/subscriptions", json={"results": {"tmpl-alarm": "accept"}})
    backend.wechat.fake.subscribe("o-one-credit", "tmpl-alarm", 1)
    close_alarm(backend, older["id"])
    wait_until("the cancellation kept unsent", lambda: any(
        r.ref_id == older["id"] and r.last_error == "没有收到这次求救的第一条消息" for r in rows(backend)))
    assert backend.wechat.fake.sent == []
    newer = backend.raise_alarm("zhang")
    sent = wait_until("the new alarm's message", lambda: backend.wechat.fake.sent)
    assert sent[0]["page"] == f"pages/alarm/index?id={newer['id']}"
    assert sent[0]["data"]["phrase2"]["value"] == "发出求救"


def test_only_members_the_centre_names_are_alerted(make_backend):
    backend = make_backend(alerts=True)
    alerted_member(backend)
    viewer = backend.sign_in("o-viewer", name="陈伟", phone="13585671230")
    backend.bind(viewer, "zhang", relation="儿子", permissions=["view"])
    backend.wechat.fake.subscribe("o-viewer", "tmpl-alarm", 5)
    asked = backend.api(viewer).get(f"{backend.url}/api/v1/subscriptions").json()
    assert asked["templates"] == {}  # a member who may not receive alerts is not asked to subscribe
    refused = backend.api(viewer).post(f"{backend.url}/api/v1/subscriptions",
                                       json={"results": {"tmpl-alarm": "accept"}})
    assert refused.status_code == 403
    wait_until("the stream to be followed", lambda: following(backend))
    backend.raise_alarm("zhang")
    wait_until("the message", lambda: backend.wechat.fake.sent)
    time.sleep(0.3)
    assert {m["touser"] for m in backend.wechat.fake.sent} == {"o-chenjing"}


def test_a_booking_result_is_a_booking_message(make_backend):
    backend = make_backend(alerts=True)
    token = alerted_member(backend)
    wait_until("the stream to be followed", lambda: following(backend))
    api = backend.api(token)
    started = api.post(f"{backend.url}/api/v1/flow", json={"elder_id": backend.centre.elders["zhang"]}).json()
    step = api.post(f"{backend.url}/api/v1/flow/{started['session']}", json={"kind": "select", "value": "registration"}).json()
    assert step["screen"]["kind"] == "review"
    done = api.post(f"{backend.url}/api/v1/flow/{started['session']}", json={"kind": "select", "value": "confirm"}).json()
    assert done["screen"]["kind"] == "result"
    sent = wait_until("the booking message", lambda: [m for m in backend.wechat.fake.sent
                                                      if m["template_id"] == "tmpl-booking"])
    assert sent[0]["data"]["phrase2"]["value"] == "已办好" and "预约挂号" in sent[0]["data"]["thing1"]["value"]


def test_a_special_vehicle_booked_for_a_parent_and_cancelled_is_two_booking_messages(make_backend):
    """特殊用车: booked on the phone for a parent — a wheelchair car, no carrying, 确认 — then
    cancelled by an agent; the family hears 已办好 and 已取消, each naming the service."""
    backend = make_backend(alerts=True)
    token = alerted_member(backend)
    wait_until("the stream to be followed", lambda: following(backend))
    api = backend.api(token)
    started = api.post(f"{backend.url}/api/v1/flow", json={"elder_id": backend.centre.elders["zhang"]}).json()
    flow = f"{backend.url}/api/v1/flow/{started['session']}"
    assert api.post(flow, json={"kind": "select", "value": "menu:more"}).json()["screen"]["kind"] == "menu"
    asked = api.post(flow, json={"kind": "select", "value": "special_vehicle"}).json()
    assert asked["screen"]["id"] == "field:special_vehicle:mobility", asked["screen"]
    api.post(flow, json={"kind": "select", "value": "wheelchair"})
    review = api.post(flow, json={"kind": "select", "value": "self"}).json()
    assert review["screen"]["kind"] == "review", review["screen"]
    done = api.post(flow, json={"kind": "select", "value": "confirm"}).json()
    assert done["screen"]["id"] == "result:special_vehicle", done["screen"]
    request_id = done["screen"]["record_id"]
    booked = wait_until("the booking message", lambda: [m for m in backend.wechat.fake.sent
                                                        if m["template_id"] == "tmpl-booking"])
    assert booked[0]["data"]["phrase2"]["value"] == "已办好" and "特殊用车" in booked[0]["data"]["thing1"]["value"]
    cancelled = backend.agent().post(f"{backend.centre.url}/v1/requests/{request_id}/cancel", json={})
    assert cancelled.status_code == 200, cancelled.text
    sent = wait_until("the cancel message", lambda: [m for m in backend.wechat.fake.sent if m["template_id"] ==
                                                     "tmpl-booking" and m["data"]["phrase2"]["value"] == "已取消"])
    assert "特殊用车" in sent[0]["data"]["thing1"]["value"]


def test_a_slip_sent_from_a_kiosk_is_one_message_per_press_that_opens_the_request(make_backend):
    backend = make_backend(alerts=True)
    alerted_member(backend)
    wait_until("the stream to be followed", lambda: following(backend))
    agent, centre = backend.agent(), backend.centre.url
    created = agent.post(f"{centre}/v1/requests", json={"elder_id": backend.centre.elders["zhang"], "service": "help",
                                                        "mode": "call", "form": {"topic": "求助"}},
                         headers={"Idempotency-Key": uuid.uuid4().hex}).json()
    for to in ("accepted", "in_progress", "confirmed"):
        agent.post(f"{centre}/v1/requests/{created['id']}/transitions", json={"to": to},
                   headers={"Idempotency-Key": uuid.uuid4().hex}).raise_for_status()
    tv = backend.tv("zhang")
    for _press in range(2):  # pressed twice (she was not sure): two messages, each once
        sent = tv.post(f"{centre}/v1/requests/{created['id']}/send-to-family", json={},
                       headers={"Idempotency-Key": uuid.uuid4().hex})
        assert sent.status_code == 200 and "女儿" in sent.json()["relations"], sent.text
    wait_until("both presses", lambda: len([m for m in backend.wechat.fake.sent
                                            if m["data"]["phrase2"]["value"] == "发来凭条"]) == 2)
    time.sleep(1.0)  # and nothing more
    slips = [m for m in backend.wechat.fake.sent if m["data"]["phrase2"]["value"] == "发来凭条"]
    assert len(slips) == 2 and all(m["template_id"] == "tmpl-booking" for m in slips)
    assert {m["page"] for m in slips} == {f"pages/request/index?id={created['id']}"}
    assert slips[0]["data"]["thing1"]["value"] == "张*兰的找人工"
