"""TV pairing: the box shows a 6-digit code, an agent confirms it with the household, the box
polls and receives its device token exactly once (DESIGN §2.3: bound once, nobody logs in)."""
from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from apiflask import APIBlueprint
from flask import request
from sqlalchemy import func, select

from .. import pairing as pairing_rules
from .. import present
from ..auth import current_caller, hash_token, requires
from ..centre import centre
from ..clock import now
from ..errors import ApiError
from ..models import Device, Household, Pairing
from ..schemas.access import PairingConfirm, PairingCreate, PairingCreated, PairingPoll, PairingStatus
from ..unit_of_work import session, writes

bp = APIBlueprint("pairings", __name__, url_prefix="/v1/pairings", tag="Pairings")


def _status(p: Pairing) -> str:
    if p.status == "pending" and p.expires_at <= now():
        return "expired"
    return p.status


@bp.post("")
@bp.input(PairingCreate, arg_name="body")
@bp.output(PairingCreated, status_code=201)
def start(body: PairingCreate) -> tuple[PairingCreated, int]:
    """Anyone may ask (a new box has no token); a few pending codes per address at most."""
    db = session()
    settings = centre().settings
    moment = now()
    requester = request.remote_addr or "unknown"
    pending = db.scalar(select(func.count()).select_from(Pairing).where(
        Pairing.requester == requester, Pairing.status == "pending",
        Pairing.expires_at > moment)) or 0
    if pending >= settings.pairing_limit_per_address:
        raise ApiError("rate_limited", "配对请求太多了，请过几分钟再试。",
                       headers={"Retry-After": "60"})
    live_codes = set(db.scalars(select(Pairing.code).where(
        Pairing.status == "pending", Pairing.expires_at > moment)))
    code = f"{secrets.randbelow(1_000_000):06d}"
    while code in live_codes:
        code = f"{secrets.randbelow(1_000_000):06d}"
    poll_secret = secrets.token_urlsafe(24)
    pairing = Pairing(code=code, kind=body.kind, name=body.name,
                      poll_secret_hash=hash_token(poll_secret), requester=requester,
                      created_at=moment,
                      expires_at=moment + timedelta(minutes=settings.pairing_ttl_minutes))
    db.add(pairing)
    db.flush()
    return PairingCreated(id=pairing.id, code=code, poll_secret=poll_secret,
                          expires_at=pairing.expires_at), 201


@bp.post("/<pairing_id>/poll")
@writes
@bp.input(PairingPoll, arg_name="query")
@bp.output(PairingStatus)
def poll(pairing_id: str, query: PairingPoll) -> PairingStatus:
    """The box polls; the first poll after confirmation carries the token, later ones not. The
    poll secret travels in the body: a URL ends up in access and debug logs."""
    db = session()
    pairing = db.get(Pairing, pairing_id)
    if pairing is None or not hmac.compare_digest(pairing.poll_secret_hash,
                                                  hash_token(query.poll_secret)):
        raise ApiError("not_found", "没有找到这个配对请求。")
    status = _status(pairing)
    out = PairingStatus(id=pairing.id, status=status)  # type: ignore[arg-type]
    if status == "confirmed" and pairing.device_id:
        device = db.get(Device, pairing.device_id)
        out.device = present.device(device) if device else None
        if pairing.token_once:
            out.device_token = pairing.token_once
            pairing.token_once = None
            db.flush()
    return out


@bp.post("/<code>/confirm")
@requires("agent")
@bp.input(PairingConfirm, arg_name="body")
@bp.output(PairingStatus)
def confirm(code: str, body: PairingConfirm) -> PairingStatus:
    """An agent, on the phone with the household, binds the box showing ``code``."""
    db = session()
    household = db.get(Household, body.household_id)
    if household is None:
        raise ApiError("not_found", "没有找到这户人家。", fields={"household_id": "没有这户人家。"})
    pairing, device = pairing_rules.confirm(db, code, household, current_caller().actor)
    return PairingStatus(id=pairing.id, status="confirmed", device=present.device(device))
