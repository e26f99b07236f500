"""养老服务"一件事" 联办申请 (seed 003 §二(一)): one form for up to three matters — the care-needs
assessment, the care subsidy, admission to a nursing home — each handled by its own desk
(分别办理) and tracked in one place (一体管理).

One row per joint application beside its service request (the lifecycle every channel shows),
and one row per part with its own state and result. An elder has one open joint application at
most: a partial unique index keeps two filed at the same moment from both passing, on SQLite
and on PostgreSQL alike.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now
from ..db import Base, UtcDateTime
from ..sealed import SealedJSON
from .service_requests import ServiceRequest

OPEN_ONLY = text("state = 'open'")


class JointApplication(Base):
    __tablename__ = "joint_applications"
    __table_args__ = (Index("uq_joint_applications_open_elder", "elder_id", unique=True,
                            sqlite_where=OPEN_ONLY, postgresql_where=OPEN_ONLY),)

    request_id: Mapped[str] = mapped_column(ForeignKey("service_requests.id"), primary_key=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    # The facts the parts are decided on, as the applicant stated them (hukou, the family's
    # means) beside those on file (age): personal data, sealed at rest like a request's form.
    facts: Mapped[dict[str, Any]] = mapped_column(SealedJSON)
    state: Mapped[str] = mapped_column(String(12), index=True)  # open → closed | cancelled
    applied_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    request: Mapped[ServiceRequest] = relationship()
    parts: Mapped[list["JointPart"]] = relationship(order_by="JointPart.position", cascade="all, delete-orphan")


class JointPart(Base):
    """One matter of a joint application at its own desk: the assessment (assessing → assessed,
    with the grade), the subsidy or admission (waiting for the grade → reviewing → approved or
    refused with a reason), or cancelled."""

    __tablename__ = "joint_application_parts"

    request_id: Mapped[str] = mapped_column(ForeignKey("joint_applications.request_id"), primary_key=True)
    part: Mapped[str] = mapped_column(String(12), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(12), index=True)
    grade: Mapped[int | None] = mapped_column(Integer)  # 照护等级 0–6 (the assessment part)
    reason: Mapped[str | None] = mapped_column(String(200))  # why refused, in the family's words
    note: Mapped[str | None] = mapped_column(String(200))  # what the desk says with an approval
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(48))
