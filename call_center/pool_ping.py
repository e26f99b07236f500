"""Ping a pooled PostgreSQL connection only when it may have gone stale (issue 13 §4: alarm
intake near the floor).

``pool_pre_ping`` sends ``SELECT 1`` at every checkout, so a dead connection (a restarted
server, a dropped socket) is replaced before use. It cost every request a round trip — one in
eight of a press's, while the statements themselves cost the server some 0.14 ms in all. A
connection used a moment ago is almost never dead, so, like HikariCP's
``aliveBypassWindowMs`` (500 ms), one is pinged only after lying idle in the pool longer
than :data:`PING_AFTER_IDLE_S`.

What that gives up: if the server restarts under load, the first statement on a connection
that was still fresh fails once. SQLAlchemy then invalidates the whole pool, so a process
loses one request, not one per pooled connection; a device's outbox sends its press again.
"""
from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, event, exc

PING_AFTER_IDLE_S = 0.5
_RETURNED = "onekey_returned_at"


def ping_when_idle(engine: Engine) -> None:
    """Ping at checkout a connection that lay idle longer than :data:`PING_AFTER_IDLE_S`
    (for an engine made without ``pool_pre_ping``); a dead one is replaced."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_conn: Any, record: Any) -> None:
        record.info[_RETURNED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.pop(_RETURNED, None)
        if returned is None or time.monotonic() - returned <= PING_AFTER_IDLE_S:
            return  # just connected, or used a moment ago
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as error:  # the pool connects afresh and checks out again
            raise exc.DisconnectionError("a pooled connection is gone") from error
