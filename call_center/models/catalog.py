"""Hospitals, departments and dated slots: the centre's mirror of the registration platform."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import partial

from sqlalchemy import ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UtcDateTime
from .ids import new_id


class Hospital(Base):
    __tablename__ = "hospitals"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "hos"))
    name: Mapped[str] = mapped_column(String(64), unique=True)
    short_name: Mapped[str] = mapped_column(String(32))
    district: Mapped[str] = mapped_column(String(16), index=True)
    address: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))

    departments: Mapped[list["Department"]] = relationship(
        back_populates="hospital", order_by="Department.position")


class Department(Base):
    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("hospital_id", "name"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "dep"))
    hospital_id: Mapped[str] = mapped_column(ForeignKey("hospitals.id"), index=True)
    name: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)

    hospital: Mapped[Hospital] = relationship(back_populates="departments")


class Slot(Base):
    __tablename__ = "slots"
    __table_args__ = (UniqueConstraint("department_id", "doctor_name", "start"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "slt"))
    hospital_id: Mapped[str] = mapped_column(ForeignKey("hospitals.id"), index=True)
    department_id: Mapped[str] = mapped_column(ForeignKey("departments.id"), index=True)
    doctor_name: Mapped[str] = mapped_column(String(32))
    doctor_title: Mapped[str] = mapped_column(String(16))
    start: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    end: Mapped[datetime] = mapped_column(UtcDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)
    fee_yuan: Mapped[Decimal] = mapped_column(Numeric(8, 2))

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)
