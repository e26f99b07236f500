"""The look every Kivy front end shares: theme colours and text sizes from the channel's host
config (STYLE.md §2), scaled to the window, at the user's text size.

Host numbers are design units on the host's viewport (px on a 1920×1080 TV, dp on the kiosk's
panel). A window of another size scales everything by one factor. A user's ``font_scale``
(1.0, 1.25, 1.5) enlarges text below the headline, never past it: text of 40 dp and more may
stay unscaled, and nothing may overflow or hide (ELDER_UI.md, "large fonts"). A channel's own
look (``tv_app.look``) adds its geometry to these fields; kv reads them as ``app.look.<name>``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accessibility.audit.contrast import contrast_ratio
from accessibility.hosts import HostConfig, palette_for
from accessibility.themes import nearest_font_scale

COLOUR_ROLES = ("primary", "danger", "success", "warning")  # tile fills; text on them is on_<role>


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255, alpha)


def text_role(fill_role: str) -> str:
    """The theme's text role for text drawn on a tile of ``fill_role``."""
    return f"on_{fill_role}" if fill_role in COLOUR_ROLES else "text"


@dataclass(frozen=True)
class BaseLook:
    """Window-unit sizes and theme colours shared by every Kivy front end."""

    scale: float
    font_scale: float
    font: str
    theme: str
    colours: dict[str, str]
    headline: float
    title: float
    body: float
    min_text: float  # the host's body size, unscaled: a label may shrink to it to stay whole
    detail: float
    fact_label: float
    fact_value: float
    fact_emphasis: float
    fact_label_width: float  # a four-character label ("就诊时间") on one line
    badge: float
    line_height: float  # Kivy's: a multiple of the font's natural line (≈ host line height in ems)
    natural_line: float
    gap: float
    padding: float
    radius: float

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

    def line_px(self, font_size: float) -> float:
        """The height of one line of text at ``font_size`` (for layouts that plan ahead)."""
        return font_size * self.line_height * self.natural_line

    def px(self, design: float) -> float:
        """A size in the host's design units, in window pixels."""
        return design * self.scale

    def contrast(self, a: str, b: str) -> float:
        return contrast_ratio(self.colours[a], self.colours[b])


def base_fields(host: HostConfig, window_size: tuple[int, int], font: str, theme: str | None,
                natural_line: float, font_scale: float | str | None,
                scale: float | None = None) -> dict[str, Any]:
    """The :class:`BaseLook` fields for ``host`` in a window of ``window_size``.

    ``natural_line``: the font's own line height in ems (``kivy_kit.fonts``); the host's line
    heights are multiples of the font size, Kivy's are multiples of the natural line.
    ``scale``: window pixels per host unit when the channel knows them (the kiosk: real dp on
    its panel); else the window's share of the host's viewport."""
    k = nearest_font_scale(font_scale)
    theme = theme if theme in host.themes else host.default_theme
    view = host.viewport
    s = scale if scale is not None else (
        min(window_size[0] / view.width, window_size[1] / view.height) if view else 1.0)
    text = host.text
    headline, body = text["headline"].size, text["body"].size
    title = text["title"].size if "title" in text else (headline + body) / 2

    def grown(size: float) -> float:
        return max(size, min(size * k, headline))

    def px(size: float) -> float:
        return font_px(size * s)

    return dict(
        scale=s, font_scale=k, font=font, theme=theme, colours=palette_for(host, theme).model_dump(),
        headline=px(headline), title=px(grown(title)), body=px(grown(body)), min_text=px(body),
        detail=px(grown(body)), fact_label=px(grown(body)), fact_label_width=max(4.6 * body, grown(body) * 4.3) * s,
        fact_value=px(grown((title + body) / 2)), fact_emphasis=px(grown(title)), badge=px(grown(body)),
        line_height=text["body"].line_height / natural_line, natural_line=natural_line,
        gap=host.spacing.gap * s, padding=host.spacing.padding * s, radius=host.spacing.radius * s,
    )


def font_px(size: float) -> float:
    """Text sizes in whole pixels: every distinct size is a font face SDL_ttf opens anew."""
    return float(round(size))


def grown_size(host: HostConfig, size: float, font_scale: float | str | None) -> float:
    """``size`` (host units) at the user's font scale, never above the headline."""
    return max(size, min(size * nearest_font_scale(font_scale), host.text["headline"].size))
