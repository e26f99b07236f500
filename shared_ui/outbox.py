"""A durable outbox on the device: an alarm raised while the centre is unreachable is kept,
retried, and delivered exactly once when the centre is back — even if the app was killed.

Every entry carries the idempotency key made when the elder pressed the button, so however
often delivery is retried (after a crash, a timeout whose answer was lost, two threads), the
centre creates one alarm (DESIGN.md §3 "Nothing lost"). Entries are committed with
``synchronous=FULL`` before anyone is told "we are trying".

The centre remembers an idempotency key for 30 days (``alarm_idempotency_keep_days``); an
entry still undelivered after :data:`GIVE_UP_AFTER_DAYS` is given up ("expired") rather than
risk arriving after its key is forgotten and acting twice. Finished entries are pruned after
:data:`KEEP_FINISHED_DAYS` so the file on a set-top box stays small.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

from .client import CenterClient, CenterError

GIVE_UP_AFTER_DAYS = 25
KEEP_FINISHED_DAYS = 30

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    op TEXT NOT NULL,
    args TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    state TEXT NOT NULL DEFAULT 'pending',  -- pending | delivered | rejected | expired | withdrawn
    response TEXT,
    finished_at TEXT
);
"""


@dataclass
class Entry:
    id: int
    idempotency_key: str
    op: str
    args: dict[str, Any]
    created_at: str
    attempts: int
    state: str
    last_error: str | None = None
    response: Any = None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


class Outbox:
    """The device's queue of writes that must reach the centre. Safe across threads and processes."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Only the device's own user reads it (an alarm names whom it is for); SQLite gives
        # its -wal and -shm files the database's permissions.
        os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
        os.chmod(self.path, 0o600)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA synchronous=FULL")
        db.row_factory = sqlite3.Row
        return db

    @staticmethod
    def _entry(row: sqlite3.Row) -> Entry:
        return Entry(row["id"], row["idempotency_key"], row["op"], json.loads(row["args"]), row["created_at"],
                     row["attempts"], row["state"], row["last_error"],
                     json.loads(row["response"]) if row["response"] else None)

    def put(self, op: str, args: dict[str, Any], idempotency_key: str) -> Entry:
        """Store durably (once per key) and return the entry; a second put of a key is a no-op."""
        with self._lock, self._connect() as db:
            db.execute("INSERT OR IGNORE INTO outbox (idempotency_key, op, args, created_at) VALUES (?,?,?,?)",
                       (idempotency_key, op, json.dumps(args, ensure_ascii=False), _now()))
            row = db.execute("SELECT * FROM outbox WHERE idempotency_key=?", (idempotency_key,)).fetchone()
        return self._entry(row)

    def get(self, idempotency_key: str) -> Entry | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM outbox WHERE idempotency_key=?", (idempotency_key,)).fetchone()
        return self._entry(row) if row else None

    def pending(self) -> list[Entry]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM outbox WHERE state='pending' ORDER BY id").fetchall()
        return [self._entry(r) for r in rows]

    def prune(self, keep_days: float = KEEP_FINISHED_DAYS, now: datetime | None = None) -> int:
        """Delete finished entries older than ``keep_days``; pending ones are never touched."""
        before = ((now or datetime.now(timezone.utc)) - timedelta(days=keep_days)).isoformat()
        with self._lock, self._connect() as db:
            return db.execute("DELETE FROM outbox WHERE state!='pending' AND finished_at < ?", (before,)).rowcount

    def _too_old(self, entry: Entry, now: datetime | None) -> bool:
        created = datetime.fromisoformat(entry.created_at)
        return (now or datetime.now(timezone.utc)) - created > timedelta(days=GIVE_UP_AFTER_DAYS)

    def _finish(self, entry: Entry, state: str, response: Any = None, error: str | None = None) -> bool:
        """Record how a pending entry ended; False if it had been withdrawn meanwhile."""
        with self._lock, self._connect() as db:
            finished = db.execute(
                "UPDATE outbox SET state=?, response=?, last_error=?, finished_at=? WHERE id=? AND state='pending'",
                (state, json.dumps(response, ensure_ascii=False) if response is not None else None,
                 error, _now(), entry.id)).rowcount == 1
        if not finished and state == "delivered":
            self._cancel_withdrawn(entry, response)
        return finished

    def withdraw(self, idempotency_key: str) -> Entry | None:
        """Take back an entry not yet delivered (我没事 on an alarm the centre has not got):
        it is never sent. The entry as it now stands: ``delivered`` (with the centre's
        answer) if it was too late. One being sent at this moment is withdrawn too; if that
        send then succeeds, its alarm is cancelled through the outbox (:meth:`_finish`)."""
        with self._lock, self._connect() as db:
            db.execute("UPDATE outbox SET state='withdrawn', finished_at=? WHERE idempotency_key=? "
                       "AND state='pending'", (_now(), idempotency_key))
        return self.get(idempotency_key)

    def _cancel_withdrawn(self, entry: Entry, response: Any) -> None:
        """A withdrawn alarm reached the centre after all (its send was under way): cancel it,
        durably, as the elder asked."""
        current = self.get(entry.idempotency_key)
        alarm_id = response.get("id") if isinstance(response, dict) else None
        if current is None or current.state != "withdrawn" or entry.op != "raise_alarm" or not alarm_id:
            return
        with self._lock, self._connect() as db:
            db.execute("UPDATE outbox SET response=? WHERE id=?",
                       (json.dumps(response, ensure_ascii=False), entry.id))
        # Named, not a raw path: who cancels decides how (the family's phone answers 他没事).
        self.put("cancel_alarm", {**entry.args, "alarm_id": alarm_id}, f"{entry.idempotency_key}:cancel")

    def _attempted(self, entry: Entry, error: str) -> None:
        with self._lock, self._connect() as db:
            db.execute("UPDATE outbox SET attempts=attempts+1, last_error=? WHERE id=?", (error, entry.id))

    def settle(self, idempotency_key: str, *, response: Any = None, error: CenterError | None = None) -> None:
        """Record the outcome of a delivery made outside :meth:`deliver` (the first, inline try)."""
        entry = self.get(idempotency_key)
        if entry is not None and entry.state == "withdrawn" and error is None:
            self._cancel_withdrawn(entry, response)  # taken back while the first try was out
            return
        if entry is None or entry.state != "pending":
            return
        if error is None:
            self._finish(entry, "delivered", response=response)
        elif error.unreachable or error.status >= 500:
            self._attempted(entry, error.message)
        else:
            self._finish(entry, "rejected", error=f"{error.code}: {error.message}")

    def deliver(self, send: Callable[[Entry], Any],
                on_done: Callable[[Entry], None] | None = None,
                now: datetime | None = None) -> tuple[int, bool]:
        """Try every pending entry in order; returns (delivered, centre_reachable).

        ``send`` performs the call (raising :class:`CenterError`); an unreachable centre stops
        the round (order is kept); an answer that refuses the write (4xx) is final, recorded,
        and not retried; an entry older than :data:`GIVE_UP_AFTER_DAYS` is given up unsent.
        """
        delivered = 0
        for entry in self.pending():
            if self._too_old(entry, now):
                self._finish(entry, "expired", error=f"undelivered after {GIVE_UP_AFTER_DAYS} days")
                entry.state = "expired"
                if on_done:
                    on_done(entry)
                continue
            try:
                response = send(entry)
            except CenterError as exc:
                if exc.unreachable or exc.status >= 500:
                    self._attempted(entry, exc.message)
                    return delivered, False
                self._finish(entry, "rejected", error=f"{exc.code}: {exc.message}")
                entry.state, entry.last_error = "rejected", exc.message
            else:
                if self._finish(entry, "delivered", response=response):
                    entry.state, entry.response = "delivered", response
                    delivered += 1
                else:  # withdrawn while it was sent: cancelled instead (next in this round)
                    entry.state = "withdrawn"
            if on_done:
                on_done(entry)
        return delivered, True


def client_sender(client: CenterClient) -> Callable[[Entry], Any]:
    """Deliver an outbox entry through the API client with the entry's own idempotency key."""

    def send(entry: Entry) -> Any:
        acting = client.with_grant(entry.args.get("grant"))  # a kiosk's entry keeps its grant
        if entry.op == "raise_alarm":
            return acting.raise_alarm(entry.args["elder_id"], channel=entry.args.get("channel", "tv"),
                                      idempotency_key=entry.idempotency_key, note=entry.args.get("note"),
                                      pressed_at=entry.created_at)
        if entry.op == "cancel_alarm":
            return acting.cancel_alarm(entry.args["alarm_id"], idempotency_key=entry.idempotency_key)
        if entry.op == "create_request":
            a = entry.args
            return acting.create_request(a["elder_id"], a["service"], a["form"], mode=a.get("mode", "self"),
                                         channel=a.get("channel", "tv"), assisted_by=a.get("assisted_by"),
                                         idempotency_key=entry.idempotency_key, labels=a.get("labels")).as_dict()
        return acting.request(entry.args.get("method", "POST"), entry.args["path"], json=entry.args.get("json"),
                              idempotency_key=entry.idempotency_key)

    return send


class OutboxWorker:
    """Background delivery with capped backoff; ``nudge()`` retries at once (e.g. network back)."""

    def __init__(self, outbox: Outbox, send: Callable[[Entry], Any],
                 on_done: Callable[[Entry], None] | None = None,
                 *, first_delay: float = 1.0, max_delay: float = 30.0, idle_poll: float | None = None):
        """``idle_poll``: with nothing pending, look again this often (seconds) — where other
        processes put entries in the same file and may die before delivering them (a
        server's workers); None: sleep until nudged (a device's one process)."""
        self.outbox, self.send, self.on_done = outbox, send, on_done
        self.first_delay, self.max_delay, self.idle_poll = first_delay, max_delay, idle_poll
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)

    def start(self) -> "OutboxWorker":
        self._thread.start()
        return self

    def nudge(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        self.outbox.prune()
        delay = self.first_delay
        while not self._stop.is_set():
            _, reachable = self.outbox.deliver(self.send, self.on_done)
            if reachable and not self.outbox.pending():
                delay = self.first_delay
                self._wake.wait(self.idle_poll)  # nothing to do until someone puts an entry
            else:
                self._wake.wait(delay)
                delay = min(delay * 2, self.max_delay)
            self._wake.clear()


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """Poll with a deadline (for hosts and tests; never a blind sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
