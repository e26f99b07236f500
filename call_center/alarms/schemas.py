"""Alarm, event-stream, check-in and care-task shapes (documented in /openapi.json)."""
from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from ..schemas.common import ClockTime, Id, Moment, Query, ShanghaiTime, Strict

AlarmStatus = Literal["raised", "acknowledged", "in_contact", "escalating",
                      "responders_on_site", "resolved", "cancelled"]
AlarmChannel = Literal["tv", "kiosk", "miniprogram", "phone", "console", "checkin"]
StepKind = Literal["elder_answered", "elder_silent", "called_120", "called_110", "called_119",
                   "contacted_family", "guidance", "responders_arrived", "outcome",
                   "follow_up"]


# care.KIND_WORDS: the agents' calls, and a patrol visit's follow-ups (call_center/patrols/records.py)
CareTaskKind = Literal["checkin_missed", "care_call", "follow_up", "notify", "visit_not_home",
                       "visit_contacts", "visit_unwell", "visit_family"]


class AlarmCreate(Strict):
    elder_id: Id
    channel: AlarmChannel | None = Field(
        None, description="devices: always the device's own kind; agents may say phone etc.")
    note: str | None = Field(None, max_length=500)
    pressed_at: Moment | None = Field(
        None, description="when the elder pressed, by the device's clock (an alarm sent from "
                          "the device's outbox after an outage); a time after delivery or "
                          "more than 30 days before it is taken as the delivery time")


class AlarmEventOut(BaseModel):
    seq: int
    kind: str = Field(description="raised, acknowledged, callback, contact_call, police_call, "
                                  "keep_calling, cancelled, cancel_notice, an agent step…")
    kind_word: str
    at: ShanghaiTime
    actor: str = Field(description="agent:agt_…, tv:dev_…, system:escalation …")
    note: str
    data: dict[str, Any] = Field(description="e.g. {attempt, outcome, number (masked)}")


class AlarmPartyOut(BaseModel):
    kind: Literal["contact", "family", "police", "ambulance", "fire"]
    name: str
    number_masked: str
    told_at: ShanghaiTime
    cancel_told_at: ShanghaiTime | None


class AlarmOut(BaseModel):
    id: str
    elder_id: str
    elder_name_masked: str
    household_id: str
    channel: str
    status: AlarmStatus
    status_word: str
    phase: Literal["", "callback", "contacts", "police", "keep_calling"]
    phase_word: str
    speech: str = Field(description="what the elder's screen says and speaks now")
    note: str
    raised_by: str
    raised_at: ShanghaiTime = Field(description="when the centre received it")
    pressed_at: ShanghaiTime = Field(description="when the elder pressed (device clock)")
    delivery_delay_s: int = Field(description="seconds from the press to the centre: large "
                                              "when the device was cut off and sent it later")
    acknowledged_at: ShanghaiTime | None
    acknowledged_by: str | None
    responders_at: ShanghaiTime | None
    closed_at: ShanghaiTime | None
    closed_by: str | None
    outcome: str | None
    updated_at: ShanghaiTime
    parties: list[AlarmPartyOut] = Field(description="everyone told about the alarm")
    events: list[AlarmEventOut]


class AlarmsQuery(Query):
    status: Literal["open", "all", "raised", "acknowledged", "in_contact", "escalating",
                    "responders_on_site", "resolved", "cancelled"] = "open"
    elder_id: Id | None = None
    limit: int = Field(50, ge=1, le=200)


class StepIn(Strict):
    kind: StepKind
    note: str = Field("", max_length=1000)
    outcome: str | None = Field(None, min_length=1, max_length=500,
                                description="required for kind=outcome: what happened")
    contact_priority: int | None = Field(None, ge=1, le=9,
                                         description="contacted_family: which contact")

    @model_validator(mode="after")
    def _outcome_needs_text(self) -> "StepIn":
        if self.kind == "outcome" and not self.outcome:
            raise ValueError("记录处置结果时，请写明结果（outcome）。")
        if self.kind == "guidance" and not self.note:
            raise ValueError("请写下给老人的指导内容（note）。")
        return self


class CancelIn(Strict):
    by: Literal["elder", "agent", "family"] | None = Field(
        None, description="devices always cancel as the elder (我没事)")
    note: str | None = Field(None, max_length=500)


class RefusalOut(BaseModel):
    id: int
    at: ShanghaiTime = Field(description="the first refusal of the row")
    last_at: ShanghaiTime = Field(description="the latest repeat")
    count: int = Field(description="refusals from this source, code and elder within the window")
    source: str = Field(description="the caller (tv:dev_…) or, for a token nobody holds, address:…")
    code: str
    reason: str
    caller: str
    elder_id: str
    channel: str
    remote_addr: str


class EventsQuery(Query):
    after: str | None = Field(None, max_length=20, pattern=r"^[0-9]+$",
                              description="resume token: the `next` of the last answer")
    wait: float = Field(0, ge=0, le=60, description="seconds to hold the request open "
                                                    "when nothing is new (long-poll, ≤30 used)")


class DeviceEventOut(BaseModel):
    id: str = Field(description="the event's token (also usable as `after`)")
    kind: Literal["alarm", "request", "message", "checkin", "care", "slip", "preferences"]
    at: ShanghaiTime
    elder_id: str | None
    ref_id: str
    data: dict[str, Any] = Field(description="alarm: {alarm:{id,status,status_word,phase,…}}; "
                                             "request: {request:{id,service,status,…}}; "
                                             "message: {message:{id,kind,title,body}}; "
                                             "checkin: {checkin:{date,status}}; "
                                             "slip (the family's service only: 发给家人): "
                                             "{request:{id,service,status}, by}; "
                                             "preferences (her household's devices): "
                                             "{preferences:{…}, preferences_set:[the keys she chose]}")
    speech: str = Field(description="a sentence the device may say at once ('' = nothing)")


class EventsOut(BaseModel):
    events: list[DeviceEventOut]
    next: str = Field(description="pass as `after` next time")
    reset: bool = Field(False, description="the token was from another database: the device "
                                           "should reload its state, then follow `next`")


class StreamStats(BaseModel):
    process: int = Field(description="the process that answered (a node runs several)")
    waiting: int = Field(description="polls waiting in this process now")
    latest: str = Field(description="the newest event this process's hub has read")
    log_reads: int = Field(description="reads of the event log by the hub since start")
    token_lookups: int = Field(description="token lookups by the stream since start")
    tokens_cached: int


class CheckinOut(BaseModel):
    elder_id: str
    date: date
    enrolled: bool
    status: Literal["due", "done", "missed", "not_enrolled"]
    deadline: str = Field(description="HH:MM local time")
    checked_in_at: ShanghaiTime | None
    late: bool
    prompt: str = Field(description="what the TV shows: 今天身体好吗？按确定键报平安。")
    speech: str


class CheckinIn(Strict):
    note: str | None = Field(None, max_length=200)


class CheckinSettingsIn(Strict):
    enabled: bool | None = None
    by: ClockTime | None = Field(None, description="HH:MM, the window's end")


class CareTaskOut(BaseModel):
    id: str
    elder_id: str
    elder_name_masked: str
    kind: CareTaskKind
    kind_word: str
    status: Literal["open", "done", "cancelled"]
    title: str
    detail: str
    alarm_id: str | None
    due_at: ShanghaiTime
    created_at: ShanghaiTime
    completed_at: ShanghaiTime | None
    completed_by: str | None
    result: str | None
    note: str


class CareTasksQuery(Query):
    status: Literal["open", "done", "cancelled", "all"] = "open"
    kind: CareTaskKind | None = None
    elder_id: Id | None = None
    due: bool = Field(False, description="only tasks due by now")
    limit: int = Field(100, ge=1, le=500)


class CareTaskComplete(Strict):
    result: Literal["well", "needs_help", "not_reached"]
    note: str = Field("", max_length=1000)
