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

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Device, Elder, Household
from ..sealed import number_hash

if TYPE_CHECKING:
    from .records import Record


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
    """Where she lives, one spelling for one home: the district, then the address without
    spaces, full-width digits folded, and without the city and district written before it
    (上海市长宁区仙霞路１００弄 and 仙霞路100弄 in 长宁区 are one home)."""
    where = re.sub(r"\s+", "", unicodedata.normalize("NFKC", address or ""))
    where = re.sub(r"^上海市?", "", where)
    where = where.removeprefix(district)
    return f"{district}|{where}"


def household_ref(db: Session, record: "Record") -> str:
    return record.household_ref or "addr-" + number_hash(db, household_key(record.district, record.address))[:40]


def household_for(db: Session, record: "Record") -> Household:
    """The household a new elder joins: the one at her 户号 or home, or a new one (not added)."""
    ref = household_ref(db, record)
    found = db.scalar(select(Household).where(Household.ref == ref))
    return found or Household(ref=ref, name=f"{record.name}家", address=record.address,
                              district=record.district)


def rehome(db: Session, elder: Elder, record: "Record",
           roster: Mapping[str, "Record"] | None = None) -> Move | None:
    """Put an elder on file where ``record`` says she lives (before her row is written over);
    ``roster``: the other records stored with hers, by ID number (who moves with her)."""
    if household_key(elder.district, elder.home_address) != household_key(record.district, record.address):
        elder.home_lat = elder.home_lon = None
    current = elder.household
    ref = household_ref(db, record)
    if current.ref == ref:
        if elder.home_address != record.address and all(
                e is elder or e.home_address == record.address for e in current.elders):
            current.address, current.district = record.address, record.district
        return None
    others = [e for e in current.elders if e is not elder]
    target = db.scalar(select(Household).where(Household.ref == ref))
    with_her = all(roster is not None and (r := roster.get(e.id_number)) is not None
                   and household_ref(db, r) == ref for e in others)
    if target is None and with_her:
        current.ref, current.address, current.district = ref, record.address, record.district
        return Move(household_moved=True, left_empty_tv=False, others_left=())
    if target is None:
        target = Household(ref=ref, name=f"{record.name}家", address=record.address, district=record.district)
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
    ref = household_ref(db, record)
    household = db.scalar(select(Household).where(Household.ref == ref))
    if household is None:
        return []
    return [e.name for e in household.elders
            if roster is None or (r := roster.get(e.id_number)) is None or household_ref(db, r) == ref]


def alone_problem(names: list[str]) -> str:
    return f"选了独居，但这个住址（或户号）已有{'、'.join(names)}的档案，同住一户：请核对独居或住址。"
