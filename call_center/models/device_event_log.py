"""The device event log (``device_events``): appended in the writer's transaction, read by
long-poll (``GET /v1/devices/me/events``, ``GET /v1/events``).

Writers append with :func:`append` (the alarm desk's status changes, check-ins, care tasks).
Request status changes and new messages are appended by a flush hook on the centre's session
factories (:func:`attach`): every ``RequestEvent`` row (one per status change, see
``lifecycle.record``) and every ``Message`` that is due now becomes a device event in the
same transaction — so the log can never miss a change nor announce one that was rolled
back, and the request code needs no change. Other kinds of rows join the hook through the
row makers passed to :func:`attach` (the alarm desk logs every alarm step for the agents).

Ordering: ids are the resume tokens, so an event must never become visible after a later id.
SQLite serialises writers (BEGIN IMMEDIATE), so commit order is id order; on PostgreSQL
appenders take a transaction-scoped advisory lock first, which gives the same guarantee.

Waiting: long-polls wait on the process's event hub (``call_center.push``), which reads the
log once per change for every poll of the process: woken by this process's commits (the
:class:`Notifier`), by PostgreSQL's NOTIFY from other processes and nodes (appenders send it
with the lock), and by a quarter-second poll of SQLite for other processes' commits.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Callable

from sqlalchemy import (Integer, String, bindparam, delete, event, func, insert, literal, or_,
                        select, true, union_all)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import Insert

from ..db import ORIGIN, Database
from ..db_insert import full_values
from ..lifecycle import STATUS_WORDS as REQUEST_STATUS_WORDS
from .device_events import DeviceEvent
from .elders import Elder
from .service_requests import RequestEvent, ServiceRequest

ADVISORY_KEY = 724502
CHANNEL = "onekey_device_events"  # PostgreSQL NOTIFY channel of new events
URGENT = ":now"  # ends the payload of a notification every hub acts on at once
_FLAG = "onekey_device_events"
_DUE = "onekey_timer_due_now"
_PENDING = "onekey_device_events_at_commit"

# What the flush hook makes of a new ORM object: (its order among the flush's rows, the
# row's columns), or None when the object is not logged.
LogRow = tuple[tuple[int, int], dict[str, Any]]
RowMaker = Callable[[Session, Any], "LogRow | None"]


class Notifier:
    """Tells this process's listeners about commits: ones that appended events (the event
    hub reads them at once) and ones that scheduled a timer due now (the worker wakes)."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []
        self._event_listeners: list[Callable[[], None]] = []

    def on_events(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every commit that appended events (the event hub)."""
        self._event_listeners.append(listener)

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after a commit that scheduled a timer due at once (the worker
        wakes for it instead of waiting for its next poll)."""
        self._listeners.append(listener)

    def notify(self) -> None:
        for listener in list(self._event_listeners):
            listener()

    def timers_due(self) -> None:
        for listener in list(self._listeners):
            listener()


def lock_for_append(db: Session) -> None:
    """Mark the transaction as appending (its commit wakes the polls) and, on PostgreSQL,
    take the lock that keeps ids visible in id order."""
    db.info[_FLAG] = True
    if db.get_bind().dialect.name == "postgresql" and not db.info.get(_FLAG + "_locked"):
        # The notification is sent at commit, to every process's event hub (LISTEN): other
        # nodes learn of the new events at once instead of at their next poll. It names the
        # sender (``Database.origin``): the sender's own hub hears of it directly.
        db.connection().execute(select(func.pg_advisory_xact_lock(ADVISORY_KEY),
                                       func.pg_notify(CHANNEL, db.info.get(ORIGIN, ""))))
        db.info[_FLAG + "_locked"] = True


def announce_at_once(db: Session) -> None:
    """PostgreSQL: wake every other process's hub at this commit, whether or not a poll waits
    there (access changes: their token caches must drop the caller before its next request).
    Other appends wake a hub only where a poll waits; the rest read at their next round."""
    if db.get_bind().dialect.name == "postgresql":
        db.connection().execute(select(func.pg_notify(CHANNEL,
                                                      db.info.get(ORIGIN, "") + URGENT)))


def append(db: Session, *, at: datetime, audience: str, kind: str, ref_id: str,
           data: dict[str, Any], household_id: str | None = None,
           device_id: str | None = None, elder_id: str | None = None) -> None:
    lock_for_append(db)
    db.add(DeviceEvent(at=at, audience=audience, household_id=household_id,
                       device_id=device_id, elder_id=elder_id, kind=kind, ref_id=ref_id,
                       data=data))


def attach(factories: list[sessionmaker], notifier: Notifier, *row_makers: RowMaker) -> None:
    """Hook request status changes of these session factories into the log, and whatever else
    ``row_makers`` log (new messages: ``present.message_event_row``, shaped as the inbox gives
    them); wake ``notifier`` when such a transaction commits."""
    makers = (request_row, *row_makers)
    for factory in factories:
        event.listen(factory, "after_flush", lambda db, _context: _after_flush(db, makers))
        event.listen(factory, "before_commit", _append_pending)
        event.listen(factory, "after_commit", lambda db: _after_commit(db, notifier))
        event.listen(factory, "after_rollback", _forget)


def append_rows(db: Session, rows: list[dict[str, Any]], at_commit: bool = False) -> None:
    """Append these events (``append``'s keywords each) with one statement, now or as the
    last statement before the transaction commits (``at_commit``): on PostgreSQL the
    ordering lock is then held only through the commit, not through the rest of the
    request, so concurrent raises queue for less. Only a transaction that appends nothing
    else after them may defer them (the log keeps causal order)."""
    if at_commit:
        db.info.setdefault(_PENDING, []).extend(rows)
        return
    if db.get_bind().dialect.name == "postgresql" and not db.info.get(_FLAG + "_locked"):
        # The lock, its NOTIFY and the rows in one statement: one round trip less while
        # every other appender waits.
        db.connection().execute(*locked_insert(rows, db.info.get(ORIGIN, "")))
        db.info[_FLAG] = db.info[_FLAG + "_locked"] = True
        return
    columns = {c for row in rows for c in row}
    lock_for_append(db)
    db.connection().execute(insert(DeviceEvent), [{c: row.get(c) for c in columns}
                                                  for row in rows])


def locked_insert(rows: list[dict[str, Any]], origin: str) -> tuple[Insert, dict[str, Any]]:
    """PostgreSQL: the statement appending ``rows`` with the ordering lock and its NOTIFY
    (from ``origin``: ``Database.origin``), and its parameters."""
    table = DeviceEvent.__table__
    params = {f"r{n}_{k}": v for n, row in enumerate(rows)
              for k, v in full_values(table, row).items()}
    return _locked_insert(len(rows)), {**params, "origin": origin}


@lru_cache(maxsize=64)
def _locked_insert(count: int) -> Insert:
    """PostgreSQL: take the ordering lock (and send the NOTIFY), then insert ``count`` rows
    in the given order. The lock is a materialised ``WITH`` the rows are joined to and
    sorted after, so it is held before the first id is drawn."""
    table = DeviceEvent.__table__
    names = [c.key for c in table.columns if c.key != "id"]
    lock = select(func.pg_advisory_xact_lock(ADVISORY_KEY),
                  func.pg_notify(CHANNEL, bindparam("origin", type_=String))).cte(
        "ordering_lock").prefix_with("MATERIALIZED")
    given = union_all(*[select(literal(n, Integer).label("ord"), *[
        bindparam(f"r{n}_{name}", type_=table.c[name].type).label(name) for name in names])
        for n in range(count)]).subquery("given")
    return table.insert().from_select(names, select(*[given.c[name] for name in names])
                                      .select_from(given).join(lock, true())
                                      .order_by(given.c.ord))


def _append_pending(db: Session) -> None:
    rows = db.info.pop(_PENDING, None)
    if rows:
        db.flush()
        append_rows(db, rows)


def timer_due_now(db: Session) -> None:
    """Mark the transaction as scheduling a timer that is due at once."""
    db.info[_DUE] = True


def _forget(db: Session) -> None:
    for key in (_FLAG, _FLAG + "_locked", _DUE, _PENDING):
        db.info.pop(key, None)


def _after_commit(db: Session, notifier: Notifier) -> None:
    if db.info.pop(_FLAG, None):
        # The hubs read the new events once they are durable (they announce nothing a
        # power cut could take back), off the committing request's way to the disk.
        Database.when_durable(db, notifier.notify)
    if db.info.pop(_DUE, None):
        notifier.timers_due()
    db.info.pop(_FLAG + "_locked", None)


def request_row(db: Session, obj: Any) -> LogRow | None:
    """A request's status change, for its household's devices."""
    if not isinstance(obj, RequestEvent):
        return None
    req = obj.request or db.get(ServiceRequest, obj.request_id)
    if req is None:
        return None
    return (0, obj.seq or 0), dict(
        at=obj.at, audience="household", elder_id=req.elder_id, kind="request", ref_id=req.id,
        data={"request": {"id": req.id, "service": req.service, "status": obj.status,
                          "status_word": REQUEST_STATUS_WORDS.get(obj.status, ""),
                          "note": obj.note}})


def _after_flush(db: Session, makers: tuple[RowMaker, ...]) -> None:
    made: list[LogRow] = []
    for obj in db.new:
        for make in makers:
            row = make(db, obj)
            if row is not None:
                made.append(row)
                break
    if not made:
        return
    # One flush's rows in causal order: a request's status before the message about it, an
    # alarm's steps by their sequence.
    made.sort(key=lambda r: (r[1]["at"], r[0]))
    rows = [values for _order, values in made]
    conn = db.connection()
    missing = {r["elder_id"] for r in rows if "household_id" not in r}
    households = dict(conn.execute(select(Elder.id, Elder.household_id)
                                   .where(Elder.id.in_(missing))).all()) if missing else {}
    for r in rows:
        r.setdefault("household_id", households.get(r["elder_id"]))
    lock_for_append(db)
    conn.execute(insert(DeviceEvent), rows)


def prune(db: Session, before: datetime) -> int:
    """Drop events older than ``before``, always keeping the newest (it anchors the current
    token, so a device's token never looks newer than the log)."""
    newest = latest_id(db)
    return db.execute(delete(DeviceEvent).where(DeviceEvent.at < before,
                                                DeviceEvent.id < newest)).rowcount or 0


def latest_id(db: Session) -> int:
    return db.scalar(select(func.max(DeviceEvent.id))) or 0


def read(db: Session, after: int, *, household_id: str | None = None,
         device_id: str | None = None, everything: bool = False,
         every_household: bool = False, limit: int = 100) -> list[DeviceEvent]:
    """Events after the token, oldest first: a device's own, every household's (services),
    or all of them (agents)."""
    stmt = select(DeviceEvent).where(DeviceEvent.id > after)
    if everything:
        stmt = stmt.where(DeviceEvent.audience.in_(("household", "agents")))
    elif every_household:  # the family's service: what families hear of too
        stmt = stmt.where(DeviceEvent.audience.in_(("household", "family")))
    elif not everything:
        mine = [DeviceEvent.device_id == device_id] if device_id else []
        if household_id:
            mine.append(DeviceEvent.household_id == household_id)
        if not mine:
            return []
        stmt = stmt.where(DeviceEvent.audience == "household", or_(*mine))
    return list(db.scalars(stmt.order_by(DeviceEvent.id).limit(limit)))
