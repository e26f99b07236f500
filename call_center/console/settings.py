"""Console settings, read when the app is created (never at import time).

Precedence as for the centre: the ``config`` dict given to ``create_app`` (keys below, which
land in ``Settings.extra``) > ``ONEKEY_`` + upper-case name in the environment > defaults.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from .throttle import Schedule


@dataclass(frozen=True)
class ConsoleSettings:
    # Idle logout (seed 004 §三(四): protect personal data on an unattended screen).
    console_idle_minutes: float = 15.0
    console_warn_seconds: float = 120.0  # the page warns this long before the idle logout
    console_max_session_hours: float = 12.0  # one shift, however active
    console_poll_seconds: float = 2.5
    console_alarm_red_seconds: int = 60  # an alarm unanswered this long is shown as overdue
    # Sign-in: failures past the free ones make the next try wait longer (console/throttle.py).
    console_login_free_failures: int = 3
    console_login_account_cap_seconds: float = 60.0
    console_login_source_cap_seconds: float = 900.0
    # "" = Secure flag whenever the request came over HTTPS; "1" always (behind a TLS proxy).
    console_cookie_secure: str = ""
    console_secret_key: str = ""  # "" = a random key kept in the database (console_keys)

    @classmethod
    def load(cls, given: Mapping[str, Any], environ: Mapping[str, str] | None = None
             ) -> "ConsoleSettings":
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = given.get(f.name)
            if raw is None:
                raw = env.get("ONEKEY_" + f.name.upper()) or None
            if raw is None:
                continue
            kind = type(f.default)
            values[f.name] = raw if kind is str else kind(raw)
        settings = cls(**values)
        if settings.console_idle_minutes <= 0 or settings.console_poll_seconds <= 0:
            raise ValueError("console idle minutes and poll seconds must be positive")
        return settings

    @property
    def login_schedule(self) -> "Schedule":
        from .throttle import Schedule

        return Schedule(free_failures=self.console_login_free_failures,
                        account_cap_s=self.console_login_account_cap_seconds,
                        source_cap_s=self.console_login_source_cap_seconds)

    @property
    def idle_seconds(self) -> float:
        return self.console_idle_minutes * 60

    @property
    def max_session_seconds(self) -> float:
        return self.console_max_session_hours * 3600

    @property
    def cookie_always_secure(self) -> bool:
        return self.console_cookie_secure.strip().lower() in {"1", "true", "yes", "on"}
