"""A district's worth of households for benchmarks: each with one elder (living alone, two
emergency contacts) and one TV box, added to a seeded centre database through the ORM; and
family members (亲友代办) bound to some of them, as the mini-program's back end would sign
them in."""
from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Home:
    household_id: str
    elder_id: str
    token: str


def seeded_database(db_url: str):  # noqa: ANN201  (call_center.db.Database)
    """Migrate and seed the demo into ``db_url`` (a temp SQLite file or a PostgreSQL URL)."""
    sys.path.insert(0, str(ROOT))
    from call_center.app import create_app
    from call_center.demo_data import seed

    app = create_app({"db_url": db_url, "alarm_worker": False})
    database = app.extensions["onekey"].db
    seed(database)
    return database


def add_homes(database, count: int, tag: str, district: str = "普陀区") -> list[Home]:  # noqa: ANN001
    from call_center.auth import hash_token
    from call_center.models import Contact, Device, Elder, Household
    from call_center.models.ids import new_id

    homes: list[Home] = []
    for start in range(0, count, 1000):
        with database.session(write=True) as s:
            batch = []
            for i in range(start, min(count, start + 1000)):
                hh = Household(id=new_id("hh"), ref=f"bench-{tag}-{i}", name=f"压测{i}家",
                               address=f"上海市{district}压测路{i}号", district=district)
                elder = Elder(id=new_id("eld"), household_id=hh.id, name=f"压测老人{i}", gender="female",
                              birth_date=date(1940, 5, 1),
                              id_number=f"{uuid.uuid4().int % 10**18:018d}",
                              phone=f"139{i:08d}", home_address=hh.address, district=district,
                              street="长风新村街道", living_alone=True, preferences={})
                elder.contacts = [Contact(name=f"家属{i}{k}", relation="女儿",
                                          phone=f"13{k}{i:08d}9"[:11], priority=k)
                                  for k in (1, 2)]
                token = f"bench-{tag}-{i}-{uuid.uuid4().hex}"
                batch.append((hh, elder, token))
            s.add_all([hh for hh, _e, _t in batch])
            s.flush()  # households first: devices name them by id only
            for hh, elder, token in batch:
                s.add_all([elder, Device(kind="tv", name=f"压测电视{elder.name[4:]}",
                                         household_id=hh.id, token_hash=hash_token(token))])
            s.flush()
            for hh, elder, token in batch:
                homes.append(Home(hh.id, elder.id, token))
            s.commit()
    return homes


@dataclass(frozen=True)
class Family:
    elder_id: str
    token: str  # the family token the mini-program's back end holds for the member


def add_families(database, homes: list[Home], tag: str) -> list[Family]:  # noqa: ANN001
    """One member for each home, bound with every permission (an agent confirmed it after a
    call), each with a live family token."""
    from datetime import datetime, timedelta, timezone

    from call_center.auth import hash_token
    from call_center.models.family import Binding, FamilyAccount, FamilyToken

    at = datetime.now(timezone.utc)
    families: list[Family] = []
    with database.session(write=True) as s:
        for i, home in enumerate(homes):
            member = FamilyAccount(provider="wechat", subject=f"o-bench-{tag}-{i}", name=f"家属{i}",
                                   phone=f"137{i:08d}")
            s.add(member)
            s.flush()
            s.add(Binding(family_id=member.id, elder_id=home.elder_id, relation="女儿",
                          permissions=["view", "book", "alerts"], status="active", started_via="agent",
                          answered_at=at, answered_by="agent:bench"))
            token = f"fam.bench-{tag}-{i}-{uuid.uuid4().hex}"
            s.add(FamilyToken(token_hash=hash_token(token), family_id=member.id, issued_by="service:bench",
                              created_at=at, expires_at=at + timedelta(hours=12)))
            families.append(Family(home.elder_id, token))
        s.commit()
    return families
