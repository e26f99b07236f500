"""Who is calling: bearer tokens resolved once per process, not once per request.

A box renews its long-poll every few dozen seconds and every request of every caller names
its token; ten thousand boxes and a burst of alarms would otherwise cost a token lookup each
time. The cache is exact, not timed: every change to a device or an agent (deactivated,
moved to another household, its token replaced, deleted) is logged in the same transaction
as an ``access`` row of the device event log (audience ``system``, sent to nobody) by the
hooks below (family members' tokens are not kept: their bindings and expiry change without
one). The process that commits the change evicts the caller at commit, before its
answer leaves; every other process's hub evicts it when it reads that row (PostgreSQL's
NOTIFY wakes it at once; SQLite's hubs poll every quarter second). ORM changes are logged
per row; a bulk ``UPDATE``/``DELETE`` of devices or agents evicts every cached caller.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable, Iterable

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from ..auth import Caller, hash_token, resolve
from ..clock import now as wall_now
from ..db import Database
from ..models import Agent, Device, device_event_log
from ..models.device_events import DeviceEvent
from .rows import Row

WATCHED = {Device: ("active", "token_hash", "household_id", "kind", "station"),
           Agent: ("active", "token_hash", "kind")}
# Kept only callers all of whose facts are rows the hooks below watch. A family member's
# caller holds her bindings and her token's expiry "as of this call": read every time.
CACHED = frozenset({"device", "agent", "service"})
_CHANGED = "onekey_access_changed"  # session info: the ids this transaction changed, or "all"


class CallerCache:
    def __init__(self, database: Database, size: int = 200_000,
                 watch: Callable[[], Any] = lambda: None):
        self.database = database
        self.size = size
        # Starts what evicts other processes' changes (the hub) before anything is cached.
        self.watch = watch
        self._lock = threading.Lock()
        self._callers: OrderedDict[str, Caller] = OrderedDict()  # token digest → caller
        self._generation = 0  # bumped by every eviction: a lookup racing one is not kept
        self.lookups = 0  # database lookups (benchmarks count them)

    def cached(self, token: str) -> Caller | None:
        """The caller if this process knows the token already (no database read)."""
        digest = hash_token(token)
        with self._lock:
            return self._callers.get(digest)

    def caller(self, token: str) -> Caller | None:
        digest = hash_token(token)
        with self._lock:
            found = self._callers.get(digest)
            if found is not None:
                self._callers.move_to_end(digest)
                return found
            generation = self._generation
        self.watch()
        with self.database.reading() as db:
            self.lookups += 1
            found = resolve(db, token)
        if found is not None and found.kind in CACHED:
            with self._lock:
                if generation == self._generation:
                    self._callers[digest] = found
                    while len(self._callers) > self.size:
                        self._callers.popitem(last=False)
        return found

    def on_rows(self, rows: list[Row]) -> None:
        """The hub's listener: evict the callers an ``access`` row names."""
        changed = [r.data for r in rows if r.audience == "system"]
        if changed:
            self.evict(None if any(c.get("all") for c in changed)
                       else {i for c in changed for i in c.get("ids", ())})

    def evict(self, ids: Iterable[str] | None) -> None:
        """Forget the callers with these ids (None: every caller)."""
        with self._lock:
            self._generation += 1
            if ids is None:
                self._callers.clear()
                return
            ids = set(ids)
            for digest in [d for d, c in self._callers.items() if c.id in ids]:
                del self._callers[digest]

    def __len__(self) -> int:
        return len(self._callers)


def attach(factories: list[sessionmaker], cache: CallerCache) -> None:
    """Log access changes made through these session factories, and evict them from this
    process's ``cache`` when their transaction commits (see the module doc)."""
    def committed(db: Session) -> None:
        changed = db.info.pop(_CHANGED, None)
        if changed is not None:
            cache.evict(None if changed == "all" else changed)

    for factory in factories:
        event.listen(factory, "after_flush", _log_changes)
        event.listen(factory, "do_orm_execute", _log_bulk)
        event.listen(factory, "after_commit", committed)
        event.listen(factory, "after_rollback", lambda db: db.info.pop(_CHANGED, None))


def _changed(obj: Any) -> bool:
    fields = WATCHED.get(type(obj))
    if fields is None:
        return False
    state = inspect(obj)
    return any(state.attrs[f].history.has_changes() for f in fields)


def _log_changes(db: Session, _context: Any) -> None:
    ids = sorted({o.id for o in db.dirty if _changed(o)} |
                 {o.id for o in db.deleted if type(o) in WATCHED})
    if ids:
        _append(db, {"ids": ids})


def _log_bulk(state: Any) -> None:
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and \
            mapper.class_ in WATCHED:
        _append(state.session, {"all": True})


def _append(db: Session, data: dict[str, Any]) -> None:
    known = db.info.get(_CHANGED, set())
    db.info[_CHANGED] = "all" if data.get("all") or known == "all" else known | set(data["ids"])
    device_event_log.lock_for_append(db)
    device_event_log.announce_at_once(db)
    db.connection().execute(insert(DeviceEvent).values(
        at=wall_now(), audience="system", kind="access", ref_id="access", data=data))
