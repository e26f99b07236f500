"""Screen models: what the flow engine asks a renderer to draw and say.

Renderers (Kivy TV, Kivy kiosk, H5/JSON for the mini-program, the terminal, a recording
renderer in tests) draw these and nothing else; they never decide what comes next. Everything
here is plain data: :meth:`Screen.to_dict` gives JSON, :meth:`Screen.from_dict` reads it back
(validated), and :func:`screen_schema` is the JSON Schema committed as
``docs/screen.schema.json`` for renderers in other languages (the mini-program's own pages).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from pydantic import ConfigDict

# Strict both ways: from_dict and the JSON Schema reject a key nobody defined (a typo in a
# renderer's fixture fails loudly instead of being dropped).
STRICT = ConfigDict(extra="forbid")

# What an item is, for a renderer choosing how to draw it:
#   service — a home/menu tile that opens a service · menu — a tile that opens a sub-menu ·
#   option — one answer to a form field (or a person to act for) · action — a button that does
#   something on this screen (确认办理, 知道了, 我没事 …) · page — 上一页/下一页 ·
#   record — one request or message in a list.
ItemKind = Literal["service", "menu", "option", "action", "page", "record"]
# Screen kinds a renderer must know; an unknown kind falls back to "notice" (STYLE.md §4).
ScreenKind = Literal["menu", "field", "review", "busy", "result", "error", "list", "detail",
                     "confirm", "alarm", "notice", "popup", "pairing"]
Keypad = Literal["digits", "id_number", "phone", "text"]


# What is recorded the moment it is chosen, with no review after it: an answer to a message the
# centre asked (回访's 满意 / 一般 / 不满意, 想办理 / 不需要, 同意 / 不同意), a complaint's reason. A
# shaky hand's stray OK must not give one: no screen's default focus is on such an item
# (:func:`shared_ui.flow.build.focus_of`; a renderer's own fallback uses :func:`first_safe`).
COMMITTING = ("answer:", "reason:")


def commits(item_id: str | None) -> bool:
    """Whether selecting ``item_id`` records something at once (an opinion, a reply, a complaint)."""
    return bool(item_id) and str(item_id).startswith(COMMITTING)


def first_safe(ids: list[str]) -> str | None:
    """The first of ``ids`` whose selection commits nothing (None when every one commits)."""
    return next((i for i in ids if not commits(i)), None)


def once_each(screen: "Screen", fixed_row: tuple[str, ...] | frozenset[str]) -> "Screen":
    """``screen`` as a channel with a fixed row of ways out (the kiosk's 首页 · 返回 · 重听 · 找人工
    on every screen) shows it: an answer doing what a key of the row does (a result's 回到首页,
    an error's 找人工: the same event) is not offered again among the answers; the rest stay
    (再试一次, 打印凭条). A pop-up keeps its own. The same screen when nothing repeats."""
    if not fixed_row or not any(i.id in fixed_row for i in screen.items):
        return screen
    items = [i for i in screen.items if i.id not in fixed_row]
    focus = screen.focus if screen.focus not in fixed_row else first_safe([i.id for i in items])
    return replace(screen, items=items, focus=focus)


@dataclass
class Item:
    __pydantic_config__ = STRICT
    """Something the user can focus and select: a tile, an option, an action."""

    id: str
    label: str
    speak: str = ""
    kind: ItemKind = "action"
    icon: str | None = None
    colour: str | None = None  # a theme role: primary, danger, success, warning
    detail: str | None = None  # a second, smaller line
    digit: int | None = None  # 1–9 shortcut (channels with digit keys)
    badge: str | None = None  # e.g. 未读


@dataclass
class FactView:
    __pydantic_config__ = STRICT
    label: str
    value: str
    emphasis: bool = False


@dataclass
class InputHints:
    __pydantic_config__ = STRICT
    """A field the user may type into (kiosk keypad, H5 form): which keypad, and what fits.

    The engine checks the value again when it arrives; hints only spare the user a refusal.
    """

    keypad: Keypad
    max_length: int
    pattern: str | None = None  # a regular expression the whole value must match
    min: int | None = None
    max: int | None = None
    # What she typed and was refused, given back to correct key by key (a wrong check digit
    # erased all 18 digits while it asked her to check them one by one): never retyped whole.
    value: str = ""


@dataclass
class Screen:
    __pydantic_config__ = STRICT
    id: str  # stable id (never display text): "home", "field:registration:slot_id", …
    kind: ScreenKind
    title: str
    items: list[Item] = field(default_factory=list)
    focus: str | None = None
    facts: list[FactView] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    body: str | None = None
    status: str | None = None
    service: str | None = None
    record_id: str | None = None  # the request, message or alarm this screen shows
    progress: tuple[int, int] | None = None  # (step, of) in a form
    can_back: bool = True
    input: InputHints | None = None  # typed input the current field accepts
    nav: list[Item] = field(default_factory=list)  # back / repeat / help, same place everywhere
    popup: "Screen | None" = None  # a pop-up over this screen; it has the focus while open
    idle_after_s: float | None = None  # the host sends ``timeout`` after this long without input
    # The screen acts by itself this many whole seconds after it is drawn (the kiosk's idle
    # warning): a renderer shows them counting down, so the number on it is always true.
    countdown_s: int | None = None
    # Something on the screen waits on the centre (a press kept in the outbox): the host sends
    # ``refresh`` after this long, again while the screen keeps asking (a phone's page reloads).
    refresh_after_s: float | None = None

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    @property
    def top(self) -> "Screen":
        """What has the focus: the pop-up when one is open, else this screen."""
        return self.popup or self

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (lists, not tuples), as renderers in other languages receive it."""
        data = asdict(self)
        if self.progress is not None:
            data["progress"] = list(self.progress)
        if self.popup is not None:
            data["popup"] = self.popup.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Screen":
        """A screen from JSON, validated (pydantic raises ``ValidationError`` on a bad one)."""
        return _adapter().validate_python(data)


@lru_cache(maxsize=1)
def _adapter():
    from pydantic import TypeAdapter

    return TypeAdapter(Screen)


def screen_schema() -> dict[str, Any]:
    """The JSON Schema of a screen, generated from these models (``docs/screen.schema.json``)."""
    schema = _adapter().json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://onekey.example/schemas/screen.schema.json"
    return schema


@dataclass
class Intent:
    """An API call the host must run and report back through ``FlowEngine.resolve``.
    ``grant``: on a kiosk, the token of the session's grant, sent with the call (the centre
    acts for the identified elder only with it)."""

    id: str
    op: str
    args: dict[str, Any] = field(default_factory=dict)
    idempotency_key: str | None = None
    grant: str | None = None


@dataclass
class Step:
    """What a host does after an event: draw ``screen``, say ``speech``, run ``intents``.

    ``wipe``: the session has been wiped (kiosk idle timeout): forget everything personal the
    host keeps besides the engine's session — speech made from personal sentences, slips,
    typed text.
    """

    screen: Screen
    speech: str
    intents: list[Intent] = field(default_factory=list)
    wipe: bool = False
    # The look and voice this device shows from now on, when this step changed them (the
    # on-device settings, 看得清听得清): her preferences as ``shared_ui.preferences`` gives them,
    # to apply before ``screen`` is drawn and ``speech`` said — she sees and hears the change.
    look: dict[str, Any] | None = None
