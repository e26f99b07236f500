"""Real processes: the centre killed mid-escalation resumes at the right step exactly once; two
worker processes on one database never run a step twice; an alarm raised while the centre is
down reaches the real centre exactly once through the device's durable outbox."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

from shared_ui.client import CenterClient
from shared_ui.outbox import Outbox, OutboxWorker, client_sender, wait_until

from ...serving import answers
from .conftest import add_elders

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]
ONEKEY = Path(sys.executable).parent / "onekey"
SIM = "callback=no_answer;keep_calling=no_answer;emergency_contact=no_answer;110=answered"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_db(center_template: Any, tmp_path: Path) -> Path:
    target = tmp_path / "center.db"
    shutil.copyfile(center_template.path, target)
    return target


def centre_env(**alarm: Any) -> dict[str, str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("ONEKEY_DB_URL", None)
    env.update({f"ONEKEY_ALARM_{k.upper()}": str(v) for k, v in alarm.items()})
    return env


def start_centre(db: Path, port: int, env: dict[str, str], *extra: str) -> subprocess.Popen:
    proc = subprocess.Popen([str(ONEKEY), "center", "--port", str(port), "--db", str(db), *extra],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        assert proc.poll() is None, "centre exited"
        return answers(f"{url}/v1/health")

    assert wait_until(healthy, timeout=30), "centre did not come up"
    return proc


def kill(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    proc.wait(20)


class Http:
    def __init__(self, url: str, tokens: dict[str, str]):
        self.url, self.tokens = url, tokens

    def call(self, method: str, path: str, who: str = "agent", **kw: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        return requests.request(method, self.url + path, headers=headers, timeout=10, **kw)


def system_steps(alarm: dict) -> list[tuple[str, Any]]:
    return [(e["kind"], e["data"].get("attempt") or e["data"].get("priority"))
            for e in alarm["events"] if e["actor"] == "system:escalation"]


def test_killed_mid_escalation_the_next_step_fires_exactly_once(center_template, tmp_path):
    db = fresh_db(center_template, tmp_path)
    env = centre_env(callback_interval_s=2, keep_calling_interval_s=1, worker_poll_s=0.1,
                     sim_calls=SIM)
    demo = center_template.demo
    port = free_port()
    first = start_centre(db, port, env)
    api = Http(f"http://127.0.0.1:{port}", demo.tokens)
    try:
        raised = api.call("POST", "/v1/alarms", "tv_wang",
                          json={"elder_id": demo.elders["wang"], "channel": "tv"})
        assert raised.status_code == 201
        alarm_id = raised.json()["id"]
        assert api.call("POST", f"/v1/alarms/{alarm_id}/ack").ok
        assert api.call("POST", f"/v1/alarms/{alarm_id}/steps", json={"kind": "elder_silent"}).ok

        def called_back_once() -> bool:
            return ("callback", 1) in system_steps(api.call("GET", f"/v1/alarms/{alarm_id}").json())

        assert wait_until(called_back_once, timeout=15)
    finally:
        kill(first)  # kill -9, mid-escalation

    with sqlite3.connect(db) as conn:  # the next step is waiting, durable, unclaimed
        pending = conn.execute("SELECT step, args FROM alarm_timers WHERE done_at IS NULL "
                               "AND step='callback'").fetchall()
    assert [(step, json.loads(args)) for step, args in pending] == [("callback", {"attempt": 2})]

    port = free_port()
    second = start_centre(db, port, env)
    api = Http(f"http://127.0.0.1:{port}", demo.tokens)
    try:
        def keeps_calling() -> bool:
            steps = system_steps(api.call("GET", f"/v1/alarms/{alarm_id}").json())
            return sum(kind == "keep_calling" for kind, _ in steps) >= 2

        assert wait_until(keeps_calling, timeout=30)
        assert api.call("POST", f"/v1/alarms/{alarm_id}/steps",
                        json={"kind": "responders_arrived", "note": "民警已上门"}).ok
        done = api.call("POST", f"/v1/alarms/{alarm_id}/steps",
                        json={"kind": "outcome", "outcome": "老人睡着了，没有听到电话"}).json()
    finally:
        kill(second, signal.SIGTERM)
    steps = system_steps(done)
    keep = [n for kind, n in steps if kind == "keep_calling"]
    assert steps[:7] == [("callback", 1), ("callback", 2), ("response_started", None),
                         ("contact_call", 1), ("contact_call", 2),
                         ("contacts_unreachable", None), ("police_call", None)]
    assert keep == list(range(1, len(keep) + 1))  # each keep-calling round once, in order
    assert len(steps) == 7 + len(keep)
    assert done["status"] == "resolved"


def test_two_worker_processes_never_run_a_step_twice(make_center_app, tmp_path):
    from call_center.alarms.clocks import SystemClock

    app = make_center_app(alarm_clock=SystemClock(), alarm_callback_interval_s=0)
    client = app.test_client()
    agent = {"Authorization": f"Bearer {app.demo.tokens['agent']}"}
    alarm_ids = []
    for elder_id, _token in add_elders(app, 12, tag="p"):
        alarm = client.post("/v1/alarms", json={"elder_id": elder_id}, headers=agent).get_json()
        assert client.post(f"/v1/alarms/{alarm['id']}/steps", json={"kind": "elder_silent"},
                           headers=agent).status_code == 200
        alarm_ids.append(alarm["id"])
    db_file = app.extensions["onekey"].db.engine.url.database
    app.extensions["onekey"].db.dispose()

    # Two lines a worker and calls of 50 ms: one process alone needs 1.5 s for the 60 steps,
    # so it cannot claim them all before the other's first claim (with 32 lines and 10 ms calls
    # one process could take every step due and re-take each next one as it finished, and
    # SQLite's busy handler never let the other in: both-competed failed under CI load).
    env = centre_env(callback_interval_s=0, sim_calls=SIM, sim_call_latency_ms=50,
                     worker_poll_s=0.05, call_lines=2)
    # The database's write lock is held until both processes are up, so both compete from
    # the first step (under load one process could start after the other had run them all).
    held = sqlite3.connect(db_file, isolation_level=None)
    held.execute("BEGIN IMMEDIATE")
    workers = [subprocess.Popen(
        [sys.executable, "-m", "call_center.alarms.hosting", "--db", db_file, "--name", name,
         "--until-idle", "0.5"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for name in ("proc-a", "proc-b")]
    try:
        for proc in workers:
            assert proc.stdout.readline().startswith("escalation worker ")
    finally:
        held.rollback()
        held.close()
    reports = []
    for proc in workers:
        out, _ = proc.communicate(timeout=90)
        assert proc.returncode == 0
        reports.append(json.loads(out.strip().splitlines()[-1]))
    steps_by = {r["worker"]: r["steps"] for r in reports}
    assert sum(steps_by.values()) == 12 * 5, steps_by
    assert all(n > 0 for n in steps_by.values()), steps_by  # both really competed

    with sqlite3.connect(db_file) as conn:
        rows = conn.execute("SELECT alarm_id, kind, data FROM alarm_events "
                            "WHERE actor='system:escalation' ORDER BY alarm_id, seq").fetchall()
        claimers = {r[0] for r in conn.execute(
            "SELECT claimed_by FROM alarm_timers WHERE done_at IS NOT NULL "
            "AND claimed_by IS NOT NULL")}
    assert claimers == {"proc-a", "proc-b"}
    per_alarm: dict[str, list] = {}
    for alarm_id, kind, data in rows:
        data = json.loads(data)
        per_alarm.setdefault(alarm_id, []).append((kind, data.get("attempt") or data.get("priority")))
    assert set(per_alarm) == set(alarm_ids)
    for steps in per_alarm.values():
        assert steps == [("callback", 1), ("callback", 2), ("response_started", None),
                         ("contact_call", 1), ("contact_call", 2),
                         ("contacts_unreachable", None), ("police_call", None)]


def test_an_alarm_raised_while_the_centre_is_down_arrives_exactly_once(center_template,
                                                                      tmp_path):
    db = fresh_db(center_template, tmp_path)
    demo = center_template.demo
    port = free_port()  # nothing listens yet: the centre is down
    url = f"http://127.0.0.1:{port}"
    outbox_db = tmp_path / "tv-outbox.db"
    tv = subprocess.Popen([sys.executable, str(Path(__file__).with_name("outbox_tv.py")),
                           str(outbox_db), url, demo.tokens["tv_wang"], demo.elders["wang"]],
                          cwd=ROOT, stdout=subprocess.PIPE, text=True)
    line = tv.stdout.readline()
    assert line.startswith("queued"), line
    tv.send_signal(signal.SIGKILL)  # the TV app dies with the alarm only in its outbox
    tv.wait(10)
    tv.stdout.close()
    (entry,) = Outbox(outbox_db).pending()

    centre = start_centre(db, port, centre_env(), "--no-worker")
    try:
        outbox = Outbox(outbox_db)  # the restarted TV app
        client = CenterClient(url, demo.tokens["tv_wang"])
        token = client.events(None)["next"]
        delivered: list = []
        worker = OutboxWorker(outbox, client_sender(client), on_done=delivered.append,
                              first_delay=0.05).start()
        try:
            assert wait_until(lambda: delivered, timeout=15)
        finally:
            worker.stop()
        assert delivered[0].state == "delivered"
        alarm = delivered[0].response
        assert alarm["status"] == "raised" and alarm["elder_id"] == demo.elders["wang"]
        # the answer was lost, say, and the box sends again: the same key replays
        again = client_sender(client)(entry)
        assert again["id"] == alarm["id"]

        api = Http(url, demo.tokens)
        alarms = api.call("GET", "/v1/alarms", params={"status": "all"}).json()
        assert [a["id"] for a in alarms] == [alarm["id"]]
        assert [e["kind"] for e in alarms[0]["events"]] == ["raised"]

        # and the TV hears the agent pick it up through the event stream
        assert api.call("POST", f"/v1/alarms/{alarm['id']}/ack").ok
        seen: list = []

        def acknowledged() -> bool:
            nonlocal token
            body = client.events(token, wait=5)
            token = body["next"]
            seen.extend(e["data"]["alarm"]["status"] for e in body["events"] if e["kind"] == "alarm")
            return "acknowledged" in seen

        assert wait_until(acknowledged, timeout=20)
        assert seen == ["raised", "acknowledged"]
    finally:
        kill(centre, signal.SIGTERM)


def test_a_worker_killed_mid_call_is_taken_over_and_each_step_runs_once(make_center_app):
    """Worker A claims call-backs whose calls hang, renews its claims while alive, and is
    killed with SIGKILL; worker B takes every step over once A's lease runs out."""
    from call_center.alarms.clocks import SystemClock

    app = make_center_app(alarm_clock=SystemClock(), alarm_callback_interval_s=0)
    client = app.test_client()
    agent = {"Authorization": f"Bearer {app.demo.tokens['agent']}"}
    alarm_ids = []
    for elder_id, _token in add_elders(app, 6, tag="k"):
        alarm = client.post("/v1/alarms", json={"elder_id": elder_id}, headers=agent).get_json()
        assert client.post(f"/v1/alarms/{alarm['id']}/steps", json={"kind": "elder_silent"},
                           headers=agent).status_code == 200
        alarm_ids.append(alarm["id"])
    db_file = app.extensions["onekey"].db.engine.url.database
    app.extensions["onekey"].db.dispose()

    def worker(name: str, latency_ms: int) -> subprocess.Popen:
        env = centre_env(callback_interval_s=0, sim_calls=SIM, sim_call_latency_ms=latency_ms,
                         worker_poll_s=0.05, claim_lease_s=3, heartbeat_s=1)
        return subprocess.Popen([sys.executable, "-m", "call_center.alarms.hosting", "--db",
                                 db_file, "--name", name], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, start_new_session=True)

    def timers(query: str) -> list[tuple]:
        with sqlite3.connect(db_file, timeout=30) as conn:
            return conn.execute(query).fetchall()

    held = ("SELECT id, claimed_at FROM alarm_timers WHERE step='callback' AND done_at IS NULL "
            "AND claimed_by='proc-a' ORDER BY id")
    a = worker("proc-a", 600_000)  # its calls never come back
    try:
        assert wait_until(lambda: len(timers(held)) == 6, timeout=60), "A did not claim"
        first = dict(timers(held))
        # alive, A renews its claims while its phones ring
        assert wait_until(lambda: all(at != first[i] for i, at in timers(held)), timeout=60)
    finally:
        kill(a)  # SIGKILL, six calls in flight
    assert len(timers(held)) == 6  # still A's when it died: nothing was lost or done twice

    b = worker("proc-b", 10)
    police = ("SELECT count(*) FROM alarm_events WHERE kind='police_call' AND "
              "actor='system:escalation'")
    try:
        assert wait_until(lambda: timers(police)[0][0] == 6, timeout=90), "B did not finish"
    finally:
        kill(b, signal.SIGTERM)
    with sqlite3.connect(db_file) as conn:
        rows = conn.execute("SELECT alarm_id, kind, data FROM alarm_events "
                            "WHERE actor='system:escalation' ORDER BY alarm_id, seq").fetchall()
        first_callbacks = conn.execute(
            "SELECT claimed_by, claims FROM alarm_timers WHERE step='callback' "
            "AND json_extract(args, '$.attempt')=1").fetchall()
    assert first_callbacks == [("proc-b", 2)] * 6  # A's claim, then B's take-over
    per_alarm: dict[str, list] = {}
    for alarm_id, kind, data in rows:
        data = json.loads(data)
        per_alarm.setdefault(alarm_id, []).append((kind, data.get("attempt") or data.get("priority")))
    assert set(per_alarm) == set(alarm_ids)
    for steps in per_alarm.values():
        assert steps[:7] == [("callback", 1), ("callback", 2), ("response_started", None),
                             ("contact_call", 1), ("contact_call", 2),
                             ("contacts_unreachable", None), ("police_call", None)]
        assert {kind for kind, _ in steps[7:]} <= {"keep_calling"}
