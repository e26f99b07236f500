"""Idempotency records: the first successful response to (caller, key), replayed on repeats."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, UniqueConstraint, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..clock import now
from ..db import Base, UtcDateTime


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("caller", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    caller: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(128))
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of method, path and body
    status_code: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    etag: Mapped[str | None] = mapped_column(String(64))  # the version the answer carried
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)


def prune(db: Session, before: datetime) -> int:
    """Forget responses stored before ``before`` (run by the worker's sweep)."""
    return db.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < before)).rowcount or 0
