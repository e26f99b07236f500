"""Binding a TV box to a household: one rule for the API (``POST /v1/pairings/{code}/confirm``)
and the agent console (the elder's page), so both refuse and bind alike."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .auth import hash_token
from .centre import centre
from .clock import now
from .errors import ApiError
from .models import Device, Household, Pairing

CODE_WRONG = "配对码不对或者已经过期了，请让电视重新显示配对码。"
TOO_MANY = "这户人家今天已经绑定了{n}台电视，明天再绑定，或请值班长核实。"


def confirm(db: Session, code: str, household: Household, actor: str) -> tuple[Pairing, Device]:
    """The box showing ``code`` becomes the household's device; its token is handed over once,
    on the box's next poll."""
    pairing = db.scalar(select(Pairing).where(
        Pairing.code == code, Pairing.status == "pending", Pairing.expires_at > now()))
    if pairing is None:
        raise ApiError("not_found", CODE_WRONG, fields={"code": CODE_WRONG})
    # A mistyped code binds a stranger's box to the household: a few boxes a day at most.
    limit = centre().settings.pairing_limit_per_household
    bound_today = db.scalar(select(func.count()).select_from(Pairing).join(
        Device, Device.id == Pairing.device_id).where(
        Device.household_id == household.id, Pairing.status == "confirmed",
        Pairing.confirmed_at > now() - timedelta(days=1))) or 0
    if bound_today >= limit:
        message = TOO_MANY.format(n=bound_today)
        raise ApiError("rate_limited", message, fields={"code": message})
    token = secrets.token_urlsafe(32)
    device = Device(kind=pairing.kind, name=pairing.name, household_id=household.id,
                    token_hash=hash_token(token))
    db.add(device)
    db.flush()
    pairing.status = "confirmed"
    pairing.device_id = device.id
    pairing.token_once = token
    pairing.confirmed_at = now()
    pairing.confirmed_by = actor
    db.flush()
    return pairing, device
