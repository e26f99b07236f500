"""Catalog shapes: hospitals, departments, slots and the taxi service area."""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from .common import Day, Id, Query, ShanghaiTime


class HospitalOut(BaseModel):
    id: str
    name: str
    short_name: str
    district: str
    address: str
    level: str


class DepartmentOut(BaseModel):
    id: str
    hospital_id: str
    name: str


class SlotOut(BaseModel):
    id: str
    hospital_id: str
    department_id: str
    doctor_name: str
    doctor_title: str
    start: ShanghaiTime
    end: ShanghaiTime
    capacity: int
    remaining: int
    fee_yuan: float


class HospitalsQuery(Query):
    district: str | None = Field(None, max_length=16)


class SlotsQuery(Query):
    hospital_id: Id | None = None
    department_id: Id | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    limit: int = Field(200, ge=1, le=500)


class ServiceArea(BaseModel):
    city: str
    districts: list[str]
