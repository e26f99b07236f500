"""Rate-limit counts in an app's own SQL database, for Flask-Limiter (``limits``), so every
worker process and every node on that database counts the same attempts. ``limits`` ships
memory, Redis, Memcached and MongoDB storages but none on SQL; with ``memory://`` each
gunicorn worker counted alone, and a limit grew with the workers and the nodes.

One row an attempt counted (:func:`hits_table`: key, when, when it stops counting), so the
moving window (the centre's strategy) and fixed windows (the mini-program's) are both exact.
An attempt is taken under a lock of its key — SQLite's one writer, else a PostgreSQL advisory
lock in a key space of its own — so two processes at once cannot both take the last one. A
key's rows are dropped once they stop counting, as the key is counted again.

The app names it by ``database://`` (or ``onekeydb://``) and passes, as ``storage_options``,
its table and ``open(write) → context manager → Session``. A bottom layer like the rest of
:mod:`web_front`: the centre and the mini-program back end both use it, neither imports the
other.
"""
from __future__ import annotations

import time
from contextlib import AbstractContextManager
from typing import Any, Callable

from limits.storage import MovingWindowSupport, Storage
from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table, delete, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

LOCK_SPACE = 1110  # PostgreSQL advisory locks (LOCK_SPACE, hash of the key): apart from one-key locks

Opener = Callable[[bool], AbstractContextManager[Session]]


def hits_table(metadata: MetaData) -> Table:
    """The ``rate_hits`` table on an app's metadata (its migrations create it)."""
    return Table(
        "rate_hits", metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("key", String(200), nullable=False),  # the limit's scope and what it counts by
        Column("at", Float, nullable=False),  # epoch seconds, as ``limits`` counts
        Column("expires_at", Float, nullable=False),
        Index("ix_rate_hits_key_at", "key", "at"),
    )


class SqlStorage(Storage, MovingWindowSupport):
    STORAGE_SCHEME = ["database", "onekeydb"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, table: Table | None = None,
                 open: Opener | None = None, **options: Any):  # noqa: A002 - the option's name
        super().__init__(uri, wrap_exceptions, **options)
        if table is None or open is None:
            raise ValueError(f"{uri}: rate counts need the app's table and open(write) in storage_options")
        self.table, self.open = table, open

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    # -- the moving window ------------------------------------------------------------------
    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        now, t = time.time(), self.table
        with self.open(True) as db:
            self._lock(db, key)
            db.execute(delete(t).where(t.c.key == key, t.c.at <= now - expiry))
            if self._count(db, key) + amount > limit:
                db.commit()  # the rows that stopped counting stay dropped
                return False
            db.execute(insert(t), [{"key": key, "at": now, "expires_at": now + expiry}] * amount)
            db.commit()
        return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now, t = time.time(), self.table
        with self.open(False) as db:
            oldest, count = db.execute(select(func.min(t.c.at), func.count()).where(
                t.c.key == key, t.c.at > now - expiry)).one()
        return (oldest if count else now), int(count)

    # -- fixed windows ----------------------------------------------------------------------
    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now, t = time.time(), self.table
        with self.open(True) as db:
            self._lock(db, key)
            db.execute(delete(t).where(t.c.key == key, t.c.expires_at <= now))
            window = db.scalar(select(func.min(t.c.expires_at)).where(t.c.key == key))
            ends = window if window is not None else now + expiry  # a window ends for all its hits
            db.execute(insert(t), [{"key": key, "at": now, "expires_at": ends}] * amount)
            taken = self._count(db, key)
            db.commit()
        return taken

    def get(self, key: str) -> int:
        t = self.table
        with self.open(False) as db:
            return int(db.scalar(select(func.count()).select_from(t).where(
                t.c.key == key, t.c.expires_at > time.time())) or 0)

    def get_expiry(self, key: str) -> float:
        t = self.table
        with self.open(False) as db:
            ends = db.scalar(select(func.max(t.c.expires_at)).where(t.c.key == key))
        return float(ends) if ends is not None else time.time()

    # -- upkeep -----------------------------------------------------------------------------
    def check(self) -> bool:
        try:
            with self.open(False) as db:
                db.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self.open(True) as db:
            dropped = db.execute(delete(self.table)).rowcount
            db.commit()
        return dropped

    def clear(self, key: str) -> None:
        with self.open(True) as db:
            db.execute(delete(self.table).where(self.table.c.key == key))
            db.commit()

    def _count(self, db: Session, key: str) -> int:
        t = self.table
        return int(db.scalar(select(func.count()).select_from(t).where(t.c.key == key)) or 0)

    @staticmethod
    def _lock(db: Session, key: str) -> None:
        """One taker of ``key`` at a time. SQLite's write transaction already is the one
        writer; PostgreSQL takes an advisory lock on the key's hash until the commit."""
        if db.get_bind().dialect.name == "postgresql":
            db.execute(text("SELECT pg_advisory_xact_lock(:space, hashtext(:key))"),
                       {"space": LOCK_SPACE, "key": key})
