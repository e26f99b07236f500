"""Engine, session factories and the transactions opened outside a request's unit of work.

SQLite (the embedded default) runs in WAL mode. Write requests open their transaction with
``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of failing with
SQLITE_BUSY_SNAPSHOT when a read transaction tries to upgrade. PostgreSQL (``ONEKEY_DB_URL``)
needs none of this and gets a plain pool.
"""
from __future__ import annotations

import os
import sys
import threading
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence, TypeVar

try:
    import fcntl
except ImportError:  # not POSIX: the thread lock alone still orders this process's writers
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from personal_data.private_files import private_file

from . import commit_tail
from .group_commit import Checkpointer, GroupCommit
from .pool_ping import ping_when_idle

if TYPE_CHECKING:
    from .sealed import PersonalDataKeys

WRITE_OPTION = "onekey_write"
DURABLE_LATER = "onekey_durable_later"
DURABLE_TICKET = "onekey_durable_ticket"
AFTER_DURABLE = "onekey_after_durable"
# Elders a district sweep writes in one transaction (Database.in_batches). The costliest,
# patrol visits with their messages, take about 4 ms an elder on this machine: 20 keep an SOS
# pressed during the sweep waiting under 0.1 s (a sweep in one transaction held it 27 s on a
# district of 10,000 households).
SWEEP_BATCH = 20
T = TypeVar("T")
ORIGIN = "onekey_origin"  # session info: :attr:`Database.origin`  # session info: what to run once its commits are durable


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
        engine = create_engine(url, pool_size=10, max_overflow=20)
        ping_when_idle(engine)  # instead of pool_pre_ping's round trip at every checkout
        commit_tail.install(engine)  # a request's last statements ride with its COMMIT
        return engine
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
        # A committed alarm must survive a power cut, not only a crash (DESIGN.md §3 "Nothing
        # lost"). On a file, commits run NORMAL and Database makes each durable before it is
        # answered, concurrent ones with a single fsync (call_center.group_commit); in memory
        # there is nothing to sync.
        on_file = bool(url.database) and url.database != ":memory:"
        cur.execute(f"PRAGMA synchronous={'NORMAL' if on_file else 'FULL'}")
        if on_file:  # checkpoints run on a thread of their own (group_commit.Checkpointer)
            cur.execute("PRAGMA wal_autocheckpoint=0")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _cooperative() -> bool:
    """Is this process running on gevent (gunicorn's gevent worker patches ``time``)?"""
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and monkey.is_module_patched("time")


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
                if _cooperative():
                    self._flock_cooperatively()
                else:
                    fcntl.flock(self._fd, fcntl.LOCK_EX)
            except BaseException:
                self._thread_lock.release()
                raise

    def _flock_cooperatively(self) -> None:
        """Under gevent a blocking ``flock`` would stop every greenlet of the process (every
        waiting box) until another process commits: try, and yield between tries."""
        import time

        pause = 0.0002
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                time.sleep(pause)  # gevent's sleep: the other greenlets run meanwhile
                pause = min(pause * 2, 0.002)

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
        # Names this process's sessions on this database (e.g. in PostgreSQL notifications,
        # so its own event hub can tell its own commits, which it hears of directly).
        self.origin = uuid.uuid4().hex
        info = {ORIGIN: self.origin}
        self.reads = sessionmaker(bind=engine, expire_on_commit=False, info=info)
        self.writes = sessionmaker(
            bind=engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False,
            info=info)
        database = engine.url.database if self.is_sqlite else None
        # What stops with the database (the event hub that reads it).
        self.on_dispose: list[Callable[[], None]] = []
        self.gate: WriteGate | None = None
        self.group: GroupCommit | None = None
        self.checkpointer: Checkpointer | None = None
        if self.is_sqlite:
            on_disk = database and database != ":memory:"
            self.gate = WriteGate(Path(database + ".writelock") if on_disk else None)
            if on_disk:
                self.group = GroupCommit(Path(database + "-wal"))
                self.checkpointer = Checkpointer(self._checkpoint)
                event.listen(self.writes, "after_commit", self._committed)

    def _checkpoint(self) -> None:
        raw = self.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            raw.close()

    def _committed(self, db: Session) -> None:
        """A write committed: wait for the disk now, or (a request or a worker step, which
        hold the writer gate) after leaving the gate (:meth:`durable`)."""
        assert self.group is not None and self.checkpointer is not None
        self.checkpointer.written()
        ticket = self.group.ticket()
        if db.info.get(DURABLE_LATER):
            db.info[DURABLE_TICKET] = ticket
        else:
            self.group.wait(ticket)

    def durable(self, db: Session) -> None:
        """Return once ``db``'s commits are on disk (call after releasing the gate, so other
        writers commit meanwhile and share the sync), then run what waited for that."""
        ticket = db.info.pop(DURABLE_TICKET, None)
        if ticket is not None and self.group is not None:
            self.group.wait(ticket)
        for then in db.info.pop(AFTER_DURABLE, ()):
            then()

    @staticmethod
    def when_durable(db: Session, then: Callable[[], None]) -> None:
        """Run ``then`` once the session's last commit is durable: at once for a session
        that is not made durable later (:meth:`write_session`)."""
        if db.info.get(DURABLE_LATER):
            db.info.setdefault(AFTER_DURABLE, []).append(then)
        else:
            then()

    def write_session(self) -> Session:
        """A write session whose commits are made durable by :meth:`durable`, not at once."""
        db = self.writes()
        db.info[DURABLE_LATER] = True
        return db

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
            with self.write_session() as db:
                try:
                    yield db
                finally:
                    db.rollback()
        finally:
            if self.gate is not None:
                self.gate.release()
        self.durable(db)

    def in_batches(self, ids: Sequence[str], work: Callable[[Session, list[str]], T],
                   size: int = SWEEP_BATCH) -> list[T]:
        """``work`` over ``ids`` ``size`` at a time, each batch its own write transaction
        (committed when ``work`` returns something, else rolled back): a sweep over a
        district holds the writers' gate (SQLite) and the device events' ordering lock
        (PostgreSQL, taken by the first message it appends) for one batch, not for the
        district — an SOS pressed meanwhile waits milliseconds, not half a minute."""
        out: list[T] = []
        for start in range(0, len(ids), size):
            with self.writing() as db:
                done = work(db, list(ids[start:start + size]))
                if done:
                    db.commit()
            out.append(done)
        return out

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read transaction outside a request, rolled back at the end."""
        with self.session(write=False) as db:
            try:
                yield db
            finally:
                db.rollback()

    def sync(self) -> None:
        """Everything committed so far on disk (the event hub calls this before announcing
        what it read; PostgreSQL's commits are durable when they return)."""
        if self.group is not None:
            self.group.sync()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        for stop in self.on_dispose:
            stop()
        self.engine.dispose()
        if self.gate is not None:
            self.gate.close()
        if self.group is not None:
            self.group.close()
        if self.checkpointer is not None:
            self.checkpointer.stop()


def read_session() -> Session:
    """A short read-only session on the current app's database, outside the request's
    transaction (authentication happens here, before a writer takes the write lock)."""
    from flask import current_app

    return current_app.extensions["onekey"].db.session(write=False)
