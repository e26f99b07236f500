"""Every size and colour the TV screens use, from the accessibility host config for ``tv`` and
the chosen theme (STYLE.md §2); the mapping from those roles to the TV's parts is here only.

Host numbers are design pixels on a 1920×1080 screen seen from 3 m (ELDER_UI.md, TV: title-
safe margin 96/54 px, body ≥ 48 px, headline ≥ 80 px, focus ring ≥ 3:1, focused tile ×1.1).
A window of another size scales everything by one factor. Where a part needs a size the host
does not name (the home tile label, an icon disc), it is derived from a host size here.

An elder's ``font_scale`` (1.0, 1.25, 1.5) enlarges the text below the headline, never past
it: text of 40 dp (80 px here) and more may stay unscaled, and nothing may overflow or hide
(ELDER_UI.md, "large fonts"). Rows and keys grow with their text; labels that no longer fit
on one line take two or are shortened on screen (they are still read out in full).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accessibility.audit.contrast import contrast_ratio
from accessibility.hosts import HostConfig, load_host, palette_for
from accessibility.themes import nearest_font_scale
from shared_ui.flow.session import Paging

COLOUR_ROLES = ("primary", "danger", "success", "warning")  # tile fills; text on them is on_<role>


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255, alpha)


def text_role(fill_role: str) -> str:
    """The theme's text role for text drawn on a tile of ``fill_role``."""
    return f"on_{fill_role}" if fill_role in COLOUR_ROLES else "text"


@dataclass(frozen=True)
class Look:
    """Window-pixel sizes and theme colours; kv reads them as ``app.look.<name>``."""

    scale: float
    font_scale: float
    font: str
    theme: str
    colours: dict[str, str]
    margin_x: float
    margin_y: float
    headline: float
    tile_label: float
    option_label: float
    body: float
    min_text: float  # the host's body size, unscaled: a label may shrink to it to stay whole
    detail: float
    fact_label: float
    fact_value: float
    fact_emphasis: float
    fact_label_width: float  # a four-character label ("就诊时间") on one line
    nav_label: float
    badge: float
    line_height: float  # Kivy's: a multiple of the font's natural line (≈ host line height in ems)
    natural_line: float
    gap: float
    padding: float
    radius: float
    ring_width: float
    ring_gap: float
    focus_scale: float
    header_height: float
    nav_height: float
    nav_min_width: float
    row_height: float
    icon_size: float
    focus_room: float  # padding round a grid so a focused half-width tile ×1.1 and its ring stay inside
    grid_rows: int  # option tiles that fit one above another, each room for two lines of its label
    list_rows: int  # record rows that fit one above another

    def colour(self, role: str | None, alpha: float = 1.0) -> tuple[float, float, float, float]:
        """A theme role as RGBA (kv: ``app.look.colour('danger')``); unknown roles are surface."""
        return rgba(self.colours.get(role or "surface") or self.colours["surface"], alpha)

    def __getattr__(self, name: str) -> Any:
        # kv reads roles as attributes too: app.look.c_focus_ring, app.look.c_text …
        if name.startswith("c_") and name[2:] in self.colours:
            return rgba(self.colours[name[2:]])
        raise AttributeError(name)

    @property
    def scrim(self) -> tuple[float, float, float, float]:
        """What dims the screen under a pop-up: darkening reads as "behind" in every theme."""
        return (0.0, 0.0, 0.0, 0.78)

    def tile_scale(self, width: float) -> float:
        """How much a focused tile of ``width`` grows: the host's ×1.1, less for tiles so wide
        that ×1.1 would push them and their ring out of the room kept round them."""
        room = 2 * (self.focus_room - self.ring_gap - self.ring_width)
        return 1 + min(self.focus_scale - 1, room / max(width, 1))

    def line_px(self, font_size: float) -> float:
        """The height of one line of text at ``font_size`` (for layouts that plan ahead)."""
        return font_size * self.line_height * self.natural_line

    def paging(self) -> dict[str, Paging]:
        """What the flow engine may put on one screen here: option grids of two columns, and
        lists whose 上一页/下一页 share one row."""
        grid = min(6, 2 * self.grid_rows)
        return {"field": Paging(grid, max(1, grid - 2)),
                "list": Paging(self.list_rows, max(1, self.list_rows - 1))}

    def px(self, design_px: float) -> float:
        return design_px * self.scale

    def contrast(self, a: str, b: str) -> float:
        return contrast_ratio(self.colours[a], self.colours[b])


def build_look(window_size: tuple[int, int], font: str, theme: str | None = None,
               host: HostConfig | None = None, natural_line: float = 1.0,
               font_scale: float | str | None = 1.0) -> Look:
    """``natural_line``: the font's own line height in ems (see ``kivy_kit.fonts``); the host's
    line heights are multiples of the font size, Kivy's are multiples of the natural line."""
    host = host or load_host("tv")
    k = nearest_font_scale(font_scale)
    theme = theme if theme in host.themes else host.default_theme
    colours = palette_for(host, theme).model_dump()
    view = host.viewport
    s = min(window_size[0] / view.width, window_size[1] / view.height)
    text = host.text
    headline, title, body = text["headline"].size, text["title"].size, text["body"].size
    secondary = host.targets.secondary
    line = text["body"].line_height

    def grown(size: float) -> float:
        """``size`` at the elder's font scale, never above the headline."""
        return max(size, min(size * k, headline))

    option_label, nav_label = grown(title), grown(body)
    row_height = max(secondary.height, option_label * line + 20)
    nav_height = max(secondary.height, nav_label * line + 16)
    focus_room = ((view.width - host.safe_area.left - host.safe_area.right) / 2 * (host.focus.scale - 1) / 2
                  + host.focus.ring_offset + host.focus.ring_width)
    view_gap = 28  # between header, body and keys (TvView's spacing)
    body_room = (view.height - host.safe_area.top - host.safe_area.bottom
                 - headline * text["headline"].line_height - nav_height - 2 * view_gap - 2 * focus_room)
    two_lines = 2 * grown(body) * line  # the smallest an option label gets, wrapped once
    gap = host.spacing.gap
    return Look(
        scale=s, font_scale=k, font=font, theme=theme, colours=colours,
        margin_x=host.safe_area.left * s, margin_y=host.safe_area.top * s,
        headline=headline * s,
        tile_label=grown((headline + title) / 2) * s,  # between headline and title: the home tiles
        option_label=option_label * s, body=grown(body) * s, min_text=body * s, detail=grown(body) * s,
        fact_label=grown(body) * s, fact_label_width=max(220, grown(body) * 4.3) * s,
        fact_value=grown((title + body) / 2) * s, fact_emphasis=grown(title) * s,
        nav_label=nav_label * s, badge=grown(body) * s,
        line_height=line / natural_line, natural_line=natural_line,
        gap=host.spacing.gap * s, padding=host.spacing.padding * s, radius=host.spacing.radius * s,
        ring_width=host.focus.ring_width * s, ring_gap=host.focus.ring_offset * s, focus_scale=host.focus.scale,
        header_height=headline * text["headline"].line_height * s,
        # Keys and list rows keep the host's target size and grow when their text needs more.
        nav_height=nav_height * s, nav_min_width=secondary.width * s, row_height=row_height * s,
        icon_size=headline * 1.25 * s,
        focus_room=focus_room * s,
        grid_rows=max(1, int((body_room + gap) // (two_lines + gap))),
        list_rows=max(2, int((body_room + view_gap) // (row_height + view_gap))),
    )
