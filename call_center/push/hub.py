"""One watcher per process: follows the device event log and fans new events out in memory.

Ten thousand boxes waiting on ``GET /v1/devices/me/events`` must not cost ten thousand
database reads four times a second. The hub is the only reader of the log while boxes wait:
it reads what is new once per change (woken by this process's commits, PostgreSQL's NOTIFY,
or a quarter-second poll of SQLite for other processes' commits), keeps the last ``keep``
events in memory indexed by household and device, and wakes exactly the polls an event is
for. A waiting poll then answers from memory; only a box returning after a long absence
(its token older than the hub's memory) reads the database.

Ordering: event ids become visible in id order (see ``device_event_log``), so reading
``id > latest`` never skips one; a poll's ``next`` is the newest id the hub had seen when it
answered, so a box's token moves forward even while nothing is for it.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from datetime import datetime, timedelta
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from sqlalchemy import bindparam, func, select

from ..clock import now as wall_now
from ..db import Database
from ..models.device_events import DeviceEvent
from .rows import Row, present_rows

log = logging.getLogger(__name__)
_log = DeviceEvent.__table__
# Core rows, not ORM objects: the hub reads after every commit of its process.
_NEWER = select(_log).where(_log.c.id > bindparam("after")).order_by(_log.c.id).limit(500)


class Revoked(Exception):
    """A waiting poll's token was revoked while it waited (answered 401)."""


@dataclass(eq=False)
class Waiter:
    """A poll waiting for events: its household and device keys, or every household
    (``broad``, for back ends); ``wake`` is called from the hub's thread."""

    keys: tuple[str, ...]
    wake: Callable[[], None]
    broad: bool = False


@dataclass
class Selection:
    """What a poll asked for: a device's keys, every household's events, or everything."""

    keys: tuple[str, ...] = ()
    every_household: bool = False
    everything: bool = False
    elder_id: str | None = None  # a kiosk's session: only the identified elder's events

    @property
    def broad(self) -> bool:
        return self.every_household or self.everything

    def wants(self, row: Row) -> bool:
        if self.everything:
            return row.audience in {"household", "agents"}
        if self.every_household and row.audience == "family":  # for the family's service only
            return True
        if row.audience != "household":
            return False
        if self.elder_id is not None and row.body.get("elder_id") != self.elder_id:
            return False
        return self.every_household or any(k in self.keys for k in row.keys)


@dataclass
class EventHub:
    database: Database
    poll_s: float = 0.25
    keep: int = 20_000
    # The log is pruned after this long (``events_keep_days``): memory forgets it too.
    keep_for: timedelta = timedelta(days=30)
    clock: Callable[[], datetime] = wall_now
    on_rows: list[Callable[[list[Row]], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: deque[Row] = deque()
        self._by_key: dict[str, deque[Row]] = {}
        self._waiters: dict[str, set[Waiter]] = {}
        self._broad: set[Waiter] = set()
        self._kick = threading.Event()
        # Commits of this process announced (kicks) and those a finished read covers: a
        # poll finds every commit made here before it began.
        self._kicks = 0
        self._read_kicks = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.draining = False  # the server is stopping: polls answer at once
        self._read_lock = threading.Lock()
        self.latest = 0
        self.synced = 0  # every event up to this id is on disk (announced only up to here)
        self.floor = 0  # every event with an id above this is in memory
        self.reads = 0  # database reads of the log by the hub (benchmarks count them)
        self.sources: list[Any] = []  # what else wakes the hub (PostgreSQL LISTEN)

    # -- running ----------------------------------------------------------------------------
    def ensure_started(self) -> "EventHub":
        """Start the watcher on first use (never in a process that only migrates or forks)."""
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    with self.database.reading() as db:
                        self.latest = self.floor = self.synced = \
                            db.scalar(select(func.max(DeviceEvent.id))) or 0
                    for source in self.sources:
                        source.start(self.kick, self.committed)
                    thread = threading.Thread(target=self._run, name="event-hub", daemon=True)
                    thread.start()
                    self._thread = thread
        return self

    def needs_refresh(self) -> bool:
        """True when :meth:`refresh` would read the database (not started, or a commit of
        this process not yet read): an asyncio caller runs it on a thread then."""
        return self._thread is None or self._read_kicks < self._kicks

    def refresh(self) -> "EventHub":
        """Read what this process has just committed, if the watcher has not yet: a poll
        (and a token check) sees every commit made before it here."""
        self.ensure_started()
        if self._read_kicks < self._kicks:
            self.catch_up()
        return self

    def kick(self) -> None:
        """Something was committed (here, or announced by another process): read it now."""
        self._kicks += 1
        self._kick.set()

    def committed(self) -> None:
        """Events were committed — by this process (once durable), or by another process or
        node (its NOTIFY): read them now if a poll waits here, else at the next round.
        Nothing waits on that read: a poll that starts reads them first (:meth:`refresh`),
        and the token caches dropped their changed callers at commit. A burst of alarms with
        no box of theirs waiting costs each process's hub one read a round, not one a
        commit (a NOTIFY once woke the other processes' hubs for every alarm pressed)."""
        self._kicks += 1
        if self._waiters or self._broad:
            self._kick.set()

    def stop(self) -> None:
        self._stop.set()
        self._kick.set()
        for source in self.sources:
            source.stop()
        if self._thread is not None:
            self._thread.join(5)

    def _run(self) -> None:
        backoff = 0.0
        while not self._stop.is_set():
            self._kick.wait(max(self.poll_s, backoff))
            self._kick.clear()
            try:
                self.catch_up()
                backoff = 0.0
            except Exception:  # the watcher must outlive a failed read (database restart)
                if not backoff:
                    log.warning("event hub: reading the log failed; retrying", exc_info=True)
                backoff = min(max(backoff * 2, 1.0), 30.0)

    def catch_up(self) -> int:
        """Read every event after ``latest`` (one query per 500), index and announce them."""
        with self._read_lock:
            kicks = self._kicks
            total = 0
            while True:
                with self.database.reading() as db:
                    self.reads += 1
                    found = db.connection().execute(_NEWER, {"after": self.latest}).all()
                    rows = present_rows(found)
                if not rows:
                    self._forget_old()
                    self._read_kicks = max(self._read_kicks, kicks)
                    return total
                woken = self._index(rows)
                if woken:
                    self.make_durable()
                for waiter in woken:
                    waiter.wake()
                total += len(rows)

    def needs_sync(self) -> bool:
        """Has the hub read events it may not announce yet (see :meth:`make_durable`)?"""
        return self.synced < self.latest

    def make_durable(self) -> None:
        """Everything read so far on disk, before any of it is announced: nothing a power
        cut could take back reaches a box, not even as a token. Run when a poll is woken or
        asks for what is newer (group commit: usually the sync the writers share), not after
        every read: a commit no box waits for costs no sync of the hub's."""
        upto = self.latest
        self.database.sync()
        with self._lock:
            self.synced = max(self.synced, upto)

    def _index(self, rows: list[Row]) -> set[Waiter]:
        """Keep the rows and tell the listeners; the waiters they are for. An access change
        (a device unbound, an agent deactivated) wakes the polls of whom it names, so each
        checks its token again and ends at once if it is dead (:meth:`follow`)."""
        woken: set[Waiter] = set()
        with self._lock:
            for row in rows:
                self._rows.append(row)
                for key in row.keys:
                    self._by_key.setdefault(key, deque()).append(row)
                    woken.update(self._waiters.get(key, ()))
                if row.audience in {"household", "agents", "family"}:  # family: for the family's service
                    woken.update(self._broad)
                elif row.audience == "system":  # an access change (call_center/push/callers.py)
                    woken.update(self._changed_callers(row.data))
            self.latest = rows[-1].id
            while len(self._rows) > self.keep:
                self._drop_oldest()
        for listener in self.on_rows:
            listener(rows)
        return woken

    def _changed_callers(self, data: dict[str, Any]) -> set[Waiter]:
        """The waiting polls an access row may have ended: a device's by its key, and every
        broad one (a back end's agent or service token); all of them for a bulk change."""
        if data.get("all"):
            return {w for ws in self._waiters.values() for w in ws} | self._broad
        return {w for i in data.get("ids", ()) for w in self._waiters.get(f"d:{i}", ())} | self._broad

    def _drop_oldest(self) -> None:
        old = self._rows.popleft()
        self.floor = old.id
        for key in old.keys:
            kept = self._by_key.get(key)
            if kept and kept[0] is old:
                kept.popleft()
                if not kept:
                    del self._by_key[key]

    def _forget_old(self) -> None:
        cutoff = self.clock() - self.keep_for
        with self._lock:
            while self._rows and self._rows[0].at < cutoff:
                self._drop_oldest()

    # -- polls ------------------------------------------------------------------------------
    def recent(self, after: int, selection: Selection,
               limit: int = 100) -> tuple[list[Row] | None, int]:
        """Events after the token from memory, oldest first, and the newest id they were
        looked up to; None when the token is older than the hub's memory (the caller reads
        the database). Only what is on disk: a poll runs :meth:`make_durable` first when
        :meth:`needs_sync`."""
        with self._lock:
            upto = self.synced
            if after < self.floor:
                return None, upto
            if selection.broad:
                found = [r for r in _newer(self._rows, after, upto) if selection.wants(r)]
            else:
                merged = {r.id: r for key in selection.keys
                          for r in _newer(self._by_key.get(key, ()), after, upto)
                          if selection.wants(r)}
                found = [merged[i] for i in sorted(merged)]
            return found[:limit], upto

    def follow(self, after: int, selection: Selection, wait_s: float,
               read: Callable[[int], list[Row]],
               still_valid: Callable[[], bool] = lambda: True) -> tuple[list[Row], int]:
        """A long-poll in a thread (or a greenlet): the events after ``after`` as soon as
        there are any, else none after ``wait_s``; and the token to continue from. ``read``
        fetches from the database when the token is older than the hub's memory;
        ``still_valid`` is asked each time the poll wakes — :class:`Revoked` when the
        caller's token died meanwhile (its device unbound): the poll ends at once."""
        self.refresh()
        deadline = time.monotonic() + wait_s
        woken = threading.Event()
        waiter = Waiter(selection.keys, woken.set, selection.broad)
        self.add(waiter)
        try:
            while True:
                if not still_valid():
                    raise Revoked()
                self.refresh()  # a commit made here while this poll was not yet waiting
                if self.needs_sync():
                    self.make_durable()
                rows, seen = self.recent(after, selection)
                if rows is None:
                    rows = read(after)
                    if not rows:
                        after = max(after, seen)  # the database had nothing up to ``seen``
                        continue
                if rows:
                    return rows, rows[-1].id
                left = deadline - time.monotonic()
                if left <= 0 or self.draining:
                    return [], max(after, seen)
                woken.wait(left)
                woken.clear()
        finally:
            self.remove(waiter)

    def drain(self) -> None:
        """The server begins a graceful stop: every waiting poll answers now with what there
        is (its caller polls again, on another node or on this one restarted), and new ones
        do not wait."""
        with self._lock:
            self.draining = True
            waiting = {w for ws in self._waiters.values() for w in ws} | self._broad
        for waiter in waiting:
            waiter.wake()

    def add(self, waiter: Waiter) -> None:
        with self._lock:
            if waiter.broad:
                self._broad.add(waiter)
            for key in waiter.keys:
                self._waiters.setdefault(key, set()).add(waiter)

    def remove(self, waiter: Waiter) -> None:
        with self._lock:
            self._broad.discard(waiter)
            for key in waiter.keys:
                waiting = self._waiters.get(key)
                if waiting is not None:
                    waiting.discard(waiter)
                    if not waiting:
                        del self._waiters[key]

    @property
    def waiting(self) -> int:
        with self._lock:
            return len({w for ws in self._waiters.values() for w in ws} | self._broad)


def _newer(rows: Iterable[Row], after: int, upto: int) -> list[Row]:
    """The rows with an id above ``after`` and at most ``upto`` from an id-ordered deque,
    scanning from the end."""
    out: list[Row] = []
    for row in reversed(rows):  # type: ignore[call-overload]
        if row.id <= after:
            break
        if row.id <= upto:
            out.append(row)
    out.reverse()
    return out
