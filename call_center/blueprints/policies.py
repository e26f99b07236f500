"""Policies (养老政策): the list for one elder, hers first (政策查询, seed 000 §三(二)3(5)), an
agent telling her of one now (政策找人, 3(6); the worker's sweep does it by itself), and the
places of a kind nearest her home (身边服务, 3(5))."""
from __future__ import annotations

from apiflask import APIBlueprint

from ..auth import current_caller, elder_for, requires
from ..clock import now
from ..policies import nearby as places
from ..policies import offers
from ..schemas.elder_services import ElderServicesOut
from ..schemas.policies import NearbyQuery, PolicyOut, ResourceOut
from ..unit_of_work import session
from .. import present

bp = APIBlueprint("policies", __name__, url_prefix="/v1", tag="Policies")


@bp.get("/elders/<elder_id>/policies")
@requires()
@bp.output(list[PolicyOut])
def for_elder(elder_id: str) -> list[PolicyOut]:
    """Every policy in the catalog as it stands for her: those she qualifies for (and has not
    got or declined) first, then those the centre cannot decide, then the rest."""
    db = session()
    elder = elder_for(db, elder_id)
    return [present.policy(s) for s in offers.for_elder(db, elder)]


@bp.get("/elders/<elder_id>/elder-services")
@requires()
@bp.output(ElderServicesOut)
def elder_services(elder_id: str) -> ElderServicesOut:
    """养老服务一件事, told at once (seed 003 §二(一)1 一次告知): the twelve matters of §一 in its
    order, each with whether she may apply and why (or what it asks that she does not meet, or
    the centre does not know), citing its clause; and her joint application being handled."""
    from ..elder_services import joint, matters

    db = session()
    elder = elder_for(db, elder_id)
    found = joint.open_application_of(db, elder.id)
    return ElderServicesOut(matters=matters.tell(offers.facts_of(elder)), cites=matters.loaded().cites,
                            open_request_id=found.request_id if found else None)


@bp.post("/elders/<elder_id>/policies/<policy_id>/push")
@requires("agent")
@bp.output(PolicyOut, status_code=201)
def push(elder_id: str, policy_id: str) -> tuple[PolicyOut, int]:
    """Tell her of this policy now, as the sweep would (a ``policy`` message asking 想办理 /
    不需要). 409 when she was told already, declined it, has it, or does not qualify."""
    db = session()
    elder = elder_for(db, elder_id)
    offers.push_by_hand(db, elder, policy_id, current_caller().actor, now())
    found = next(s for s in offers.for_elder(db, elder) if s.policy.id == policy_id)
    return present.policy(found), 201


@bp.get("/elders/<elder_id>/nearby")
@requires()
@bp.input(NearbyQuery, location="query", arg_name="query")
@bp.output(list[ResourceOut])
def nearby(elder_id: str, query: NearbyQuery) -> list[ResourceOut]:
    """The places of a kind nearest her home, nearest first (those of her street, then her
    district, while her home is not located)."""
    db = session()
    elder = elder_for(db, elder_id)
    return [present.place(p) for p in places.nearest(db, elder, query.kind)]
