"""Rows inserted with Core statements (call_center/db_insert.py) are the rows a flush
writes — every column, defaults included — for each kind of row alarm intake inserts, on
SQLite and on PostgreSQL; an insert whose unique value is taken inserts nothing, and none of
the rows that were to follow it."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any, Callable, Iterator

import pytest
from sqlalchemy import func, select

from call_center.alarms import EXTENSION
from call_center.app import create_app
from call_center.db_insert import insert_rows, insert_unless_taken
from call_center.demo_data import seed
from call_center.models import Elder, IdempotencyRecord
from call_center.models.alarms import Alarm, AlarmEvent, AlarmTimer
from call_center.models.device_events import DeviceEvent
from call_center.models.ids import new_id

from .alarms.conftest import add_elders
from .test_postgres import pg_url  # noqa: F401  (the throw-away PostgreSQL cluster fixture)

NOW = datetime(2026, 12, 5, 1, 0, tzinfo=timezone.utc)


def alarm_for(elder_id: str, household_id: str) -> Alarm:
    return Alarm(id=new_id("alm"), elder_id=elder_id, household_id=household_id,
                 open_for=elder_id, channel="tv", status="raised", raised_by="tv:dev_x",
                 raised_at=NOW, pressed_at=NOW, updated_at=NOW, events=[], parties=[])


# Each maker builds a fresh object of one kind, leaving the columns with defaults unset.
MAKERS: dict[str, Callable[[str, str], Any]] = {
    "alarm event": lambda alarm_id, tag: AlarmEvent(alarm_id=alarm_id, seq=1, kind="raised",
                                                    at=NOW, actor=f"tv:{tag}"),
    "alarm timer": lambda alarm_id, tag: AlarmTimer(alarm_id=alarm_id, step=tag, args={},
                                                    due_at=NOW, created_at=NOW),
    "device event": lambda _alarm_id, tag: DeviceEvent(at=NOW, audience="agents", kind="alarm",
                                                       ref_id=tag[:32]),
    "idempotency record": lambda _alarm_id, tag: IdempotencyRecord(caller="token:x", key=tag,
                                                                   fingerprint="f" * 64),
}
KEY = {"alarm event": "actor", "alarm timer": "step", "device event": "ref_id",
       "idempotency record": "key"}
LEFT_OUT = {"id", "created_at"}  # generated per row


def row(db: Any, obj: Any, kind: str) -> dict[str, Any]:
    table = type(obj).__table__
    found = db.execute(select(table).where(table.c[KEY[kind]] == getattr(obj, KEY[kind])))
    return {k: v for k, v in found.mappings().one().items() if k not in LEFT_OUT}


def bare(found: dict[str, Any], kind: str) -> dict[str, Any]:
    """A row without what tells the twins apart."""
    return {k: v for k, v in found.items() if k not in {"alarm_id", KEY[kind]}}


def check_core_rows_equal_flushed_rows(app: Any, tag: str) -> None:
    database = app.extensions["onekey"].db
    (elder, _), (other, _) = add_elders(app, 2, tag=tag)
    with database.session(write=True) as db:
        homes = dict(db.execute(select(Elder.id, Elder.household_id)
                                .where(Elder.id.in_([elder, other]))).all())
        flushed, core = alarm_for(elder, homes[elder]), alarm_for(other, homes[other])
        db.add(flushed)
        db.flush()
        assert insert_unless_taken(db, core, "open_for") == core.id
        # the same alarm again for the elder: taken, nothing inserted, nor what follows it
        again = alarm_for(other, homes[other])
        follows = AlarmTimer(alarm_id=again.id, step="never", args={}, due_at=NOW,
                             created_at=NOW)
        assert insert_unless_taken(db, again, "open_for", then=[follows]) is None
        assert db.scalar(select(func.count()).select_from(AlarmTimer)
                         .where(AlarmTimer.step == "never")) == 0
        rows = {a.id: dict(db.execute(select(Alarm.__table__).where(Alarm.id == a.id))
                           .mappings().one()) for a in (flushed, core)}
        for r in rows.values():
            for k in ("id", "elder_id", "household_id", "open_for"):
                r.pop(k)
        assert rows[flushed.id] == rows[core.id]

        expected = {}
        for kind, make in MAKERS.items():
            by_flush, by_core = make(flushed.id, f"{tag}-f"), make(core.id, f"{tag}-c")
            db.add(by_flush)
            db.flush()
            insert_rows(db, [by_core])
            expected[kind] = bare(row(db, by_flush, kind), kind)
            assert bare(row(db, by_core, kind), kind) == expected[kind], kind
        # the dependent rows of a new alarm, in one statement on PostgreSQL
        third = alarm_for(other, homes[other])
        third.open_for = None
        then = [MAKERS["alarm event"](third.id, f"{tag}-t"),
                MAKERS["alarm timer"](third.id, f"{tag}-t")]
        assert insert_unless_taken(db, third, "open_for", then=then) == third.id
        for kind, obj in zip(("alarm event", "alarm timer"), then):
            assert bare(row(db, obj, kind), kind) == expected[kind], kind
        db.rollback()


def test_core_rows_are_the_rows_a_flush_writes_on_sqlite(make_center_app):
    check_core_rows_equal_flushed_rows(make_center_app(alarm_worker=False), "dbi")


@pytest.fixture(scope="module")
def pg_app(pg_url: str) -> Iterator[Any]:  # noqa: F811
    app = create_app({"db_url": pg_url, "sim_latency_ms": 0, "alarm_worker": False})
    app.demo = seed(app.extensions["onekey"].db)
    yield app
    app.extensions["onekey"].db.dispose()


@pytest.mark.integration
@pytest.mark.slow
def test_core_rows_are_the_rows_a_flush_writes_on_postgres(pg_app):
    check_core_rows_equal_flushed_rows(pg_app, f"dbi{uuid.uuid4().hex[:6]}")


def check_claim_and_read(app: Any) -> None:
    """A key claimed with the view's first read: the key's id and the read's row; a read that
    finds nothing still answers the key; a taken key answers None, and the read still runs.
    A press's new alarm (``if_found``) comes in the same statement on PostgreSQL, with her
    household from the row read — only when the key is claimed, she exists and she has no
    open alarm — and never elsewhere (the view inserts it itself)."""
    from call_center.alarms.desk import raising_for, to_raise_for
    from call_center.db_insert import insert_unless_taken_reading

    database = app.extensions["onekey"].db
    postgres = database.engine.dialect.name == "postgresql"
    desk = app.extensions[EXTENSION]
    ((elder, _),) = add_elders(app, 1, tag=f"cr{uuid.uuid4().hex[:4]}")
    key = uuid.uuid4().hex
    with database.session(write=True) as db:
        def claim(elder_id: str) -> tuple[Any, Any, bool, Any]:
            record = IdempotencyRecord(caller="token:claim", key=key, fingerprint="f" * 64)
            new = desk.new_alarm(elder_id, actor="tv:dev_claim", channel="tv")
            return (*insert_unless_taken_reading(db, record, "caller", "key",
                                                 read=to_raise_for(elder_id)[0],
                                                 params=to_raise_for(elder_id)[1],
                                                 if_found=new.if_found()), new)

        def alarms_of(elder_id: str) -> list[Any]:
            return list(db.execute(select(Alarm.household_id, Alarm.open_for)
                                   .where(Alarm.elder_id == elder_id)))

        claimed, found, inserted, new = claim(elder)
        assert claimed is not None and db.get(IdempotencyRecord, claimed).key == key
        person, open_alarm = raising_for(found)
        assert person.id == elder and open_alarm is None
        assert inserted is postgres
        if postgres:  # with her household, its first event and its timer
            assert alarms_of(elder) == [(person.household_id, elder)]
            assert db.scalar(select(func.count()).select_from(AlarmEvent).where(
                AlarmEvent.alarm_id == new.alarm.id)) == 1
            assert db.scalar(select(AlarmTimer.step).where(
                AlarmTimer.alarm_id == new.alarm.id)) == "ack_overdue"
        taken, again, inserted, _ = claim(elder)  # a repeat: nothing more
        assert taken is None and raising_for(again)[0].id == elder and not inserted
        key = uuid.uuid4().hex
        claimed, found, inserted, second = claim(elder)  # a new key: her alarm is open
        assert claimed is not None and not inserted
        assert raising_for(found)[1] == (new.alarm.id if postgres else None)
        assert len(alarms_of(elder)) == (1 if postgres else 0)
        assert db.scalar(select(func.count()).select_from(AlarmEvent).where(
            AlarmEvent.alarm_id == second.alarm.id)) == 0
        key = uuid.uuid4().hex
        claimed, nobody, inserted, _ = claim("eld_nobody")
        assert claimed is not None and nobody is None and not inserted
        assert alarms_of("eld_nobody") == []
        db.rollback()


def test_a_key_is_claimed_with_the_first_read_on_sqlite(make_center_app):
    check_claim_and_read(make_center_app(alarm_worker=False))


@pytest.mark.integration
def test_a_key_is_claimed_with_the_first_read_on_postgres(pg_app):
    check_claim_and_read(pg_app)
