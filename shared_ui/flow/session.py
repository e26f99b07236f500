"""Session state the flow engine walks: a stack of frames, one per screen the elder can go back to."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paging:
    """How many choices one screen of a kind holds: all of them when there are at most
    ``fits``; else ``page_size`` a page with 上一页/下一页. A channel with little room (a TV at
    a large font scale) asks for less; the spec's limit of six is the most any screen shows."""

    fits: int = 6
    page_size: int = 4

    def __post_init__(self) -> None:
        if not 1 <= self.page_size <= self.fits <= 6:
            raise ValueError(f"paging needs 1 ≤ page_size ≤ fits ≤ 6, got {self}")


@dataclass
class Frame:
    """One level of the back stack. ``pending`` maps intent ids to what they load."""

    kind: str
    focus: str | None = None
    pending: dict[str, str] = field(default_factory=dict)
    busy_speech: str | None = None


@dataclass
class MenuFrame(Frame):
    menu_id: str = "home"


@dataclass
class FormFrame(Frame):
    service_id: str = ""
    mode: str = "self"
    index: int = 0
    stage: str = "field"  # field | review | submitting
    values: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    loaded: dict[str, dict[str, Any]] = field(default_factory=dict)  # field id -> {op: data}
    auto: bool = False  # still resolving defaults without asking
    reached_review_directly: bool = False
    idempotency_key: str | None = None  # one per confirmed action, reused on retry
    focus_by_field: dict[str, str] = field(default_factory=dict)
    page_by_field: dict[str, int] = field(default_factory=dict)
    elder: dict[str, Any] | None = None  # whom it is for, when not the session's elder


@dataclass
class WhoFrame(Frame):
    """A device shared by a household of several elders: whom a service is for, asked before
    its form so the form's defaults are that elder's own (home, favourite hospital)."""

    service_id: str = ""


@dataclass
class ListFrame(Frame):
    list_kind: str = "requests"  # requests | messages
    records: list[dict] = field(default_factory=list)
    page: int = 0
    loaded: bool = False


@dataclass
class DetailFrame(Frame):
    detail_kind: str = "request"  # request | message
    record: dict = field(default_factory=dict)
    idempotency_key: str | None = None


@dataclass
class ConfirmFrame(Frame):
    purpose: str = "cancel_request"
    record: dict = field(default_factory=dict)
    idempotency_key: str | None = None


@dataclass
class ResultFrame(Frame):
    service_id: str = ""
    record: dict = field(default_factory=dict)


@dataclass
class NoticeFrame(Frame):
    title: str = ""
    body: str = ""
    speech: str = ""
    status: str | None = None


@dataclass
class ErrorFrame(Frame):
    message: str = ""
    code: str = ""
    retry: dict[str, Any] | None = None  # {"op", "args", "key", "purpose"} to run again


@dataclass
class AlarmFrame(Frame):
    state: str = "raising"  # raising | queued | raised | cancelled | failed
    idempotency_key: str | None = None
    alarm: dict = field(default_factory=dict)
    message: str = ""


@dataclass
class Session:
    channel: str
    locale: str
    elder: dict[str, Any]
    stack: list[Frame] = field(default_factory=list)
    last_speech: str = ""
    # Per screen kind ("field" options, "list" records); the channel's renderer sets it.
    paging: dict[str, Paging] = field(default_factory=dict)
    # Everyone the device serves (a TV shared by a couple); ``elder`` is the one it is bound
    # to, and stays the one alarms and lists are for. Empty or one: nobody is asked "为谁".
    household: list[dict[str, Any]] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1), repr=False)

    def next_intent_id(self) -> str:
        return f"i{next(self._ids)}"

    @property
    def top(self) -> Frame:
        return self.stack[-1]
