"""Elders: profile (masked), preferences, kiosk lookup by ID number and phone tail."""
from __future__ import annotations

from apiflask import APIBlueprint
from sqlalchemy import select

from personal_data.masking import phone_tail

from .. import present
from ..auth import elder_for, requires
from ..errors import ApiError
from ..models import Elder
from ..schemas.elders import ElderOut, ElderSummary, LookupBody, PreferencesPatch
from ..unit_of_work import session

bp = APIBlueprint("elders", __name__, url_prefix="/v1/elders", tag="Elders")


NOT_MATCHED = "没有核对成功，请再核对一下，或找志愿者帮忙。"


@bp.post("/lookup")
@requires("kiosk", "agent")
@bp.input(LookupBody, arg_name="body")
@bp.output(ElderSummary)
def lookup(body: LookupBody) -> ElderSummary:
    """Identify an elder at a kiosk by the full ID number (GB 11643) and the registered phone's
    last four digits. Every miss — no such number, or another phone — answers the same 404, so
    a masked ID number's candidates cannot be told apart."""
    elder = session().scalar(select(Elder).where(Elder.id_number == body.id_number.upper()))
    if elder is None or phone_tail(elder.phone) != body.phone_tail:
        raise ApiError("not_found", NOT_MATCHED)
    return present.elder_summary(elder)


@bp.get("/<elder_id>")
@requires()
@bp.output(ElderOut)
def get_elder(elder_id: str) -> ElderOut:
    return present.elder(elder_for(session(), elder_id))


@bp.patch("/<elder_id>/preferences")
@requires()
@bp.input(PreferencesPatch, arg_name="body")
@bp.output(ElderOut)
def update_preferences(elder_id: str, body: PreferencesPatch) -> ElderOut:
    """Speech rate, volume, font scale, theme, locale: follow the elder to every channel."""
    elder = elder_for(session(), elder_id)
    merged = {**(elder.preferences or {}), **body.model_dump(exclude_none=True)}
    elder.preferences = merged
    session().flush()
    return present.elder(elder)
