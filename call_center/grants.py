"""Kiosk grants: a kiosk acts only for the person in front of it (DESIGN.md §2, "a kiosk only
for the elder identified in its current session").

Identification (``POST /v1/elders/lookup`` by a kiosk) issues a grant for that elder and ends
the kiosk's earlier one — a kiosk serves one person at a time. The kiosk sends the grant's
token in the ``Onekey-Grant`` header with every call; :func:`call_center.auth.authenticate`
resolves it into the :class:`~call_center.auth.Caller`. The grant ends with the kiosk's idle
wipe or sign-out (``POST /v1/grants/{id}/end``), the next identification, or ``expires_at``
(``kiosk_grant_minutes`` after issue; no sliding, so a forgotten session cannot live on).

Alarms raised under a grant record it: only the same, still live grant may cancel them. An
alarm the kiosk's outbox delivers late is accepted when the grant was live at the press time.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .clock import now
from .models import KioskGrant

HEADER = "Onekey-Grant"
END_REASONS = ("sign_out", "idle_wipe")


@dataclass(frozen=True)
class GrantSeen:
    """What a presented grant token is for this kiosk (``live`` False: ended or expired)."""

    id: str
    elder_id: str
    live: bool
    until: datetime  # when it ended or ends


def token_hash(token: str) -> str:
    """Grant tokens are 256-bit random, so a plain SHA-256 is enough (as for device tokens)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(db: Session, device_id: str, elder_id: str, minutes: float) -> tuple[KioskGrant, str]:
    """A new grant for ``elder_id`` at this kiosk; its earlier live grant ends (replaced)."""
    moment = now()
    db.execute(update(KioskGrant).where(
        KioskGrant.device_id == device_id, KioskGrant.ended_at.is_(None),
        KioskGrant.expires_at > moment).values(ended_at=moment, end_reason="replaced"))
    token = secrets.token_urlsafe(32)
    grant = KioskGrant(device_id=device_id, elder_id=elder_id, token_hash=token_hash(token),
                       issued_at=moment, expires_at=moment + timedelta(minutes=minutes))
    db.add(grant)
    db.flush()
    return grant, token


def seen(db: Session, device_id: str, token: str) -> GrantSeen | None:
    """The grant ``token`` names, if this kiosk holds it (another kiosk's token is nothing)."""
    grant = db.scalar(select(KioskGrant).where(KioskGrant.token_hash == token_hash(token),
                                               KioskGrant.device_id == device_id))
    if grant is None:
        return None
    moment = now()
    until = min(grant.ended_at or grant.expires_at, grant.expires_at)
    return GrantSeen(grant.id, grant.elder_id, until > moment, until)


def end(db: Session, grant: KioskGrant, reason: str) -> KioskGrant:
    """Idempotent: a grant already ended keeps its first end."""
    if grant.ended_at is None:
        grant.ended_at = min(now(), grant.expires_at)
        grant.end_reason = reason
        db.flush()
    return grant
