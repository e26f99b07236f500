"""Who is calling (/v1/me) and TV pairing shapes."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .common import Id, Query, ShanghaiTime, Strict
from .elders import ElderSummary


class DeviceOut(BaseModel):
    id: str
    kind: Literal["tv", "kiosk"]
    name: str
    household_id: str | None
    station: str | None
    station_address: str | None = Field(None, description="a kiosk's street address (its taxis set off there)")


class DeviceStateOut(DeviceOut):
    """A device as agents see it: where it was bound, and whether it still is."""

    bound: bool = Field(description="false once unbound: its token is dead, it gets no events")
    bound_at: ShanghaiTime
    unbound_at: ShanghaiTime | None = None
    unbound_by: str | None = Field(None, description="who unbound it (agent:agt_…)")
    unbound_note: str | None = Field(None, description="why: sold, broken, moved …")


class DevicesQuery(Query):
    household_id: Id | None = None
    station: str | None = Field(None, min_length=1, max_length=64)
    kind: Literal["tv", "kiosk"] | None = None
    bound: bool | None = None
    limit: int = Field(200, ge=1, le=500)


class UnbindIn(Strict):
    note: str = Field(min_length=1, max_length=200,
                      description="why, in words the next agent understands (卖掉了、坏了、搬家了)")


class StaffOut(BaseModel):
    id: str
    name: str


class MeOut(BaseModel):
    kind: Literal["device", "agent", "service"]
    device: DeviceOut | None = None
    agent: StaffOut | None = None
    service: StaffOut | None = None
    elders: list[ElderSummary] = Field(default_factory=list)


class PairingCreate(Strict):
    kind: Literal["tv"] = "tv"
    name: str = Field(min_length=1, max_length=64)


class PairingCreated(BaseModel):
    id: str
    code: str = Field(description="6 digits the TV shows; an agent confirms it")
    poll_secret: str
    expires_at: ShanghaiTime


class PairingPoll(Strict):
    poll_secret: str = Field(min_length=1, max_length=128)


class PairingStatus(BaseModel):
    id: str
    status: Literal["pending", "confirmed", "expired"]
    device_token: str | None = Field(None, description="present on the first poll after confirmation only")
    device: DeviceOut | None = None


class PairingConfirm(Strict):
    household_id: Id
