"""身边服务 (seed 000 §三(二)3(5): 老年人身边的助餐点、老年大学、社区养老机构): the places of a
kind nearest to an elder's home, by great-circle distance. An elder whose home is not located
yet gets those of her street first, then of the rest of her district, with no distance said —
never a distance made up, and never a place of another district offered as if it were near
(none in her district: none, and the channel says so and offers 找人工)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Elder, Resource

EARTH_RADIUS_M = 6_371_000
NEAREST = 6  # a screen's worth at most (MIIT 适老化: few choices)


def metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Haversine distance in whole metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(math.sqrt(a)))


def distance_words(metres: int | None) -> str:
    """约300米 / 约1.2公里 (rounded as people say it); '' when not known."""
    if metres is None:
        return ""
    hundreds = int(metres / 100 + 0.5)  # half up, as people round
    if hundreds < 10:
        return f"约{max(1, hundreds) * 100}米"
    return f"约{hundreds / 10:g}公里"


@dataclass(frozen=True)
class Place:
    resource: Resource
    metres: int | None


def nearest(db: Session, elder: Elder, kind: str, limit: int = NEAREST) -> list[Place]:
    rows = list(db.scalars(select(Resource).where(Resource.kind == kind).order_by(Resource.position)))
    if elder.home_lat is not None and elder.home_lon is not None:
        found = [Place(r, metres_between(elder.home_lat, elder.home_lon, r.lat, r.lon)) for r in rows]
        found.sort(key=lambda p: (p.metres, p.resource.position))
    else:
        found = [Place(r, None) for r in rows if r.district == elder.district]
        found.sort(key=lambda p: (p.resource.street != elder.street, p.resource.position))
    return found[:limit]


def about(r: Resource) -> dict[str, str]:
    """What a call-back about a place shows beside its form (咨询服务's confirmation facts)."""
    return {"topic_label": r.name, "resource_name": r.name, "resource_address": f"{r.district}{r.address}",
            "hours": r.hours, "resource_phone": r.phone}
