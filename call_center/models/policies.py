"""The policy catalog (养老政策) and what each elder was told of it (政策找人)."""
from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now
from ..db import Base, UtcDateTime
from .ids import new_id


class Policy(Base):
    """One policy as data: who qualifies is ``rules`` over an elder's facts (policies/rules.py)."""

    __tablename__ = "policies"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)  # one sentence an elder hears
    offer: Mapped[str] = mapped_column(String(60))  # what she may do: 可以申领敬老卡
    rules: Mapped[list] = mapped_column(JSON)
    held_when: Mapped[list | None] = mapped_column(JSON)
    push: Mapped[bool] = mapped_column(Boolean, default=True)
    apply_where: Mapped[str] = mapped_column(String(100))
    bring: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(40))  # the seed and its section
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PolicyOffer(Base):
    """One elder and one policy, once: told (a pushed message), applied (想办理: a call-back
    request), declined (不需要: never again) or held (she has it already, an agent says)."""

    __tablename__ = "policy_offers"
    __table_args__ = (UniqueConstraint("elder_id", "policy_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "pof"))
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    policy_id: Mapped[str] = mapped_column(ForeignKey("policies.id"))
    status: Mapped[str] = mapped_column(String(10))  # told | applied | declined | held
    message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id"))
    request_id: Mapped[str | None] = mapped_column(ForeignKey("service_requests.id"))
    reasons: Mapped[str] = mapped_column(String(200), default="")  # why she was told
    created_by: Mapped[str] = mapped_column(String(48))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    answered_by: Mapped[str | None] = mapped_column(String(48))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
