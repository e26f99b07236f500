"""The event hub: waiting boxes cost no database reads however many there are, an event
wakes only the polls it is for, and a token resolved once is dropped as soon as its device or
agent changes (in any process: the change travels through the log)."""
from __future__ import annotations

import threading
import uuid
from typing import Any

from sqlalchemy import event, update

from call_center.models import Device

from ..alarms.conftest import add_elders


def poll(client: Any, token: str, after: str | None, wait: float = 0) -> Any:
    query = {} if after is None else {"after": after, "wait": wait}
    return client.get("/v1/devices/me/events", query_string=query,
                      headers={"Authorization": f"Bearer {token}"})


class Statements:
    """SQL statements run outside the hub's thread (the hub's own reads are one per change,
    not one per box, and are counted apart)."""

    def __init__(self, app: Any):
        self.count = 0
        self.hub = 0
        self.lock = threading.Lock()
        engine = app.extensions["onekey"].db.engine
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        with self.lock:
            if threading.current_thread().name == "event-hub":
                self.hub += 1
            else:
                self.count += 1

    def reset(self) -> None:
        with self.lock:
            self.count = self.hub = 0


def message(app: Any, elder_id: str, title: str) -> None:
    agent = {"Authorization": f"Bearer {app.demo.tokens['agent']}",
             "Idempotency-Key": uuid.uuid4().hex}
    response = app.test_client().post(f"/v1/elders/{elder_id}/messages", headers=agent, json={
        "kind": "notice", "title": title, "body": "社区通知"})
    assert response.status_code == 201, response.get_json()


def test_waiting_boxes_cost_no_database_reads_however_many(make_center_app):
    app = make_center_app()
    boxes = add_elders(app, 40, tag="idle")
    client = app.test_client()
    heads = {}
    for _elder, token in boxes:  # the first poll of each box: its token, its caller cached
        heads[token] = poll(client, token, None).get_json()["next"]
        assert poll(client, token, heads[token]).status_code == 200
    sql = Statements(app)
    for count in (4, 40):
        sql.reset()
        for _round in range(5):
            for _elder, token in boxes[:count]:
                body = poll(client, token, heads[token]).get_json()
                assert body["events"] == []
        assert sql.count == 0, f"{count} boxes renewing read the database {sql.count} times"


def test_an_event_wakes_only_the_polls_it_is_for(make_center_app):
    app = make_center_app()
    boxes = add_elders(app, 12, tag="wake")
    client = app.test_client()
    heads = {token: poll(client, token, None).get_json()["next"] for _e, token in boxes}
    answers: dict[str, Any] = {}

    def wait(token: str) -> None:
        answers[token] = poll(app.test_client(), token, heads[token], wait=30).get_json()

    threads = {token: threading.Thread(target=wait, args=(token,)) for _e, token in boxes}
    for t in threads.values():
        t.start()
    hub = app.extensions["onekey_push"].hub
    assert _eventually(lambda: hub.waiting == len(boxes))
    chosen_elder, chosen = boxes[5]
    message(app, chosen_elder, "助餐点开张")
    threads[chosen].join(30)
    assert not threads[chosen].is_alive()
    (got,) = answers[chosen]["events"]
    assert got["kind"] == "message" and got["data"]["message"]["title"] == "助餐点开张"
    assert answers[chosen]["next"] == got["id"]
    assert [t for t, th in threads.items() if not th.is_alive()] == [chosen]
    for elder_id, token in boxes:  # release the others, each with its own household's news
        if token != chosen:
            message(app, elder_id, f"给{token}的通知")
    for token, thread in threads.items():
        thread.join(30)
        assert [e["data"]["message"]["title"] for e in answers[token]["events"]] == (
            ["助餐点开张"] if token == chosen else [f"给{token}的通知"])


def _eventually(check: Any, timeout: float = 30) -> bool:
    from shared_ui.outbox import wait_until

    return wait_until(check, timeout=timeout, interval=0.01)


def test_a_changed_device_is_refused_at_its_next_poll(make_center_app):
    app = make_center_app()
    (_, kept), (_, moved), (_, revoked) = add_elders(app, 3, tag="acc")
    client = app.test_client()
    heads = {t: poll(client, t, None).get_json()["next"] for t in (kept, moved, revoked)}
    db = app.extensions["onekey"].db
    from call_center.auth import hash_token

    with db.session(write=True) as s:  # an agent deactivates one box (ORM change)
        device = s.query(Device).filter_by(token_hash=hash_token(revoked)).one()
        device.active = False
        s.commit()
    refused = poll(client, revoked, heads[revoked])
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "invalid_token"
    assert poll(client, kept, heads[kept]).status_code == 200

    with db.session(write=True) as s:  # a bulk change (e.g. a migration script)
        s.execute(update(Device).where(Device.token_hash == hash_token(moved))
                  .values(active=False))
        s.commit()
    app.extensions["onekey_push"].hub.refresh()  # its own eviction of the change, done
    assert poll(client, moved, heads[moved]).status_code == 401
    assert poll(client, kept, heads[kept]).status_code == 200
    cache = app.extensions["onekey_push"].callers
    assert len(cache) == 1


def test_a_commit_no_poll_waits_for_costs_the_hub_no_sync_and_nothing_unsynced_leaves(
        make_center_app):
    """The hub syncs before it hands out what it read (rows or tokens), not after every
    read: a raise nobody's box waits for costs one sync, its own."""
    from call_center.push.hub import Selection

    app = make_center_app(alarm_worker=False)
    (elder, token), = add_elders(app, 1, tag="lazy")
    client = app.test_client()
    head = poll(client, token, None).get_json()["next"]
    hub = app.extensions["onekey_push"].hub
    group = app.extensions["onekey"].db.group
    before = group.syncs
    assert client.post("/v1/alarms", json={"elder_id": elder}, headers={
        "Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex}
    ).status_code == 201
    assert group.syncs == before + 1  # the raise's own, before its answer
    hub.catch_up()
    assert group.syncs == before + 1 and hub.synced < hub.latest
    rows, seen = hub.recent(int(head), Selection(every_household=True))
    assert rows == [] and seen <= hub.synced  # not even as a token
    got = poll(client, token, head).get_json()  # a poll asks: synced first, then answered
    assert [e["kind"] for e in got["events"]] == ["alarm"]
    assert hub.synced == hub.latest and group.syncs == before + 2
