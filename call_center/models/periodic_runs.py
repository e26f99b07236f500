"""When each periodic job last ran, shared by every worker process and node.

Every centre process runs the escalation worker and with it the sweeps (政策找人 reads the
whole district, a page at a time). Rows another worker wrote first were skipped, so running
twice was harmless but not free: with four workers on two nodes the district was read eight
times an hour. A turn is claimed in one statement, and only the claimant runs it. A claimant
that dies mid-run loses that turn only: the jobs are idempotent and the next turn is due one
interval after the claim.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, Database, UtcDateTime


class PeriodicRun(Base):
    __tablename__ = "periodic_runs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_run_at: Mapped[datetime] = mapped_column(UtcDateTime)


def claim_turn(database: Database, name: str, every: timedelta, at: datetime) -> bool:
    """True for exactly one caller per ``every`` (the one whose claim landed first)."""
    with database.writing() as db:
        table = PeriodicRun.__table__
        taken = db.execute(update(table).where(table.c.name == name,
                                               table.c.last_run_at <= at - every)
                           .values(last_run_at=at)).rowcount
        if not taken:
            try:
                with db.begin_nested():
                    db.execute(insert(table).values(name=name, last_run_at=at))
                taken = 1
            except IntegrityError:  # it has run, within the interval
                taken = 0
        db.commit()
    return bool(taken)
