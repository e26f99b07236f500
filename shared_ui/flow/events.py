"""What may be sent to the flow engine, and by whom.

A *user* — a remote, a touch screen, a phone through the JSON entry — may send only the kinds
in :data:`USER_EVENTS`, each with a value of the right shape; anything else is refused with
:class:`EventRefused` and changes nothing. The outcome of an API call is not an event: the
host that ran an :class:`~shared_ui.flow.screens.Intent` reports it as an :class:`Answer`
through ``FlowEngine.resolve``, and the engine takes it only for an intent it issued and is
still waiting for, once. So a hand-made "result" can never put an invented hospital on screen.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# select(item id) · focus(item id) · digit(1–9) · back · home · confirm · repeat · help · sos ·
# timeout (the host's idle timer) · input(typed text) · refresh (show fresh data)
USER_EVENTS: frozenset[str] = frozenset({
    "select", "focus", "digit", "back", "home", "confirm", "repeat", "help", "sos", "timeout",
    "input", "refresh",
})
WITH_ITEM = frozenset({"select", "focus"})
MAX_ITEM_ID = 200
MAX_INPUT = 500

REFUSED_MESSAGE = "这个操作不能在这里使用。"


class EventRefused(ValueError):
    """An event a user may not send, or one whose value has the wrong shape."""

    def __init__(self, code: str, detail: str, message: str = REFUSED_MESSAGE):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.message = message  # what a screen may show and say


@dataclass
class Event:
    """Input from the user: ``kind`` is one of :data:`USER_EVENTS`."""

    kind: str
    value: Any = None

    @classmethod
    def from_dict(cls, data: Any) -> "Event":
        """An event from JSON (the mini-program's entry): exactly ``{"kind", "value"?}``."""
        if not isinstance(data, dict) or set(data) - {"kind", "value"} or not isinstance(data.get("kind"), str):
            raise EventRefused("bad_event", "an event is {kind, value}")
        return user_event(cls(data["kind"], data.get("value")))


def user_event(event: Event) -> Event:
    """``event`` checked and normalised, or :class:`EventRefused`."""
    kind, value = event.kind, event.value
    if kind not in USER_EVENTS:
        raise EventRefused("event_not_allowed", f"a user may not send {kind!r}")
    if kind in WITH_ITEM:
        if not isinstance(value, str) or not value or len(value) > MAX_ITEM_ID:
            raise EventRefused("bad_value", f"{kind} needs an item id")
        return Event(kind, value)
    if kind == "digit":
        if isinstance(value, str) and value.isdigit() and len(value) == 1:
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9:
            raise EventRefused("bad_value", "digit needs 1–9")
        return Event(kind, value)
    if kind == "input":
        if not isinstance(value, str) or len(value) > MAX_INPUT:
            raise EventRefused("bad_value", f"input needs text of at most {MAX_INPUT} characters")
        return Event(kind, value)
    return Event(kind)  # the rest carry no value


@dataclass
class Answer:
    """What became of an intent, reported by the host that ran it (never by a user)."""

    intent: str  # the intent's id
    ok: bool
    data: Any = None
    error: dict[str, Any] | None = None

    @property
    def problem(self) -> dict[str, Any]:
        return self.error or {}
