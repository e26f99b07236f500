"""Households, elders and their emergency contacts (eligibility facts per seed 002 §一、§二)."""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import partial

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..clock import now
from ..db import Base, UtcDateTime
from ..sealed import Sealed, keys_of
from .ids import new_id


def home_key(district: str, address: str) -> str:
    """Where a household lives, one spelling for one home: the district, then the address
    without spaces, full-width digits folded, without the city and district written before it
    (上海市长宁区仙霞路１００弄 and 仙霞路100弄 in 长宁区 are one home). Its keyed hash is
    :attr:`Household.home_hash`."""
    where = re.sub(r"\s+", "", unicodedata.normalize("NFKC", address or ""))
    where = re.sub(r"^上海市?", "", where)
    where = where.removeprefix(district or "")
    return f"{district}|{where}"


class Household(Base):
    __tablename__ = "households"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "hh"))
    # A stable external reference (e.g. the district platform's file number; demo-* for seeds).
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(Sealed)  # where the family lives: sealed at rest
    district: Mapped[str] = mapped_column(String(16))
    # The keyed hash of home_key(district, address): a household is found by its home whatever
    # made it (a roster, the console, an 一键通 application, the demo) and whatever its ref.
    home_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)

    elders: Mapped[list["Elder"]] = relationship(back_populates="household", order_by="Elder.created_at")


class Elder(Base):
    __tablename__ = "elders"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "eld"))
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    name: Mapped[str] = mapped_column(String(32))
    gender: Mapped[str] = mapped_column(String(8))  # "female" | "male"
    birth_date: Mapped[date] = mapped_column(Date)
    # The full number is kept only to identify an elder at a kiosk; the API shows it masked.
    # Both numbers are sealed at rest and found by their keyed hashes (call_center/sealed.py).
    id_number: Mapped[str] = mapped_column(Sealed)
    id_number_hash: Mapped[str] = mapped_column(String(64), unique=True)
    phone: Mapped[str] = mapped_column(Sealed)
    phone_hash: Mapped[str] = mapped_column(String(64), index=True)
    home_address: Mapped[str] = mapped_column(Sealed)  # where she lives: sealed at rest
    district: Mapped[str] = mapped_column(String(16))
    street: Mapped[str] = mapped_column(String(32))
    hukou_shanghai: Mapped[bool] = mapped_column(Boolean, default=True)
    living_alone: Mapped[bool] = mapped_column(Boolean, default=False)
    economic_hardship: Mapped[bool] = mapped_column(Boolean, default=False)
    care_level: Mapped[int | None] = mapped_column(Integer)  # 统一需求评估 照护等级 1–6
    # Facts policies are decided by (seed 003); None = the centre does not know (never guessed).
    severe_disability: Mapped[bool | None] = mapped_column(Boolean)  # 重度残疾
    owns_home: Mapped[bool | None] = mapped_column(Boolean)  # 住房产权或长期使用权 (适老化改造)
    # Where home is (WGS-84), for the places nearest to it (身边服务); None = not located yet.
    home_lat: Mapped[float | None] = mapped_column(Float)
    home_lon: Mapped[float | None] = mapped_column(Float)
    service_package: Mapped[str | None] = mapped_column(String(1))  # seed 002 附件: "A" | "B"
    favourite_hospital_id: Mapped[str | None] = mapped_column(ForeignKey("hospitals.id"))
    favourite_department_id: Mapped[str | None] = mapped_column(ForeignKey("departments.id"))
    # Health (sensitive personal information): sealed at rest, like the numbers and address.
    health_notes: Mapped[str] = mapped_column(Sealed, default="")
    preferences: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=now)
    # Versions answered as ETags (call_center/versions.py): the profile's changes with every
    # write to the elder or their contacts, the contacts' with every write to the list.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    contacts_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    household: Mapped[Household] = relationship(back_populates="elders")
    contacts: Mapped[list["Contact"]] = relationship(
        back_populates="elder", order_by="Contact.priority", cascade="all, delete-orphan")
    # Standing prescriptions an internet hospital may renew (慢病续方, models/prescriptions.py).
    prescriptions: Mapped[list["Prescription"]] = relationship(  # noqa: F821
        order_by="Prescription.position", cascade="all, delete-orphan")


class Contact(Base):
    """Emergency contacts, called in ``priority`` order (1 first) — seed 000 §三(一)3."""

    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "ct"))
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    name: Mapped[str] = mapped_column(String(32))
    relation: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str] = mapped_column(Sealed)
    phone_hash: Mapped[str] = mapped_column(String(64), index=True)
    priority: Mapped[int] = mapped_column(Integer)

    elder: Mapped[Elder] = relationship(back_populates="contacts")


@event.listens_for(Session, "before_flush")
def _hash_personal_numbers(session: Session, _context: object, _instances: object) -> None:
    """Every elder and contact written gets the keyed hashes of its numbers, so a lookup by
    number finds exactly what is stored, however the row was made."""
    rows = [o for o in (*session.new, *session.dirty) if isinstance(o, (Elder, Contact, Household))]
    if not rows:
        return
    keys = keys_of(session.get_bind().dialect)
    for home in [r for r in rows if isinstance(r, Household)]:
        home.home_hash = keys.lookup_hash(home_key(home.district, home.address))
    rows = [r for r in rows if not isinstance(r, Household)]
    for row in rows:
        row.phone_hash = keys.lookup_hash(row.phone or "")
        if isinstance(row, Elder):
            row.id_number_hash = keys.lookup_hash(row.id_number or "")
