"""Proactive care (主动关爱, seed 002 §二): daily safety check-ins and agents' care tasks."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now
from ..db import Base, UtcDateTime
from .ids import new_id


class CareProfile(Base):
    """Per-elder care settings; an elder without a row gets the defaults (80+ living alone
    check in by 10:00 — seed 002 §一)."""

    __tablename__ = "care_profiles"

    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), primary_key=True)
    checkin_enabled: Mapped[bool] = mapped_column(Boolean)
    checkin_by: Mapped[time] = mapped_column(Time)
    last_alarm_id: Mapped[str | None] = mapped_column(String(32))
    last_alarm_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_alarm_outcome: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)


class Checkin(Base):
    """One row per elder and day: ``ok`` (报平安) or ``missed`` (the window passed)."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("elder_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"))
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8))  # ok | missed
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    by: Mapped[str] = mapped_column(String(48))
    late: Mapped[bool] = mapped_column(Boolean, default=False)


class CareTask(Base):
    """Work for an agent: call an elder who missed a check-in, a package-A care call, an
    alarm follow-up, telling someone an alarm was cancelled when no number is known."""

    __tablename__ = "care_tasks"
    __table_args__ = (Index("ix_care_tasks_status_due", "status", "due_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("ct"))
    # e.g. "care_call:eld_…:2026-11-25": schedulers racing on two workers create one task.
    key: Mapped[str] = mapped_column(String(96), unique=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # checkin_missed | care_call | follow_up | notify
    status: Mapped[str] = mapped_column(String(10))  # open | done | cancelled
    title: Mapped[str] = mapped_column(String(100))
    detail: Mapped[str] = mapped_column(Text, default="")
    alarm_id: Mapped[str | None] = mapped_column(ForeignKey("alarms.id"))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(48))
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_by: Mapped[str | None] = mapped_column(String(48))
    result: Mapped[str | None] = mapped_column(String(16))  # well | needs_help | not_reached
    note: Mapped[str] = mapped_column(Text, default="")
