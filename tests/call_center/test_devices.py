"""Unbinding a TV box from its household or a kiosk from its station (call_center/devices.py):
agents only; the device's token is refused from its next call and a poll it has waiting ends
at once (on the Flask view and on the ASGI front); the list says which devices are bound; it
is audited with who and why."""
from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
import requests
from sqlalchemy import select

from call_center.models import KioskGrant, VolunteerShift
from call_center.models.console import AuditEntry
from shared_ui.outbox import wait_until

from ..serving import answers
from .conftest import Api, assert_error, bearer, identify, row_counts
from .family_members import bound


def unbind(app: Any, device_id: str, note: str = "电视卖掉了", who: str = "agent") -> Any:
    return app.test_client().post(f"/v1/devices/{device_id}/unbind", json={"note": note},
                                  headers={**bearer(app.demo.tokens[who]), "Idempotency-Key": uuid.uuid4().hex})


def device_id(app: Any, token_key: str) -> str:
    return app.test_client().get("/v1/me", headers=bearer(app.demo.tokens[token_key])).get_json()["device"]["id"]


def audits(app: Any, action: str) -> list[AuditEntry]:
    with app.extensions["onekey"].db.session(write=False) as db:
        return list(db.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_an_agent_unbinds_a_box_and_its_next_call_is_refused(center_app: Any, agent: Api):
    demo = center_app.demo
    box = device_id(center_app, "tv_li")
    listed = agent.get("/v1/devices", household_id=demo.households["li"]).get_json()
    assert [(d["id"], d["bound"]) for d in listed] == [(box, True)]
    done = unbind(center_app, box, "电视卖掉了")
    assert done.status_code == 200, done.get_json()
    state = done.get_json()
    assert state["bound"] is False and state["unbound_by"].startswith("agent:") and state["unbound_note"] == "电视卖掉了"
    tv = Api(center_app, "tv_li")
    assert_error(tv.get("/v1/me"), 401, "invalid_token")
    assert_error(tv.get("/v1/devices/me/events"), 401, "invalid_token")
    assert_error(tv.post("/v1/alarms", {"elder_id": demo.elders["li"]}), 401, "invalid_token")
    # The list still shows it, as unbound, after the bound ones; who and why are kept.
    listed = agent.get("/v1/devices", household_id=demo.households["li"]).get_json()
    assert [(d["id"], d["bound"], d["unbound_note"]) for d in listed] == [(box, False, "电视卖掉了")]
    assert [d["id"] for d in agent.get("/v1/devices", bound="true").get_json()].count(box) == 0
    entries = audits(center_app, "unbind_device")
    assert [(e.target_id, e.username) for e in entries] == [(box, f"agent:{state['unbound_by'].split(':')[1]}"[:32])]
    assert "卖掉了" in entries[0].detail
    # Again: nothing changes, the first unbinding stands, no second entry.
    again = unbind(center_app, box, "又点了一次")
    assert again.status_code == 200 and again.get_json()["unbound_note"] == "电视卖掉了"
    assert len(audits(center_app, "unbind_device")) == 1
    # Other boxes are untouched.
    assert Api(center_app, "tv_wang").get("/v1/me").status_code == 200


@pytest.mark.parametrize("who", ["tv_wang", "kiosk", "service", "family"])
def test_nobody_but_an_agent_may_unbind(center_app: Any, who: str):
    demo = center_app.demo
    box = device_id(center_app, "tv_wang")
    client = center_app.test_client()
    token = bound(client, demo, "wang", permissions=["view", "book", "alerts"]) if who == "family" else demo.tokens[who]
    before = row_counts(center_app)
    refused = client.post(f"/v1/devices/{box}/unbind", json={"note": "我想解绑"},
                          headers={**bearer(token), "Idempotency-Key": uuid.uuid4().hex})
    assert_error(refused, 403, "forbidden")
    assert_error(client.get("/v1/devices", headers=bearer(token)), 403, "forbidden")
    assert row_counts(center_app) == before
    assert Api(center_app, "tv_wang").get("/v1/me").status_code == 200


def test_an_unbinding_says_why_and_names_a_device(center_app: Any, agent: Api):
    box = device_id(center_app, "tv_wang")
    before = row_counts(center_app)
    assert_error(unbind(center_app, box, ""), 422, "validation_error")
    assert_error(unbind(center_app, "dev_000000000000"), 404, "not_found")
    assert row_counts(center_app) == before


def test_an_unbound_kiosk_ends_its_grant_and_its_volunteers_shift(center_app: Any):
    from call_center.demo_data import VOLUNTEER_PIN

    demo = center_app.demo
    client = center_app.test_client()
    kiosk = device_id(center_app, "kiosk")
    grant = identify(client, demo, "wang")["grant"]
    signed = client.post("/v1/volunteers/sign-in", json={"pin": VOLUNTEER_PIN}, headers=bearer(demo.tokens["kiosk"]))
    assert signed.status_code == 200, signed.get_json()
    assert unbind(center_app, kiosk, "自助机搬到别的驿站").status_code == 200
    assert_error(client.get(f"/v1/elders/{demo.elders['wang']}",
                            headers=bearer(demo.tokens["kiosk"], grant["token"])), 401, "invalid_token")
    with center_app.extensions["onekey"].db.session(write=False) as db:
        assert db.get(KioskGrant, grant["id"]).end_reason == "unbound"
        assert db.get(VolunteerShift, signed.get_json()["id"]).ended_at is not None
    listed = Api(center_app, "agent").get("/v1/devices", kind="kiosk").get_json()
    assert [(d["bound"], d["station"]) for d in listed if d["id"] == kiosk] == [(False, "仙霞新村街道智慧健康驿站")]


def _waiting_poll(url: str, token: str) -> tuple[threading.Thread, dict[str, Any]]:
    head = requests.get(f"{url}/v1/devices/me/events", headers=bearer(token), timeout=10).json()["next"]
    answer: dict[str, Any] = {}

    def wait() -> None:
        got = requests.get(f"{url}/v1/devices/me/events", params={"after": head, "wait": 25},
                           headers=bearer(token), timeout=60)
        answer.update(status=got.status_code, body=got.json())

    thread = threading.Thread(target=wait)
    thread.start()
    return thread, answer


def test_a_poll_waiting_when_its_box_is_unbound_ends_with_401(make_live_center: Any):
    """On the Flask view (werkzeug): the box's event stream ends, not after its 25 s wait."""
    centre = make_live_center()
    hub = centre.app.extensions["onekey_push"].hub
    thread, answer = _waiting_poll(centre.url, centre.tokens["tv_li"])
    assert wait_until(lambda: hub.waiting == 1, timeout=20)
    box = requests.get(f"{centre.url}/v1/me", headers=centre.headers("tv_li"), timeout=10).json()["device"]["id"]
    done = requests.post(f"{centre.url}/v1/devices/{box}/unbind", json={"note": "电视坏了"},
                         headers={**centre.headers("agent"), "Idempotency-Key": uuid.uuid4().hex}, timeout=10)
    assert done.status_code == 200, done.text
    thread.join(60)
    assert answer["status"] == 401 and answer["body"]["error"]["code"] == "invalid_token", answer
    assert hub.waiting == 0


def test_a_poll_waiting_on_the_asgi_front_ends_with_401(center_app: Any):
    """On the ASGI front (uvicorn, how the centre is served by default)."""
    import socket

    import uvicorn

    from call_center.push.asgi import CentreFront

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(CentreFront(center_app, 4), host="127.0.0.1", port=port,
                                           log_level="warning"))
    serving = threading.Thread(target=server.run, daemon=True)
    serving.start()
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: answers(f"{url}/v1/health"), timeout=30)
        hub = center_app.extensions["onekey_push"].hub
        token = center_app.demo.tokens["tv_zhang"]
        thread, answer = _waiting_poll(url, token)
        assert wait_until(lambda: hub.waiting == 1, timeout=20)
        box = device_id(center_app, "tv_zhang")
        assert requests.post(f"{url}/v1/devices/{box}/unbind", json={"note": "搬家了"},
                             headers={**bearer(center_app.demo.tokens["agent"]),
                                      "Idempotency-Key": uuid.uuid4().hex}, timeout=10).status_code == 200
        thread.join(60)
        assert answer["status"] == 401 and answer["body"]["error"]["code"] == "invalid_token", answer
        refused = requests.get(f"{url}/v1/devices/me/events", params={"after": 0, "wait": 5},
                               headers=bearer(token), timeout=30)
        assert refused.status_code == 401
    finally:
        server.should_exit = True
        serving.join(10)


