"""Engine, session factories and the transactions opened outside a request's unit of work.

SQLite (the embedded default) runs in WAL mode. Write requests open their transaction with
``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of failing with
SQLITE_BUSY_SNAPSHOT when a read transaction tries to upgrade. PostgreSQL (``ONEKEY_DB_URL``)
needs none of this and gets a plain pool.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

try:
    import fcntl
except ImportError:  # not POSIX: the thread lock alone still orders this process's writers
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
    from .sealed import PersonalDataKeys

WRITE_OPTION = "onekey_write"


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored naive UTC on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    # Named constraints, so later SQLite batch migrations can find and alter them.
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


def make_engine(db_url: str, busy_timeout_ms: int = 30_000) -> Engine:
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    if url.database and url.database != ":memory:":
        private_file(Path(url.database))
    engine = create_engine(
        url,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        pool_size=20,
        max_overflow=20,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from pysqlite so BEGIN IMMEDIATE is ours to emit.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed alarm must survive a power cut, not only a crash (DESIGN.md §3
        # "Nothing lost"); WAL keeps the cost to one fsync per commit.
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (0600) before SQLite does, and take
    group and other bits off an existing one: it holds personal data. SQLite gives its -wal
    and -shm files the database file's mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        if companion.exists() and companion.stat().st_mode & 0o077:
            companion.chmod(0o600)


class WriteGate:
    """Queues SQLite writers in the kernel instead of in SQLite's busy handler.

    SQLite lets one writer in at a time; the others poll with growing sleeps (up to 100 ms),
    which turns a short queue into long latency tails. Writers here wait on a thread lock
    (same process) and then ``flock`` a file beside the database (other processes, e.g.
    gunicorn workers): both wake the next writer as soon as the lock is released.
    """

    def __init__(self, lock_path: Path | None):
        self._thread_lock = threading.Lock()
        self._fd: int | None = None
        if lock_path is not None and fcntl is not None:
            self._fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)

    def acquire(self) -> None:
        self._thread_lock.acquire()
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            except BaseException:
                self._thread_lock.release()
                raise

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._thread_lock.release()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class Database:
    """The engine plus two session factories: reads (deferred) and writes (immediate).

    ``keys`` seal and open the personal numbers (:mod:`call_center.sealed`); a process opens
    the centre's database with :func:`call_center.migrate.open_database`, which loads them."""

    def __init__(self, engine: Engine, keys: "PersonalDataKeys | None" = None):
        self.engine = engine
        if keys is not None:
            from .sealed import bind

            bind(engine, keys)
        self.reads = sessionmaker(bind=engine, expire_on_commit=False)
        self.writes = sessionmaker(
            bind=engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)
        database = engine.url.database if self.is_sqlite else None
        self.gate: WriteGate | None = None
        if self.is_sqlite:
            on_disk = database and database != ":memory:"
            self.gate = WriteGate(Path(database + ".writelock") if on_disk else None)

    def session(self, write: bool) -> Session:
        return (self.writes if write else self.reads)()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction outside a request (the escalation worker, sweeps), through
        the writer gate like request writers, so background steps queue fairly with API
        writes instead of spinning in SQLite's busy handler. Commit is the caller's;
        anything not committed is rolled back."""
        if self.gate is not None:
            self.gate.acquire()
        try:
            with self.session(write=True) as db:
                try:
                    yield db
                finally:
                    db.rollback()
        finally:
            if self.gate is not None:
                self.gate.release()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read transaction outside a request, rolled back at the end."""
        with self.session(write=False) as db:
            try:
                yield db
            finally:
                db.rollback()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()
        if self.gate is not None:
            self.gate.close()


def read_session() -> Session:
    """A short read-only session on the current app's database, outside the request's
    transaction (authentication happens here, before a writer takes the write lock)."""
    from flask import current_app

    return current_app.extensions["onekey"].db.session(write=False)
