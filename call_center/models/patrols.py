"""Patrol visits (巡视探访, seed 001 §三(一)2: 坚持应急呼叫与巡视探访服务相结合 — every elder visited is
managed on the one platform; §四: the provider 提供上门巡视及居家养老服务).

A plan says whether and how often an elder is visited and who visits; a visit is one due
call at her door, made by the sweep exactly once per period (its unique ``key``), and recorded
by whoever went (a volunteer or the provider's staff)."""
from __future__ import annotations

from datetime import date, datetime
from functools import partial

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now
from ..db import Base, UtcDateTime
from ..sealed import Sealed
from .ids import new_id


class VisitPlan(Base):
    """An agent's settings for one elder. No row: the rule decides (call_center/patrols/plans.py);
    a row overrides it — on, off, how many visits a month, who visits."""

    __tablename__ = "visit_plans"

    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    per_month: Mapped[int] = mapped_column(Integer)  # plans.PER_MONTH: 1, 2 or 4
    visitor_kind: Mapped[str | None] = mapped_column(String(10))  # volunteer | staff
    visitor_id: Mapped[str | None] = mapped_column(String(32))  # volunteers.id | agents.id
    updated_by: Mapped[str] = mapped_column(String(48))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)


class PatrolVisit(Base):
    """One visit due in one period of the elder's plan; ``status`` is ``planned`` until the
    visitor records it (``visited``: she was found at home; ``not_home``) or an agent drops it
    (``cancelled``: the plan ended)."""

    __tablename__ = "patrol_visits"
    __table_args__ = (Index("ix_patrol_visits_status_due", "status", "due_by"),
                      Index("ix_patrol_visits_elder_planned", "elder_id", "planned_on"))

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "pv"))
    # "visit:<elder>:<first day of the period>": sweeps on two workers make one visit.
    key: Mapped[str] = mapped_column(String(96), unique=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    street: Mapped[str] = mapped_column(String(32))  # hers when planned (the supervision's rows)
    planned_on: Mapped[date] = mapped_column(Date)  # the day the visitor means to come
    due_by: Mapped[date] = mapped_column(Date)  # the last day of the period: later is missed
    visitor_kind: Mapped[str | None] = mapped_column(String(10))
    visitor_id: Mapped[str | None] = mapped_column(String(32))
    visitor_name: Mapped[str] = mapped_column(String(64), default="")
    provider: Mapped[str] = mapped_column(String(64), default="")  # a station, or the provider
    status: Mapped[str] = mapped_column(String(10), default="planned")
    visited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    health: Mapped[str | None] = mapped_column(String(12))  # records.HEALTH
    home: Mapped[str | None] = mapped_column(String(12))  # records.HOME
    needs: Mapped[list | None] = mapped_column(JSON)  # records.NEEDS codes
    note: Mapped[str] = mapped_column(Sealed, default="")  # what she said: personal, sealed
    recorded_by: Mapped[str | None] = mapped_column(String(48))
    recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    message_id: Mapped[str | None] = mapped_column(String(32))  # the elder's notice of it
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
