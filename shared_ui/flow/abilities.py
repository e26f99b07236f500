"""What a channel can do, as data the engine reads (never ``if channel in (...)``).

Each channel's host config (``accessibility/hosts/<channel>.yaml``, section ``abilities``)
says what its users can do: type into a field, press digit shortcuts, how many choices a
screen holds, how a session starts (a TV bound to a household, a kiosk that identifies whoever
stands in front of it, a family member choosing which parent to act for), when an idle
session is warned and wiped, and when waiting pop-ups become one summary.
``accessibility.hosts.abilities_for(channel)`` builds one from the host config.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping

MAX_ON_SCREEN = 6  # MIIT 适老化: few choices a screen; the spec's limit too

Start = Literal["bound", "identify", "choose_elder"]
IDENTIFY_METHODS = ("id_number", "slip", "volunteer")


@dataclass(frozen=True)
class Paging:
    """How many choices one screen of a kind holds: all of them when there are at most
    ``fits``; else ``page_size`` a page with 上一页/下一页. A channel with little room (a TV at
    a large font scale) asks for less; six is the most any screen shows.

    ``row_ems``: how wide (in ems of its type) a list row's second line may be on one line;
    a row whose second line needs more takes a line more, and counts as a row more on its page
    (its words stay whole: nothing clipped). 0: every second line fits."""

    fits: int = MAX_ON_SCREEN
    page_size: int = MAX_ON_SCREEN - 2
    row_ems: float = 0.0

    def __post_init__(self) -> None:
        if not 1 <= self.page_size <= self.fits <= MAX_ON_SCREEN:
            raise ValueError(f"paging needs 1 ≤ page_size ≤ fits ≤ {MAX_ON_SCREEN}, got {self}")


@dataclass(frozen=True)
class IdlePolicy:
    """Warn ``warn_s`` before wiping a session left alone for ``after_s`` (MIIT §2.3: ≥ 20 s
    warning, extendable by one simple action, any number of times)."""

    after_s: float
    warn_s: float

    def __post_init__(self) -> None:
        if not 0 < self.warn_s < self.after_s:
            raise ValueError(f"idle warning needs 0 < warn_s < after_s, got {self}")


@dataclass(frozen=True)
class Abilities:
    typed_input: frozenset[str] = frozenset()  # field types typed rather than chosen
    digit_shortcuts: bool = True
    paging: Mapping[str, Paging] = field(default_factory=dict)  # per screen kind: field, list
    start: Start = "bound"
    identify_by: tuple[str, ...] = ()  # with start "identify": id_number, slip, volunteer
    idle: IdlePolicy | None = None
    summary_from: int = 2  # this many pop-ups waiting are shown as one summary
    sos_tile_window_s: float = 0.0  # OK on the SOS tile raises after this spoken window (any key cancels)
    prints: bool = False  # a slip printer beside the screen: confirmed requests offer 打印凭条
    shares_slips: bool = False  # 发给家人 where there is no printer, or it could not print
    speaks: bool = True  # the device reads its screens aloud: 重听 means something only then
    # Others can see and hear the screen (a kiosk in a health station's room): a number she must
    # call (driver, companion, crew) is shown and said masked, and given whole on her slip —
    # which she takes home, where she will need it — or to her family (shared_ui/confirmation.py).
    public_screen: bool = False
    # Ways out shown in a fixed row on every screen (the kiosk's 首页 · 返回 · 重听 · 找人工): a
    # screen's answer that does the same (a result's 回到首页, an error's 找人工) is not offered
    # twice — once, in its one place (WCAG 3.2.6). A channel without one (the TV) keeps them
    # among the answers, where they are the way out.
    fixed_row: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.identify_by) - set(IDENTIFY_METHODS)
        if unknown:
            raise ValueError(f"unknown identification methods {sorted(unknown)}")
        if self.start == "identify" and not self.identify_by:
            raise ValueError("a channel that identifies its users needs identify_by")
        if self.summary_from < 2:
            raise ValueError("summary_from must be at least 2")
        if not 0 <= self.sos_tile_window_s <= 10:
            raise ValueError("the SOS tile's window is 0–10 s (help must not wait long)")
