"""Two centre nodes on one PostgreSQL, as behind a load balancer (separate processes and
ports): an event written through node A reaches a box waiting on node B (woken by NOTIFY),
the escalation workers of both nodes run each step once, and a node killed with SIGKILL
loses nothing (its steps are taken over by the other node when their lease runs out)."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests

from call_center.app import create_app
from call_center.demo_data import seed
from shared_ui.outbox import wait_until

from ...postgres_server import start_postgres
from ...serving import answers
from ..alarms.conftest import add_elders

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[3]
ONEKEY = Path(sys.executable).parent / "onekey"
SIM = "callback=no_answer;keep_calling=no_answer;emergency_contact=no_answer;110=answered"
STEPS = [("callback", 1), ("callback", 2), ("response_started", None), ("contact_call", 1),
         ("contact_call", 2), ("contacts_unreachable", None), ("police_call", None)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    def __init__(self, db_url: str, name: str):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "ONEKEY_DB_URL": db_url}
        env.update({f"ONEKEY_ALARM_{k}": v for k, v in {
            "SIM_CALLS": SIM, "SIM_CALL_LATENCY_MS": "300", "CALLBACK_INTERVAL_S": "0",
            "CLAIM_LEASE_S": "3", "HEARTBEAT_S": "1", "WORKER_POLL_S": "0.1",
            # Only NOTIFY can wake a node's hub for the other node's events in this test.
            "EVENTS_LISTEN_POLL_S": "600"}.items()})
        self.proc = subprocess.Popen([str(ONEKEY), "center", "--port", str(self.port)],
                                     cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)

        def healthy() -> bool:
            assert self.proc.poll() is None, f"node {name} exited"
            return answers(f"{self.url}/v1/health")

        assert wait_until(healthy, timeout=60), f"node {name} did not come up"

    @property
    def worker_prefix(self) -> str:
        return f"{socket.gethostname()}:{self.proc.pid}:"

    def call(self, method: str, path: str, token: str, **kw: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"}
        if method == "POST":
            headers["Idempotency-Key"] = uuid.uuid4().hex
        return requests.request(method, self.url + path, headers=headers, timeout=40, **kw)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass
        self.proc.wait(20)


@pytest.fixture(scope="module")
def cluster():
    server = start_postgres()
    url = server.create_database("two_nodes")
    app = create_app({"db_url": url})
    demo = seed(app.extensions["onekey"].db)
    elders = add_elders(app, 8, tag="node")
    app.extensions["onekey"].db.dispose()
    nodes: list[Node] = []
    try:
        nodes = [Node(url, "A"), Node(url, "B")]
        yield server, demo, elders, nodes
    finally:
        for node in nodes:
            node.kill(signal.SIGTERM)
        server.stop()


def sql(server: Any, query: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname=two_nodes") as c:
        return c.execute(query).fetchall()


def test_an_event_written_on_one_node_reaches_a_box_waiting_on_the_other(cluster):
    _server, demo, elders, (a, b) = cluster
    elder_id, tv = elders[0]
    head = b.call("GET", "/v1/devices/me/events", tv).json()["next"]
    answer: dict[str, Any] = {}

    def wait_on_b() -> None:
        answer.update(b.call("GET", "/v1/devices/me/events", tv,
                             params={"after": head, "wait": 25}).json())

    waiting = threading.Thread(target=wait_on_b)
    waiting.start()
    sent = a.call("POST", f"/v1/elders/{elder_id}/messages", demo.tokens["agent"],
                  json={"kind": "notice", "title": "停水通知", "body": "明天上午停水。"})
    assert sent.status_code == 201
    waiting.join(40)
    # Back well before its 25 s wait: node B's hub was woken by node A's NOTIFY.
    assert [e["data"]["message"]["title"] for e in answer["events"]] == ["停水通知"]


def test_both_nodes_escalate_each_step_once_and_a_killed_node_loses_nothing(cluster):
    server, demo, elders, (a, b) = cluster
    agent = demo.tokens["agent"]
    alarm_ids = []
    for i, (elder_id, _tv) in enumerate(elders):
        node = (a, b)[i % 2]
        raised = node.call("POST", "/v1/alarms", agent, json={"elder_id": elder_id})
        assert raised.status_code == 201  # confirmed: it must survive what follows
        alarm_ids.append(raised.json()["id"])
    for i, alarm_id in enumerate(alarm_ids):
        node = (b, a)[i % 2]
        assert node.call("POST", f"/v1/alarms/{alarm_id}/steps", agent,
                         json={"kind": "elder_silent"}).ok

    def a_has_worked_and_is_calling() -> bool:
        (done, calling), = sql(server, "SELECT count(done_at), count(*) - count(done_at) "
                                       "FROM alarm_timers WHERE "
                                       f"claimed_by LIKE '{a.worker_prefix}%'")
        return done > 0 and calling > 0

    assert wait_until(a_has_worked_and_is_calling, timeout=60, interval=0.02), \
        "node A's worker never ran a step"
    a.kill()  # SIGKILL, with calls in flight

    ids = ", ".join(f"'{i}'" for i in alarm_ids)

    def police_called_for_all() -> bool:
        return sql(server, "SELECT count(*) FROM alarm_events WHERE kind='police_call' "
                           f"AND alarm_id IN ({ids})")[0][0] == len(alarm_ids)

    assert wait_until(police_called_for_all, timeout=120), "the escalation did not finish"
    rows = sql(server, "SELECT alarm_id, kind, data FROM alarm_events WHERE "
                       f"actor='system:escalation' AND alarm_id IN ({ids}) ORDER BY alarm_id, seq")
    per_alarm: dict[str, list] = {}
    for alarm_id, kind, data in rows:
        data = data if isinstance(data, dict) else json.loads(data)
        if kind != "stale_call":  # a ring of the killed node's, kept on the record
            per_alarm.setdefault(alarm_id, []).append(
                (kind, data.get("attempt") or data.get("priority")))
    assert set(per_alarm) == set(alarm_ids)  # every confirmed alarm is there
    for steps in per_alarm.values():
        assert steps[:7] == STEPS
        assert {kind for kind, _ in steps[7:]} <= {"keep_calling"}
    claimers = {r[0] for r in sql(server, "SELECT claimed_by FROM alarm_timers WHERE "
                                          f"alarm_id IN ({ids}) AND done_at IS NOT NULL AND claimed_by IS NOT NULL")}
    assert any(c.startswith(a.worker_prefix) for c in claimers)
    assert any(c.startswith(b.worker_prefix) for c in claimers)
    taken_over = sql(server, "SELECT count(*) FROM alarm_timers WHERE claims > 1 AND "
                             f"alarm_id IN ({ids}) AND claimed_by LIKE '{b.worker_prefix}%'")
    assert taken_over[0][0] >= 1  # what A was calling when it died, B did
