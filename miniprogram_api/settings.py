"""Settings of one back end, read when the app is created (never at import time).

Precedence: the ``config`` dict given to ``create_app`` > ``ONEKEY_MP_*`` environment (and
the shared ``ONEKEY_CENTER_URL``, ``ONEKEY_HOTLINE``) > defaults.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_URL = f"sqlite:///{REPO_ROOT / 'var' / 'miniprogram.db'}"
SHARED = {"centre_url": "ONEKEY_CENTER_URL", "hotline": "ONEKEY_HOTLINE"}


@dataclass(frozen=True)
class Settings:
    centre_url: str = "http://127.0.0.1:8800"
    service_token: str = ""          # the centre's service token for this back end
    db_url: str = DEFAULT_DB_URL
    public_url: str = "http://127.0.0.1:8810"  # where browsers reach us (OAuth redirect, QR)
    secret_key: str = ""             # signs the phone's tokens and cookies; else kept in the DB
    login_ttl_s: int = 7 * 24 * 3600
    hotline: str = "12345"
    # WeChat (wechatpy): the mini-program's appid and secret; the API's base URL.
    wechat_appid: str = ""
    wechat_secret: str = ""
    wechat_api_base: str = "https://api.weixin.qq.com/"
    wechat_timeout_s: float = 5.0
    # Subscribe-message templates (the mini-program's own, from its admin console).
    alarm_template: str = ""
    booking_template: str = ""
    # 随申办: an OAuth 2.0 authorization-code client (Authlib) with configurable endpoints.
    ssb_client_id: str = ""
    ssb_client_secret: str = ""
    ssb_authorize_url: str = ""
    ssb_token_url: str = ""
    ssb_userinfo_url: str = ""
    ssb_scope: str = "openid profile phone"
    # Alerts: follow the centre's events and send through the outbox (off in unit tests).
    alerts: bool = True
    alert_retry_s: float = 2.0       # first retry; doubles up to alert_retry_max_s
    alert_retry_max_s: float = 60.0
    alert_give_up_s: float = 24 * 3600
    stream_wait_s: int = 25
    # Rate limits (Flask-Limiter); storage "onekeydb://" keeps counters in our database so
    # every gunicorn worker shares them; "memory://" is per process.
    ratelimit_storage: str = "onekeydb://"
    login_limit: str = "10 per minute;60 per hour"
    binding_limit: str = "5 per minute;20 per day"
    cookie_always_secure: bool = False
    # Proxies in front of us (nginx, a cloud load balancer) that set X-Forwarded-For/-Proto/
    # -Host: the client's address (what sign-in and binding limits count) is theirs to say.
    # 0: none is trusted, and a caller cannot pick its own address with a header.
    trusted_proxies: int = 0
    sqlite_busy_timeout_ms: int = 30_000
    # A family member's SOS the centre has not got yet is kept in this file (SQLite, one per
    # node) and retried; empty: beside the database (miniprogram_api/family_sos.py).
    alarm_outbox: str = ""
    alarm_retry_poll_s: float = 10.0  # how often a node looks for presses another process left

    @classmethod
    def load(cls, config: Mapping[str, Any] | None = None,
             environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        given = dict(config or {})
        unknown = set(given) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        values: dict[str, Any] = {}
        for f in fields(cls):
            name = SHARED.get(f.name, "ONEKEY_MP_" + f.name.upper())
            if f.name in given:
                raw = given[f.name]
            elif env.get(name):
                raw = env[name]
            else:
                continue
            values[f.name] = _coerce(type(f.default), raw)
        return cls(**values)

    @property
    def wechat_enabled(self) -> bool:
        return bool(self.wechat_appid and self.wechat_secret)

    @property
    def ssb_enabled(self) -> bool:
        return bool(self.ssb_client_id and self.ssb_authorize_url and self.ssb_token_url)

    def alarm_outbox_path(self) -> Path:
        """``alarm_outbox``, else beside a SQLite file database; else (PostgreSQL, or a
        database in memory) a file named for the database under ``var/``, or in a temporary
        directory for a database that ends with the process."""
        if self.alarm_outbox:
            return Path(self.alarm_outbox)
        url = make_url(self.db_url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            database = Path(url.database)
            return database.with_name(f"{database.stem}-alarm-outbox.sqlite3")
        if url.get_backend_name() == "sqlite":
            return Path(tempfile.mkdtemp(prefix="onekey-mp-")) / "alarm-outbox.sqlite3"
        named = hashlib.sha256(self.db_url.encode()).hexdigest()[:12]
        return REPO_ROOT / "var" / f"miniprogram-alarm-outbox-{named}.sqlite3"


def _coerce(kind: type, raw: Any) -> Any:
    if kind is bool:
        return raw if isinstance(raw, bool) else str(raw).strip().lower() in {"1", "true", "yes", "on"}
    if kind in (int, float):
        return kind(raw)
    return str(raw)
