"""Family tokens: the mini-program back end, authenticated as a service, exchanges a member's
mini-program identity (provider + subject) for a short-lived bearer token it keeps
server-side. The account is made on first sign-in; the token carries no permissions — each
call is checked against the member's bindings as they are then (``call_center.auth``)."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..auth import hash_token
from ..errors import ApiError
from ..models.family import FamilyAccount, FamilyToken

TOKEN_TTL = timedelta(hours=12)


def account(db: Session, provider: str, subject: str, at: datetime) -> FamilyAccount:
    found = db.scalar(select(FamilyAccount).where(FamilyAccount.provider == provider,
                                                  FamilyAccount.subject == subject))
    if found is not None:
        return found
    member = FamilyAccount(provider=provider, subject=subject, created_at=at)
    try:
        with db.begin_nested():
            db.add(member)
            db.flush()
    except IntegrityError:  # a concurrent first sign-in made it (PostgreSQL)
        member = db.scalar(select(FamilyAccount).where(FamilyAccount.provider == provider,
                                                       FamilyAccount.subject == subject))
        assert member is not None
    return member


def issue(db: Session, provider: str, subject: str, issued_by: str, at: datetime,
          name: str | None = None, phone: str | None = None) -> tuple[str, FamilyAccount, datetime]:
    member = account(db, provider, subject, at)
    if not member.active:
        raise ApiError("forbidden", "这个账号已被停用，请拨打热线。")
    if name and not member.name:
        member.name = name
    if phone and not member.phone:
        member.phone = phone
    db.execute(delete(FamilyToken).where(FamilyToken.family_id == member.id,
                                         FamilyToken.expires_at <= at))
    token = "fam." + secrets.token_urlsafe(32)
    expires = at + TOKEN_TTL
    db.add(FamilyToken(token_hash=hash_token(token), family_id=member.id,
                       issued_by=issued_by[:48], created_at=at, expires_at=expires))
    db.flush()
    return token, member, expires
