"""A write request's last statements and its COMMIT go to PostgreSQL in one exchange
(call_center/commit_tail.py), and a failure among them still undoes the whole transaction;
a whole press waits for the server three times (BEGIN, the statement that claims its key,
reads the elder and inserts her alarm, and that exchange).

The exchanges are counted in libpq's own protocol trace: each time the client waits for the
server it has sent a Sync (extended protocol) or a simple Query; the pipeline sends one Sync
for everything.
"""
from __future__ import annotations

import tempfile
import threading
import uuid
from pathlib import Path
from typing import Any, Callable

import pytest
from psycopg import pq
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from call_center.commit_tail import one_round_trip
from call_center.db import make_engine
from call_center.models import IdempotencyRecord
from call_center.models.device_events import DeviceEvent

from .conftest import Api
from .test_postgres import pg_app, pg_url  # noqa: F401  (the throw-away cluster and its centre)

pytestmark = [pytest.mark.integration]


@pytest.fixture()
def engine(pg_url):  # noqa: F811
    engine = make_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS tail (id int PRIMARY KEY, note text)"))
        conn.execute(text("TRUNCATE tail"))
    yield engine
    engine.dispose()


def exchanges(db: Session, work: Callable[[], Any]) -> tuple[int, int]:
    """While ``work`` ran: how many times the client waited for the server, and how many of
    those waits carried statements (the rest are empty syncs)."""
    pgconn = db.connection().connection.dbapi_connection.pgconn
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "trace"
        with path.open("w") as out:
            pgconn.trace(out.fileno())
            try:
                work()
            finally:
                pgconn.untrace()
        return counted(path.read_text())


def counted(trace: str) -> tuple[int, int]:
    lines = [line.split("\t") for line in trace.splitlines()]
    # A line: [timestamp,] direction (F: from the client), length, message, its fields.
    sent = [f[f.index("F") + 2] for f in lines if "F" in f[:2]]
    assert sent, "libpq traced nothing"
    waits = carrying = 0
    work_since = False
    for message in sent:
        if message == "Query":  # the simple protocol: a statement and a wait
            waits, carrying = waits + 1, carrying + 1
        elif message == "Execute":
            work_since = True
        elif message == "Sync":
            waits, carrying, work_since = waits + 1, carrying + work_since, False
    return waits, carrying


def the_tail(db: Session, pipelined: bool) -> None:
    def statements() -> None:
        db.execute(text("UPDATE tail SET note = 'answered' WHERE id = 1"))
        db.execute(text("INSERT INTO tail (id, note) VALUES (2, 'event'), (3, 'event')"))
        db.commit()

    if pipelined:
        with one_round_trip(db):
            statements()
    else:
        statements()


# Plain: UPDATE, INSERT and COMMIT each wait. Pipelined: one wait carries all three, and it
# is the sync that leaves pipeline mode too (psycopg's own commit would sync once more).
@pytest.mark.parametrize("pipelined, expected", [(False, (3, 3)), (True, (1, 1))])
def test_the_last_statements_and_the_commit_are_one_exchange(engine, pipelined, expected):
    with Session(engine) as db:
        db.execute(text("INSERT INTO tail (id, note) VALUES (1, 'claimed')"))
        assert exchanges(db, lambda: the_tail(db, pipelined)) == expected
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, note FROM tail ORDER BY id")).all() == [
            (1, "answered"), (2, "event"), (3, "event")]


def test_a_press_waits_for_the_server_three_times(pg_app):  # noqa: F811
    """BEGIN; the key claimed, the elder read and her alarm inserted in one statement; the
    stored answer, the device events and COMMIT in one more. Every connection this thread
    checks out during the request is traced (the token is cached by a press before)."""
    tv = Api(pg_app, "tv_li")
    body = {"elder_id": pg_app.demo.elders["li"], "channel": "tv"}
    engine = pg_app.extensions["onekey"].db.engine
    me = threading.get_ident()
    with tempfile.TemporaryDirectory() as tmp:
        traces: list[Path] = []
        files: list[Any] = []

        def checkout(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
            if threading.get_ident() == me:
                traces.append(Path(tmp) / f"trace{len(traces)}")
                files.append(traces[-1].open("w"))
                dbapi_conn.pgconn.trace(files[-1].fileno())

        def checkin(dbapi_conn: Any, _record: Any) -> None:
            if dbapi_conn is not None and threading.get_ident() == me:
                dbapi_conn.pgconn.untrace()

        def press() -> Any:
            answer = tv.post("/v1/alarms", body, key=uuid.uuid4().hex)
            assert answer.status_code == 201, answer.get_json()
            return answer.get_json()["id"]

        tv.post(f"/v1/alarms/{press()}/cancel", {}, key=uuid.uuid4().hex)
        event.listen(engine, "checkout", checkout)
        event.listen(engine, "checkin", checkin)
        try:
            alarm_id = press()
        finally:
            event.remove(engine, "checkout", checkout)
            event.remove(engine, "checkin", checkin)
            for file in files:
                file.close()
        assert traces, "the press checked nothing out"
        waits = [counted(path.read_text()) for path in traces]
    assert sum(w for w, _ in waits) == 3 and sum(c for _, c in waits) == 3, waits
    answer = tv.get(f"/v1/alarms/{alarm_id}")
    assert answer.get_json()["status"] == "raised", answer.get_json()
    with pg_app.extensions["onekey"].db.reading() as db:  # its event, timer and device events
        assert db.execute(text("SELECT count(*) FROM alarm_events WHERE alarm_id = :a"),
                          {"a": alarm_id}).scalar_one() == 1
        assert db.execute(text("SELECT step FROM alarm_timers WHERE alarm_id = :a"),
                          {"a": alarm_id}).scalar_one() == "ack_overdue"
        assert db.execute(text("SELECT count(*) FROM device_events WHERE ref_id = :a"),
                          {"a": alarm_id}).scalar_one() == 2
    tv.post(f"/v1/alarms/{alarm_id}/cancel", {}, key=uuid.uuid4().hex)


def test_the_connection_leaves_pipeline_mode_before_the_pool_gets_it_back(engine):
    """The session gives its connection back to the pool when it commits: by then the
    connection must be out of pipeline mode, or the next thread's statements would queue."""
    with Session(engine) as db:
        db.execute(text("INSERT INTO tail (id, note) VALUES (1, 'claimed')"))
        raw = db.connection().connection.dbapi_connection
        with one_round_trip(db):
            db.execute(text("UPDATE tail SET note = 'answered' WHERE id = 1"))
            assert raw.pgconn.pipeline_status != pq.PipelineStatus.OFF
            db.commit()
            assert raw.pgconn.pipeline_status == pq.PipelineStatus.OFF
    with engine.connect() as conn:  # the pool's connection works as any other
        assert conn.execute(text("SELECT note FROM tail")).scalar_one() == "answered"


def test_a_block_that_does_not_commit_leaves_pipeline_mode_too(engine):
    with Session(engine) as db:
        raw = db.connection().connection.dbapi_connection
        with pytest.raises(RuntimeError):
            with one_round_trip(db):
                db.execute(text("INSERT INTO tail (id, note) VALUES (7, 'never')"))
                raise RuntimeError("the answer could not be made")
        assert raw.pgconn.pipeline_status == pq.PipelineStatus.OFF
        db.rollback()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM tail")).scalar_one() == 0


def test_a_failure_in_the_tail_is_raised_by_the_commit_and_undoes_everything(engine):
    with Session(engine) as db:
        db.execute(text("INSERT INTO tail (id, note) VALUES (1, 'claimed')"))
        with pytest.raises(IntegrityError):
            with one_round_trip(db):
                db.execute(text("UPDATE tail SET note = 'answered' WHERE id = 1"))
                db.execute(text("INSERT INTO tail (id, note) VALUES (1, 'twice')"))
                db.commit()
        db.rollback()
        # The connection is usable again, and nothing of the failed transaction is kept.
        assert db.execute(text("SELECT count(*) FROM tail")).scalar_one() == 0
        db.execute(text("INSERT INTO tail (id, note) VALUES (5, 'next')"))
        db.commit()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id FROM tail")).scalars().all() == [5]


def test_the_orm_writes_before_the_pipeline(engine, pg_app):  # noqa: F811
    """A pending ORM object needs its id back: it is flushed before the pipeline starts
    (inside it psycopg has no result until the commit)."""
    with pg_app.extensions["onekey"].db.write_session() as db:
        db.execute(text("SELECT 1"))  # the transaction has begun, as in a request
        record = IdempotencyRecord(caller="test", key=uuid.uuid4().hex, fingerprint="f")
        db.add(record)
        with one_round_trip(db):
            assert record.id is not None
            db.commit()
    with pg_app.extensions["onekey"].db.reading() as db:
        assert db.get(IdempotencyRecord, record.id) is not None


def test_a_press_is_stored_answered_and_logged_on_postgres(pg_app):  # noqa: F811
    """The whole request on PostgreSQL: the 201, the stored answer a repeat replays byte for
    byte, and the device events appended at commit, all from the one pipelined exchange."""
    tv = Api(pg_app, "tv_wang")
    db = pg_app.extensions["onekey"].db
    key = uuid.uuid4().hex
    body = {"elder_id": pg_app.demo.elders["wang"], "channel": "tv"}
    first = tv.post("/v1/alarms", body, key=key)
    assert first.status_code in (200, 201), first.get_json()
    again = tv.post("/v1/alarms", body, key=key)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.data == first.data and again.status_code == first.status_code
    alarm_id = first.get_json()["id"]
    with db.reading() as s:
        logged = s.query(DeviceEvent).filter(DeviceEvent.ref_id == alarm_id).count()
    assert logged >= 1
    tv.post(f"/v1/alarms/{alarm_id}/cancel", {}, key=uuid.uuid4().hex)
