"""The TV's sizes: the kit's shared look (``shared_ui.kivy_kit.look``: theme colours, text
sizes) plus the TV's geometry, from the host config for ``tv``.

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

from accessibility.hosts import HostConfig, load_host
from shared_ui.flow import Paging
from shared_ui.kivy_kit.look import BaseLook, base_fields, grown_size, rgba, text_role

__all__ = ["Look", "build_look", "rgba", "text_role"]


@dataclass(frozen=True)
class Look(BaseLook):
    """The shared look plus the TV's geometry: title-safe margins, the focus ring and the
    room it needs, tiles, rows and keys."""

    margin_x: float
    margin_y: float
    tile_label: float
    option_label: float
    nav_label: float
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

    def tile_scale(self, width: float) -> float:
        """How much a focused tile of ``width`` grows: the host's ×1.1, less for tiles so wide
        that ×1.1 would push them and their ring out of the room kept round them."""
        room = 2 * (self.focus_room - self.ring_gap - self.ring_width)
        return 1 + min(self.focus_scale - 1, room / max(width, 1))

    def paging(self) -> dict[str, Paging]:
        """What the flow engine may put on one screen here: option grids of two columns, and
        lists whose 上一页/下一页 share one row."""
        grid = min(6, 2 * self.grid_rows)
        return {"field": Paging(grid, max(1, grid - 2)),
                "list": Paging(self.list_rows, max(1, self.list_rows - 1))}


def build_look(window_size: tuple[int, int], font: str, theme: str | None = None,
               host: HostConfig | None = None, natural_line: float = 1.0,
               font_scale: float | str | None = 1.0) -> Look:
    host = host or load_host("tv")
    base = base_fields(host, window_size, font, theme, natural_line, font_scale)
    s = base["scale"]
    view, text = host.viewport, host.text
    headline, title, body = text["headline"].size, text["title"].size, text["body"].size
    secondary = host.targets.secondary
    line = text["body"].line_height

    def grown(size: float) -> float:
        return grown_size(host, size, font_scale)

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
        **base,
        margin_x=host.safe_area.left * s, margin_y=host.safe_area.top * s,
        tile_label=grown((headline + title) / 2) * s,  # between headline and title: the home tiles
        option_label=option_label * s, nav_label=nav_label * s,
        ring_width=host.focus.ring_width * s, ring_gap=host.focus.ring_offset * s, focus_scale=host.focus.scale,
        header_height=headline * text["headline"].line_height * s,
        # Keys and list rows keep the host's target size and grow when their text needs more.
        nav_height=nav_height * s, nav_min_width=secondary.width * s, row_height=row_height * s,
        icon_size=headline * 1.25 * s,
        focus_room=focus_room * s,
        grid_rows=max(1, int((body_room + gap) // (two_lines + gap))),
        list_rows=max(2, int((body_room + view_gap) // (row_height + view_gap))),
    )
