"""Volunteers at a kiosk: sign in with a PIN (a volunteer of the kiosk's own station), help
one elder after another, sign out — or the kiosk's idle wipe signs them out. Every attempt is
audited; every miss answers the same 404, rate-limited per kiosk."""
from __future__ import annotations

from apiflask import APIBlueprint

from .. import volunteers
from ..auth import current_caller, requires
from ..console import audit
from ..errors import ApiError
from ..models import Device, Volunteer, VolunteerShift
from ..schemas.volunteers import PinIn, ShiftOut, VolunteerOut
from ..unit_of_work import session

bp = APIBlueprint("volunteers", __name__, url_prefix="/v1/volunteers", tag="Volunteers")
NOT_MATCHED = "志愿者密码不对，请再输一次，或请工作人员帮忙。"


def shift_out(shift: VolunteerShift, volunteer: Volunteer) -> ShiftOut:
    return ShiftOut(id=shift.id, volunteer=VolunteerOut(id=volunteer.id, name=volunteer.name),
                    started_at=shift.started_at, ends_at=shift.ends_at, ended_at=shift.ended_at)


@bp.post("/sign-in")
@requires("kiosk")
@bp.input(PinIn, arg_name="body")
@bp.output(ShiftOut)
@bp.doc(responses={404: "no volunteer of this kiosk's station has that PIN (every miss alike)",
                   429: "too many misses from this kiosk"})
def sign_in(body: PinIn) -> ShiftOut:
    """A volunteer of this kiosk's station starts helping here (the kiosk's earlier shift ends)."""
    db = session()
    caller = current_caller()
    device = db.get(Device, caller.id)
    shift = volunteers.sign_in(db, device, body.pin) if device is not None else None
    if shift is None:
        db.rollback()  # the miss is kept although the answer is an error
        audit.record_caller(db, "volunteer_sign_in_missed", caller.actor, "device", caller.id, "志愿者密码不符")
        db.commit()
        raise ApiError("not_found", NOT_MATCHED)
    volunteer = db.get(Volunteer, shift.volunteer_id)
    audit.record_caller(db, "volunteer_sign_in", caller.actor, "volunteer", volunteer.id,
                        f"{volunteer.name}在{device.name}开始协助")
    return shift_out(shift, volunteer)


@bp.post("/shifts/<shift_id>/end")
@requires("kiosk")
@bp.output(ShiftOut)
@bp.doc(responses={404: "no shift of this kiosk has that id"})
def end_shift(shift_id: str) -> ShiftOut:
    """The volunteer leaves (sign-out, or the kiosk's idle wipe); ending twice keeps the first end."""
    from ..clock import now

    db = session()
    shift = db.get(VolunteerShift, shift_id)
    if shift is None or shift.device_id != current_caller().id:
        raise ApiError("not_found", "没有找到这位志愿者的签到。")
    if shift.ended_at is None:
        shift.ended_at = min(now(), shift.ends_at)
        db.flush()
    return shift_out(shift, db.get(Volunteer, shift.volunteer_id))
