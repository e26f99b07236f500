"""The same centre on PostgreSQL (``ONEKEY_DB_URL``), where the machine has it.

A throw-away cluster is created with ``initdb`` in a temporary directory and started on a
random port; the tests skip when PostgreSQL's binaries are not installed. This is where the
idempotency race takes the unique-constraint path (the loser blocks on the index, then
replays), which SQLite's serialised writers never reach.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from call_center.app import create_app
from call_center.demo_data import seed
from call_center.models import Base

from .conftest import Api, assert_error, registration_body, row_counts, taxi_body

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL")
    return [runuser, "-u", "postgres", "--", *cmd]


@pytest.fixture(scope="module")
def pg_url():
    initdb, postgres = _pg_bin("initdb"), _pg_bin("postgres")
    if not initdb or not postgres:
        pytest.skip("PostgreSQL is not installed")
    # Not under pytest's tmp dir: that is private to root, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="onekey-pg-"))
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
    subprocess.run(_as_postgres([initdb, "-D", str(data), "-U", "postgres", "--auth=trust",
                                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                   check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(_as_postgres([
        postgres, "-D", str(data), "-p", str(port), "-k", str(data),
        "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=100"]),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres",
                                 autocommit=True) as conn:
                conn.execute("CREATE DATABASE onekey")
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.terminate()
                shutil.rmtree(root, ignore_errors=True)
                pytest.skip("PostgreSQL did not start")
            time.sleep(0.1)
    yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/onekey"
    # "fast" shutdown: do not wait for idle pooled clients.
    subprocess.run(_as_postgres([_pg_bin("pg_ctl") or "pg_ctl", "stop", "-D", str(data),
                                 "-m", "fast", "-w"]), capture_output=True, timeout=30)
    proc.wait(timeout=20)
    shutil.rmtree(root, ignore_errors=True)


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
    assert_error(tv.book(tv.full_slot()), 409, "slot_full")
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
