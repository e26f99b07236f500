"""Patrol visits (巡视探访): plans, visits and their records, the month's supervision."""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from .common import Day, Id, Moment, Query, ShanghaiTime, Strict

Health = Literal["good", "fair", "unwell"]
Home = Literal["safe", "untidy", "hazard"]
Need = Literal["meals", "cleaning", "bathing", "medical", "repair"]
FollowUp = Literal["call_family", "service"]


class VisitorOut(BaseModel):
    kind: Literal["volunteer", "staff"]
    id: str
    name: str
    provider: str = Field(description="the volunteer's station, or 服务商 for the provider's staff")
    phone: str = Field(description="whole: agents and the elder's own screens; empty when unknown")


class VisitPlanOut(BaseModel):
    elder_id: str
    enrolled: bool
    per_month: int
    by_rule: bool = Field(description="no agent has set it: 80+ living alone or hardship (seed 001 §三(一)1)")
    reason: str
    visitor: VisitorOut | None = None


class VisitPlanIn(Strict):
    enabled: bool
    per_month: Literal[1, 2, 4] = 1
    visitor_kind: Literal["volunteer", "staff"] | None = None
    visitor_id: Id | None = None


class VisitOut(BaseModel):
    id: str
    elder_id: str
    planned_on: date
    due_by: date = Field(description="the last day of the plan's period: later is missed")
    status: Literal["planned", "visited", "not_home", "cancelled"]
    status_word: str
    overdue: bool
    visitor_kind: str | None = None
    visitor_name: str = ""
    provider: str = ""
    visited_at: ShanghaiTime | None = None
    health: Health | None = None
    home: Home | None = None
    needs: list[Need] = []
    summary: str = Field("", description="在家，身体很好，整洁安全 — one line of the record")
    note: str = ""


class VisitRecordIn(Strict):
    visited_at: Moment
    found_home: bool
    health: Health | None = None
    home: Home | None = None
    needs: list[Need] = Field(default_factory=list, max_length=5)
    follow_ups: list[FollowUp] = Field(default_factory=list, max_length=2)
    note: str = Field("", max_length=500)


class VisitRecordOut(BaseModel):
    visit: VisitOut
    led_to: list[str] = Field(description="what the record set going, in an agent's words")


class VisitsQuery(Query):
    status: Literal["planned", "visited", "not_home", "cancelled", "all"] = "planned"
    overdue: bool = False
    elder_id: Id | None = None
    limit: int = Field(100, ge=1, le=500)


class SupervisionQuery(Query):
    month: Day = Field(description="any day of the month, e.g. 2026-12-01")


class SupervisionRow(BaseModel):
    street: str
    provider: str
    planned: int
    done: int
    on_time: int
    not_home: int
    missed: int


class SupervisionOut(BaseModel):
    month: str
    rows: list[SupervisionRow]
    total: SupervisionRow
