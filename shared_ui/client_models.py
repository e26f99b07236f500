"""What the client returns: the contract's shapes (docs/central-api.md), read tolerantly.

Unknown fields are kept (``extra="allow"``) so a newer centre never breaks an older TV box.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Tolerant(BaseModel):
    model_config = ConfigDict(extra="allow")

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class Contact(Tolerant):
    name: str
    relation: str | None = None
    phone_masked: str | None = None
    priority: int = 1


class Favourites(Tolerant):
    hospital_id: str | None = None
    department_id: str | None = None


class Preferences(Tolerant):
    speech_rate: str | int | float | None = None
    volume: float | int | str | None = None
    font_scale: float | None = None
    theme: str | None = None
    locale: str | None = None


class Elder(Tolerant):
    id: str
    name: str | None = None
    name_masked: str | None = None
    phone_masked: str | None = None
    home_address: str | None = None
    district: str | None = None
    household_id: str | None = None
    contacts: list[Contact] = Field(default_factory=list)
    favourites: Favourites = Field(default_factory=Favourites)
    preferences: Preferences = Field(default_factory=Preferences)


class Hospital(Tolerant):
    id: str
    name: str
    short_name: str | None = None
    district: str | None = None
    address: str | None = None
    level: str | None = None


class Department(Tolerant):
    id: str
    hospital_id: str | None = None
    name: str


class Slot(Tolerant):
    id: str
    hospital_id: str | None = None
    department_id: str | None = None
    doctor_name: str | None = None
    doctor_title: str | None = None
    start: str
    end: str | None = None
    capacity: int | None = None
    remaining: int = 0
    fee_yuan: float | None = None


class RequestEvent(Tolerant):
    status: str
    at: str
    actor: str | None = None
    note: str | None = None


class Failure(Tolerant):
    code: str
    message: str


class ServiceRequest(Tolerant):
    id: str
    elder_id: str
    service: str
    mode: str
    channel: str | None = None
    status: str
    form: dict[str, Any] = Field(default_factory=dict)
    result: dict[str, Any] | None = None
    failure: Failure | None = None
    created_at: str | None = None
    updated_at: str | None = None
    events: list[RequestEvent] = Field(default_factory=list)
    form_labels: dict[str, str] = Field(default_factory=dict)  # hospital_id → its name
    # A registration: the open trips to its visit ({id, service, words}), offered to cancel with it.
    linked: list[dict[str, Any]] = Field(default_factory=list)


class Message(Tolerant):
    id: str
    elder_id: str | None = None
    kind: str
    title: str
    body: str
    speech: str | None = None
    request_id: str | None = None
    created_at: str | None = None
    due_at: str | None = None
    read_at: str | None = None
