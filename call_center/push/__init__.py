"""Device push at district scale: one event hub per process fans the device event log out to
every waiting box in memory (``hub``), the stream's callers are resolved once per process
(``callers``), and PostgreSQL's LISTEN/NOTIFY tells every node at once (``listen``).

``docs/scaling.md`` has the serving model chosen for the stream, its numbers and its limits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app

from ..alarms.desk import AlarmDesk
from ..auth import CALLERS
from ..db import Database
from . import callers
from .callers import CallerCache
from .hub import EventHub
from .listen import PostgresListener

EXTENSION = "onekey_push"


@dataclass
class Push:
    hub: EventHub
    callers: CallerCache


def build(database: Database, desk: AlarmDesk) -> Push:
    """The hub and caller cache of one database in this process (started on first use)."""
    settings = desk.settings
    hub = EventHub(database, poll_s=settings.events_poll_s,
                   keep_for=timedelta(days=settings.events_keep_days), clock=desk.now)
    notifier = desk.notifier
    assert notifier is not None
    cache = CallerCache(database, watch=hub.ensure_started)
    hub.on_rows.append(cache.on_rows)
    notifier.on_events(hub.committed)
    callers.attach([database.reads, database.writes], cache)
    database.on_dispose.append(hub.stop)
    if database.engine.dialect.name == "postgresql":
        hub.sources.append(PostgresListener(database.engine.url, own=database.origin))
        hub.poll_s = settings.events_listen_poll_s  # NOTIFY wakes it; this is the safety net
    return Push(hub, cache)


def attach(app: Flask, database: Database, desk: AlarmDesk) -> Push:
    push = build(database, desk)
    app.extensions[EXTENSION] = push
    app.extensions[CALLERS] = push.callers  # every request's token (call_center.auth)
    return push


def push() -> Push:
    return current_app.extensions[EXTENSION]
