"""A TV's press on the intake's own path (call_center/alarms/intake.py), served as `onekey
center` serves it, on SQLite and on PostgreSQL:

- for generated presses it writes the rows the Flask view writes and answers the same bytes
  and headers (the view, the contract's reference, serving the same press with the path
  turned off);
- everything it does not serve — a repeat, a refusal, a malformed body, another kind of
  caller — is the view's answer, and it writes nothing of its own;
- racing presses of one elder still make one alarm; a retry is replayed by the view;
- a box waiting on the event stream hears of the press; the answer leaves once it is durable.
"""
from __future__ import annotations

import json
import random
import threading
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterator

import pytest
import requests
from sqlalchemy import select

from call_center.alarms.clocks import FakeClock
from call_center.auth import hash_token
from call_center.clock import at, today
from call_center.models import Contact, Device, Elder, Household, IdempotencyRecord
from call_center.models.alarms import Alarm, AlarmEvent, AlarmRefusal, AlarmTimer
from call_center.models.device_events import DeviceEvent
from shared_ui.outbox import wait_until
from tests.serving import answers
from tests.web_front.served import ServedFront

from ..conftest import BACKENDS

pytestmark = pytest.mark.integration
NOW = at(today(), 9, 0)


class Served:
    """A centre on a fake clock served by its front, and what it saw."""

    def __init__(self, app: Any):
        from call_center.cli import PROXY_HEADERS
        from call_center.push.asgi import CentreFront

        self.app = app
        self.flask: list[str] = []
        # first of the hooks: it records requests another hook refuses too
        app.before_request_funcs.setdefault(None, []).insert(0, lambda: self.flask.append(_path()))
        self.front = CentreFront(app, 4)
        self.intake = self.front.intake
        self.server = ServedFront(self.front, proxy_headers=PROXY_HEADERS).start()
        self.url = self.server.url
        assert wait_until(lambda: answers(f"{self.url}/v1/health"), timeout=30)

    def household(self, elders: int, name: str = "王秀英") -> tuple[str, list[str], str]:
        """A household with a TV and ``elders`` elders all named ``name`` (so two presses'
        answers differ only by ids): its token, the elders' ids, its id."""
        database = self.app.extensions["onekey"].db
        tag = uuid.uuid4().hex[:10]
        token = f"tv-intake-{tag}"
        with database.writing() as s:
            home = Household(ref=f"intake-{tag}", name="测试家", address="上海市普陀区测试路1号",
                             district="普陀区")
            s.add(home)
            s.flush()
            ids = []
            for n in range(elders):
                elder = Elder(household_id=home.id, name=name, gender="female",
                              birth_date=date(1940, 5, 1), id_number=f"T{tag}{n:07d}",
                              phone=f"139{random.randrange(10**8):08d}",
                              home_address=home.address, district="普陀区",
                              street="长风新村街道", preferences={})
                elder.contacts = [Contact(name="儿子", relation="儿子", phone="13600000000",
                                          priority=1)]
                s.add(elder)
                s.flush()
                ids.append(elder.id)
            s.add(Device(kind="tv", name="测试电视", household_id=home.id,
                         token_hash=hash_token(token)))
            s.commit()
            return token, ids, home.id

    def press(self, token: str, body: Any, key: str | None = None, **headers: str,
              ) -> requests.Response:
        sent = {"Authorization": f"Bearer {token}", **headers}
        if key is not None:
            sent["Idempotency-Key"] = key
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        sent.setdefault("Content-Type", "application/json")
        return requests.post(f"{self.url}/v1/alarms", data=data, headers=sent, timeout=30)

    def known(self, token: str) -> None:
        """The process knows the TV's token (its first request is the view's)."""
        assert requests.get(f"{self.url}/v1/alarms", timeout=30,
                            headers={"Authorization": f"Bearer {token}"}).status_code == 200

    def stop(self) -> None:
        self.server.stop()


def _path() -> str:
    from flask import request

    return request.path


@pytest.fixture(scope="module", params=BACKENDS)
def served(request: pytest.FixtureRequest, make_centre: Any) -> Iterator[Served]:
    app = make_centre(request.param, alarm_clock=FakeClock(NOW))
    centre = Served(app)
    yield centre
    centre.stop()


def _presses(count: int) -> list[dict[str, Any]]:
    """Bodies a TV may send: with and without a note (any text), a channel (a TV's is always
    its own), a press time from its outbox (recent, a month old, in the future, any offset)."""
    rng = random.Random(1341)
    notes = [None, "", "摔倒了", "胸口疼，喘不上气", 'a "quoted" \\ note', "🙏 救命", "长" * 500,
             "第3号楼502室", "line\nbreak"]
    offsets = [timezone.utc, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5))]
    ages = [None, timedelta(minutes=3), timedelta(hours=5), timedelta(days=40),
            -timedelta(minutes=10)]
    out = []
    for _ in range(count):
        body: dict[str, Any] = {}
        note = rng.choice(notes)
        if note is not None:
            body["note"] = note
        if rng.random() < 0.4:
            body["channel"] = rng.choice(["tv", "kiosk", "phone", "miniprogram"])
        age = rng.choice(ages)
        if age is not None:
            body["pressed_at"] = (NOW - age).astimezone(rng.choice(offsets)).isoformat()
        out.append(body)
    return out


def _rows(app: Any, alarm_id: str, key: str) -> dict[str, Any]:
    database = app.extensions["onekey"].db
    with database.reading() as s:
        def rows(table: Any, *where: Any, order: Any = None) -> list[dict[str, Any]]:
            stmt = select(table).where(*where)
            return [dict(r._mapping) for r in s.execute(
                stmt.order_by(order) if order is not None else stmt)]

        return {
            "alarm": rows(Alarm.__table__, Alarm.id == alarm_id),
            "events": rows(AlarmEvent.__table__, AlarmEvent.alarm_id == alarm_id,
                           order=AlarmEvent.seq),
            "timers": rows(AlarmTimer.__table__, AlarmTimer.alarm_id == alarm_id),
            "device_events": rows(DeviceEvent.__table__, DeviceEvent.ref_id == alarm_id,
                                  order=DeviceEvent.id),
            "record": rows(IdempotencyRecord.__table__, IdempotencyRecord.key == key),
        }


def _same_but_ids(value: Any, ids: dict[str, str]) -> Any:
    """``value`` with the given ids named, and the columns that count rows (autoincrement
    ids, the record's wall-clock time and its request fingerprint) left out."""
    if isinstance(value, dict):
        return {k: _same_but_ids(v, ids) for k, v in value.items()
                if k not in ("id", "alarm_id", "created_at", "fingerprint")
                or isinstance(v, str) and v in ids}
    if isinstance(value, list):
        return [_same_but_ids(v, ids) for v in value]
    if isinstance(value, bytes):
        return _same_but_ids(value.decode(), ids)
    if isinstance(value, str):
        for real, name in ids.items():
            value = value.replace(real, name)
        return value
    return value


def test_a_press_writes_and_answers_what_the_view_would(served: Served, monkeypatch):
    bodies = _presses(24)
    token, elders, home = served.household(2 * len(bodies))
    served.known(token)
    for n, body in enumerate(bodies):
        mine, theirs = elders[2 * n], elders[2 * n + 1]
        key_mine, key_theirs = f"k-{uuid.uuid4().hex}", f"k-{uuid.uuid4().hex}"
        before_flask, before_served = len(served.flask), served.intake.served
        native = served.press(token, {"elder_id": mine, **body}, key_mine)
        assert native.status_code == 201, native.text
        assert (served.intake.served, len(served.flask)) == (before_served + 1, before_flask)

        with monkeypatch.context() as off:  # the reference: the view, through the same front
            off.setattr(served.intake, "asked", lambda *_args: None)
            view = served.press(token, {"elder_id": theirs, **body}, key_theirs)
        assert view.status_code == 201, view.text
        assert served.flask[-1] == "/v1/alarms"

        a, b = native.json()["id"], view.json()["id"]
        names_a = {a: "<alarm>", mine: "<elder>", key_mine: "<key>"}
        names_b = {b: "<alarm>", theirs: "<elder>", key_theirs: "<key>"}
        assert _same_but_ids(native.content, names_a) == _same_but_ids(view.content, names_b)
        assert _headers(native) == _headers(view)
        rows_a = _rows(served.app, a, key_mine)
        rows_b = _rows(served.app, b, key_theirs)
        assert rows_a["record"][0]["body"] == native.content  # the answer, as it left
        assert _same_but_ids(rows_a, names_a) == _same_but_ids(rows_b, names_b), body
        assert rows_a["alarm"][0]["household_id"] == home
        assert len(rows_a["device_events"]) == 2 and len(rows_a["events"]) == 1

        if n == 2:
            compiled = len(served.intake._statements)
        # A retry of the same press is the view's replay of the answer stored here.
        again = served.press(token, {"elder_id": mine, **body}, key_mine)
        assert (again.status_code, again.content) == (201, native.content)
        assert again.headers["Idempotent-Replayed"] == "true"
    assert len(served.intake._statements) == compiled  # each statement compiled once


def _headers(response: requests.Response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items() if k.lower() != "date"}


def _counts(app: Any) -> dict[str, int]:
    from ..conftest import row_counts

    return row_counts(app)


def test_what_it_does_not_serve_is_the_views_and_it_writes_nothing_of_its_own(served: Served):
    token, (wang, sister, third), _home = served.household(3)
    other, (stranger,), _ = served.household(1)
    served.known(token)
    served.known(other)
    first = served.press(token, {"elder_id": wang}, "first")
    assert first.status_code == 201
    demo = served.app.demo
    cases: list[tuple[str, Any, int]] = [
        ("the same key again: replayed", lambda: served.press(token, {"elder_id": wang}, "first"),
         201),
        ("the same key, another body", lambda: served.press(token, {"elder_id": sister}, "first"),
         409),
        ("her open alarm, a new key", lambda: served.press(token, {"elder_id": wang}, "second"),
         200),
        ("another household's elder", lambda: served.press(token, {"elder_id": stranger}, "k3"),
         403),
        ("an elder nobody knows", lambda: served.press(token, {"elder_id": "eld_nobody"}, "k4"),
         404),
        ("not JSON", lambda: served.press(token, b"{elder_id", "k5"), 400),
        ("a NUL in it", lambda: served.press(token, {"elder_id": sister, "note": "a\u0000b"},
                                             "k6"), 422),
        ("no elder", lambda: served.press(token, {"note": "x"}, "k7"), 422),
        ("a field the contract does not have",
         lambda: served.press(token, {"elder_id": sister, "urgent": True}, "k8"), 422),
        ("a note too long", lambda: served.press(token, {"elder_id": sister, "note": "长" * 501},
                                                 "k9"), 422),
        ("a press time without an offset",
         lambda: served.press(token, {"elder_id": sister, "pressed_at": "2026-01-01T08:00:00"},
                              "k10"), 422),
        ("not an object", lambda: served.press(token, [sister], "k11"), 422),
        ("a form, not JSON", lambda: served.press(token, b"elder_id=x", "k12",
                                                  **{"Content-Type": "text/plain"}), 415),
        ("a key the contract does not allow",
         lambda: served.press(token, {"elder_id": sister}, "a key with spaces"), 422),
        ("a token nobody holds", lambda: served.press("nobody", {"elder_id": sister}, "k13"), 401),
    ]
    for why, send, status in cases:
        counts = _counts(served.app)
        before_flask, before_served = len(served.flask), served.intake.served
        got = send()
        assert got.status_code == status, (why, got.text)
        assert served.intake.served == before_served, why
        assert served.flask[before_flask:] == ["/v1/alarms"], why
        if status >= 400:  # nothing but a kept refusal
            after = _counts(served.app)
            changed = {t for t in after if after[t] != counts[t]}
            assert changed <= {"alarm_refusals"}, (why, changed)
    assert served.press(token, {"elder_id": sister}, "after-the-refusals").status_code == 201
    # No key at all, an agent, a kiosk without a grant: the view's, as before.
    before_served = served.intake.served
    unkeyed = served.press(token, {"elder_id": third})
    assert unkeyed.status_code == 201 and served.intake.served == before_served
    agent = served.press(demo.tokens["agent"], {"elder_id": demo.elders["chen"]}, "agent-1")
    assert agent.status_code == 201
    kiosk = served.press(demo.tokens["kiosk"], {"elder_id": demo.elders["li"]}, "kiosk-1")
    assert kiosk.status_code == 403
    with served.app.extensions["onekey"].db.reading() as s:
        refusals = s.scalars(select(AlarmRefusal.code)).all()
    assert {"forbidden", "not_found", "invalid_token"} <= set(refusals)


def test_presses_of_one_elder_at_once_are_one_alarm(served: Served):
    token, (elder,), _home = served.household(1)
    served.known(token)
    start = threading.Barrier(12)
    got: list[requests.Response] = []

    def press(n: int) -> None:
        start.wait()
        got.append(served.press(token, {"elder_id": elder}, f"race-{n}-{uuid.uuid4().hex}"))

    threads = [threading.Thread(target=press, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(r.status_code for r in got)
    assert statuses == [200] * 11 + [201], [r.text for r in got]
    assert len({r.json()["id"] for r in got}) == 1
    with served.app.extensions["onekey"].db.reading() as s:
        alarms = s.scalars(select(Alarm.id).where(Alarm.elder_id == elder)).all()
        kinds = s.scalars(select(AlarmEvent.kind).where(AlarmEvent.alarm_id == alarms[0])).all()
    assert len(alarms) == 1 and sorted(kinds) == ["raised"] + ["repeat_press"] * 11

    # One key pressed twice at once (a box's retry racing its first try): one alarm, one answer.
    token2, (elder2,), _ = served.household(1)
    served.known(token2)
    start = threading.Barrier(6)
    same: list[requests.Response] = []

    def retry() -> None:
        start.wait()
        same.append(served.press(token2, {"elder_id": elder2}, "one-key"))

    threads = [threading.Thread(target=retry) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [r.status_code for r in same] == [201] * 6
    assert len({r.content for r in same}) == 1


def test_a_waiting_box_hears_of_the_press_once_it_is_durable(served: Served):
    token, (elder,), home = served.household(1)
    served.known(token)
    head = requests.get(f"{served.url}/v1/devices/me/events", timeout=30,
                        headers={"Authorization": f"Bearer {token}"}).json()["next"]
    heard: dict[str, Any] = {}

    def poll() -> None:
        heard.update(requests.get(f"{served.url}/v1/devices/me/events", timeout=40,
                                  params={"after": head, "wait": 25},
                                  headers={"Authorization": f"Bearer {token}"}).json())

    waiting = threading.Thread(target=poll)
    waiting.start()
    hub = served.app.extensions["onekey_push"].hub
    assert wait_until(lambda: hub.waiting >= 1, timeout=20)
    database = served.app.extensions["onekey"].db
    syncs = database.group.syncs if database.group is not None else None
    served_before = served.intake.served
    pressed = served.press(token, {"elder_id": elder}, "heard")
    assert pressed.status_code == 201 and served.intake.served == served_before + 1
    if syncs is not None:  # SQLite: answered after a sync of the WAL that began after it
        assert database.group.syncs > syncs
    waiting.join(30)
    (event,) = heard["events"]
    assert event["kind"] == "alarm" and event["data"]["alarm"]["id"] == pressed.json()["id"]
    assert event["data"]["alarm"]["household_id"] == home if "household_id" in \
        event["data"]["alarm"] else True


def test_a_failure_on_its_path_is_served_by_the_view(served: Served, monkeypatch):
    token, (elder,), _home = served.household(1)
    served.known(token)

    def broken(*_args: Any) -> Any:
        raise RuntimeError("the database went away")

    name = "_on_postgres" if served.intake.postgres else "_on_sqlite"
    monkeypatch.setattr(served.intake, name, broken)
    got = served.press(token, {"elder_id": elder}, "after-a-failure")
    assert got.status_code == 201 and served.flask[-1] == "/v1/alarms"


def test_a_press_time_is_read_as_the_view_reads_it(served: Served):
    token, (elder,), _home = served.household(1)
    served.known(token)
    pressed = (NOW - timedelta(minutes=7)).astimezone(timezone.utc)
    got = served.press(token, {"elder_id": elder, "pressed_at": pressed.isoformat()}, "late")
    assert got.status_code == 201
    body = got.json()
    assert body["delivery_delay_s"] == 420
    assert datetime.fromisoformat(body["pressed_at"]) == pressed


def test_a_box_this_process_has_not_seen_is_served_here_too(served: Served):
    """After a power cut a box presses before it polls: its token is read once, here."""
    token, (elder,), _home = served.household(1)
    before_flask, before_served = len(served.flask), served.intake.served
    got = served.press(token, {"elder_id": elder}, "first-thing")
    assert got.status_code == 201
    assert (served.intake.served, len(served.flask)) == (before_served + 1, before_flask)


def test_dropped_connections_cost_a_press_each_the_views_way(make_centre: Any):
    """PostgreSQL restarted, or idle connections cut: a press on a dead connection of the
    path is served by the view (201 all the same), and the path is back on a new one after
    at most as many presses as connections were cut."""
    from sqlalchemy import text

    from call_center.alarms.intake import APPLICATION_NAME

    served = Served(make_centre("postgresql", alarm_clock=FakeClock(NOW)))
    try:
        token, elders, _home = served.household(12)
        assert served.press(token, {"elder_id": elders[0]}, "before").status_code == 201
        assert served.intake.served == 1
        with served.app.extensions["onekey"].db.engine.connect() as conn:
            cut = conn.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name"), {"name": APPLICATION_NAME}).scalar()
        assert cut >= 1
        flask_before = len(served.flask)
        for n, elder in enumerate(elders[1:cut + 3]):
            assert served.press(token, {"elder_id": elder}, f"after-{n}").status_code == 201
        assert served.intake.served >= 2  # the path is back
        assert len(served.flask) - flask_before <= cut
    finally:
        served.stop()
