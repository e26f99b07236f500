"""Slip settings, read from the environment when a renderer or printer is created (never at import)."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Mapping

log = logging.getLogger(__name__)

DEFAULT_H5_BASE = "https://h5.onekey.example/r/"
# Used only when ONEKEY_SLIP_SECRET is unset (development): QR references then verify only
# on machines with the same default, and a warning is logged once per config.
DEV_SECRET = "onekey-development-slip-secret"
DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_PRERENDER = ("80mm", "a5")
_warned: list[bool] = []  # the development-key warning is logged once per process


def _spec_hotline() -> str:
    """The hotline the UI spec names (``contact.hotline``), so screen, speech and paper agree."""
    try:
        from shared_ui.spec.loader import load_spec

        return load_spec().contact.hotline
    except Exception:  # the spec is someone else's module; a broken spec must not stop printing
        log.warning("UI spec not loadable; slips use the built-in hotline 12345", exc_info=True)
        return "12345"


@dataclass(frozen=True)
class SlipConfig:
    """What a slip needs to know about its deployment.

    ``hotline``: ``ONEKEY_HOTLINE``, else the spec's ``contact.hotline`` (12345, Shanghai's
    citizen service hotline). ``h5_base``: ``ONEKEY_H5_BASE``, the page the QR code reopens.
    ``secret``: ``ONEKEY_SLIP_SECRET`` signs the QR reference. ``printer``: ``ONEKEY_PRINTER``
    (else CUPS's default destination). ``prerender``: ``ONEKEY_SLIP_LAYOUTS`` (comma list). ``station``:
    ``ONEKEY_STATION_NAME``, the kiosk's 驿站 printed on its slips.
    """

    hotline: str = "12345"
    h5_base: str = DEFAULT_H5_BASE
    secret: str = DEV_SECRET
    printer: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    prerender: tuple[str, ...] = DEFAULT_PRERENDER
    station: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "SlipConfig":
        env = os.environ if environ is None else environ
        secret = env.get("ONEKEY_SLIP_SECRET") or DEV_SECRET
        if secret == DEV_SECRET and not _warned:
            _warned.append(True)
            log.warning("ONEKEY_SLIP_SECRET is not set: QR references are signed with the development key")
        layouts = tuple(x.strip() for x in env.get("ONEKEY_SLIP_LAYOUTS", "").split(",") if x.strip())
        return cls(
            hotline=env.get("ONEKEY_HOTLINE") or _spec_hotline(),
            h5_base=env.get("ONEKEY_H5_BASE") or DEFAULT_H5_BASE,
            secret=secret,
            printer=env.get("ONEKEY_PRINTER") or None,
            timezone=env.get("ONEKEY_TIMEZONE") or DEFAULT_TIMEZONE,
            prerender=layouts or DEFAULT_PRERENDER,
            station=env.get("ONEKEY_STATION_NAME") or None,
        )
