"""Kiosk grants: ended by the kiosk's idle wipe or sign-out (call_center/grants.py)."""
from __future__ import annotations

from apiflask import APIBlueprint

from .. import grants
from ..auth import current_caller, requires
from ..clock import now
from ..errors import ApiError
from ..models import KioskGrant
from ..schemas.elders import GrantEnd, GrantStatus
from ..unit_of_work import session

bp = APIBlueprint("grants", __name__, url_prefix="/v1/grants", tag="Grants")


def status(grant: KioskGrant) -> GrantStatus:
    return GrantStatus(id=grant.id, elder_id=grant.elder_id, issued_at=grant.issued_at,
                       expires_at=grant.expires_at, ended_at=grant.ended_at,
                       end_reason=grant.end_reason,
                       live=grant.ended_at is None and grant.expires_at > now())


@bp.post("/<grant_id>/end")
@requires("kiosk")
@bp.input(GrantEnd, arg_name="body")
@bp.output(GrantStatus)
@bp.doc(responses={404: "no grant of this kiosk has that id"})
def end(grant_id: str, body: GrantEnd) -> GrantStatus:
    """The person has gone (sign-out or the idle wipe): the kiosk acts for them no more.
    Ending an ended or expired grant answers its state again."""
    db = session()
    grant = db.get(KioskGrant, grant_id)
    if grant is None or grant.device_id != current_caller().id:
        raise ApiError("not_found", "没有找到这次办理的授权。")
    grants.end(db, grant, body.reason)
    return status(grant)
