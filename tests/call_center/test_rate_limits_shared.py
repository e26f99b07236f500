"""Rate limits count once for the whole centre, not once a process (web_front/rate_counts.py).

Before, counters lived in each process's memory: with gunicorn's two workers a kiosk had twice
the ten ID-number guesses a quarter hour, and two nodes four times. Two apps on one database
stand for two workers (or two nodes): the guesses are spread over both, and the eleventh is
refused on either — on SQLite (counts in a file beside the database, which a request holding
the one writer cannot block) and on PostgreSQL (the same database, under an advisory lock)."""
from __future__ import annotations

import threading

import pytest

from call_center.app import create_app
from tests.postgres_server import start_postgres

from .conftest import Api, assert_error

LIMIT = 10  # elders.lookup.id_number: 10 misses in 15 minutes


def _guess_over_two(first, second) -> None:
    demo = first.demo
    wrong = f"{(int(demo.phone_tails['li']) + 1) % 10000:04d}"
    body = {"id_number": demo.id_numbers["li"], "phone_tail": wrong}
    workers = [Api(first, "kiosk"), Api(second, "kiosk")]
    for n in range(LIMIT):
        assert_error(workers[n % 2].post("/v1/elders/lookup", body), 404, "not_found")
    for worker in workers:  # the eleventh, on either worker: refused, even with the right tail
        right = {**body, "phone_tail": demo.phone_tails["li"]}
        assert_error(worker.post("/v1/elders/lookup", right), 429, "rate_limited")


def test_two_workers_on_one_sqlite_file_share_the_count(make_center_app):
    first = make_center_app()
    second = create_app({"db_url": str(first.extensions["onekey"].db.engine.url), "sim_latency_ms": 0})
    second.demo = first.demo
    try:
        _guess_over_two(first, second)
    finally:
        second.extensions["onekey"].db.dispose()


def test_concurrent_guesses_are_each_counted_once_and_never_past_the_limit(make_center_app):
    """Twenty misses at once from two workers' threads. Each is let through before it is
    counted (a miss is known only from its answer), so a burst may pass; but the count takes
    each under its key's lock: exactly the limit is held, none lost, none past it, and then
    every guess is refused on both workers."""
    from sqlalchemy import func, select

    from call_center.models.rate_hits import rate_hits

    first = make_center_app()
    second = create_app({"db_url": str(first.extensions["onekey"].db.engine.url), "sim_latency_ms": 0})
    second.demo = demo = first.demo
    wrong = f"{(int(demo.phone_tails['li']) + 1) % 10000:04d}"
    body = {"id_number": demo.id_numbers["li"], "phone_tail": wrong}
    gate = threading.Barrier(20)

    def guess(app) -> None:
        api = Api(app, "kiosk")
        gate.wait()
        api.post("/v1/elders/lookup", body)

    threads = [threading.Thread(target=guess, args=((first, second)[n % 2],)) for n in range(20)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        storage = first.extensions["onekey_limiter"].storage
        with storage.open(False) as db:
            held = db.scalar(select(func.count()).select_from(rate_hits).where(
                rate_hits.c.key.like("%elders.lookup.id_number%")))
        assert held == LIMIT
        right = {**body, "phone_tail": demo.phone_tails["li"]}
        for app in (first, second):
            assert_error(Api(app, "kiosk").post("/v1/elders/lookup", right), 429, "rate_limited")
    finally:
        second.extensions["onekey"].db.dispose()


@pytest.mark.integration
def test_two_nodes_on_one_postgresql_share_the_count():
    from call_center.demo_data import seed

    server = start_postgres()
    try:
        url = server.create_database("onekey")
        first = create_app({"db_url": url, "sim_latency_ms": 0})
        first.demo = seed(first.extensions["onekey"].db)
        second = create_app({"db_url": url, "sim_latency_ms": 0})
        second.demo = first.demo
        try:
            _guess_over_two(first, second)
        finally:
            for app in (first, second):
                app.extensions["onekey"].db.dispose()
    finally:
        server.stop()
