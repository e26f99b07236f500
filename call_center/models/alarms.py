"""Emergency alarms (seed 000 §三(一)3 一键紧急救援): the alarm, its timeline, its durable
timers, the parties told about it, and refused raises kept for agents to see."""
from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now
from ..db import Base, UtcDateTime
from ..sealed import Sealed
from .ids import new_id


class Alarm(Base):
    __tablename__ = "alarms"
    __table_args__ = (Index("ix_alarms_status_raised", "status", "raised_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "alm"))
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    # The elder's id while the alarm is open, NULL once closed: the database itself keeps
    # one open alarm per elder, so a double press can never open two (even on PostgreSQL).
    open_for: Mapped[str | None] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20))
    phase: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    raised_by: Mapped[str] = mapped_column(String(48))
    raised_device_id: Mapped[str | None] = mapped_column(ForeignKey("devices.id"))
    # Raised at a kiosk: the grant of that session (only the same session may cancel it).
    raised_grant_id: Mapped[str | None] = mapped_column(ForeignKey("kiosk_grants.id"))
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    # When the elder pressed, by the device's clock (kept within [raised_at - 30 days,
    # raised_at]): an alarm held in a device's outbox through an outage arrives late, and
    # the agent must see how long the elder has really waited.
    pressed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(48))
    responders_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(48))
    outcome: Mapped[str | None] = mapped_column(Text)
    # Escalation counters: which call-back, contact and keep-calling round comes next.
    callbacks_made: Mapped[int] = mapped_column(Integer, default=0)
    contact_priority: Mapped[int] = mapped_column(Integer, default=0)
    keep_calls_made: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)

    events: Mapped[list["AlarmEvent"]] = relationship(
        back_populates="alarm", order_by="AlarmEvent.seq", cascade="all, delete-orphan")
    parties: Mapped[list["AlarmParty"]] = relationship(
        back_populates="alarm", order_by="AlarmParty.id", cascade="all, delete-orphan")

    @property
    def pressed(self) -> datetime:
        """The press, or the delivery for alarms from before presses were recorded."""
        return self.pressed_at or self.raised_at

    @property
    def delivery_delay_s(self) -> int:
        return max(0, int((self.raised_at - self.pressed).total_seconds()))


class AlarmEvent(Base):
    """Every step of an alarm, with its time and who did it (an agent, a device, the worker)."""

    __tablename__ = "alarm_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alarm_id: Mapped[str] = mapped_column(ForeignKey("alarms.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(48))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    alarm: Mapped[Alarm] = relationship(back_populates="events")


class AlarmTimer(Base):
    """A durable timer: the next escalation step of an alarm, due at ``due_at``.

    A worker claims a due timer with a conditional UPDATE (``claimed_by IS NULL`` or the lease
    expired) and marks it done in the same transaction as the step's effects, so a step takes
    effect once however many workers run and whenever one dies.
    """

    __tablename__ = "alarm_timers"
    __table_args__ = (Index("ix_alarm_timers_pending", "done_at", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alarm_id: Mapped[str] = mapped_column(ForeignKey("alarms.id"), index=True)
    step: Mapped[str] = mapped_column(String(24))
    args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claims: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # done without running: the alarm moved on (answered, cancelled, responders arrived).
    cancelled: Mapped[bool] = mapped_column(default=False)


class AlarmParty(Base):
    """Someone told about the alarm (a contact, 110/120/119): told again if it is cancelled."""

    __tablename__ = "alarm_parties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alarm_id: Mapped[str] = mapped_column(ForeignKey("alarms.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # contact | police | ambulance | fire | family
    name: Mapped[str] = mapped_column(String(48))
    number: Mapped[str] = mapped_column(Sealed, default="")  # a contact's phone: sealed at rest
    told_at: Mapped[datetime] = mapped_column(UtcDateTime)
    told_by: Mapped[str] = mapped_column(String(48))
    cancel_told_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    alarm: Mapped[Alarm] = relationship(back_populates="parties")


class AlarmRefusal(Base):
    """A raise the centre refused (unknown elder, device of another household, bad token).

    Kept outside the refused request's transaction: a misbound TV pressing SOS may still be
    an emergency, so agents see every refusal (``GET /v1/alarms/refusals``). Repeats from one
    source (same code, caller, elder) within an hour add to ``count`` on one row, so a flood
    is one line and a genuine refusal beside it stays in sight.
    """

    __tablename__ = "alarm_refusals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)  # the first of the repeats
    last_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    count: Mapped[int] = mapped_column(Integer, default=1)
    # What repeats are grouped by: the authenticated caller, else the network address.
    source: Mapped[str] = mapped_column(String(64), index=True)
    code: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(200))
    caller: Mapped[str] = mapped_column(String(64))
    elder_id: Mapped[str] = mapped_column(String(64), default="")
    channel: Mapped[str] = mapped_column(String(16), default="")
    remote_addr: Mapped[str] = mapped_column(String(64), default="")
