"""Volunteers at a station's kiosk (seed 000: registration and taxi "在志愿者帮助下"): accounts
of the centre, each bound to one station, who sign in at that station's kiosks with a PIN and
stay signed in for their shift while they help one elder after another."""
from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now
from ..db import Base, UtcDateTime
from ..sealed import Sealed
from .ids import new_id


class Volunteer(Base):
    __tablename__ = "volunteers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "vol"))
    name: Mapped[str] = mapped_column(String(64))
    station: Mapped[str] = mapped_column(String(64), index=True)  # the kiosks' Device.station
    pin_hash: Mapped[str] = mapped_column(String(200))  # scrypt, salted (call_center/volunteers.py)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The number an elder is told to expect a patrol visitor from (call_center/patrols): whole
    # on her TV and her family's phone, masked on a kiosk's screen. Personal data: sealed.
    phone: Mapped[str | None] = mapped_column(Sealed)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)


class VolunteerShift(Base):
    """A volunteer signed in at one kiosk: from the PIN to the sign-out, the kiosk's idle wipe
    (nobody there any more) or ``ends_at``; requests filed at that kiosk meanwhile may say
    they were assisted by them."""

    __tablename__ = "volunteer_shifts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "vsh"))
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteers.id"), index=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
