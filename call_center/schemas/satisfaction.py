"""Complaint shapes (投诉 / 异议 about a provider's service)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .common import ShanghaiTime, Strict

Reason = Literal["late", "rude", "wrong_fee", "other"]


class ComplaintIn(Strict):
    reasons: list[Reason] = Field(default_factory=list, max_length=4, description=(
        "what was wrong, from a fixed list (没按时来 late, 态度不好 rude, 收费不对 wrong_fee, 其他 other)"))
    call_back: bool = Field(False, description="请人工回电: an agent calls her about it")
    note: str = Field("", max_length=500, description="what an agent heard on the phone (agents only)")


class ComplaintOut(BaseModel):
    id: str
    request_id: str
    elder_id: str
    service: str
    provider: str | None
    source: Literal["return_visit", "elder", "agent"]
    channel: str
    reasons: list[str]
    reasons_words: str
    call_back: bool
    status: Literal["open", "closed"]
    status_word: str
    filed_at: ShanghaiTime
    outcome: str | None
    closed_at: ShanghaiTime | None
    speech: str = Field(description="what the channel says back when it was filed, or its outcome")


class ComplaintCloseIn(Strict):
    outcome: str = Field(min_length=1, max_length=300, description="处理结果: the elder is told it as a message")
