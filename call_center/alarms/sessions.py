"""Transactions outside a request (the escalation worker, sweeps), through the database's
writer gate like request writers (``call_center.db.WriteGate``), so background steps queue
fairly with API writes instead of spinning in SQLite's busy handler."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.orm import Session

from ..db import Database


@contextmanager
def writing(database: Database) -> Iterator[Session]:
    """A write transaction: commit is the caller's; anything not committed is rolled back."""
    gate = database.gate
    if gate is not None:
        gate.acquire()
    try:
        with database.session(write=True) as db:
            try:
                yield db
            finally:
                db.rollback()
    finally:
        if gate is not None:
            gate.release()


@contextmanager
def reading(database: Database) -> Iterator[Session]:
    with database.session(write=False) as db:
        try:
            yield db
        finally:
            db.rollback()
