"""Console tables: agent credentials, login sessions, the audit log and the signing key.

Agents already exist in the API's ``agents`` table (their API tokens); a console login is a
separate credential row pointing at that agent, so the API's token model is untouched and an
agent may have a token, a password, or both. Elders never get a credential.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now
from ..db import Base, UtcDateTime
from .access import Agent

ROLES = ("agent", "supervisor")


class ConsoleKey(Base):
    """Secrets the console needs across workers and restarts (the session signing key)
    when the operator has not configured one."""

    __tablename__ = "console_keys"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)


class ConsoleCredential(Base):
    __tablename__ = "console_credentials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), unique=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(12), default="agent")  # ROLES
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)

    agent: Mapped[Agent] = relationship()


class LoginThrottle(Base):
    """Failed console logins counted per source address and per username (known or not):
    each failure past the first few makes the next try wait longer (call_center/console/
    throttle.py). No lockout: the right password after the wait always gets in."""

    __tablename__ = "console_login_throttles"

    scope: Mapped[str] = mapped_column(String(8), primary_key=True)  # "source" | "account"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # address, or the name's hash
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UtcDateTime)
    next_allowed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ConsoleSession(Base):
    """One login. The cookie carries a random id; only its SHA-256 is stored, so a copy of
    the database opens no session. Logout and expiry end the row: a replayed cookie is dead."""

    __tablename__ = "console_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    credential_id: Mapped[int] = mapped_column(ForeignKey("console_credentials.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(16))  # logout | idle | max_age
    ip: Mapped[str] = mapped_column(String(45), default="")

    credential: Mapped[ConsoleCredential] = relationship()


class AuditEntry(Base):
    """Who saw and changed what, when, from where (seed 000 §四(三) 隐私保护; seed 004
    §三(四) 保障信息安全). Append-only: the console has no code path that edits a row."""

    __tablename__ = "console_audit"
    __table_args__ = (Index("ix_console_audit_target", "target_kind", "target_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=now, index=True)
    agent_id: Mapped[str | None] = mapped_column(String(32), index=True)
    username: Mapped[str] = mapped_column(String(32), default="")
    action: Mapped[str] = mapped_column(String(32), index=True)
    target_kind: Mapped[str] = mapped_column(String(16), default="")
    target_id: Mapped[str] = mapped_column(String(32), default="")
    elder_id: Mapped[str | None] = mapped_column(String(32), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
