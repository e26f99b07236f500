"""A write request's last statements and its COMMIT go to PostgreSQL in one exchange
(call_center/commit_tail.py), and a failure among them still undoes the whole transaction.

The exchanges are counted in libpq's own protocol trace: each time the client waits for the
server it has sent a Sync (extended protocol) or a simple Query; the pipeline sends one Sync
for everything.
"""
from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any, Callable

import pytest
from psycopg import pq
from sqlalchemy import text
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
        lines = [line.split("\t") for line in path.read_text().splitlines()]
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


# Plain: UPDATE, INSERT and COMMIT each wait. Pipelined: one wait carries all three, and
# psycopg leaves pipeline mode with one more, empty, sync.
@pytest.mark.parametrize("pipelined, expected", [(False, (3, 3)), (True, (2, 1))])
def test_the_last_statements_and_the_commit_are_one_exchange(engine, pipelined, expected):
    with Session(engine) as db:
        db.execute(text("INSERT INTO tail (id, note) VALUES (1, 'claimed')"))
        assert exchanges(db, lambda: the_tail(db, pipelined)) == expected
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, note FROM tail ORDER BY id")).all() == [
            (1, "answered"), (2, "event"), (3, "event")]


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
