"""An elder's standing prescriptions (长期处方): what 慢病续方 renews.

Each row is a medicine a doctor of an offline hospital prescribed for a chronic condition and
that an internet hospital may renew (seed 000 §三(二)1(1)); the date of the last visit in
person is kept because a renewal online is a 复诊 of that visit, and a doctor asks for a new
visit when it is long ago. What one renewal gives lasts ``supply_days``; a delivery sets
``supplied_until``, and a new renewal is taken only in the last week of it (the courier's days
and a weekend): the same pills renewed minutes after they came would be a second supply.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base
from .catalog import Hospital
from .ids import new_id

RENEW_AHEAD_DAYS = 7  # a renewal in the last week of the supply: the review, the courier, a weekend


class Prescription(Base):
    __tablename__ = "prescriptions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=partial(new_id, "rx"))
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.id"), index=True)
    medicine: Mapped[str] = mapped_column(String(64))  # 苯磺酸氨氯地平片
    strength: Mapped[str] = mapped_column(String(32))  # 5mg
    dosage: Mapped[str] = mapped_column(String(64))  # 每天一次，每次一片
    quantity: Mapped[str] = mapped_column(String(32))  # what one renewal gives: 28片（四周）
    condition: Mapped[str] = mapped_column(String(32))  # 高血压
    hospital_id: Mapped[str] = mapped_column(ForeignKey("hospitals.id"))
    department: Mapped[str] = mapped_column(String(32))
    last_visit: Mapped[date] = mapped_column(Date)  # the last visit in person
    position: Mapped[int] = mapped_column(Integer, default=0)
    supply_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")  # one renewal lasts
    supplied_until: Mapped[date | None] = mapped_column(Date, nullable=True)  # the last delivery lasts to

    def renewable_from(self) -> date | None:
        """The first day a renewal is taken; None when it is taken now (nothing delivered yet)."""
        if self.supplied_until is None:
            return None
        return self.supplied_until - timedelta(days=RENEW_AHEAD_DAYS)

    hospital: Mapped[Hospital] = relationship(lazy="joined")
