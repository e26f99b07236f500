"""Group commit for SQLite in WAL mode: writers that commit together share one fsync.

With ``synchronous=FULL`` SQLite syncs the WAL inside every commit, under the write lock, so
a burst of alarms queues behind one fsync after another. Here commits run with
``synchronous=NORMAL`` — SQLite then syncs only at checkpoints and stays consistent after a
power cut, but may lose the last commits — and no writer answers before its commit is on
disk: after leaving the write lock it waits for an ``fdatasync`` of the WAL that began after
its commit. The first writer to wait runs the sync; writers that commit meanwhile wait for the
next one, which covers all of them. SQLite's FULL is exactly NORMAL plus a WAL sync after each
commit, so a confirmed write survives a power cut as before (DESIGN.md §3 "Nothing lost"); a
power cut can take only commits nobody was told of.

The WAL is synced by its path, reopened when SQLite replaced the file (after a checkpoint it
may delete it: its frames are then in the synced database file already). The sync covers
every process's commits, since they share the file; each process waits for its own.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)


class GroupCommit:
    def __init__(self, wal: Path):
        self.wal = wal
        self._cond = threading.Condition()
        self._committed = 0  # commits this process has made
        self._durable = 0  # of which those known to be on disk
        self._syncing = False
        self._fd: int | None = None
        self._inode: int | None = None
        self.syncs = 0  # fdatasync calls, for benchmarks and tests

    def ticket(self) -> int:
        """Count a commit that has just returned; wait on the number before answering."""
        with self._cond:
            self._committed += 1
            return self._committed

    def wait(self, ticket: int) -> None:
        """Return once commit ``ticket`` is on disk (running the sync if nobody is)."""
        with self._cond:
            while self._durable < ticket:
                if self._syncing:
                    self._cond.wait()
                    continue
                self._syncing = True
                covered = self._committed
                self._cond.release()
                try:
                    self._sync_wal()
                    synced = True
                finally:
                    self._cond.acquire()
                    self._syncing = False
                    self._cond.notify_all()
                if synced:
                    self._durable = max(self._durable, covered)

    def sync(self) -> None:
        """Everything in the WAL so far on disk, this process's commits and others' (the
        event hub announces what it read only after this)."""
        self.wait(self.ticket())

    def _sync_wal(self) -> None:
        try:
            inode = os.stat(self.wal).st_ino
        except FileNotFoundError:
            return  # checkpointed and removed: its content is in the synced database file
        if self._fd is None or inode != self._inode:
            if self._fd is not None:
                os.close(self._fd)  # the old file is gone; no lock of SQLite's is on it
            self._fd = os.open(self.wal, os.O_RDONLY)
            self._inode = inode
        os.fdatasync(self._fd)
        self.syncs += 1

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class Checkpointer:
    """Copies the WAL into the database file on a thread of its own, about once a second
    while there are writes.

    SQLite's automatic checkpoint runs inside whichever commit takes the WAL past 1,000
    pages, holding the write lock while it copies them and syncs the database file: one
    writer in a few hundred (and everyone queued behind it) waits tens of milliseconds. A
    passive checkpoint here runs beside readers and writers instead. Started in the process
    that writes (after a fork, again in the child).
    """

    def __init__(self, checkpoint: Callable[[], None], every_s: float = 1.0):
        self._checkpoint = checkpoint
        self.every_s = every_s
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._pid: int | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.runs = 0

    def written(self) -> None:
        self._dirty.set()
        if self._pid != os.getpid():
            with self._lock:
                if self._pid != os.getpid():
                    self._pid = os.getpid()
                    self._thread = threading.Thread(target=self._run, name="wal-checkpoint",
                                                    daemon=True)
                    self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop, and wait for a checkpoint in progress: once the database is disposed of its
        file is whole (a copy taken then — a backup, a test's template — is not torn)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread() \
                and self._pid == os.getpid():
            thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            if not self._dirty.is_set():
                continue
            self._dirty.clear()
            try:
                self._checkpoint()
                self.runs += 1
            except Exception:  # the next round tries again; the WAL only grows meanwhile
                log.warning("WAL checkpoint failed", exc_info=True)
