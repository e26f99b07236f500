"""Pieces every screen builder shares: the nav keys, paging, digit shortcuts, default focus.

Builders (``build`` in each module of :mod:`.kinds`) turn a frame into a
:class:`~shared_ui.flow.screens.Screen` and the sentence that goes with it. They only read the
session: whatever a screen needs remembered (the page shown, the focus) is written by the
handlers that change it, so building a screen twice gives the same screen.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..i18n import N_
from .abilities import MAX_ON_SCREEN, Paging
from .screens import Intent, Item, Screen, commits, first_safe
from .session import Session

if TYPE_CHECKING:
    from .engine import FlowEngine

DEFAULT_PAGING = Paging(MAX_ON_SCREEN, MAX_ON_SCREEN - 2)


@dataclass
class Reply:
    """What a handler asks for: intents to run and, optionally, what to say instead of the
    new screen's own sentence (``""``: say nothing new)."""

    intents: list[Intent] = field(default_factory=list)
    speech: str | None = None
    wipe: bool = False  # the session was wiped: the host forgets what it keeps too
    # Her look and voice changed here (看得清听得清): what the device shows and says from now on
    look: dict[str, Any] | None = None


Outcome = list[Intent] | Reply


def nav(flow: "FlowEngine", can_back: bool) -> list[Item]:
    s = flow.s
    items = [Item("help", s("nav.help"), s("nav.help.speak"))]
    if flow.abilities.speaks:  # 重听 says the screen again: nothing on a silent page
        items.insert(0, Item("repeat", s("nav.repeat"), s("nav.repeat")))
    if can_back:
        items.insert(0, Item("back", s("nav.back"), s("nav.back")))
    return items


def paging(flow: "FlowEngine", session: Session, kind: str) -> Paging:
    return session.paging.get(kind) or flow.abilities.paging.get(kind) or DEFAULT_PAGING


def page_count(n: int, paging: Paging) -> int:
    return 1 if n <= paging.fits else -(-n // paging.page_size)


def clamp_page(page: int, n: int, paging: Paging) -> int:
    return max(0, min(page, page_count(n, paging) - 1))


def paginate(flow: "FlowEngine", items: list[Item], page: int, paging: Paging) -> list[Item]:
    """All the items when they fit one screen; else a page of them and the way to the pages
    before and after (MIIT 适老化: few choices per screen, six at most)."""
    if len(items) <= paging.fits:
        return list(items)
    size = paging.page_size
    page = clamp_page(page, len(items), paging)
    visible = items[page * size:(page + 1) * size]
    if page > 0:
        visible.append(Item("page:prev", flow.t(N_("上一页")), flow.t(N_("上一页")), kind="page"))
    if page < page_count(len(items), paging) - 1:
        visible.append(Item("page:next", flow.t(N_("下一页")), flow.t(N_("下一页")), kind="page"))
    return visible


def ems(text: str) -> float:
    """How wide ``text`` is in ems: CJK and full-width marks one, a space 0.3, the rest (Latin
    letters, digits) about half — Noto Sans CJK's advances, as the Kivy kit measures them."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(c) in ("W", "F") else 0.3 if c == " " else 0.56 for c in text)


def row_lines(item: Item, paging: Paging) -> int:
    """Lines a list row's second line takes where a line holds ``paging.row_ems`` ems."""
    if not paging.row_ems or not item.detail:
        return 1
    return max(1, -(-int(ems(item.detail) * 1000) // int(paging.row_ems * 1000)))


def list_pages(items: list[Item], paging: Paging) -> list[list[Item]]:
    """A list's rows cut into pages: all on one when they fit (a row whose second line takes
    n lines counts n rows), else ``page_size`` rows' worth a page, each page filled in order;
    a row worth more than a page stands alone."""
    cost = [min(row_lines(i, paging), paging.page_size) for i in items]
    if sum(cost) <= paging.fits:
        return [list(items)]
    pages: list[list[Item]] = [[]]
    used = 0
    for item, c in zip(items, cost):
        if pages[-1] and used + c > paging.page_size:
            pages.append([])
            used = 0
        pages[-1].append(item)
        used += c
    return pages


def paginate_list(flow: "FlowEngine", items: list[Item], page: int, paging: Paging) -> list[Item]:
    """:func:`paginate` for a list's rows, whose second lines may take more than one line."""
    pages = list_pages(items, paging)
    if len(pages) == 1:
        return list(items)
    page = max(0, min(page, len(pages) - 1))
    visible = list(pages[page])
    if page > 0:
        visible.append(Item("page:prev", flow.t(N_("上一页")), flow.t(N_("上一页")), kind="page"))
    if page < len(pages) - 1:
        visible.append(Item("page:next", flow.t(N_("下一页")), flow.t(N_("下一页")), kind="page"))
    return visible


def numbered(flow: "FlowEngine", items: list[Item]) -> list[Item]:
    """Digit shortcuts 1–9, on channels that have digit keys."""
    if flow.abilities.digit_shortcuts:
        for n, item in enumerate(items[:9], start=1):
            item.digit = n
    return items


def focus_of(frame: Any, items: list[Item], preferred: str | None = None) -> str | None:
    """Where the focus is: where she put it herself (``frame.focus``), else the screen's default —
    never an item that records something when chosen (an answer, a complaint's reason: a stray
    press of a shaky hand would give an opinion she never had, or a stranger access to her).
    None when every item commits: the renderer then focuses its own 重听 or 返回."""
    ids = [i.id for i in items]
    if frame.focus in ids:
        return frame.focus
    if preferred in ids and not commits(preferred):
        return preferred
    return first_safe(ids)


def busy(flow: "FlowEngine", frame: Any, title: str, service: str | None = None) -> tuple[Screen, str]:
    speech = frame.busy_speech or flow.s("busy.speak")
    return Screen("busy", "busy", title, body=speech, service=service, can_back=True,
                  nav=nav(flow, True)), speech


def spoken(flow: "FlowEngine", screen: Screen, lead: str) -> str:
    """``lead`` then what the focused item says (a screen's sentence, as elders hear it)."""
    focused = screen.item(screen.focus) if screen.focus else None
    return flow.marks.sentences(lead, focused.speak if focused else "")
