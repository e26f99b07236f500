"""Health (the benchmark floor) and "who am I" for any token."""
from __future__ import annotations

from apiflask import APIBlueprint
from sqlalchemy import select

from .. import present
from ..auth import current_caller, requires
from ..models import Elder
from ..schemas.access import MeOut, StaffOut
from ..schemas.common import Health
from ..unit_of_work import session

bp = APIBlueprint("system", __name__, url_prefix="/v1", tag="System")


@bp.get("/health")
@bp.output(Health)
def health() -> Health:
    """Liveness: answers without touching the database."""
    return Health()


@bp.get("/me")
@requires()
@bp.output(MeOut)
def me() -> MeOut:
    """Who the token belongs to; a TV box also gets its household's elders, a kiosk with a
    live grant the elder identified there."""
    caller = current_caller()
    db = session()
    if caller.kind == "device":
        from ..models import Device

        device = db.get(Device, caller.id)
        assert device is not None
        elders = []
        if caller.household_id:
            elders = [present.elder_summary(e) for e in db.scalars(
                select(Elder).where(Elder.household_id == caller.household_id)
                .order_by(Elder.created_at))]
        elif caller.is_kiosk and caller.grant_live:  # the elder of the kiosk's session
            elder = db.get(Elder, caller.grant_elder_id)
            elders = [present.elder_summary(elder)] if elder is not None else []
        return MeOut(kind="device", device=present.device(device), elders=elders)
    staff = StaffOut(id=caller.id, name=caller.name)
    if caller.kind == "agent":
        return MeOut(kind="agent", agent=staff)
    return MeOut(kind="service", service=staff)
