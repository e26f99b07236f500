"""Elders: profile (masked), preferences, kiosk lookup by ID number."""
from __future__ import annotations

from apiflask import APIBlueprint
from sqlalchemy import select

from .. import present
from ..auth import elder_for, requires
from ..errors import ApiError
from ..models import Elder
from ..schemas.elders import ElderOut, ElderSummary, LookupQuery, PreferencesPatch
from ..unit_of_work import session

bp = APIBlueprint("elders", __name__, url_prefix="/v1/elders", tag="Elders")


@bp.get("/lookup")
@requires("kiosk", "agent")
@bp.input(LookupQuery, location="query", arg_name="query")
@bp.output(ElderSummary)
def lookup(query: LookupQuery) -> ElderSummary:
    """Identify an elder at a kiosk by the full ID number (GB 11643); 404 if unknown."""
    elder = session().scalar(select(Elder).where(Elder.id_number == query.id_number.upper()))
    if elder is None:
        raise ApiError("not_found", "没有找到这个身份证号对应的老人，请找志愿者帮忙。")
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
