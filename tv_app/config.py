"""Settings of one TV box, read when the app is created (never at import time), and the
per-box file where the pairing's device token and the household's elder are kept.

Environment (all optional; command-line options win):
  ONEKEY_TV_CONFIG     the per-box file (default ~/.config/onekey/tv.json)
  ONEKEY_CENTER_URL    the centre's base URL
  ONEKEY_TV_TOKEN      a device token (skips pairing; not stored)
"""
from __future__ import annotations

import json
import os
import socket
import tempfile
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
    theme: str = "standard"
    font_scale: float = 1.0  # the box's default; an elder's own preference wins
    box_name: str = field(default_factory=socket.gethostname)
    poll_messages_s: float = 20.0  # a modest interval: a reminder a few seconds late is fine
    poll_pairing_s: float = 2.0
    poll_alarm_s: float = 3.0
    long_press_s: float = 1.5  # a long OK on the SOS tile
    screen_guard_s: float = 0.4  # OK and digits ignored this long after a new screen appears
    result_hold_s: float = 20.0  # pop-ups wait this long on a result being read out
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


class BoxStore:
    """The per-box JSON file: written atomically, readable only by the box's user (0600)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def load(self) -> dict[str, Any]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}  # a damaged file means "not paired": the box shows a new pairing code

    def save(self, **values: Any) -> dict[str, Any]:
        data = {**self.load(), **values}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tv-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=2)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return data
