"""Devices as agents see them — bound or not — and unbinding one: a TV box from its household (sold,
broken, moved), a kiosk from its station. One rule for the API (``POST /v1/devices/{id}/unbind``)
and the console, so both unbind alike and both are audited.

Unbinding ends the device for good, at once:

- its token is dead from the next call on (401 ``invalid_token``): ``active`` off and the token's
  hash replaced, in the same transaction as an ``access`` row of the device event log
  (call_center/push/callers.py), so every process's token cache drops it at commit and every
  hub wakes the device's waiting poll, which ends with 401 instead of waiting out its 25 s;
- it is out of push: no poll of it is answered again, so no event reaches it;
- a kiosk's live grant and its volunteer's shift end (nobody acts through it any more).

What it started carries on: an alarm raised from it escalates to the end (the alarm desk works
from the alarm, never from the device), its requests stay the elder's. A box paired again gets
a new device and token (call_center/pairing.py); the unbound row stays, for the alarms and
requests that name it and for who unbound it, when and why.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from . import volunteers
from .auth import hash_token
from .models import Device, KioskGrant


@dataclass(frozen=True)
class Unbound:
    device: Device
    changed: bool  # False: it was unbound already (nothing changed; the first unbinding stands)


def listed(db: Session, *, household_id: str | None = None, station: str | None = None,
           kind: str | None = None, bound: bool | None = None, limit: int = 200) -> list[Device]:
    """Bound devices first (oldest binding first), then unbound ones (latest unbinding first)."""
    stmt = select(Device)
    if household_id is not None:
        stmt = stmt.where(Device.household_id == household_id)
    if station is not None:
        stmt = stmt.where(Device.station == station)
    if kind is not None:
        stmt = stmt.where(Device.kind == kind)
    if bound is not None:
        stmt = stmt.where(Device.active.is_(bound))
    rows = list(db.scalars(stmt.order_by(Device.created_at, Device.id).limit(limit)))
    return [d for d in rows if d.active] + sorted((d for d in rows if not d.active),
                                                  key=lambda d: d.unbound_at or d.created_at, reverse=True)


def unbind(db: Session, device: Device, actor: str, note: str, at: datetime) -> Unbound:
    """Unbind ``device`` (see the module doc). The caller audits it (:func:`words` says what
    happened): the API as its caller, the console as the signed-in agent."""
    if not device.active:
        return Unbound(device, False)
    device.active = False
    device.token_hash = hash_token("unbound:" + secrets.token_urlsafe(32))  # the old token names nothing
    device.unbound_at, device.unbound_by, device.unbound_note = at, actor[:64], note[:200] or None
    if device.kind == "kiosk":
        db.execute(update(KioskGrant).where(
            KioskGrant.device_id == device.id, KioskGrant.ended_at.is_(None),
            KioskGrant.expires_at > at).values(ended_at=at, end_reason="unbound"))
        volunteers.end_all(db, device.id, at)
    db.flush()
    return Unbound(device, True)


def words(device: Device) -> str:
    """What the audit log says: 电视“客厅电视”解绑：卖掉了."""
    where = f"（{device.station}）" if device.kind == "kiosk" and device.station else ""
    what = "自助机" if device.kind == "kiosk" else "电视"
    return f"{what}“{device.name}”{where}解绑" + (f"：{device.unbound_note}" if device.unbound_note else "")
