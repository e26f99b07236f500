"""Settings of one kiosk, read when the app is created (never at import time).

Environment (all optional; command-line options win):
  ONEKEY_KIOSK_DIR      where the kiosk keeps its token file, outbox and font cache
                        (default ~/.local/share/onekey/kiosk)
  ONEKEY_CENTER_URL     the centre's base URL
  ONEKEY_KIOSK_TOKEN    the kiosk's device token (a kiosk is registered at the centre with its station)
  ONEKEY_KIOSK_ADMIN_PIN  the PIN the admin gesture asks for before the app may close
  ONEKEY_PRINTER        the CUPS queue for slips ("" = no printer: slips go to the family)
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping

DEFAULT_CENTER = "http://127.0.0.1:8800"
Orientation = Literal["portrait", "landscape"]


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "onekey" / "kiosk"


@dataclass
class KioskSettings:
    center_url: str | None = None
    token: str | None = None
    data_dir: Path = field(default_factory=default_data_dir)
    locale: str = "zh_CN"
    orientation: Orientation = "portrait"
    # The window: the panel itself in production (full screen); a smaller window previews it
    # at the same proportions (sizes scale with it).
    size: tuple[int, int] | None = None
    fullscreen: bool = True
    keep_window: bool = False   # draw at ``size`` inside the window as it is (tests: one window for all)
    theme: str = "standard"
    font_scale: float = 1.0
    admin_pin: str = "2468"
    printer: str | None = None   # None: CUPS's default queue; "": no printer
    slip_layout: str = "80mm"    # the station's thermal roll
    poll_messages_s: float = 3600.0  # a kiosk reads messages when asked, it does not wait for them
    screen_guard_s: float = 0.4   # taps ignored this long after a new screen appears
    tap_slop_mm: float = 8.0      # a touch that slides less than this is still a tap
    repeat_tap_s: float = 0.6     # a second tap on the same thing this soon is the same tap
    sos_hold_s: float = 3.0       # the SOS tile is held this long (with visible progress)
    # A touch on it lifted sooner was a tap (told how to hold), not a hold let go: Android's
    # long-press timeout (ViewConfiguration, 500 ms before Android 12), as old fingers tap slowly.
    sos_tap_s: float = 0.5
    scanner_gap_s: float = 0.04   # keys closer than this, ending in Enter, are a scanner's
    simulated_reader: bool = False  # the demo's ID-card reader (reads the demo elder's card)
    font_cache: Path | None = None
    speech: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> "KioskSettings":
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, key in (("ONEKEY_CENTER_URL", "center_url"), ("ONEKEY_KIOSK_TOKEN", "token"),
                          ("ONEKEY_KIOSK_ADMIN_PIN", "admin_pin"), ("ONEKEY_PRINTER", "printer")):
            if name in env:
                values[key] = env[name]
        if env.get("ONEKEY_KIOSK_DIR"):
            values["data_dir"] = Path(env["ONEKEY_KIOSK_DIR"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def outbox(self) -> Path:
        """The one personal file a kiosk keeps (0600): alarms and requests not yet delivered."""
        return self.data_dir / "outbox.sqlite3"

    @property
    def panel_size(self) -> tuple[int, int]:
        from accessibility.hosts import load_host

        panel = load_host("kiosk").panel
        assert panel is not None
        w, h = panel.width_px, panel.height_px
        return (w, h) if self.orientation == "portrait" else (h, w)

    @property
    def window_size(self) -> tuple[int, int]:
        return tuple(self.size) if self.size else self.panel_size  # type: ignore[return-value]
