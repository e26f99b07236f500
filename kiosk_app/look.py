"""The kiosk's sizes: the kit's shared look (theme colours, text sizes) in real dp on the
panel, plus the kiosk's geometry (ELDER_UI.md, Kiosk).

Sizes in ``kiosk.yaml`` are dp: on the 32" 1080×1920 panel one dp is 0.43 px, so 60 dp is
9.5 mm wherever the app runs (a smaller window previews the panel, scaled). Everything the
elder touches lies between 380 and 1220 mm above the floor (ADA §308): standing upright, the
panel's top quarter is out of reach, so a screen says things there and is touched below —
title and information on top, choices and keys in the lower middle, and Home, Back, 重听 and
呼叫人工 always in one row at the bottom.
"""
from __future__ import annotations

from dataclasses import dataclass

from accessibility.hosts import HostConfig, load_host
from shared_ui.flow import Paging
from shared_ui.kivy_kit.look import BaseLook, base_fields, font_px, grown_size

REACH_MM = (380.0, 1220.0)   # ADA §308: forward and side reach


@dataclass(frozen=True)
class KioskLook(BaseLook):
    orientation: str
    mm_per_px: float        # on the real panel, for the window's pixels
    margin: float
    header_height: float
    option_label: float
    tile_label: float
    nav_label: float
    nav_height: float
    primary_height: float
    primary_width: float
    secondary_height: float
    option_height: float
    record_height: float
    key_size: float         # a key of the on-screen keypad
    reach_top: float        # window y (from the bottom) above which nothing may be touched
    reach_bottom: float
    actions_height: float   # the touch zone above the nav row (portrait); the info zone is above it
    option_cols: int
    option_rows: int
    list_rows: int
    row_ems: float          # ems of the body size a record's second line holds on one line (less than it has)
    tap_slop: float         # px a touch may slide and still be a tap

    def mm(self, px: float) -> float:
        return px * self.mm_per_px

    def paging(self) -> dict[str, Paging]:
        fits = max(1, min(6, self.option_cols * self.option_rows))
        page = max(1, min(fits, self.option_cols * (self.option_rows - 1) if self.option_rows > 1 else 1))
        records = max(1, min(6, self.list_rows))
        return {"field": Paging(fits, page), "list": Paging(records, max(1, records - 1), self.row_ems)}


def build_look(window_size: tuple[int, int], font: str, theme: str | None = None, *,
               orientation: str = "portrait", host: HostConfig | None = None, natural_line: float = 1.0,
               font_scale: float | str | None = 1.0, tap_slop_mm: float = 8.0) -> KioskLook:
    host = host or load_host("kiosk")
    panel = host.panel
    assert panel is not None, "the kiosk's host config names its panel"
    panel_w = panel.width_px if orientation == "portrait" else panel.height_px
    preview = window_size[0] / panel_w           # 1.0 on the panel itself
    px_per_dp = panel.kivy_density * preview
    base = base_fields(host, window_size, font, theme, natural_line, font_scale, scale=px_per_dp)
    s = px_per_dp
    mm_per_px = panel.mm_per_px / preview
    width, height = window_size
    text, targets, spacing = host.text, host.targets, host.spacing
    line = text["body"].line_height

    def grown(size: float) -> float:
        return grown_size(host, size, font_scale)

    headline, title, body = text["headline"].size, text["title"].size, text["body"].size
    option_label, nav_label = grown(title), grown(body)
    margin, gap = spacing.padding * s, spacing.gap * s
    header_height = headline * text["headline"].line_height * s
    nav_height = max(targets.secondary.height, nav_label * line + 32) * s
    primary_height = max(targets.primary.height, option_label * line + 40) * s
    option_height = max(targets.primary.height, option_label * line + grown(body) * line + 40) * s
    record_height = max(targets.primary.height, option_label * line + grown(body) * line + 32) * s
    bottom_mm = panel.bottom_mm if orientation == "portrait" else panel.landscape_bottom_mm
    reach_top = min(height, (REACH_MM[1] - bottom_mm) / mm_per_px)
    reach_bottom = max(0.0, (REACH_MM[0] - bottom_mm) / mm_per_px)
    zone_top = reach_top - gap                   # a little under the line: rings and rounding
    if orientation == "portrait":
        actions_height = zone_top - margin - nav_height - gap
        zone_width = width - 2 * margin
        option_cols = 2
    else:
        actions_height = height - 2 * margin - header_height - nav_height - 2 * gap
        zone_width = (width - 2 * margin - gap) / 2
        option_cols = 1 if zone_width < 2 * targets.primary.width * s + gap else 2
    option_rows = max(1, int((actions_height + gap) // (option_height + gap)))
    list_rows = max(1, int((actions_height + gap) // (record_height + gap)))
    return KioskLook(
        **base,
        orientation=orientation, mm_per_px=mm_per_px, margin=margin, header_height=header_height,
        option_label=font_px(option_label * s), tile_label=font_px(grown((headline + title) / 2) * s),
        nav_label=font_px(nav_label * s),
        nav_height=nav_height, primary_height=primary_height, primary_width=targets.primary.width * s,
        secondary_height=targets.secondary.height * s, option_height=option_height, record_height=record_height,
        key_size=max(targets.primary.height, headline * 1.2) * s,
        reach_top=reach_top, reach_bottom=reach_bottom, actions_height=actions_height,
        option_cols=option_cols, option_rows=option_rows, list_rows=list_rows,
        tap_slop=tap_slop_mm / mm_per_px,
        # A record tile spans the touch zone: less its padding and badge, a little less (line
        # breaks keep units whole).
        row_ems=0.9 * (zone_width - 80 * s - 3 * font_px(grown(body) * s)) / font_px(body * s),
    )
