"""Every size and colour the TV screens use, in one place (STYLE.md §2: a host config per channel).

Numbers are design pixels on a 1920×1080 screen seen from 3 m (ELDER_UI.md, TV): title-safe
margin 5 % (96 px left/right, 54 px top/bottom), body text ≥ 48 px, headlines ≥ 80 px, a
focus ring ≥ 3:1 against what surrounds it and a focused tile scaled ~1.1×. A window of
another size scales them all by one factor. When ``accessibility.hosts`` / ``.themes`` are
installed they supply the host sizes and colour roles; until then the tables below do.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, fields, replace
from typing import Any

log = logging.getLogger(__name__)

DESIGN_SIZE = (1920, 1080)

# Design pixels at 1920×1080.
TV_HOST: dict[str, float] = {
    "margin_x": 96, "margin_y": 54,
    "headline": 80, "tile_label": 72, "option_label": 60, "body": 52, "detail": 48,
    "fact_label": 48, "fact_value": 56, "fact_emphasis": 64, "nav_label": 48, "badge": 48,
    "line_height": 1.35,
    "gap": 48, "radius": 28, "ring_width": 10, "ring_gap": 6, "focus_scale": 1.1,
    "header_height": 120, "nav_height": 112, "icon_size": 116,
}

# Colour roles as hex; "on_*" is the text drawn on that role.
THEMES: dict[str, dict[str, str]] = {
    "standard": {
        "background": "#0D1726", "surface": "#1F3B63", "text": "#FFFFFF", "text_muted": "#C8D3E3",
        "primary": "#1F5096", "danger": "#C62828", "success": "#1B7A35", "warning": "#9A4A00",
        "on_colour": "#FFFFFF", "ring": "#FFD400", "alarm": "#A31515", "scrim": "#000000C8",
        "popup": "#15304F", "badge": "#FFD400", "on_badge": "#0D1726",
    },
    "high_contrast": {
        "background": "#000000", "surface": "#000000", "text": "#FFFFFF", "text_muted": "#FFFFFF",
        "primary": "#000000", "danger": "#8B0000", "success": "#004D1A", "warning": "#5C2E00",
        "on_colour": "#FFFFFF", "ring": "#FFFF00", "alarm": "#8B0000", "scrim": "#000000E6",
        "popup": "#000000", "badge": "#FFFF00", "on_badge": "#000000",
    },
}


def rgba(hex_colour: str) -> tuple[float, float, float, float]:
    h = hex_colour.lstrip("#")
    alpha = int(h[6:8], 16) / 255 if len(h) == 8 else 1.0
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255, alpha)


def luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgba(hex_colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two opaque colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Look:
    """Scaled sizes (window pixels) and RGBA colours; kv reads them as ``app.look.<name>``."""

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
    line_height: float
    gap: float
    radius: float
    ring_width: float
    ring_gap: float
    focus_scale: float
    header_height: float
    nav_height: float
    icon_size: float

    def colour(self, role: str | None, default: str = "surface") -> tuple[float, float, float, float]:
        return rgba(self.colours.get(role or default) or self.colours[default])

    def __getattr__(self, name: str) -> Any:
        # kv reads colours as attributes too: app.look.c_ring, app.look.c_text …
        if name.startswith("c_"):
            return rgba(self.colours[name[2:]])
        raise AttributeError(name)

    def px(self, design_px: float) -> float:
        return design_px * self.scale


def _accessibility_tables(theme: str) -> tuple[dict[str, float], dict[str, str]]:
    """Host sizes and theme colours from accessibility when it has them, else ours."""
    host, colours = dict(TV_HOST), dict(THEMES.get(theme, THEMES["standard"]))
    try:
        from accessibility.hosts import load_host  # type: ignore[import-not-found]
        from accessibility.themes import load_theme  # type: ignore[import-not-found]
    except ImportError:
        return host, colours
    try:
        found = load_host("tv")
        host.update({k: float(v) for k, v in _as_dict(found).items() if k in host})
        colours.update({k: str(v) for k, v in _as_dict(load_theme(theme)).items() if k in colours})
    except Exception:  # noqa: BLE001 — a broken host file must not stop the TV from starting
        log.exception("accessibility host/theme for tv could not be read; using the built-in look")
    return host, colours


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    dump = getattr(value, "model_dump", None)
    return dump() if dump else dict(vars(value))


def build_look(window_size: tuple[int, int], font: str, theme: str = "standard") -> Look:
    host, colours = _accessibility_tables(theme)
    scale = min(window_size[0] / DESIGN_SIZE[0], window_size[1] / DESIGN_SIZE[1])
    unscaled = {"line_height", "focus_scale"}
    sizes = {k: (v if k in unscaled else v * scale) for k, v in host.items()}
    names = {f.name for f in fields(Look)}
    return Look(scale=scale, font=font, theme=theme, colours=colours,
                **{k: v for k, v in sizes.items() if k in names})


def rescaled(look: Look, window_size: tuple[int, int]) -> Look:
    factor = min(window_size[0] / DESIGN_SIZE[0], window_size[1] / DESIGN_SIZE[1]) / look.scale
    unscaled = {"scale", "font", "theme", "colours", "line_height", "focus_scale"}
    changes = {f.name: getattr(look, f.name) * factor for f in fields(Look) if f.name not in unscaled}
    return replace(look, scale=look.scale * factor, **changes)
