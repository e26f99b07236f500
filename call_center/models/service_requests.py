"""Service requests: one lifecycle for every service, every transition a row."""
from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now
from ..db import Base, UtcDateTime
from ..sealed import SealedJSON
from .ids import new_id


class ServiceRequest(Base):
    __tablename__ = "service_requests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "req"))
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    service: Mapped[str] = mapped_column(String(24), index=True)
    mode: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    # What was asked and what was booked (addresses, phones, a refill's medicine): sealed at rest.
    form: Mapped[dict[str, Any]] = mapped_column(SealedJSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(SealedJSON)
    # The words the channel showed for the form's values, each with the value it named
    # ({"topic": ["policy", "养老政策"]}): shown to agents in place of the code while the form
    # still holds that value (an agent may change it). Sealed like the form they describe.
    form_shown: Mapped[dict[str, list[Any]] | None] = mapped_column(SealedJSON)
    failure_code: Mapped[str | None] = mapped_column(String(32))
    failure_message: Mapped[str | None] = mapped_column(String(200))
    # What the provider holds for us, so a cancel can release it.
    slot_id: Mapped[str | None] = mapped_column(ForeignKey("slots.id"), index=True)
    provider: Mapped[str | None] = mapped_column(String(32))
    booking_ref: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(48))
    # The volunteer who helped the elder file it at a kiosk (signed in there at the time).
    assisted_by: Mapped[str | None] = mapped_column(ForeignKey("volunteers.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)

    events: Mapped[list["RequestEvent"]] = relationship(
        back_populates="request", order_by="RequestEvent.seq", cascade="all, delete-orphan")


class RequestEvent(Base):
    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("service_requests.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(48))
    note: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[ServiceRequest] = relationship(back_populates="events")
