"""PostgreSQL connections are pinged at checkout only after lying idle (call_center/pool_ping.py):
a press no longer pays a round trip for ``SELECT 1``, and a connection that died while idle
(the server restarted, a firewall dropped it) is still replaced before anyone uses it."""
from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import text

from call_center import pool_ping
from call_center.db import make_engine

from .test_postgres import pg_url  # noqa: F401  (the throw-away PostgreSQL cluster fixture)

pytestmark = [pytest.mark.integration]


def counting_pings(engine: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    pings: list[int] = []
    ping = engine.dialect.do_ping

    def counted(dbapi_conn: Any) -> bool:
        pings.append(1)
        return ping(dbapi_conn)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return pings


def backend_pid(engine: Any) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_used_a_moment_ago_is_not_pinged(pg_url, monkeypatch):  # noqa: F811
    engine = make_engine(pg_url)
    try:
        pings = counting_pings(engine, monkeypatch)
        pids = {backend_pid(engine) for _ in range(30)}
        assert pings == []  # pool_pre_ping sent one SELECT 1 per checkout: 30
        assert len(pids) == 1  # the same pooled connection each time
    finally:
        engine.dispose()


def test_an_idle_connection_is_pinged_and_a_dead_one_replaced_unseen(pg_url, monkeypatch):  # noqa: F811
    monkeypatch.setattr(pool_ping, "PING_AFTER_IDLE_S", 0.05)
    engine = make_engine(pg_url)
    other = make_engine(pg_url)
    try:
        pings = counting_pings(engine, monkeypatch)
        first = backend_pid(engine)
        time.sleep(0.1)
        assert backend_pid(engine) == first and len(pings) == 1  # alive: kept
        with other.connect() as conn:  # the server drops it while it lies in the pool
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"),
                                {"pid": first}).scalar_one()
            conn.commit()
        time.sleep(0.1)
        second = backend_pid(engine)  # no error reaches the caller
        assert second != first and len(pings) == 2
    finally:
        engine.dispose()
        other.dispose()
