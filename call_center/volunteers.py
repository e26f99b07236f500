"""Volunteers: PINs (scrypt, salted: a PIN is short, so its hash must be slow to guess), signing
in at a kiosk of their own station, and whether one may be named as the helper of a request
filed at that kiosk now. Misses are rate-limited per kiosk (call_center/rate_limits.py)."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .clock import now
from .models import Device, Volunteer, VolunteerShift

SHIFT_HOURS = 8
_N, _R, _P = 2 ** 14, 8, 1


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        _scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    return hmac.compare_digest(hash_pin(pin, bytes.fromhex(salt)).split("$")[2], digest)


def add_volunteer(db: Session, name: str, station: str, pin: str, phone: str | None = None) -> Volunteer:
    volunteer = Volunteer(name=name, station=station, pin_hash=hash_pin(pin), phone=phone)
    db.add(volunteer)
    db.flush()
    return volunteer


def sign_in(db: Session, device: Device, pin: str) -> VolunteerShift | None:
    """The shift of the station's volunteer with this PIN, or None. Every active volunteer of
    the station is tried (hashes are salted: no lookup by PIN), so the cost is the same for a
    miss; the kiosk's earlier shifts end (one volunteer at a kiosk at a time)."""
    if not device.station:
        return None
    found = None
    for volunteer in db.scalars(select(Volunteer).where(Volunteer.station == device.station,
                                                        Volunteer.active.is_(True))):
        if pin_matches(pin, volunteer.pin_hash) and found is None:
            found = volunteer
    if found is None:
        return None
    moment = now()
    end_all(db, device.id, moment)
    shift = VolunteerShift(volunteer_id=found.id, device_id=device.id, started_at=moment,
                           ends_at=moment + timedelta(hours=SHIFT_HOURS))
    db.add(shift)
    db.flush()
    return shift


def end_all(db: Session, device_id: str, moment=None) -> None:
    db.execute(update(VolunteerShift).where(VolunteerShift.device_id == device_id,
                                            VolunteerShift.ended_at.is_(None))
               .values(ended_at=moment or now()))


def on_shift(db: Session, device_id: str, volunteer_id: str) -> bool:
    """Is this volunteer signed in at this kiosk now?"""
    moment = now()
    return db.scalar(select(VolunteerShift.id).where(
        VolunteerShift.device_id == device_id, VolunteerShift.volunteer_id == volunteer_id,
        VolunteerShift.ended_at.is_(None), VolunteerShift.ends_at > moment)) is not None
