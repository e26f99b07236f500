"""Which household an enrolled elder lives in, and what happens when the roster says she
lives somewhere else now.

A household is a home and its TV. It is the roster's 户号 when it has one, else the one at the
same address in the same district — an address spelled one way (:func:`household_key`), found
by a keyed hash so the address stays sealed.

An elder on file whose roster row names another home (a new address, another 户号):

- if nobody else lives in her household, or everyone who does moves with her in this roster,
  and no household is at the new home yet, the household itself moves: its address and key
  change, and its TV stays bound to it (the family takes the box along);
- else she moves alone, into the household at her new home (made if need be); the one she
  left keeps the others and its TV. If she was its last elder, the move says so: that TV
  now raises alarms for nobody and is to be unbound (README: Binding a new TV box).

Her home's coordinates are forgotten whenever her address changes: 身边服务 measured from
her old home would send her to places near a house she left (it falls back to her street
until she is located again).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Mapping, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Device, Elder, Household
from ..models.elders import home_key
from ..sealed import number_hash


class Record(Protocol):
    """What a home is found by, of a checked roster row (records.Record: that module stores
    rows through this one, so this one names only what it reads)."""
    name: str
    id_number: str
    address: str
    district: str
    household_ref: str


@dataclass(frozen=True)
class Move:
    """An elder on file whose home changed."""
    household_moved: bool  # her household moved with her (its TV too)
    left_empty_tv: bool  # she was the last elder of the household she left, and it has a TV
    others_left: tuple[str, ...]  # the names of those who stay in the household she left

    def sentence(self, name: str) -> str:
        if self.household_moved:
            return f"{name}搬家：这一户连同电视一起改到新住址。"
        if self.others_left:
            return f"{name}搬家：归入新住址的一户；{'、'.join(self.others_left)}和电视留在原来那户。"
        if self.left_empty_tv:
            return f"{name}搬家：归入新住址的一户；原来那户已没有老人，那户的电视请在控制台解绑。"
        return f"{name}搬家：归入新住址的一户。"


def household_key(district: str, address: str) -> str:
    """Where she lives, one spelling for one home (:func:`call_center.models.elders.home_key`)."""
    return home_key(district, address)


@dataclass(frozen=True)
class Place:
    """Where a record puts her: the household with its 户号, or without one the household at
    its home (whatever made that household and whatever its ref)."""
    ref: str
    home_hash: str

    def holds(self, household: Household) -> bool:
        return household.ref == self.ref if self.ref else household.home_hash == self.home_hash


def place_of(db: Session, record: "Record") -> Place:
    return Place(record.household_ref, number_hash(db, home_key(record.district, record.address)))


def household_at(db: Session, place: Place) -> Household | None:
    if place.ref:
        return db.scalar(select(Household).where(Household.ref == place.ref))
    return db.scalars(select(Household).where(Household.home_hash == place.home_hash)
                      .order_by(Household.created_at, Household.id)).first()


def new_household(record: "Record") -> Household:
    """A household for ``record`` (not added): its 户号, else a ref of its own — never made
    from the address, which may change (a household moves) or be hashed anew (key rotation)."""
    return Household(ref=record.household_ref or f"addr-{uuid.uuid4().hex}", name=f"{record.name}家",
                     address=record.address, district=record.district)


def household_for(db: Session, record: "Record") -> Household:
    """The household a new elder joins: the one at her 户号 or home, or a new one (not added)."""
    return household_at(db, place_of(db, record)) or new_household(record)


def rehome(db: Session, elder: Elder, record: "Record",
           roster: Mapping[str, "Record"] | None = None) -> Move | None:
    """Put an elder on file where ``record`` says she lives (before her row is written over);
    ``roster``: the other records stored with hers, by ID number (who moves with her)."""
    if home_key(elder.district, elder.home_address) != home_key(record.district, record.address):
        elder.home_lat = elder.home_lon = None
    current = elder.household
    place = place_of(db, record)
    if place.holds(current):
        if elder.home_address != record.address and all(
                e is elder or e.home_address == record.address for e in current.elders):
            current.address, current.district = record.address, record.district
        return None
    others = [e for e in current.elders if e is not elder]
    target = household_at(db, place)
    with_her = all(roster is not None and (r := roster.get(e.id_number)) is not None
                   and place_of(db, r) == place for e in others)
    if target is None and with_her:
        current.address, current.district = record.address, record.district
        current.ref = place.ref or current.ref
        return Move(household_moved=True, left_empty_tv=False, others_left=())
    if target is None:
        target = new_household(record)
        db.add(target)
        db.flush()
    elder.household = target
    left_tv = not others and bool(db.scalar(select(func.count()).select_from(Device).where(
        Device.household_id == current.id, Device.active.is_(True))))
    return Move(household_moved=False, left_empty_tv=left_tv, others_left=tuple(e.name for e in others))


def living_with(db: Session, record: "Record", roster: Mapping[str, "Record"] | None = None) -> list[str]:
    """The names of the elders on file a new elder will share her household with — those
    the roster does not move elsewhere. Empty for an elder already on file (the roster's own
    rows are checked against each other when it is read)."""
    if db.scalar(select(Elder.id).where(Elder.id_number_hash == number_hash(db, record.id_number))):
        return []
    place = place_of(db, record)
    household = household_at(db, place)
    if household is None:
        return []
    return [e.name for e in household.elders
            if roster is None or (r := roster.get(e.id_number)) is None or place_of(db, r) == place]


def alone_problem(names: list[str]) -> str:
    return f"选了独居，但这个住址（或户号）已有{'、'.join(names)}的档案，同住一户：请核对独居或住址。"
