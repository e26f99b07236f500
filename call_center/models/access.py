"""Who may call the centre: devices (TV boxes, kiosks), agents and services, and TV pairings.

Tokens are never stored: only their SHA-256 (tokens are 256-bit random, so no salt is needed).
"""
from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now
from ..db import Base, UtcDateTime
from ..sealed import Sealed
from .ids import new_id


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "dev"))
    kind: Mapped[str] = mapped_column(String(8))  # "tv" | "kiosk"
    name: Mapped[str] = mapped_column(String(64))
    household_id: Mapped[str | None] = mapped_column(ForeignKey("households.id"), index=True)
    station: Mapped[str | None] = mapped_column(String(64))  # kiosks: the 智慧健康驿站
    station_address: Mapped[str | None] = mapped_column(String(200))  # where a taxi from it sets off
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Bound while active (its household or station is where it was bound: bound_at is when).
    # Unbinding (call_center/devices.py) ends it for good — a box paired again is a new device.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    unbound_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    unbound_by: Mapped[str | None] = mapped_column(String(64))  # an actor: agent:agt_…
    unbound_note: Mapped[str | None] = mapped_column(String(200))  # why: sold, broken, moved


class Agent(Base):
    """Call-centre staff (``kind="agent"``) and trusted back ends such as the mini-program
    server (``kind="service"``), which checks family bindings itself."""

    __tablename__ = "agents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "agt"))
    kind: Mapped[str] = mapped_column(String(8))  # "agent" | "service"
    name: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A staff member who visits elders (call_center/patrols): the number she is told. Sealed.
    phone: Mapped[str | None] = mapped_column(Sealed)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)


class Pairing(Base):
    """A TV box asking to be bound: it shows ``code``, an agent confirms it with the
    household, the box polls with ``poll_secret`` and receives its token exactly once."""

    __tablename__ = "pairings"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "pr"))
    code: Mapped[str] = mapped_column(String(6), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(64))
    poll_secret_hash: Mapped[str] = mapped_column(String(64))
    requester: Mapped[str] = mapped_column(String(64))  # remote address, for rate limiting
    status: Mapped[str] = mapped_column(String(12), default="pending")
    device_id: Mapped[str | None] = mapped_column(ForeignKey("devices.id"))
    # The new device's token between confirmation and the box's next poll; then erased.
    token_once: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    confirmed_by: Mapped[str | None] = mapped_column(String(64))


class KioskGrant(Base):
    """A kiosk may act for one elder, for a short while: issued when the elder identifies at
    the kiosk, ended by the kiosk's idle wipe or sign-out, by the next identification at the
    same kiosk, or by ``expires_at``. The kiosk sends the token (never stored: its SHA-256 is)
    with every call (``Onekey-Grant``); alarms raised under it record it, and only the same
    grant may cancel them (call_center/grants.py)."""

    __tablename__ = "kiosk_grants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "grt"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(16))  # sign_out | idle_wipe | replaced
