"""The alarm desk on PostgreSQL, where writers are not serialised: two racing raises for one
elder still make one alarm (the unique ``open_for`` index), two workers still run each step
once (the conditional claim), and device events stay in id order (the advisory lock)."""
from __future__ import annotations

import threading
import uuid
from collections import Counter
from typing import Any, Iterator

import pytest

from call_center.alarms.clocks import FakeClock
from call_center.alarms.telephony import SimulatedTelephony
from call_center.app import create_app
from call_center.clock import at, today
from call_center.demo_data import seed

from ..test_postgres import pg_url  # noqa: F401  (the throw-away PostgreSQL cluster fixture)
from .conftest import Desk, add_elders, race_two_workers

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def pg(pg_url: str) -> Iterator[Any]:  # noqa: F811
    clock = FakeClock(at(today(), 9, 0))
    phone = SimulatedTelephony(latency_ms=1)
    phone.set("callback", "no_answer")
    phone.set("emergency_contact", "no_answer")
    app = create_app({"db_url": pg_url, "alarm_clock": clock, "alarm_telephony": phone,
                      "alarm_callback_interval_s": 0})
    app.demo = seed(app.extensions["onekey"].db)
    app.clock, app.phone = clock, phone
    yield app
    app.extensions["onekey"].db.dispose()


def test_racing_raises_for_one_elder_make_one_alarm(pg: Any):
    desk = Desk(pg)
    elders = add_elders(pg, 3, tag=f"r{uuid.uuid4().hex[:4]}")
    for elder_id, _token in elders:
        gate = threading.Barrier(4)
        answers: list[Any] = []

        def press() -> None:
            client = pg.test_client()
            gate.wait()
            answers.append(client.post("/v1/alarms", json={"elder_id": elder_id},
                                       headers={**desk.headers("agent"),
                                                "Idempotency-Key": uuid.uuid4().hex}))

        threads = [threading.Thread(target=press) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(a.status_code for a in answers) == [200, 200, 200, 201]
        assert len({a.get_json()["id"] for a in answers}) == 1
        (alarm,) = desk.get("/v1/alarms", elder_id=elder_id).get_json()
        assert alarm["events"][0]["kind"] == "raised"
        assert [e["kind"] for e in alarm["events"]].count("repeat_press") == 3


def test_a_refused_press_leaves_no_alarm_on_postgres(pg: Any):
    """On PostgreSQL a press's alarm is inserted by the statement that reads the elder, before
    the caller's right to raise for her is checked: a refusal rolls all of it back, and only
    the refusal is kept."""
    desk = Desk(pg)
    li = pg.demo.elders["li"]

    def alarms_of_li() -> int:
        return len(desk.get("/v1/alarms", elder_id=li, status="all").get_json())

    def refusals() -> Counter[str]:
        counts: Counter[str] = Counter()
        for row in desk.get("/v1/alarms/refusals").get_json():
            counts[row["code"]] += row["count"]
        return counts

    before, refused = alarms_of_li(), refusals()
    assert desk.raise_alarm("li", who="tv_wang").status_code == 403  # another household's TV
    assert desk.raise_alarm("li", who="kiosk").status_code == 403  # a kiosk without her grant
    assert alarms_of_li() == before
    assert refusals() - refused == Counter(forbidden=1, grant_required=1)
    raised = desk.raise_alarm("li", who="tv_li")  # and hers is raised as ever
    assert raised.status_code == 201
    assert alarms_of_li() == before + 1
    desk.post(f"/v1/alarms/{raised.get_json()['id']}/cancel", who="tv_li")


def test_two_workers_on_postgres_run_each_step_once(pg: Any, pg_url: str):  # noqa: F811
    desk = Desk(pg)
    alarm_ids = []
    for elder_id, _token in add_elders(pg, 6, tag=f"w{uuid.uuid4().hex[:4]}"):
        alarm = desk.post("/v1/alarms", {"elder_id": elder_id}).get_json()
        desk.ok_step(alarm["id"], "elder_silent")
        alarm_ids.append(alarm["id"])
    d = pg.extensions["onekey_alarms"]
    workers = race_two_workers(pg_url, d, "pg")
    assert sum(w.steps_run for w in workers) == 6 * 5
    for alarm_id in alarm_ids:
        steps = [(e["kind"], e["data"].get("attempt") or e["data"].get("priority"))
                 for e in desk.alarm(alarm_id)["events"] if e["actor"] == "system:escalation"]
        assert steps == [("callback", 1), ("callback", 2), ("response_started", None),
                         ("contact_call", 1), ("contact_call", 2),
                         ("contacts_unreachable", None), ("police_call", None)]


def test_device_events_arrive_in_order_on_postgres(pg: Any):
    desk = Desk(pg)
    (elder_id, token), = add_elders(pg, 1, tag=f"e{uuid.uuid4().hex[:4]}")
    headers = {"Authorization": f"Bearer {token}"}
    start = desk.client.get("/v1/devices/me/events", headers=headers).get_json()["next"]
    alarm = desk.client.post("/v1/alarms", json={"elder_id": elder_id},
                             headers={**headers, "Idempotency-Key": uuid.uuid4().hex}).get_json()
    desk.ack(alarm["id"])
    desk.cancel(alarm["id"], who="agent", by="agent")
    body = desk.client.get("/v1/devices/me/events", headers=headers,
                           query_string={"after": start}).get_json()
    assert [e["data"]["alarm"]["status"] for e in body["events"]] == [
        "raised", "acknowledged", "cancelled"]
