"""Session state the flow engine walks: a stack of frames, one per screen the user can go back
to, the pop-up slot over it, and what is waiting to pop up.

A session is plain data and round-trips through JSON (:meth:`Session.to_dict`,
:meth:`Session.from_dict`, versioned), so a stateless web worker can keep it in a server-side
store or a signed cookie and another worker can carry on from the same place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .abilities import Paging
from .frames import Frame, Pending, PopupFrame

VERSION = 1
REMEMBERED = 200  # message ids and results kept to avoid popping the same thing up twice


class SessionVersionError(ValueError):
    """A session written by another version of the engine: start a new one."""


@dataclass
class Session:
    channel: str
    locale: str
    elder: dict[str, Any] | None  # None until a kiosk has identified someone / a family chose
    stack: list[Frame] = field(default_factory=list)
    last_speech: str = ""
    # Per screen kind ("field" options, "list" records); the channel's renderer sets it.
    paging: dict[str, Paging] = field(default_factory=dict)
    # Everyone the device serves (a TV shared by a couple; a family's bound elders); ``elder``
    # is the one alarms and lists are for. Empty or one: nobody is asked "为谁".
    household: list[dict[str, Any]] = field(default_factory=list)
    grant: dict[str, Any] | None = None  # a kiosk's short-lived grant for the identified elder
    volunteer: dict[str, Any] | None = None  # who assists at a kiosk (recorded on requests)
    popup: PopupFrame | None = None
    inbox: list[dict[str, Any]] = field(default_factory=list)  # waiting to pop up, oldest first
    offered: list[str] = field(default_factory=list)  # message ids already offered
    # request id -> when (ISO) its result was shown here: its status messages created up to
    # then say what she saw, and count as read (popup.offer)
    told: dict[str, str] = field(default_factory=dict)
    detached: dict[str, Pending] = field(default_factory=dict)  # intents of no frame (acks)
    next_intent: int = 1
    # Her look and voice chosen on this device's 看得清听得清 for this session only (a kiosk
    # before anyone is identified): over the device's own settings until the session ends.
    look: dict[str, Any] = field(default_factory=dict)

    def next_intent_id(self) -> str:
        n, self.next_intent = self.next_intent, self.next_intent + 1
        return f"i{n}"

    @property
    def top(self) -> Frame:
        return self.stack[-1]

    @property
    def busy(self) -> bool:
        """Waiting for an answer anywhere on the stack."""
        return any(f.pending for f in self.stack)

    def remember(self, bucket: list[str], value: str) -> None:
        if value not in bucket:
            bucket.append(value)
            del bucket[:-REMEMBERED]

    def remember_told(self, request_id: str, until: str) -> None:
        self.told.pop(request_id, None)
        self.told[request_id] = until
        for old in list(self.told)[:-REMEMBERED]:
            del self.told[old]

    # -- JSON ---------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "v": VERSION, "channel": self.channel, "locale": self.locale, "elder": self.elder,
            "stack": [f.to_dict() for f in self.stack], "last_speech": self.last_speech,
            "paging": {k: {"fits": p.fits, "page_size": p.page_size, "row_ems": p.row_ems}
                       for k, p in self.paging.items()},
            "household": self.household, "grant": self.grant, "volunteer": self.volunteer,
            "popup": self.popup.to_dict() if self.popup else None,
            "inbox": self.inbox, "offered": self.offered, "told": self.told,
            "detached": {k: {"purpose": p.purpose, "op": p.op} for k, p in self.detached.items()},
            "next_intent": self.next_intent, "look": self.look,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Session":
        if not isinstance(data, dict) or data.get("v") != VERSION:
            raise SessionVersionError(f"session version {data.get('v') if isinstance(data, dict) else None!r}, "
                                      f"this engine reads {VERSION}")
        popup = Frame.from_dict(data["popup"]) if data.get("popup") else None
        if popup is not None and not isinstance(popup, PopupFrame):
            raise ValueError("the pop-up slot holds a pop-up frame")
        stack = [Frame.from_dict(f) for f in data["stack"]]
        if not stack:
            raise ValueError("a session has at least one frame")
        return cls(
            channel=data["channel"], locale=data["locale"], elder=data.get("elder"), stack=stack,
            last_speech=data.get("last_speech", ""),
            paging={k: Paging(**p) for k, p in (data.get("paging") or {}).items()},
            household=list(data.get("household") or []), grant=data.get("grant"),
            volunteer=data.get("volunteer"), popup=popup, inbox=list(data.get("inbox") or []),
            offered=list(data.get("offered") or []),
            told=dict(data["told"]) if isinstance(data.get("told"), dict) else {},
            detached={k: Pending(**p) for k, p in (data.get("detached") or {}).items()},
            next_intent=int(data.get("next_intent", 1)),
            look=dict(data["look"]) if isinstance(data.get("look"), dict) else {},
        )
