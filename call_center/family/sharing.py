"""Sending a request's slip to the elder's family (a kiosk with no printer, or one out of
paper: "发给家人"), instead of paper.

Who gets it is the centre's decision, like every family matter: members with an active
binding that lets them see the elder's requests (``view``). The centre appends one event for
the family's service (audience ``family``: no device reads it); the mini-program back end
turns it into a subscribe message whose page opens the request and its slip, through its
durable outbox (the same path as alerts, so a WeChat outage loses nothing). What the kiosk
says names the relations only: a public screen shows no family member's name.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ..errors import ApiError
from ..lifecycle import STATUS_WORDS
from ..models import Elder, ServiceRequest
from ..models import device_event_log
from .bindings import members_allowed

WITH_A_SLIP = ("confirmed", "completed")
# Nobody to send to (a kiosk offers 发给家人 only when someone is bound: a stale screen still may):
# the station's people help — never "copy the screen", where a number to ring is masked.
NOBODY_BOUND = "您还没有绑定家人，发不出去。请找驿站的工作人员或志愿者帮忙。"


@dataclass(frozen=True)
class Shared:
    relations: list[str]
    message: str


def _joined(relations: list[str]) -> str:
    unique = list(dict.fromkeys(relations))
    return unique[0] if len(unique) == 1 else "、".join(unique[:-1]) + "和" + unique[-1]


def send_slip(db: Session, req: ServiceRequest, elder: Elder, actor: str, at: datetime) -> Shared:
    """Tell the bound family about this request's slip; what to say to the elder."""
    if req.status not in WITH_A_SLIP:
        raise ApiError("no_slip_yet")
    relations = [b.relation for b, _member in members_allowed(db, elder.id, "view")]
    if not relations:
        return Shared([], NOBODY_BOUND)
    device_event_log.append(
        db, at=at, audience="family", elder_id=elder.id, kind="slip", ref_id=req.id,
        data={"request": {"id": req.id, "service": req.service, "status": req.status,
                          "status_word": STATUS_WORDS.get(req.status, "")},
              "by": actor})
    return Shared(relations, f"凭条已经发给您的{_joined(relations)}，在手机上就能看到。")
