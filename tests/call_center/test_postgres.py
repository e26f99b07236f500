"""The same centre on PostgreSQL (``ONEKEY_DB_URL``), as production runs it.

A throw-away cluster (``tests/postgres_server.py``) is started on a random port. This is where the
idempotency race takes the unique-constraint path (the loser blocks on the index, then
replays), which SQLite's serialised writers never reach.
"""
from __future__ import annotations

import threading
import uuid

import pytest
import requests
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from call_center.app import create_app
from call_center.demo_data import seed
from call_center.models import Base

from ..postgres_server import start_postgres
from .conftest import Api, assert_error, registration_body, row_counts, taxi_body

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def pg_url():
    server = start_postgres()
    yield server.create_database("onekey")
    server.stop()


@pytest.fixture(scope="module")
def pg_app(pg_url):
    app = create_app({"db_url": pg_url, "sim_latency_ms": 0})
    app.demo = seed(app.extensions["onekey"].db)
    yield app
    app.extensions["onekey"].db.dispose()


def test_migrations_match_the_models_on_postgres(pg_app):
    engine = pg_app.extensions["onekey"].db.engine
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata) == []


def test_booking_and_refusals_on_postgres(pg_app):
    tv = Api(pg_app, "tv_wang")
    req = tv.book(tv.free_slot()).get_json()
    assert req["status"] == "confirmed"
    assert req["created_at"].endswith("+08:00")
    before = row_counts(pg_app)
    # A full slot on another day (on the booked day, one number a department a day refuses first).
    full = next(s for s in tv.favourite_slots() if s["remaining"] == 0 and s["start"][:10] != req["result"]["start"][:10])
    assert_error(tv.book(full), 409, "slot_full")
    assert_error(tv.post("/v1/requests", taxi_body(tv.demo, destination_address="北京市朝阳区")),
                 422, "outside_service_area")
    assert_error(tv.post(f"/v1/requests/{req['id']}/transitions", {"to": "accepted"}), 403,
                 "forbidden")
    assert row_counts(pg_app) == before
    taxi = tv.post("/v1/requests", taxi_body(tv.demo)).get_json()
    assert taxi["status"] == "confirmed"
    assert tv.post(f"/v1/requests/{req['id']}/cancel").get_json()["status"] == "cancelled"


def test_racing_identical_requests_on_postgres(pg_url, pg_app, caplog):
    import logging

    from werkzeug.serving import make_server

    caplog.set_level(logging.INFO, logger="call_center.unit_of_work")
    # Provider latency keeps the winner's transaction open while the others arrive.
    app = create_app({"db_url": pg_url, "sim_latency_ms": 100})
    app.demo = pg_app.demo
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        tv = Api(pg_app, "tv_wang")
        slot = tv.free_slot(skip=2)
        body = registration_body(pg_app.demo, slot)
        key = uuid.uuid4().hex
        racers = 6
        barrier = threading.Barrier(racers)
        results: list[requests.Response] = []

        def fire() -> None:
            barrier.wait(timeout=10)
            results.append(requests.post(f"{url}/v1/requests", json=body, timeout=30,
                                         headers={**tv.headers, "Idempotency-Key": key}))

        threads = [threading.Thread(target=fire) for _ in range(racers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert [r.status_code for r in results] == [201] * racers
        assert len({r.content for r in results}) == 1
        after = next(s for s in tv.favourite_slots() if s["id"] == slot["id"])
        assert after["remaining"] == slot["remaining"] - 1
        assert "lost a race" in caplog.text
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        app.extensions["onekey"].db.dispose()


def test_two_device_applications_filed_at_once_leave_one_open_on_postgres(pg_app, monkeypatch):
    """A daughter on WeChat and her mother at a kiosk apply for 一键通 in the same second. Each
    filing checks first that none is open; here both pass that check before either writes (they
    wait for each other right after it), so only the partial unique index stands between them:
    one application is filed, the other is told it is already applied for."""
    from call_center.clock import now
    from call_center.device_applications import applications
    from call_center.errors import ApiError
    from call_center.models import DeviceApplication, Elder, ServiceRequest
    from call_center.models.ids import new_id
    from call_center.schemas.service_requests import DeviceApplicationForm

    from .device_applications.helpers import application_body

    db = pg_app.extensions["onekey"].db
    zhang = pg_app.demo.elders["zhang"]
    form = DeviceApplicationForm.model_validate(application_body(pg_app.demo, "zhang", package="B")["form"])
    both_checked = threading.Barrier(2)
    check = applications.check

    def check_then_wait(session, elder):
        check(session, elder)
        both_checked.wait(timeout=10)

    monkeypatch.setattr(applications, "check", check_then_wait)
    outcomes: list[str] = []

    def file() -> None:
        with db.writing() as session:
            elder = session.get(Elder, zhang)
            moment = now()
            req = ServiceRequest(id=new_id("req"), elder_id=zhang, service="device_application", mode="self",
                                 channel="miniprogram", status="submitted", form=form.model_dump(),
                                 created_by="test", created_at=moment, updated_at=moment)
            session.add(req)
            try:
                applications.apply(session, req, elder, form, "test")
                session.commit()
                outcomes.append("filed")
            except ApiError as exc:
                session.rollback()
                outcomes.append(exc.code)

    threads = [threading.Thread(target=file) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["already_booked", "filed"]
    with db.writing() as session:
        open_ones = session.query(DeviceApplication).filter(
            DeviceApplication.elder_id == zhang, DeviceApplication.state.in_(applications.OPEN_STATES)).count()
    assert open_ones == 1


def test_a_sweep_turn_claimed_by_many_at_once_goes_to_one_on_postgres(pg_app):
    """Eight workers ask for the same turn at the same moment, twice (first the row is made,
    then it is updated): each time exactly one gets it, the others wait on its row and see it
    taken when it commits."""
    from datetime import timedelta

    from call_center.clock import now
    from call_center.models.periodic_runs import claim_turn

    db = pg_app.extensions["onekey"].db
    start = threading.Barrier(8)
    for moment in (now(), now() + timedelta(hours=1)):
        won: list[bool] = []

        def claim(at=moment) -> None:
            start.wait(timeout=10)
            won.append(claim_turn(db, "race_test", timedelta(hours=1), at))

        threads = [threading.Thread(target=claim) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(won) == [False] * 7 + [True]
