"""Settings of one TV box, read when the app is created (never at import time). The per-box
file where the pairing's device token and the household's elder are kept is a
:class:`shared_ui.kivy_kit.settings_file.SettingsFile` at ``config_path``.

Environment (all optional; command-line options win):
  ONEKEY_TV_CONFIG     the per-box file (default ~/.config/onekey/tv.json)
  ONEKEY_CENTER_URL    the centre's base URL
  ONEKEY_TV_TOKEN      a device token (skips pairing; not stored)
"""
from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

DEFAULT_CENTER = "http://127.0.0.1:8800"  # `onekey center` default


def default_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "onekey" / "tv.json"


@dataclass
class TvSettings:
    center_url: str | None = None
    token: str | None = None
    config_path: Path = field(default_factory=default_config_path)
    locale: str = "zh_CN"
    size: tuple[int, int] = (1920, 1080)
    fullscreen: bool = False
    keep_window: bool = False  # draw at ``size`` inside the window as it is (tests: one window for all)
    theme: str = "standard"
    font_scale: float = 1.0  # the box's default; an elder's own preference wins
    box_name: str = field(default_factory=socket.gethostname)
    poll_messages_s: float = 20.0  # a modest interval: a reminder a few seconds late is fine
    poll_pairing_s: float = 2.0
    long_press_s: float = 1.5  # a long OK on the SOS tile
    screen_guard_s: float = 0.4  # OK and digits ignored this long after a new screen appears
    font_cache: Path | None = None
    outbox_path: Path | None = None
    speech: bool = True  # False: keep the text, say nothing (tests inject their own sink)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> "TvSettings":
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        if env.get("ONEKEY_TV_CONFIG"):
            values["config_path"] = Path(env["ONEKEY_TV_CONFIG"])
        if env.get("ONEKEY_CENTER_URL"):
            values["center_url"] = env["ONEKEY_CENTER_URL"]
        if env.get("ONEKEY_TV_TOKEN"):
            values["token"] = env["ONEKEY_TV_TOKEN"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def outbox(self) -> Path:
        return self.outbox_path or self.config_path.with_name("tv-outbox.sqlite3")
