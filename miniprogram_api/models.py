"""The back end's tables: what every worker must share and nothing of an elder's record.

- ``logins`` — one signed-in phone or browser: the provider identity, the WeChat
  ``session_key`` (never sent anywhere), the centre's family token for this member;
- ``flow_sessions`` — the flow engine's sessions (JSON), so any worker continues any screen;
- ``subscriptions`` — which subscribe messages a member allowed (一次性订阅 credits or long-term);
- ``alert_outbox`` — subscribe messages to send, each once, retried through outages;
- ``stream_state`` — where this back end is in the centre's event stream, and which worker
  follows it now (a lease);
- ``wechat_tokens`` — the access token, shared by every worker, refreshed before it expires;
- ``rate_hits`` — Flask-Limiter's counts, one row an attempt, shared by every worker;
- ``vouched_codes`` — a sign-in code the provider has vouched for, kept for the code's own
  lifetime until the sign-in is done: a code is good once at WeChat or 随申办, and a sign-in
  retried after the centre failed would otherwise be refused as a used code.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from web_front.rate_counts import hits_table

from .db import Base, UtcDateTime, utcnow


class Login(Base):
    __tablename__ = "logins"

    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))  # wechat | ssb
    subject: Mapped[str] = mapped_column(String(128), index=True)  # openid / 随申办 sub
    unionid: Mapped[str | None] = mapped_column(String(128))
    session_key: Mapped[str | None] = mapped_column(String(128))  # WeChat's; stays here
    name: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    family_id: Mapped[str] = mapped_column(String(32), index=True)
    centre_token: Mapped[str] = mapped_column(String(128))
    centre_token_expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class FlowSession(Base):
    __tablename__ = "flow_sessions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    login_id: Mapped[str] = mapped_column(String(48), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class Subscription(Base):
    """A member's permission for one template: WeChat's one-time subscriptions each allow one
    message (``credits``); a long-term subscription allows any number."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("openid", "template_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    family_id: Mapped[str] = mapped_column(String(32), index=True)
    openid: Mapped[str] = mapped_column(String(128))
    template_id: Mapped[str] = mapped_column(String(64))
    credits: Mapped[int] = mapped_column(Integer, default=0)
    long_term: Mapped[bool] = mapped_column(Boolean, default=False)
    refused_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # WeChat said 43101
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class OutboxEntry(Base):
    """One subscribe message for one member about one event; ``dedupe`` makes a replayed
    event (a restart, two workers) one row, so nothing is sent twice."""

    __tablename__ = "alert_outbox"
    __table_args__ = (Index("ix_alert_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dedupe: Mapped[str] = mapped_column(String(160), unique=True)
    family_id: Mapped[str] = mapped_column(String(32))
    openid: Mapped[str] = mapped_column(String(128))
    template_id: Mapped[str] = mapped_column(String(64))
    page: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(12))  # alarm | request | slip (发给家人)
    ref_id: Mapped[str] = mapped_column(String(32))
    # pending → sending (leased) → sent | refused (43101, no opt-in) | failed (gave up)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    event_at: Mapped[datetime] = mapped_column(UtcDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    wechat_msgid: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str] = mapped_column(Text, default="")


class StreamState(Base):
    __tablename__ = "stream_state"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    cursor: Mapped[str | None] = mapped_column(String(32))
    holder: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)


class WechatToken(Base):
    __tablename__ = "wechat_tokens"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


rate_hits = hits_table(Base.metadata)  # Flask-Limiter's counts, one row an attempt


class Secret(Base):
    """Signing keys made once and shared by every worker (when none is configured)."""

    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


class VouchedCode(Base):
    __tablename__ = "vouched_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256(provider, code)
    provider: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(128))
    unionid: Mapped[str | None] = mapped_column(String(128))
    session_key: Mapped[str | None] = mapped_column(String(128))  # WeChat's; stays here
    name: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
