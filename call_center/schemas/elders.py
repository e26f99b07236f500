"""Elders as the API shows them: masked where a stranger could read it."""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from .common import Id, ShanghaiTime, Strict


class ElderSummary(BaseModel):
    id: str
    name_masked: str
    household_id: str


class GrantOut(BaseModel):
    """What a kiosk acts for the identified elder with: send ``token`` as the ``Onekey-Grant``
    header on every call, end it with ``POST /v1/grants/{id}/end`` (docs/central-api.md)."""

    id: str
    token: str = Field(description="the grant's secret: only in this answer, never stored")
    expires_at: ShanghaiTime
    expires_in: int = Field(description="seconds until the grant expires")


class Identified(ElderSummary):
    """The elder a kiosk (or an agent) identified; a kiosk also gets its grant."""

    grant: GrantOut | None = None


class GrantEnd(Strict):
    reason: Literal["sign_out", "idle_wipe"] = "sign_out"


class GrantStatus(BaseModel):
    id: str
    elder_id: str
    issued_at: ShanghaiTime
    expires_at: ShanghaiTime
    ended_at: ShanghaiTime | None
    end_reason: str | None
    live: bool


class ContactOut(BaseModel):
    name: str
    relation: str
    phone_masked: str
    priority: int


class PrescriptionOut(BaseModel):
    """A standing prescription an internet hospital may renew (慢病续方): no price, no insurance."""

    id: str
    medicine: str
    strength: str
    dosage: str
    quantity: str = Field(description="what one renewal gives, e.g. 28片（四周）")
    condition: str
    hospital_id: str
    hospital_name: str
    department: str
    last_visit: date = Field(description="the last visit in person; a renewal online follows it up")
    supplied_until: date | None = Field(None, description="the day the last delivered renewal lasts to")
    renewable_from: date | None = Field(
        None, description="the first day a renewal is taken (the last week of the supply); null: now")


class Favourites(BaseModel):
    hospital_id: str | None = None
    department_id: str | None = None


Theme = Literal["standard", "high_contrast", "dark"]
Locale = Literal["zh_CN", "en"]


class Preferences(BaseModel):
    speech_rate: int = Field(190, description="characters per minute (ELDER_UI: ~180–200)")
    volume: int = Field(80, description="0–100")
    font_scale: float = 1.25
    theme: Theme = "standard"
    locale: Locale = "zh_CN"


class PreferencesPatch(Strict):
    speech_rate: int | None = Field(None, ge=120, le=300)
    volume: int | None = Field(None, ge=0, le=100)
    font_scale: float | None = Field(None, ge=1.0, le=2.5)
    theme: Theme | None = None
    locale: Locale | None = None


class ElderOut(BaseModel):
    id: str
    name: str
    name_masked: str
    gender: Literal["female", "male"]
    age: int = Field(description="no birth date: beside a masked ID number it would narrow it")
    id_number_masked: str
    phone_masked: str
    district: str
    street: str
    home_address: str
    household_id: str
    hukou_shanghai: bool
    living_alone: bool
    economic_hardship: bool
    care_level: int | None
    service_package: Literal["A", "B"] | None
    contacts: list[ContactOut]
    favourites: Favourites
    health_notes: str
    preferences: Preferences
    prescriptions: list[PrescriptionOut] = Field(default_factory=list)
    preferences_set: list[str] = Field(
        default_factory=list, description="the preferences she (her family, an agent) chose; the others are "
                                          "defaults, where a device's own settings (a TV's --locale) stay")
    family_receives_slips: bool = Field(
        False, description="发给家人 reaches someone: a family member is bound to her now with a binding that "
                           "lets them see her requests (the kiosk offers it only then)")


class RequestLookupBody(Strict):
    """A kiosk identifies the person by an earlier slip: the request its QR names (signature
    checked by the kiosk) AND the last four digits of the registered phone."""

    request_id: Id
    phone_tail: str = Field(pattern=r"^[0-9]{4}$")


class LookupBody(Strict):
    """A kiosk identifies the person in front of it: the whole ID number AND the last four
    digits of the registered phone, in the body (a personal number never goes in a URL)."""

    id_number: str = Field(min_length=15, max_length=18, pattern=r"^[0-9]{15}([0-9]{2}[0-9Xx])?$")
    phone_tail: str = Field(pattern=r"^[0-9]{4}$")
