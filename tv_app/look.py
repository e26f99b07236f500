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
from shared_ui.kivy_kit.look import BaseLook, base_fields, font_px, grown_size, rgba, text_role

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
    key_room_x: float  # padding round the row of keys: a focused key ×1.1 and its ring stay in the safe area
    key_room_y: float
    record_height: float  # a row of 我的服务/消息: its title on one line, when and where on the next
    list_pad_y: float  # above and below the records: a focused full-width row's growth and ring
    list_gap: float
    grid_rows: int  # option tiles that fit one above another, each room for two lines of its label
    list_fits: int  # records shown when the list is short enough for one screen
    list_page: int  # records a page holds beside the 上一页/下一页 row
    row_ems: float  # ems of the body size a record's second line holds on one line (less than it has)

    def tile_scale(self, width: float) -> float:
        """How much a focused tile of ``width`` grows: the host's ×1.1, less for tiles so wide
        that ×1.1 would push them and their ring out of the room kept round them."""
        room = 2 * (self.focus_room - self.ring_gap - self.ring_width)
        return 1 + min(self.focus_scale - 1, room / max(width, 1))

    def key_scale(self, width: float) -> float:
        """How much a focused key of ``width`` grows: the host's ×1.1, less for a key wider
        than the room kept round the row of keys allows (a long English key, "Talk to a person")."""
        room = 2 * (self.key_room_x - self.ring_gap - self.ring_width)
        return 1 + max(0.0, min(self.focus_scale - 1, room / max(width, 1)))

    def paging(self) -> dict[str, Paging]:
        """What the flow engine may put on one screen here: option grids of two columns, and
        lists whose 上一页/下一页 share one row."""
        grid = min(6, 2 * self.grid_rows)
        return {"field": Paging(grid, max(1, grid - 2)),
                "list": Paging(self.list_fits, min(self.list_page, self.list_fits), self.row_ems)}


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
    ring = host.focus.ring_offset + host.focus.ring_width
    grow = (host.focus.scale - 1) / 2  # each side of a focused tile grows by this share of its size
    focus_room = (view.width - host.safe_area.left - host.safe_area.right) / 2 * grow + ring
    key_room_x = (nav_label * 4 + 2 * host.spacing.padding) * grow + ring
    key_room_y = nav_height * grow + ring
    view_gap = 28  # between header, body and keys (TvView's spacing)
    room = (view.height - host.safe_area.top - host.safe_area.bottom - headline * text["headline"].line_height
            - nav_height - 2 * key_room_y - 2 * view_gap)
    body_room = room - 2 * focus_room
    # An option tile holds its label's line and its detail's (or two lines of a long label at
    # the body size), inside its padding.
    option_tile = max(option_label * line + body * line, 2 * body * line) + 2 * 16
    gap = host.spacing.gap
    record_height = option_label * line + body * line + 2 * 12 + 4  # the detail may shrink to the body size
    # A full-width row barely grows when focused (tile_scale), so its column's vertical room is
    # its ring and a little more, not a half-width tile's.
    list_room = room - 2 * (record_height * 0.05 + ring)
    list_gap = gap / 2  # between records (RecordColumn's spacing)
    list_fits = max(1, int((list_room + list_gap) // (record_height + list_gap)))
    list_page = max(1, int((list_room - row_height) // (record_height + list_gap)))
    return Look(
        **base,
        margin_x=host.safe_area.left * s, margin_y=host.safe_area.top * s,
        tile_label=font_px(grown((headline + title) / 2) * s),  # between headline and title: the home tiles
        option_label=font_px(option_label * s), nav_label=font_px(nav_label * s),
        ring_width=host.focus.ring_width * s, ring_gap=host.focus.ring_offset * s, focus_scale=host.focus.scale,
        header_height=headline * text["headline"].line_height * s,
        # Keys and list rows keep the host's target size and grow when their text needs more.
        nav_height=nav_height * s, nav_min_width=secondary.width * s, row_height=row_height * s,
        icon_size=headline * 1.25 * s,
        focus_room=focus_room * s, key_room_x=key_room_x * s, key_room_y=key_room_y * s,
        record_height=record_height * s, list_pad_y=(record_height * 0.05 + ring) * s, list_gap=list_gap * s,
        grid_rows=max(1, int((body_room + gap) // (option_tile + gap))),
        list_fits=list_fits, list_page=list_page,
        # The record's second line: the screen less the safe margins, the room for the focus, the
        # tile's padding, digit and badge — a little less (line breaks keep units whole).
        row_ems=0.9 * (view.width - host.safe_area.left - host.safe_area.right - 2 * focus_room - 3 * 28
                       - 1.5 * grown(body) - (2.6 * grown(body) + 28)) / body,
    )
