"""The live queue: alarms first, then open service requests from every channel, then care
tasks, then open complaints about a provider's service, then patrol visits overdue by their plan
(seed 001 §三(一)2) — the order an agent must work them in (seed 000 §三(一)3: an alarm is answered first).

Rows carry masked names only; the full profile is one audited click away.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from personal_data.masking import mask_name

from ..fulfilment.registry import OWN_DESK
from ..clock import local
from ..models import Complaint, Elder, RequestEvent, ServiceRequest
from ..patrols import schedule
from ..present import shown_word
from . import alarm_link, labels, people

# The requests an agent still has to act on (seed 000 §三(一)1–2: the centre calls back,
# books and reports); confirmed ones are done from the elder's point of view. A service worked
# at its own desk (一键通申请: the street office, the installer) waits there, not here.
WORKING = ("submitted", "accepted", "in_progress")
LIMIT = 200


@dataclass(frozen=True)
class RequestRow:
    id: str
    service: str
    service_word: str
    mode: str
    mode_word: str
    channel: str
    channel_word: str
    status: str
    status_word: str
    elder_id: str
    elder_masked: str
    district: str
    street: str
    topic: str
    created_at: datetime
    failure: str = ""
    handler: str = ""  # the agent who last moved it: two agents never call the same elder


@dataclass(frozen=True)
class ComplaintRow:
    """An open complaint (投诉 / 异议): the request, its provider and what she said."""
    id: str
    request_id: str
    service_word: str
    provider: str
    source_word: str
    reasons: str
    call_back: bool
    elder_masked: str
    district: str
    filed_at: datetime


@dataclass(frozen=True)
class VisitRow:
    """A patrol visit still not recorded after its period's last day."""

    id: str
    elder_id: str
    elder_masked: str
    street: str
    visitor: str
    planned_on: date
    due_by: date


@dataclass
class Queue:
    alarms: list[alarm_link.AlarmRow] = field(default_factory=list)
    requests: list[RequestRow] = field(default_factory=list)
    care_tasks: list[alarm_link.CareTaskRow] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    alarms_available: bool = False
    complaints: list[ComplaintRow] = field(default_factory=list)

    def version(self) -> str:
        """Changes whenever anything the agent sees changes (elapsed time excluded)."""
        payload = json.dumps([[asdict(r) for r in self.alarms], [asdict(r) for r in self.requests],
                              [asdict(r) for r in self.care_tasks], [asdict(r) for r in self.complaints],
                              [asdict(r) for r in self.visits]],
                             default=str, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def summary(self) -> dict[str, Any]:
        return {
            "alarms": [{"id": a.id, "elder": a.elder_masked, "district": a.district,
                        "pressed_at": int(a.pressed_at.timestamp() * 1000), "state": a.state_word}
                       for a in self.alarms],
            "counts": {"alarms": len(self.alarms), "requests": len(self.requests),
                       "care_tasks": len(self.care_tasks), "complaints": len(self.complaints),
                       "visits": len(self.visits)},
        }


def request_row(req: ServiceRequest, elder: Elder, handler: str = "") -> RequestRow:
    form = req.form or {}
    code = str(form.get("topic") or "")
    # the words the elder was shown, the centre's own (a policy's title), else the code worded
    topic = (shown_word(req, "topic") or str((req.result or {}).get("topic_label") or "")
             or labels.answer("topic", code) or code)
    if not topic and req.service == "registration" and req.result:
        topic = f"{req.result.get('hospital_name', '')} {req.result.get('department_name', '')}"
    if not topic:
        topic = trip_topic(req)
    return RequestRow(
        id=req.id, service=req.service, service_word=labels.service(req.service),
        mode=req.mode, mode_word=labels.MODE_WORDS.get(req.mode, req.mode),
        channel=req.channel, channel_word=labels.channel(req.channel), status=req.status,
        status_word=labels.request_status(req), elder_id=elder.id,
        elder_masked=mask_name(elder.name), district=elder.district, street=elder.street,
        topic=topic[:60], created_at=req.created_at, failure=req.failure_message or "",
        handler=handler)


def trip_topic(req: ServiceRequest) -> str:
    """A ride's 事由 as the elder was told it: 去 上海市第六人民医院 (the place's name, which a
    booked ride keeps beside each address — fulfilment/places.py), 回家, else the address —
    for every service that has a destination (a user trial read 去 宜山路600号 for a new taxi
    beside seeded ones naming the hospital)."""
    form, result = req.form or {}, req.result or {}
    address = str(form.get("destination_address") or result.get("destination_address") or "")
    if not address:
        return ""
    if result.get("destination_place") == "home":
        return "回家"
    return f"去 {result.get('destination_name') or address}"


def open_requests(db: Session) -> list[RequestRow]:
    rows = list(db.execute(
        select(ServiceRequest, Elder).join(Elder, Elder.id == ServiceRequest.elder_id)
        .where(ServiceRequest.status.in_(WORKING), ServiceRequest.service.not_in(list(OWN_DESK)))
        .order_by(ServiceRequest.created_at, ServiceRequest.id).limit(LIMIT)))
    handlers = _handlers(db, [req.id for req, _elder in rows])
    return [request_row(req, elder, handlers.get(req.id, "")) for req, elder in rows]


def _handlers(db: Session, request_ids: list[str]) -> dict[str, str]:
    """Request id → the name of the agent in its latest agent event (one query each)."""
    if not request_ids:
        return {}
    latest: dict[str, str] = {}
    for request_id, actor in db.execute(
            select(RequestEvent.request_id, RequestEvent.actor)
            .where(RequestEvent.request_id.in_(request_ids), RequestEvent.actor.like("agent:%"))
            .order_by(RequestEvent.seq)):
        latest[request_id] = actor
    names = people.agent_names(db, latest.values())
    return {rid: labels.actor(actor, names) for rid, actor in latest.items()}


def open_complaints(db: Session) -> list[ComplaintRow]:
    """Oldest first: one waiting longest is worked first (seed 001 §（三）异议处理)."""
    from ..satisfaction.complaints import SOURCE_WORDS, reasons_words

    return [ComplaintRow(id=c.id, request_id=c.request_id, service_word=labels.service(c.service),
                         provider=c.provider or "", source_word=SOURCE_WORDS.get(c.source, c.source),
                         reasons=reasons_words(c), call_back=c.call_back, elder_masked=mask_name(elder.name),
                         district=elder.district, filed_at=c.filed_at)
            for c, elder in db.execute(
                select(Complaint, Elder).join(Elder, Elder.id == Complaint.elder_id)
                .where(Complaint.status == "open").order_by(Complaint.filed_at, Complaint.id).limit(LIMIT))]


def overdue_visits(db: Session) -> list[VisitRow]:
    """Visits past their period's last day with no record, the longest overdue first (on the
    queue's clock: the alarm desk's)."""
    visits = schedule.overdue(db, local(alarm_link.now()).date())
    names = {e.id: e.name for e in db.scalars(select(Elder).where(Elder.id.in_({v.elder_id for v in visits})))}
    return [VisitRow(id=v.id, elder_id=v.elder_id, elder_masked=mask_name(names.get(v.elder_id, "")),
                     street=v.street, visitor=v.visitor_name or "服务商（未指定）", planned_on=v.planned_on,
                     due_by=v.due_by) for v in visits]


def build(db: Session) -> Queue:
    return Queue(alarms=alarm_link.open_alarms(db), requests=open_requests(db),
                 care_tasks=alarm_link.open_care_tasks(db), visits=overdue_visits(db),
                 alarms_available=alarm_link.available(), complaints=open_complaints(db))



