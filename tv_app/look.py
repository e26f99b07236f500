"""Every size and colour the TV screens use, from the accessibility host config for ``tv`` and
the chosen theme (STYLE.md §2); the mapping from those roles to the TV's parts is here only.

Host numbers are design pixels on a 1920×1080 screen seen from 3 m (ELDER_UI.md, TV: title-
safe margin 96/54 px, body ≥ 48 px, headline ≥ 80 px, focus ring ≥ 3:1, focused tile ×1.1).
A window of another size scales everything by one factor. Where a part needs a size the host
does not name (the home tile label, an icon disc), it is derived from a host size here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accessibility.audit.contrast import contrast_ratio
from accessibility.hosts import HostConfig, load_host, palette_for

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
    font: str
    theme: str
    colours: dict[str, str]
    margin_x: float
    margin_y: float
    headline: float
    tile_label: float
    option_label: float
    body: float
    detail: float
    fact_label: float
    fact_value: float
    fact_emphasis: float
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

    def px(self, design_px: float) -> float:
        return design_px * self.scale

    def contrast(self, a: str, b: str) -> float:
        return contrast_ratio(self.colours[a], self.colours[b])


def build_look(window_size: tuple[int, int], font: str, theme: str | None = None,
               host: HostConfig | None = None, natural_line: float = 1.0) -> Look:
    """``natural_line``: the font's own line height in ems (see ``kivy_kit.fonts``); the host's
    line heights are multiples of the font size, Kivy's are multiples of the natural line."""
    host = host or load_host("tv")
    theme = theme if theme in host.themes else host.default_theme
    colours = palette_for(host, theme).model_dump()
    view = host.viewport
    s = min(window_size[0] / view.width, window_size[1] / view.height)
    text = host.text
    headline, title, body = text["headline"].size, text["title"].size, text["body"].size
    secondary = host.targets.secondary
    return Look(
        scale=s, font=font, theme=theme, colours=colours,
        margin_x=host.safe_area.left * s, margin_y=host.safe_area.top * s,
        headline=headline * s,
        tile_label=(headline + title) / 2 * s,  # between headline and title: the home tiles
        option_label=title * s, body=body * s, detail=body * s,
        fact_label=body * s, fact_value=(title + body) / 2 * s, fact_emphasis=title * s,
        nav_label=body * s, badge=body * s,
        line_height=text["body"].line_height / natural_line, natural_line=natural_line,
        gap=host.spacing.gap * s, padding=host.spacing.padding * s, radius=host.spacing.radius * s,
        ring_width=host.focus.ring_width * s, ring_gap=host.focus.ring_offset * s, focus_scale=host.focus.scale,
        header_height=headline * text["headline"].line_height * s,
        nav_height=secondary.height * s, nav_min_width=secondary.width * s, row_height=secondary.height * s,
        icon_size=headline * 1.25 * s,
        focus_room=((view.width - host.safe_area.left - host.safe_area.right) / 2 * (host.focus.scale - 1) / 2
                    + host.focus.ring_offset + host.focus.ring_width) * s,
    )
