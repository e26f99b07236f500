"""Colour themes (standard, high contrast) and the font scales, shared by kiosk and TV.

An elder's preferences pick `theme` and `font_scale`; a channel's host config says which
themes it offers and may override roles (the slip prints black only).
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .models import Palette, Role, Theme

THEMES_DIR = Path(__file__).parent
THEME_NAMES = ("standard", "high_contrast", "dark")
# Font scales an elder may choose (1.0 is already elder-sized; MIIT: the largest ≥ 30 dp).
FONT_SCALES = (1.0, 1.25, 1.5)


def nearest_font_scale(preference: float | str | None) -> float:
    """Snap an elder's `font_scale` preference (the centre allows 1.0–2.5) to an offered scale."""
    try:
        value = float(preference) if preference is not None else 1.0
    except (TypeError, ValueError):
        return 1.0
    if value != value:
        return 1.0
    return min(FONT_SCALES, key=lambda scale: (abs(scale - value), scale))


def theme_path(name: str, directory: Path | None = None) -> Path:
    return Path(directory or THEMES_DIR) / f"{name}.yaml"


def load_theme(name: str, directory: Path | None = None) -> Theme:
    """Load and validate `<directory>/<name>.yaml` (raises pydantic ValidationError if wrong)."""
    path = theme_path(name, directory)
    if not path.exists():
        raise FileNotFoundError(f"no theme {name!r} in {path.parent}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Theme.model_validate(data)


__all__ = ["FONT_SCALES", "nearest_font_scale", "Palette", "Role", "THEMES_DIR", "THEME_NAMES", "Theme", "load_theme", "theme_path"]
