"""Service satisfaction and complaints (服务监管, seed 001 §（三）): one return visit (回访) per
finished service with a provider, and the complaints (投诉 / 异议) about a provider's service.

The district supervises providers on 服务质量、服务满意度 and 投诉率; these rows are what the
console's supervision page counts (call_center/satisfaction/supervision.py).
"""
from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now
from ..db import Base, UtcDateTime
from .ids import new_id

# A return visit: asked (a message waits for her answer) → answered, or → expired (nobody
# answered in time: the question is withdrawn, never asked again).
VISIT_STATES = ("asked", "answered", "expired")
RATINGS = ("satisfied", "so_so", "dissatisfied")  # 满意 / 一般 / 不满意
# What was wrong (the optional follow-up to 不满意), a fixed list: never a free-text box on a TV.
REASONS = ("late", "rude", "wrong_fee", "other")  # 没按时来 / 态度不好 / 收费不对 / 其他
CALL_BACK = "call_back"  # 请人工回电: an agent calls her about it
COMPLAINT_STATES = ("open", "closed")
_OPEN_COMPLAINT = text("status = 'open'")


class ReturnVisit(Base):
    """One request, one ask (unique ``request_id``): two sweeps at once, or a sweep after a
    restart, can never ask twice."""

    __tablename__ = "return_visits"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "rv"))
    request_id: Mapped[str] = mapped_column(ForeignKey("service_requests.id"), unique=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    service: Mapped[str] = mapped_column(String(24))
    provider: Mapped[str] = mapped_column(String(32), index=True)
    completed_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    status: Mapped[str] = mapped_column(String(10), index=True)
    message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id"))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    rating: Mapped[str | None] = mapped_column(String(14))
    # The follow-up to 不满意 (its own message, asking what was wrong) and what she said.
    follow_up_message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id"))
    reason: Mapped[str | None] = mapped_column(String(12))
    answered_by: Mapped[str | None] = mapped_column(String(48))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)


class Complaint(Base):
    """A complaint about one request's service: a work item agents see in the queue until an
    agent records its outcome (处理结果), which the elder is then told as a message. One open
    complaint a request (a partial unique index): a second one while it is open joins it."""

    __tablename__ = "complaints"
    __table_args__ = (Index("uq_complaints_one_open", "request_id", unique=True,
                            sqlite_where=_OPEN_COMPLAINT, postgresql_where=_OPEN_COMPLAINT),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "cmp"))
    request_id: Mapped[str] = mapped_column(ForeignKey("service_requests.id"), index=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    service: Mapped[str] = mapped_column(String(24))
    provider: Mapped[str | None] = mapped_column(String(32), index=True)
    # return_visit (her answers to the return visit) | elder (from the request on a channel) |
    # agent (she said it on the phone)
    source: Mapped[str] = mapped_column(String(14))
    channel: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    call_back: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")  # what an agent heard on the phone
    status: Mapped[str] = mapped_column(String(8), index=True)
    filed_by: Mapped[str] = mapped_column(String(48))
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now, index=True)
    outcome: Mapped[str | None] = mapped_column(Text)
    closed_by: Mapped[str | None] = mapped_column(String(48))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome_message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id"))
