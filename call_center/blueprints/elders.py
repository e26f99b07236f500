"""Elders: profile (masked), preferences, and identification by ID number and phone tail.

A kiosk that identifies someone gets a grant to act for them (call_center/grants.py). Every
attempt is audited; every miss answers the same 404, whatever did not match, and misses are
rate-limited per kiosk and per ID number (call_center/rate_limits.py), so the few candidates
of a masked ID number cannot be tried one by one.
"""
from __future__ import annotations

from datetime import timedelta

from apiflask import APIBlueprint
from sqlalchemy import select

from personal_data.masking import phone_tail

from .. import elder_preferences, grants, present, versions
from ..auth import current_caller, elder_for, requires
from ..centre import centre
from ..console import audit
from ..errors import ApiError
from ..models import Elder
from ..schemas.service_requests import PrecheckOut
from ..schemas.elders import ElderOut, GrantOut, Identified, LookupBody, PreferencesPatch, RequestLookupBody
from ..sealed import number_hash
from ..unit_of_work import session

bp = APIBlueprint("elders", __name__, url_prefix="/v1/elders", tag="Elders")


NOT_MATCHED = "没有核对成功，请再核对一下，或找志愿者帮忙。"


@bp.post("/lookup")
@requires("kiosk", "agent")
@bp.input(LookupBody, arg_name="body")
@bp.output(Identified)
@bp.doc(responses={404: "no elder with that ID number and phone tail (every miss alike)",
                   429: "too many misses from this kiosk, or for this ID number"})
def lookup(body: LookupBody) -> Identified:
    """Identify the person at a kiosk by the full ID number (GB 11643) and the registered
    phone's last four digits. A kiosk gets a grant for that elder (its earlier one ends)."""
    db = session()
    caller = current_caller()
    elder = db.scalar(select(Elder).where(Elder.id_number_hash == number_hash(db, body.id_number)))
    return _identified(db, caller, elder, body.phone_tail, "按身份证号")


def _identified(db, caller, elder: Elder | None, tail: str, how: str) -> Identified:
    """The elder found, if the phone tail is theirs; a kiosk gets a grant. Every miss is the
    same 404 and audited (``how`` says which way was tried, never the number)."""
    if elder is None or phone_tail(elder.phone) != tail:
        db.rollback()  # the miss is kept although the answer is an error
        audit.record_caller(db, "kiosk_identify_missed", caller.actor, "elder", "",
                            f"{how}：核对不符")
        db.commit()
        raise ApiError("not_found", NOT_MATCHED)
    found = Identified(**present.elder_summary(elder).model_dump())
    if caller.is_kiosk:
        minutes = centre().settings.kiosk_grant_minutes
        grant, token = grants.issue(db, caller.id, elder.id, minutes)
        found.grant = GrantOut(id=grant.id, token=token, expires_at=grant.expires_at,
                               expires_in=int(timedelta(minutes=minutes).total_seconds()))
    audit.record_caller(db, "kiosk_identify", caller.actor, "elder", elder.id,
                        f"发放授权 {found.grant.id}" if found.grant else "", elder_id=elder.id)
    return found


@bp.post("/lookup-by-request")
@requires("kiosk", "agent")
@bp.input(RequestLookupBody, arg_name="body")
@bp.output(Identified)
@bp.doc(responses={404: "no request with that id and phone tail (every miss alike)",
                   429: "too many misses from this kiosk"})
def lookup_by_request(body: RequestLookupBody) -> Identified:
    """Identify the person at a kiosk by an earlier slip: the request its QR names (the kiosk
    has verified the slip's signature) and the registered phone's last four digits."""
    from ..models import ServiceRequest

    db = session()
    caller = current_caller()
    request_row = db.get(ServiceRequest, body.request_id)
    elder = db.get(Elder, request_row.elder_id) if request_row is not None else None
    return _identified(db, caller, elder, body.phone_tail, f"按单子{body.request_id[:32]}")


@bp.get("/<elder_id>")
@requires()
@versions.reads(versions.PROFILE)
@bp.output(ElderOut)
def get_elder(elder_id: str) -> ElderOut:
    """The profile; its ``ETag`` is the version a change of preferences may name."""
    elder = elder_for(session(), elder_id)
    versions.answer(versions.PROFILE, elder)
    return present.elder(elder)


@bp.patch("/<elder_id>/preferences")
@requires()
@versions.writes(versions.PROFILE)
@bp.input(PreferencesPatch, arg_name="body")
@bp.output(ElderOut)
def update_preferences(elder_id: str, body: PreferencesPatch) -> ElderOut:
    """Speech rate, volume, font scale, theme, locale: follow the elder to every channel.
    Only the fields sent change. ``If-Match`` (the profile's ``ETag``) is checked when sent:
    a change made since is 412; without it the fields are merged as they come."""
    db = session()
    elder = elder_for(db, elder_id)
    versions.check(db, versions.PROFILE, elder)
    before = dict(elder.preferences or {})
    fields = body.model_dump(exclude_none=True)
    shown = elder_preferences.change(db, elder, fields)
    versions.answer(versions.PROFILE, elder, db)
    caller = current_caller()
    if caller.kind in ("family", "agent"):  # a person's change is in the log; a box's volume is not
        audit.record_caller(db, "elder_preferences", caller.actor, "elder", elder.id,
                            elder_preferences.described(before, fields), elder_id=elder.id)
    return shown


@bp.get("/<elder_id>/services/<service>/precheck")
@requires()
@bp.output(PrecheckOut)
def precheck(elder_id: str, service: str) -> PrecheckOut:
    """Before a service's form opens: whether she can file it now, by a dry run of the refusals
    its handling declares known before the form (the same rules the filing checks). A service
    that declares none may always be filed as far as this can tell; 404 for no such service."""
    from ..fulfilment.registry import SERVICES, handling_of

    if service not in SERVICES:
        raise ApiError("not_found", "没有这项服务。")
    db = session()
    elder = elder_for(db, elder_id)
    found = handling_of(service).refusal_before_form(db, elder)
    if found is None:
        return PrecheckOut(service=service, may_file=True)  # type: ignore[arg-type]
    name, refused = found
    return PrecheckOut(service=service, may_file=False, refusal=name, code=refused.code,  # type: ignore[arg-type]
                       message=refused.message, request_id=refused.request_id)
