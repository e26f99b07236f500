"""Per-channel host configs (STYLE.md §2): sizes, target minimums, spacing, colours.

`load_host("tv")` reads `accessibility/hosts/tv.yaml` into a strict `HostConfig`; renderers
take their numbers from it and `onekey audit` checks them against the elder-friendly rules.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from accessibility.themes import Palette, load_theme

from .models import Channel, HostConfig, Page, TextStyle

HOSTS_DIR = Path(__file__).parent
CHANNELS: tuple[str, ...] = ("tv", "kiosk", "miniprogram", "slip")


def host_path(channel: str, directory: Path | None = None) -> Path:
    return Path(directory or HOSTS_DIR) / f"{channel}.yaml"


def load_host(channel: str, directory: Path | None = None) -> HostConfig:
    """Load and validate one channel's host config (raises pydantic ValidationError if wrong)."""
    path = host_path(channel, directory)
    if not path.exists():
        raise FileNotFoundError(f"no host config for {channel!r} in {path.parent}")
    host = HostConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    if host.channel != channel:
        raise ValueError(f"{path.name} says channel {host.channel!r}")
    return host


def abilities_for(channel: str, directory: Path | None = None):
    """What the flow engine may offer on ``channel`` (typed input, digits, start, idle, pop-ups)."""
    from shared_ui.flow import Abilities, IdlePolicy

    host = load_host(channel, directory)
    given = host.abilities
    if given is None:
        return Abilities()
    idle = None
    if host.timing is not None:
        idle = IdlePolicy(after_s=host.timing.idle_wipe_after_s, warn_s=host.timing.idle_warning_lead_s)
    return Abilities(typed_input=frozenset(given.typed_input), digit_shortcuts=given.digit_shortcuts,
                     start=given.start, identify_by=tuple(given.identify_by), idle=idle,
                     summary_from=given.summary_from, sos_tile_window_s=given.sos_tile_window_s,
                     prints=given.prints, shares_slips=given.shares_slips, speaks=given.speaks,
                     public_screen=given.public_screen, fixed_row=tuple(given.fixed_row))


def palette_for(host: HostConfig, theme: str | None = None, themes_dir: Path | None = None) -> Palette:
    """The colours a channel actually uses: the theme with the host's overrides applied."""
    name = theme or host.default_theme
    if name not in host.themes:
        name = host.default_theme
    return load_theme(name, themes_dir).colours.with_overrides(dict(host.colours))


__all__ = ["CHANNELS", "abilities_for", "Channel", "HOSTS_DIR", "HostConfig", "Page", "TextStyle", "host_path", "load_host", "palette_for"]
