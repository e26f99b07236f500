"""一键通设备申请 (举手制, seed 001 §二、§四): what was applied for, what the centre decided the
family pays, and where the application stands between the street office and the installer.

One row per application, beside its service request (which carries the lifecycle every channel
shows); the queue the installer works is these rows in ``applied_at`` order (按报名先后顺序).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now
from ..db import Base, UtcDateTime
from ..sealed import SealedJSON
from .service_requests import ServiceRequest


# The states an application is open in (call_center/device_applications/applications.py): an
# elder has one open at most — a partial unique index, so two filed at once (a family member
# on WeChat, the elder at a kiosk) cannot both pass the check on PostgreSQL either.
OPEN_STATES = ("reviewing", "queued", "scheduled")
_OPEN = text("state IN ('reviewing', 'queued', 'scheduled')")


class DeviceApplication(Base):
    __tablename__ = "device_applications"
    __table_args__ = (Index("uq_device_applications_one_open", "elder_id", unique=True,
                            sqlite_where=_OPEN, postgresql_where=_OPEN),)

    request_id: Mapped[str] = mapped_column(ForeignKey("service_requests.id"), primary_key=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    package: Mapped[str] = mapped_column(String(1))  # seed 002 附件: "A" | "B"
    # The facts as the applicant stated them (age from the birth date on file), and the verdict
    # the centre reached from them (call_center/device_applications/eligibility.py): a family's
    # means are personal data, sealed at rest as the request's own form is.
    facts: Mapped[dict[str, Any]] = mapped_column(SealedJSON)
    eligibility: Mapped[dict[str, Any]] = mapped_column(SealedJSON)
    # reviewing → queued → scheduled → installed; returned (with a reason) or cancelled.
    state: Mapped[str] = mapped_column(String(16), index=True)
    applied_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now, index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(48))
    return_reason: Mapped[str | None] = mapped_column(String(200))
    visit_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    scheduled_by: Mapped[str | None] = mapped_column(String(48))
    installed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    installed_by: Mapped[str | None] = mapped_column(String(48))

    request: Mapped[ServiceRequest] = relationship()
