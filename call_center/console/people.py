"""Elders and actors as the console shows them: the profile an agent needs on a call
(seed 000 §三(一)3: address, condition, contacts) with phone and ID numbers masked."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from personal_data.masking import mask_id_number, mask_name, mask_phone

from ..clock import today
from ..models import Agent, Elder, ServiceRequest
from ..clock import age_on
from . import labels


@dataclass(frozen=True)
class ContactView:
    id: str
    name: str
    relation: str
    phone_masked: str
    priority: int


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    name_masked: str
    gender: str
    age: int
    birth_date: date
    id_number_masked: str
    phone_masked: str
    home_address: str
    district: str
    street: str
    household: str
    hukou_shanghai: bool
    living_alone: bool
    economic_hardship: bool
    care_level: int | None
    service_package: str
    health_notes: str
    contacts: list[ContactView]


def profile(elder: Elder) -> Profile:
    return Profile(
        id=elder.id, name=elder.name, name_masked=mask_name(elder.name),
        gender=labels.GENDER_WORDS.get(elder.gender, elder.gender),
        age=age_on(elder.birth_date, today()), birth_date=elder.birth_date,
        id_number_masked=mask_id_number(elder.id_number), phone_masked=mask_phone(elder.phone),
        home_address=elder.home_address, district=elder.district, street=elder.street,
        household=elder.household.name, hukou_shanghai=elder.hukou_shanghai,
        living_alone=elder.living_alone, economic_hardship=elder.economic_hardship,
        care_level=elder.care_level,
        service_package=labels.SERVICE_PACKAGE_WORDS.get(elder.service_package or "", "无"),
        health_notes=elder.health_notes,
        contacts=[ContactView(c.id, c.name, c.relation, mask_phone(c.phone), c.priority)
                  for c in sorted(elder.contacts, key=lambda c: c.priority)])


def housemates(elder: Elder) -> list[Profile]:
    """The other elders of ``elder``'s household. A TV box is shared by the household and an
    alarm from it names the elder it was bound to: the one who pressed may be a housemate."""
    return [profile(e) for e in elder.household.elders if e.id != elder.id]


def agent_names(db: Session, actors: Iterable[str]) -> dict[str, str]:
    ids = {a.split(":", 1)[1] for a in actors if a.startswith("agent:")}
    if not ids:
        return {}
    return {agent_id: name for agent_id, name in
            db.execute(select(Agent.id, Agent.name).where(Agent.id.in_(ids)))}


@dataclass(frozen=True)
class EventView:
    at: datetime
    what: str
    actor: str
    note: str


def events_with_names(db: Session, req: ServiceRequest) -> list[EventView]:
    names = agent_names(db, (e.actor for e in req.events))
    return [EventView(e.at, labels.status(e.status), labels.actor(e.actor, names), e.note)
            for e in req.events]
