"""The alert outbox: one row per (event, member), inserted with the stream's cursor in one
transaction, claimed with a lease, marked sent once WeChat has it.

Exactly once, as far as WeChat allows: a replayed event (a restart, another worker taking
over the stream) finds its row already there (``dedupe``); a send that failed — WeChat down,
busy, refusing connections — was not accepted, so sending again later is the first send; a
row is leased while it is being sent, so two workers never send it together. What no outbox
can rule out is a worker dying after WeChat accepted and before the row is marked: that row
is sent again when its lease ends (an alarm alert twice is better than none).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..db import utcnow
from ..models import OutboxEntry

LEASE = timedelta(seconds=30)


def enqueue(db: Session, rows: list[dict[str, Any]]) -> int:
    """Insert what is new; a row whose ``dedupe`` exists is left as it is."""
    if not rows:
        return 0
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    now = utcnow()
    values = [{"status": "pending", "attempts": 0, "created_at": now, "next_attempt_at": now,
               "last_error": "", **row} for row in rows]
    result = db.execute(insert(OutboxEntry).values(values).on_conflict_do_nothing(
        index_elements=["dedupe"]).returning(OutboxEntry.id))
    return len(result.scalars().all())


def claim(db: Session, now: datetime, limit: int = 20) -> list[OutboxEntry]:
    """Rows due now (pending, or sending with an ended lease), leased to the caller."""
    due = or_(and_(OutboxEntry.status == "pending", OutboxEntry.next_attempt_at <= now),
              and_(OutboxEntry.status == "sending", OutboxEntry.lease_until <= now))
    ids = list(db.scalars(select(OutboxEntry.id).where(due).order_by(OutboxEntry.next_attempt_at,
                                                                      OutboxEntry.id).limit(limit)))
    if not ids:
        return []
    taken = db.execute(update(OutboxEntry).where(OutboxEntry.id.in_(ids), due).values(
        status="sending", lease_until=now + LEASE, attempts=OutboxEntry.attempts + 1)
        .returning(OutboxEntry.id)).scalars().all()
    if not taken:
        return []
    return list(db.scalars(select(OutboxEntry).where(OutboxEntry.id.in_(taken))
                           .order_by(OutboxEntry.id)))


def next_due(db: Session) -> datetime | None:
    return db.scalar(select(OutboxEntry.next_attempt_at).where(OutboxEntry.status == "pending")
                     .order_by(OutboxEntry.next_attempt_at).limit(1))


def follows_an_unheard_alarm(db: Session, row: OutboxEntry) -> bool:
    """A later step of an alarm (已撤销, 联系110 …) whose 发出求救 never reached this member:
    out of the blue it says nothing they can act on, and with a one-time subscription it
    would spend the credit the next real alarm needs."""
    if row.kind != "alarm" or row.dedupe.startswith(f"alarm:{row.ref_id}:raised:"):
        return False
    told = db.scalar(select(OutboxEntry.id).where(
        OutboxEntry.kind == "alarm", OutboxEntry.ref_id == row.ref_id,
        OutboxEntry.family_id == row.family_id, OutboxEntry.status == "sent",
        OutboxEntry.dedupe.like(f"alarm:{row.ref_id}:raised:%")).limit(1))
    return told is None
