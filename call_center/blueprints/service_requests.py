"""Service requests: create (self mode books now), list, read, cancel, agent transitions."""
from __future__ import annotations

from apiflask import APIBlueprint
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import present
from ..auth import current_caller, elder_for, requires
from ..centre import centre
from ..clock import now
from ..errors import ApiError
from ..family import sharing
from ..fulfilment import intake
from ..models import Elder, ServiceRequest
from ..schemas.service_requests import (
    RequestCancelIn,
    RequestCreate,
    RequestsQuery,
    ServiceRequestOut,
    SlipSentOut,
    TransitionIn,
)
from ..unit_of_work import session

bp = APIBlueprint("requests", __name__, url_prefix="/v1/requests", tag="Requests")


def _scoped(request_id: str) -> tuple[ServiceRequest, Elder]:
    db = session()
    req = db.get(ServiceRequest, request_id)
    if req is None:
        raise ApiError("not_found", "没有找到这个请求。")
    return req, elder_for(db, req.elder_id)


@bp.post("")
@requires("device", "agent", "service")
@bp.input(RequestCreate, arg_name="body")
@bp.output(ServiceRequestOut, status_code=201)
def create(body: RequestCreate) -> tuple[ServiceRequestOut, int]:
    """Self mode with a complete registration/taxi form is booked now (the answer shows the
    final status and every transition); call mode and other services wait for an agent."""
    db = session()
    elder = elder_for(db, body.elder_id)
    c = centre()
    req = intake.create(db, current_caller(), elder, body, c.providers, c.settings)
    return present.service_request(req), 201


@bp.get("")
@requires()
@bp.input(RequestsQuery, location="query", arg_name="query")
@bp.output(list[ServiceRequestOut])
def list_requests(query: RequestsQuery) -> list[ServiceRequestOut]:
    """Newest first. A TV sees its household; a kiosk the elder of its grant."""
    db = session()
    caller = current_caller()
    stmt = select(ServiceRequest).options(selectinload(ServiceRequest.events))
    if query.elder_id:
        elder_for(db, query.elder_id)
        stmt = stmt.where(ServiceRequest.elder_id == query.elder_id)
    elif caller.is_tv:
        stmt = stmt.join(Elder).where(Elder.household_id == caller.household_id)
    elif caller.is_kiosk:  # the elder identified in this session
        if not caller.grant_live:
            raise caller.refusal()
        stmt = stmt.where(ServiceRequest.elder_id == caller.grant_elder_id)
    elif caller.kind in ("service", "family"):
        raise ApiError("validation_error", fields={"elder_id": "请先确认是哪位老人。"})
    if query.status:
        stmt = stmt.where(ServiceRequest.status == query.status)
    if query.service:
        stmt = stmt.where(ServiceRequest.service == query.service)
    stmt = stmt.order_by(ServiceRequest.created_at.desc(), ServiceRequest.id.desc())
    return [present.service_request(r) for r in db.scalars(stmt.limit(query.limit))]


@bp.get("/<request_id>")
@requires()
@bp.output(ServiceRequestOut)
def get_request(request_id: str) -> ServiceRequestOut:
    req, _elder = _scoped(request_id)
    return present.service_request(req)


@bp.post("/<request_id>/cancel")
@requires()
@bp.input(RequestCancelIn, arg_name="body")
@bp.output(ServiceRequestOut)
def cancel(request_id: str, body: RequestCancelIn) -> ServiceRequestOut:
    """Frees the slot, cancels the ride, withdraws the reminders. A registration's trips to its
    visit (``linked``) named in ``also`` are cancelled with it; the answer's ``linked`` lists
    those still coming."""
    req, elder = _scoped(request_id)
    intake.cancel(session(), req, elder, current_caller(), centre().providers, also=body.also)
    session().flush()
    return present.service_request(req)


@bp.post("/<request_id>/send-to-family")
@requires("device", "agent")
@bp.output(SlipSentOut)
def send_to_family(request_id: str) -> SlipSentOut:
    """发给家人: the slip goes to the family bound with ``view`` (a kiosk with no printer or
    no paper); ``relations`` is empty when there is nobody to send it to."""
    req, elder = _scoped(request_id)
    shared = sharing.send_slip(session(), req, elder, current_caller().actor, now())
    return SlipSentOut(request_id=req.id, relations=shared.relations, message=shared.message)


@bp.post("/<request_id>/transitions")
@requires("agent")
@bp.input(TransitionIn, arg_name="body")
@bp.output(ServiceRequestOut)
def transition(request_id: str, body: TransitionIn) -> ServiceRequestOut:
    """An agent moves a request along its lifecycle (only legal transitions)."""
    req, elder = _scoped(request_id)
    c = centre()
    intake.transition(session(), req, elder, current_caller(), body.to, body.note, body.result,
                      body.form, c.providers, c.settings)
    session().flush()
    return present.service_request(req)
