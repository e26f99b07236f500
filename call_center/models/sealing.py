"""Which key the personal numbers of this database are sealed with (call_center/sealed.py)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now
from ..db import Base, UtcDateTime
from ..sealed import KeyFileError, PersonalDataKeys


class KeyFingerprint(Base):
    """A fingerprint of the lookup key, never the key: a centre started with another key
    file refuses to start."""

    __tablename__ = "personal_data_key_fingerprints"
    LOOKUP = "lookup"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)


def check_fingerprint(database: Any, keys: PersonalDataKeys) -> None:
    """The database remembers which lookup key it was sealed with; another key file is an
    error at start-up (every lookup would miss, every opened value would fail)."""
    with database.reading() as db:
        row = db.get(KeyFingerprint, KeyFingerprint.LOOKUP)
        known = row.fingerprint if row is not None else None
    if known is None:
        with database.writing() as db:
            db.add(KeyFingerprint(name=KeyFingerprint.LOOKUP, fingerprint=keys.fingerprint))
            try:
                db.commit()
            except IntegrityError:  # another process recorded it first: read theirs
                db.rollback()
        with database.reading() as db:
            known = db.get(KeyFingerprint, KeyFingerprint.LOOKUP).fingerprint
    if known != keys.fingerprint:
        raise KeyFileError(
            f"the personal-data key file does not belong to this database (key {keys.fingerprint[:8]}, "
            f"database sealed with {known[:8]}): set ONEKEY_PERSONAL_DATA_KEYS to its key file")
