"""What the addresses of a ride are to the elder: her home, the station (智慧健康驿站) a kiosk
stands in, a hospital of the catalogue. Written into the request's result beside each address
(``<base>_place``: home | station | hospital; ``<base>_name``), so every screen, slip and
voice says 目的地 上海市第六人民医院（宜山路600号） — not a street address she must recognise
(shared_ui/confirmation.py ``place_words``). An address the centre cannot name gets neither."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Device, Elder, Hospital
from .notices import at_home


def hospital_at(db: Session, address: str) -> Hospital | None:
    """The catalogue's hospital at ``address`` (the forms offer hospitals by their address)."""
    return db.scalars(select(Hospital).where(Hospital.address == address.strip())).first()


def place_of(db: Session, elder: Elder, address: str | None) -> tuple[str | None, str | None]:
    """(what the place is, its name) for one address of a ride; her home as the reminders
    tell it (:func:`notices.at_home`)."""
    where = (address or "").strip()
    if not where:
        return None, None
    if at_home(elder, where):
        return "home", None
    hospital = hospital_at(db, where)
    if hospital is not None:
        return "hospital", hospital.name
    station = db.scalars(select(Device.station).where(
        Device.station_address == where, Device.station.is_not(None))).first()
    return ("station", station) if station else (None, None)


def place_fields(db: Session, elder: Elder, **addresses: str | None) -> dict[str, Any]:
    """``pickup=…, destination=…`` → pickup_place, pickup_name, destination_place, …"""
    out: dict[str, Any] = {}
    for base, address in addresses.items():
        out[f"{base}_place"], out[f"{base}_name"] = place_of(db, elder, address)
    return out
