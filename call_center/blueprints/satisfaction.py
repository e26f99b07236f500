"""投诉 / 异议 about a request's service, from any channel; an agent records the outcome.

Return visits (回访) need no endpoint of their own: they are messages that ask, answered through
``POST /v1/messages/{id}/answer`` (call_center/satisfaction/visits.py)."""
from __future__ import annotations

from apiflask import APIBlueprint
from sqlalchemy import select

from ..auth import current_caller, elder_for, requires
from ..clock import now
from ..errors import ApiError
from ..fulfilment.intake import channel_of
from ..models import Complaint, ServiceRequest
from ..satisfaction import complaints
from ..schemas.satisfaction import ComplaintCloseIn, ComplaintIn, ComplaintOut
from ..unit_of_work import session

bp = APIBlueprint("satisfaction", __name__, url_prefix="/v1", tag="Requests")

FILED = "收到了，我们会核实处理，处理结果会告诉您。"
FILED_CALL_BACK = "收到了，话务员会尽快给您回电。"


def complaint_out(c: Complaint, speech: str = "") -> ComplaintOut:
    return ComplaintOut(id=c.id, request_id=c.request_id, elder_id=c.elder_id, service=c.service,
                        provider=c.provider, source=c.source, channel=c.channel,  # type: ignore[arg-type]
                        reasons=list(c.reasons or []), reasons_words=complaints.reasons_words(c),
                        call_back=c.call_back, status=c.status,  # type: ignore[arg-type]
                        status_word=complaints.STATE_WORDS[c.status], filed_at=c.filed_at,
                        outcome=c.outcome, closed_at=c.closed_at,
                        speech=speech or (f"处理结果：{c.outcome}" if c.outcome else ""))


@bp.post("/requests/<request_id>/complaints")
@requires("device", "agent", "family")
@bp.input(ComplaintIn, arg_name="body")
@bp.output(ComplaintOut, status_code=201)
def file_complaint(request_id: str, body: ComplaintIn) -> tuple[ComplaintOut, int]:
    """A complaint about the service of one of her requests (or the open one, with these reasons
    added): a work item in the console's queue until an agent records its outcome."""
    db = session()
    req = db.get(ServiceRequest, request_id)
    if req is None:
        raise ApiError("not_found", "没有找到这个请求。")
    elder = elder_for(db, req.elder_id)
    caller = current_caller()
    if body.note and caller.kind != "agent":
        raise ApiError("validation_error", fields={"note": "只有话务员可以写备注。"})
    source = "agent" if caller.kind == "agent" else "elder"
    c = complaints.file(db, req, elder, caller.actor, channel_of(caller, None), source, list(body.reasons),
                        body.call_back, body.note, now())
    return complaint_out(c, FILED_CALL_BACK if c.call_back else FILED), 201


@bp.get("/requests/<request_id>/complaints")
@requires()
@bp.output(list[ComplaintOut])
def list_complaints(request_id: str) -> list[ComplaintOut]:
    db = session()
    req = db.get(ServiceRequest, request_id)
    if req is None:
        raise ApiError("not_found", "没有找到这个请求。")
    elder_for(db, req.elder_id)
    return [complaint_out(c) for c in db.scalars(select(Complaint).where(Complaint.request_id == req.id)
                                                 .order_by(Complaint.filed_at, Complaint.id))]


@bp.post("/complaints/<complaint_id>/close")
@requires("agent")
@bp.input(ComplaintCloseIn, arg_name="body")
@bp.output(ComplaintOut)
def close_complaint(complaint_id: str, body: ComplaintCloseIn) -> ComplaintOut:
    """处理结果: recorded, and told to the elder as a message on her screen."""
    db = session()
    c = db.get(Complaint, complaint_id)
    if c is None:
        raise ApiError("not_found", "没有找到这条投诉。")
    elder_for(db, c.elder_id)
    complaints.close(db, c, body.outcome, current_caller().actor, now())
    return complaint_out(c)
