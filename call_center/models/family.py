"""Family accounts and their bindings to elders (亲友代办, seeds 000 and 004).

A family member signs in to a mini-program (WeChat, 随申办); the mini-program's back end
vouches for that identity and exchanges it for a short-lived family token
(``family_tokens``). What the token may do is decided here, on every call: only through an
``active`` binding the elder consented to (on the TV, by telling a code shown there, or to an
agent on the phone), and only within the binding's permissions.

Binding states: ``pending`` (asked, the elder has not answered) → ``active`` → ``revoked``;
or ``pending`` → ``declined``. Revoking is effective on the next call: nothing is cached.
"""
from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now
from ..db import Base, UtcDateTime
from ..sealed import Sealed
from .ids import new_id

PERMISSIONS = ("view", "book", "alerts")
# What an elder may answer to a message that asks (messages.answers), as the TV shows them.
# Consents (a family member wants to help) and policy pushes (政策找人: 想办理 / 不需要).
ANSWER_WORDS = {"agree": "同意", "decline": "不同意", "revoke": "解除绑定",
                "apply": "想办理", "not_needed": "不需要",
                # 回访 (call_center/satisfaction/visits.py) and its follow-up to 不满意
                "satisfied": "满意", "so_so": "一般", "dissatisfied": "不满意",
                "late": "没按时来", "rude": "态度不好", "wrong_fee": "收费不对", "other": "其他",
                "call_back": "请人工回电"}


class FamilyAccount(Base):
    """One person as a mini-program knows them: ``provider`` (wechat | ssb) and its stable
    ``subject`` (the openid, the 随申办 user id)."""

    __tablename__ = "family_accounts"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "fam"))
    provider: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(Sealed, default="")  # sealed at rest, like elders' numbers
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    # Wrong TV codes in the current hour: a code is six digits, so guessing is bounded here.
    code_failures: Mapped[int] = mapped_column(Integer, default=0)
    code_window_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    bindings: Mapped[list["Binding"]] = relationship(back_populates="family",
                                                     order_by="Binding.requested_at")


class FamilyToken(Base):
    """A bearer token the mini-program back end holds for one signed-in family member
    (only its SHA-256 is kept). It expires; the back end exchanges the identity again."""

    __tablename__ = "family_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_id: Mapped[str] = mapped_column(ForeignKey("family_accounts.id"), index=True)
    issued_by: Mapped[str] = mapped_column(String(48))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class Binding(Base):
    __tablename__ = "family_bindings"
    __table_args__ = (Index("ix_family_bindings_elder_status", "elder_id", "status"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "bnd"))
    family_id: Mapped[str] = mapped_column(ForeignKey("family_accounts.id"), index=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"))
    relation: Mapped[str] = mapped_column(String(8))
    permissions: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    started_via: Mapped[str] = mapped_column(String(12))  # phone_name | tv_code | agent
    # The pop-up on the elder's TV that asks (its answers follow the binding's state).
    consent_message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id"))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_by: Mapped[str | None] = mapped_column(String(48))  # tv:dev_… | agent:agt_… | code
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(48))
    note: Mapped[str] = mapped_column(String(200), default="")

    family: Mapped[FamilyAccount] = relationship(back_populates="bindings")


class FamilyCode(Base):
    """A 6-digit code shown (and said) on the elder's TV: telling it to a family member is
    the elder's consent. Short-lived, one use, a few tries."""

    __tablename__ = "family_codes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "fc"))
    code: Mapped[str] = mapped_column(String(6), index=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"))
    asked_by: Mapped[str] = mapped_column(String(48))
    message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
