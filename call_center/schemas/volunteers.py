"""Volunteer shapes: the PIN a volunteer types at a kiosk, and the shift it opens."""
from __future__ import annotations

from pydantic import BaseModel, Field

from .common import ShanghaiTime, Strict


class PinIn(Strict):
    pin: str = Field(pattern=r"^[0-9]{4,8}$", description="the volunteer's PIN (4–8 digits)")


class VolunteerOut(BaseModel):
    id: str
    name: str


class ShiftOut(BaseModel):
    id: str
    volunteer: VolunteerOut
    started_at: ShanghaiTime
    ends_at: ShanghaiTime
    ended_at: ShanghaiTime | None
