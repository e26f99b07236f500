"""The one lifecycle every service request follows, and the only code that changes status.

submitted → accepted → in_progress → confirmed → completed, and from any open state to
cancelled or failed. Each transition is a :class:`RequestEvent` row (time, actor, note).
Services with their own states (e.g. emergency alarms) keep their own machine and reuse
:func:`record` for the audit trail.
"""
from __future__ import annotations

from datetime import datetime

from personal_data import status_words

from .clock import now
from .errors import ApiError
from .models import RequestEvent, ServiceRequest

OPEN = ("submitted", "accepted", "in_progress", "confirmed")
FINAL = ("completed", "cancelled", "failed")
STATUSES = OPEN + FINAL

TRANSITIONS: dict[str, frozenset[str]] = {
    "submitted": frozenset({"accepted", "cancelled", "failed"}),
    "accepted": frozenset({"in_progress", "cancelled", "failed"}),
    "in_progress": frozenset({"confirmed", "cancelled", "failed"}),
    "confirmed": frozenset({"completed", "cancelled", "failed"}),
    "completed": frozenset(),
    "cancelled": frozenset(),
    "failed": frozenset(),
}

# The one table of status words every channel and the console read (layer 1).
STATUS_WORDS = status_words.STATUS_WORDS


def can_move(current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, frozenset())


def record(req: ServiceRequest, status: str, actor: str, note: str = "",
           at: datetime | None = None) -> RequestEvent:
    moment = at or now()
    event = RequestEvent(seq=len(req.events) + 1, status=status, at=moment, actor=actor, note=note)
    req.events.append(event)
    req.status = status
    req.updated_at = moment
    return event


def start(req: ServiceRequest, actor: str, note: str = "") -> None:
    record(req, "submitted", actor, note)


def move(req: ServiceRequest, to: str, actor: str, note: str = "") -> None:
    """Change status or raise 409 ``invalid_transition`` (nothing is written then)."""
    if not can_move(req.status, to):
        raise ApiError(
            "invalid_transition",
            f"这个请求{STATUS_WORDS.get(req.status, req.status)}，不能改成{STATUS_WORDS.get(to, to)}。",
        )
    record(req, to, actor, note)


def fail(req: ServiceRequest, actor: str, code: str, message: str, note: str = "") -> None:
    req.failure_code = code
    req.failure_message = message
    move(req, "failed", actor, note or message)
