"""Screen models: what the flow engine asks a renderer to draw and say.

Renderers (Kivy TV, Kivy kiosk, H5/JSON for the mini-program, a recording renderer in tests)
draw these and nothing else; they never decide what comes next. Everything here is plain data
so it serialises to JSON with :func:`dataclasses.asdict`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Screen kinds a renderer must know; an unknown kind falls back to "notice" (STYLE.md §4).
SCREEN_KINDS = ("menu", "field", "review", "busy", "result", "error", "list", "detail",
                "confirm", "alarm", "notice")


@dataclass
class Item:
    """Something the elder can focus and select: a tile, an option, an action."""

    id: str
    label: str
    speak: str = ""
    kind: str = "action"  # service | option | action | page
    icon: str | None = None
    colour: str | None = None  # a theme role: primary, danger, success, warning
    detail: str | None = None  # a second, smaller line
    digit: int | None = None  # 1–9 shortcut
    badge: str | None = None  # e.g. 未读


@dataclass
class FactView:
    label: str
    value: str
    emphasis: bool = False


@dataclass
class Screen:
    id: str  # stable id (never display text): "home", "field:registration:slot_id", …
    kind: str
    title: str
    items: list[Item] = field(default_factory=list)
    focus: str | None = None
    facts: list[FactView] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    body: str | None = None
    status: str | None = None
    service: str | None = None
    progress: tuple[int, int] | None = None  # (step, of) in a form
    can_back: bool = True
    accepts_input: str | None = None  # a field type when typed input is possible (kiosk, H5)
    nav: list[Item] = field(default_factory=list)  # back / repeat / help, same place everywhere

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Intent:
    """An API call the host must run and report back as a ``result`` event."""

    id: str
    op: str
    args: dict[str, Any] = field(default_factory=dict)
    idempotency_key: str | None = None


@dataclass
class Event:
    """Input to the engine.

    kinds: select(item id) · focus(item id) · digit(1–9) · back · home · confirm · repeat ·
    help · sos · timeout · input(value) · result({intent, ok, data | error}) · refresh
    """

    kind: str
    value: Any = None


@dataclass
class Step:
    screen: Screen
    speech: str
    intents: list[Intent] = field(default_factory=list)
