"""A district's sweeps write a batch of elders a transaction (``Database.in_batches``), on
SQLite and on PostgreSQL: the worker's (missed check-ins at 10:00, the week's care calls) and
every follow-up it runs (patrol visits, 政策找人, 回访 …, whatever ``desk.sweeps`` holds).
One transaction for the district held every writer — an SOS pressed meanwhile too — for
27 s on 10,000 households (SQLite's writers' gate; on PostgreSQL the device events' ordering
lock, taken by the first message the sweep appends)."""
from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any, Iterator

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from call_center.alarms.clocks import FakeClock
from call_center.alarms.worker import EscalationWorker
from call_center.clock import at, today
from call_center.db import SWEEP_BATCH
from call_center.models import Elder, Household
from call_center.models.care import CareTask, Checkin
from call_center.models.patrols import PatrolVisit

from ..conftest import BACKENDS

ELDERS = 2 * SWEEP_BATCH + 17


def _weekday_morning() -> Any:
    day = today()
    while day.weekday() >= 5:  # a weekday, so the week's care calls and visits are all ahead
        day += timedelta(days=1)
    return at(day, 10, 30)  # past the default check-in time (10:00)


@pytest.fixture(params=BACKENDS)
def district(request: pytest.FixtureRequest, make_centre: Any) -> Iterator[Any]:
    app = make_centre(request.param, alarm_clock=FakeClock(_weekday_morning()))
    database = app.extensions["onekey"].db
    with database.writing() as s:
        for n in range(ELDERS):
            home = Household(ref=f"sweep-{uuid.uuid4().hex[:8]}", name="测试家",
                             address=f"上海市普陀区测试路{n}号", district="普陀区")
            s.add(home)
            s.flush()
            s.add(Elder(household_id=home.id, name="王秀英", gender="female",
                        birth_date=date(1936, 3, 1), id_number=f"S{uuid.uuid4().hex[:17]}",
                        phone=f"139{n:08d}", home_address=home.address, district="普陀区",
                        street="长风新村街道", preferences={}, living_alone=True,
                        economic_hardship=True, service_package="A"))
        s.commit()
    yield app


def test_a_district_sweep_writes_a_batch_of_elders_a_transaction(district: Any):
    database = district.extensions["onekey"].db
    written: list[int] = []  # elders each committed transaction wrote rows for

    def flushed(session: Session, _context: Any) -> None:
        session.info.setdefault("sweep_elders", set()).update(
            getattr(obj, "elder_id") for obj in session.new if getattr(obj, "elder_id", None))

    def rolled_back(session: Session) -> None:  # the database's own rollback: nothing stays
        session.info.pop("sweep_elders", None)

    def ended(session: Session, transaction: Any) -> None:  # the outermost one: committed
        if transaction.parent is None and session.info.get("sweep_elders"):
            written.append(len(session.info.pop("sweep_elders")))

    factory = database.writes
    event.listen(factory, "after_flush", flushed)
    event.listen(factory, "after_rollback", rolled_back)
    event.listen(factory, "after_transaction_end", ended)
    try:
        worker = EscalationWorker(database, district.extensions["onekey_alarms"], name="sweeper")
        missed = worker.sweep()
        worker.wait_follow_ups(120)
    finally:
        event.remove(factory, "after_flush", flushed)
        event.remove(factory, "after_rollback", rolled_back)
        event.remove(factory, "after_transaction_end", ended)
    with database.reading() as s:
        counts = {table.__name__: s.scalar(select(func.count()).select_from(table))
                  for table in (Checkin, CareTask, PatrolVisit)}
    # The sweeps did their work for the whole district …
    assert len(missed) >= ELDERS and counts["Checkin"] >= ELDERS
    assert counts["CareTask"] >= 3 * ELDERS  # a missed check-in's call and two care calls each
    assert counts["PatrolVisit"] >= ELDERS
    # … and no transaction wrote for more than a batch of elders.
    assert max(written) <= SWEEP_BATCH, sorted(written)[-5:]
    assert len(written) >= 3 * (ELDERS // SWEEP_BATCH)
