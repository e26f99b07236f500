"""Alarm-desk fixtures: a centre on a fake clock with a scripted phone line, and a worker
driven by hand (``worker.run_once()`` / ``run_due()``) — time moves only when a test says so."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from call_center.alarms.clocks import FakeClock
from call_center.alarms.telephony import SimulatedTelephony
from call_center.alarms.worker import EscalationWorker
from call_center.auth import hash_token
from call_center.clock import at, today
from call_center.models import Contact, Device, Elder, Household

# Demo phone numbers (call_center/demo_data.py): the elder and her contacts in priority order.
WANG = "13916205871"
WANG_NIECE, WANG_NEIGHBOUR = "13817306612", "13524408193"
LI, LI_NEPHEW = "13621873305", "13761129054"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(at(today(), 9, 0))


@pytest.fixture
def phone() -> SimulatedTelephony:
    return SimulatedTelephony()


@pytest.fixture
def app(make_center_app, clock: FakeClock, phone: SimulatedTelephony) -> Any:
    return make_center_app(alarm_clock=clock, alarm_telephony=phone)


@pytest.fixture
def worker(app: Any) -> EscalationWorker:
    return EscalationWorker(app.extensions["onekey"].db, app.extensions["onekey_alarms"],
                            name="test-worker")


class Desk:
    """The API as the TVs, the kiosk and the agent use it (Flask test client)."""

    def __init__(self, app: Any):
        self.app = app
        self.client = app.test_client()
        self.demo = app.demo
        self.grants: dict[str, str] = {}  # kiosk token key -> its current grant's token

    def identify(self, elder: str, who: str = "kiosk") -> dict:
        from ..conftest import identify

        found = identify(self.client, self.demo, elder, who)
        self.grants[who] = found["grant"]["token"]
        return found

    def headers(self, who: str, key: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.demo.tokens[who]}"}
        if who in self.grants:
            headers["Onekey-Grant"] = self.grants[who]
        if key:
            headers["Idempotency-Key"] = key
        return headers

    def post(self, path: str, body: Any = None, who: str = "agent", key: str | None = None):
        return self.client.post(path, json=body if body is not None else {},
                                headers=self.headers(who, key or uuid.uuid4().hex))

    def get(self, path: str, who: str = "agent", **params: Any):
        return self.client.get(path, headers=self.headers(who), query_string=params)

    def raise_alarm(self, elder: str = "wang", who: str = "tv_wang", key: str | None = None,
                    **extra: Any):
        return self.post("/v1/alarms", {"elder_id": self.demo.elders[elder], **extra}, who, key)

    def raised(self, elder: str = "wang", who: str = "tv_wang") -> str:
        response = self.raise_alarm(elder, who)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    def ack(self, alarm_id: str, who: str = "agent"):
        return self.post(f"/v1/alarms/{alarm_id}/ack", who=who)

    def step(self, alarm_id: str, kind: str, note: str = "", who: str = "agent", **extra: Any):
        response = self.post(f"/v1/alarms/{alarm_id}/steps", {"kind": kind, "note": note, **extra},
                             who)
        return response

    def ok_step(self, alarm_id: str, kind: str, note: str = "", **extra: Any) -> dict:
        response = self.step(alarm_id, kind, note, **extra)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def cancel(self, alarm_id: str, who: str = "tv_wang", by: str | None = "elder"):
        return self.post(f"/v1/alarms/{alarm_id}/cancel", {"by": by} if by else {}, who)

    def alarm(self, alarm_id: str, who: str = "agent") -> dict:
        response = self.get(f"/v1/alarms/{alarm_id}", who)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def kinds(self, alarm_id: str) -> list[str]:
        return [e["kind"] for e in self.alarm(alarm_id)["events"]]

    def events(self, alarm_id: str, kind: str) -> list[dict]:
        return [e for e in self.alarm(alarm_id)["events"] if e["kind"] == kind]


@pytest.fixture
def desk(app: Any) -> Desk:
    return Desk(app)


def calls(phone: SimulatedTelephony) -> list[tuple[str, str]]:
    """(number, purpose) of every call placed so far, in order."""
    return [(c.number, c.purpose) for c in phone.placed()]


def add_elders(app: Any, n: int, tag: str = "t") -> list[tuple[str, str]]:
    """n more living-alone elders, each with a TV and two contacts: [(elder_id, tv_token)]."""
    out = []
    with app.extensions["onekey"].db.session(write=True) as db:
        for i in range(n):
            hh = Household(ref=f"{tag}-{i}", name=f"测试{i}家", address=f"上海市长宁区测试路{i}号",
                           district="长宁区")
            db.add(hh)
            db.flush()
            elder = Elder(household_id=hh.id, name=f"测试老人{i}", gender="female",
                          # 18 digits unique per (tag, i): a tag's tail must not collide
                          # with another test's in a shared PostgreSQL database
                          birth_date=date(1940, 1, 1),
                          id_number=f"{uuid.uuid5(uuid.NAMESPACE_OID, f'{tag}-{i}').int % 10**18:018d}",
                          phone=f"139{i:08d}", home_address=hh.address, district="长宁区",
                          street="测试街道", living_alone=True, preferences={})
            elder.contacts = [Contact(name=f"家属{i}{k}", relation="女儿", phone=f"13{k}{i:08d}9"[:11],
                                      priority=k) for k in (1, 2)]
            db.add(elder)
            token = f"{tag}-tv-{i}"
            db.add(Device(kind="tv", name=f"测试电视{i}", household_id=hh.id,
                          token_hash=hash_token(token)))
            db.flush()
            out.append((elder.id, token))
        db.commit()
    return out


def race_two_workers(db_url: str, desk_ext: Any, prefix: str) -> list:
    """Two escalation workers on one database, released together; returns them after the run."""
    import threading

    from call_center.alarms.worker import EscalationWorker
    from call_center.config import Settings
    from call_center.migrate import open_database

    workers = [EscalationWorker(open_database(Settings.load({"db_url": db_url})), desk_ext, f"{prefix}{i}")
               for i in (1, 2)]
    gate = threading.Barrier(2)

    def run(worker) -> None:
        gate.wait()
        worker.run_due()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for w in workers:
        w.database.dispose()
    return workers
