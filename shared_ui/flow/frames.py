"""Frames: one level of the back stack each (plus the pop-up slot), plain data only.

Each kind is registered by its ``KIND`` so a session can be written to JSON and read back on
another worker (:mod:`.session`). What a frame does is in :mod:`.kinds` (one module per kind).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

FRAME_TYPES: dict[str, type["Frame"]] = {}


def frame_kind(cls: type["Frame"]) -> type["Frame"]:
    if cls.KIND in FRAME_TYPES:
        raise ValueError(f"frame kind {cls.KIND!r} registered twice")
    FRAME_TYPES[cls.KIND] = cls
    return cls


@dataclass
class Pending:
    """An intent the engine issued and waits for: why (``purpose``) and which call (``op``)."""

    purpose: str
    op: str


@dataclass
class Frame:
    KIND: ClassVar[str] = ""

    focus: str | None = None
    pending: dict[str, Pending] = field(default_factory=dict)  # intent id -> what it is for
    busy_speech: str | None = None

    @property
    def kind(self) -> str:
        return self.KIND

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.KIND}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "pending":
                value = {k: {"purpose": p.purpose, "op": p.op} for k, p in value.items()}
            data[f.name] = value
        return data

    @staticmethod
    def from_dict(data: dict[str, Any]) -> "Frame":
        values = dict(data)
        cls = FRAME_TYPES.get(values.pop("kind", None))
        if cls is None:
            raise ValueError(f"unknown frame kind {data.get('kind')!r}")
        known = {f.name for f in fields(cls)}
        if set(values) - known:
            raise ValueError(f"{cls.KIND} frame: unknown fields {sorted(set(values) - known)}")
        values["pending"] = {k: Pending(**p) for k, p in (values.get("pending") or {}).items()}
        return cls(**values)


@frame_kind
@dataclass
class MenuFrame(Frame):
    KIND: ClassVar[str] = "menu"
    menu_id: str = "home"


@frame_kind
@dataclass
class FormFrame(Frame):
    KIND: ClassVar[str] = "form"
    service_id: str = ""
    mode: str = "self"
    index: int = 0
    stage: str = "field"  # precheck | field | review | submitting
    values: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # field id -> the chosen option's meta
    loaded: dict[str, dict[str, Any]] = field(default_factory=dict)  # field id -> {op: data}
    auto: bool = False  # still resolving defaults without asking
    reached_review_directly: bool = False
    idempotency_key: str | None = None  # one per confirmed action, reused on retry
    focus_by_field: dict[str, str] = field(default_factory=dict)
    page_by_field: dict[str, int] = field(default_factory=dict)
    hint: str | None = None  # why the last typed answer was refused (shown and said)
    typed: str = ""  # that answer, given back with the hint to correct key by key
    elder: dict[str, Any] | None = None  # whom it is for, when not the session's elder
    implied: dict[str, str] = field(default_factory=dict)  # field id -> the field whose answer gave it
    # The questions this walk has put to her (a walk starts when the form opens and at 修改):
    # what the step counter counts, with those still to come.
    shown: list[str] = field(default_factory=list)


@frame_kind
@dataclass
class WhoFrame(Frame):
    """A device shared by a household of several elders: whom a service is for, asked before
    its form so the form's defaults are that elder's own (home, favourite hospital)."""

    KIND: ClassVar[str] = "who"
    service_id: str = ""


@frame_kind
@dataclass
class ListFrame(Frame):
    KIND: ClassVar[str] = "list"
    list_kind: str = "requests"  # requests | messages
    records: list[dict] = field(default_factory=list)
    page: int = 0
    loaded: bool = False
    open_id: str | None = None  # a request to open once the list is in (查看进度)


@frame_kind
@dataclass
class DetailFrame(Frame):
    KIND: ClassVar[str] = "detail"
    detail_kind: str = "request"  # request | message
    record: dict = field(default_factory=dict)
    idempotency_key: str | None = None
    printed: str = ""  # what the printer (or 发给家人) said of this request's slip (shown and said)
    print_failed: bool = False  # no paper, no printer: 发给家人 is offered
    shared: bool = False  # the family has it: not offered again
    share_key: str | None = None


@frame_kind
@dataclass
class ConfirmFrame(Frame):
    KIND: ClassVar[str] = "confirm"
    purpose: str = "cancel_request"  # or complain (投诉: what was wrong, a page of choices at a time)
    record: dict = field(default_factory=dict)
    idempotency_key: str | None = None
    page: int = 0


@frame_kind
@dataclass
class ResultFrame(Frame):
    KIND: ClassVar[str] = "result"
    service_id: str = ""
    record: dict = field(default_factory=dict)
    printed: str = ""  # what the printer (or 发给家人) said of this request's slip (shown and said)
    print_failed: bool = False  # no paper, no printer: 发给家人 is offered
    shared: bool = False  # the family has it: not offered again
    share_key: str | None = None


@frame_kind
@dataclass
class NoticeFrame(Frame):
    KIND: ClassVar[str] = "notice"
    title: str = ""
    body: str = ""
    speech: str = ""
    status: str | None = None


@frame_kind
@dataclass
class ErrorFrame(Frame):
    KIND: ClassVar[str] = "error"
    message: str = ""
    code: str = ""
    retry: dict[str, Any] | None = None  # {"op", "args", "key", "purpose"} to run again
    # A service refused before its form (the centre's precheck): its title, and the request
    # she already has, opened by 查看进度.
    service_id: str | None = None
    request_id: str | None = None


@frame_kind
@dataclass
class AlarmFrame(Frame):
    KIND: ClassVar[str] = "alarm"
    state: str = "raising"  # arming | raising | queued | raised | cancelling | cancelled | over | failed
    idempotency_key: str | None = None
    alarm: dict = field(default_factory=dict)
    message: str = ""
    cancel_when_raised: bool = False  # 我没事 while the press was on its way


@frame_kind
@dataclass
class IdentifyFrame(Frame):
    """An anonymous start (kiosk): who is in front of the screen, by ID number and the
    registered phone's last four digits, by the QR on an earlier slip, or a volunteer first."""

    KIND: ClassVar[str] = "identify"
    stage: str = "choose"  # choose | id_number | phone_tail | recheck | slip | pin | paused
    id_number: str = ""
    reference: str = ""  # the scanned slip's QR (then the phone tail, as with an ID number)
    failures: int = 0
    hint: str | None = None  # why the last try did not work (shown and said)
    typed: str = ""  # what she typed at this stage and was refused: given back to correct


@frame_kind
@dataclass
class ChooseElderFrame(Frame):
    """Which of the elders bound to this family account the session acts for."""

    KIND: ClassVar[str] = "choose_elder"


@frame_kind
@dataclass
class PopupFrame(Frame):
    """Not on the stack: the pop-up slot over it (a message, the check-in, a summary of
    several waiting messages, the idle warning)."""

    KIND: ClassVar[str] = "popup"
    popup_kind: str = "message"  # message | checkin | summary | idle
    message: dict = field(default_factory=dict)
    count: int = 1


@frame_kind
@dataclass
class SettingsFrame(Frame):
    """看得清听得清: her look and voice on this device, each choice shown at once (and saved as
    hers at the centre when someone is identified). ``aspect``: the field whose choices are
    shown (font_scale, theme, …), None for the list of them; ``before``: each value as it was
    when the page opened, which 改回原样 restores; ``said``: what the last choice did
    (shown and said: saved, kept on this device only, not saved)."""

    KIND: ClassVar[str] = "settings"
    service_id: str = ""
    aspect: str | None = None
    before: dict[str, Any] = field(default_factory=dict)
    before_look: dict[str, Any] = field(default_factory=dict)  # the session's own look then
    said: str = ""
    page: int = 0
    touched: list[str] = field(default_factory=list)  # fields this page changed (再试一次 saves them)
