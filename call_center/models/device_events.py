"""The event log front ends follow (``GET /v1/devices/me/events``): alarm status changes,
request status changes, new messages, check-ins. The autoincrement id is the resume token;
rows persist, so a TV resumes where it left off across restarts of either side."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UtcDateTime


class DeviceEvent(Base):
    __tablename__ = "device_events"
    __table_args__ = (
        Index("ix_device_events_household", "household_id", "id"),
        Index("ix_device_events_device", "device_id", "id"),
        {"sqlite_autoincrement": True},  # ids never reused: a token never points backwards
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    # "household": devices of the household (and the device named) see it; "agents": only
    # the agent stream (GET /v1/events) does.
    audience: Mapped[str] = mapped_column(String(10))
    household_id: Mapped[str | None] = mapped_column(String(32))
    device_id: Mapped[str | None] = mapped_column(String(32))
    elder_id: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(12))  # alarm | request | message | checkin | care | slip | preferences
    ref_id: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
