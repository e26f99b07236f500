"""Places near an elder (身边服务, seed 000 §三(二)3(5)): 助餐点, 老年大学, 社区养老机构 — a
district's catalog, each with where it is, so the nearest to her home comes first."""
from __future__ import annotations

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base

KIND_WORDS = {"meal_point": "助餐点", "elder_university": "老年大学", "care_centre": "社区养老机构"}


class Resource(Base):
    __tablename__ = "resources"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # KIND_WORDS
    name: Mapped[str] = mapped_column(String(40))
    district: Mapped[str] = mapped_column(String(16))
    street: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(100))  # within the district: 虹古路180号
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    hours: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)  # one sentence an elder hears
    position: Mapped[int] = mapped_column(Integer, default=0)
