"""Settings of one centre instance, read when the app is created (never at import time).

Precedence: the ``config`` dict passed to ``create_app`` > ``ONEKEY_*`` environment > defaults.
Keys are the lower-case names below; the environment names are ``ONEKEY_`` + upper case.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_URL = f"sqlite:///{REPO_ROOT / 'var' / 'center.db'}"
# Outside the database (call_center/sealed.py); production gives every node the same file.
DEFAULT_PERSONAL_DATA_KEYS = REPO_ROOT / "var" / "keys" / "personal-data.keys"

# The taxi service area of the reference centre: all 16 districts of 上海市 (seed 000 §三(一)2).
SHANGHAI_DISTRICTS: tuple[str, ...] = (
    "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区",
    "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
)


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


@dataclass(frozen=True)
class Settings:
    db_url: str = DEFAULT_DB_URL
    personal_data_keys: str = str(DEFAULT_PERSONAL_DATA_KEYS)
    max_body_bytes: int = 64 * 1024
    # Simulated providers (the embedded default): every branch can be shown and tested.
    sim_latency_ms: int = 0
    sim_ride_no_car: str = ""  # "" | "primary" | "all"
    sim_ride_down: bool = False
    sim_registration_down: bool = False
    sim_escort_none: bool = False  # the escort platform has nobody free
    sim_escort_down: bool = False
    sim_transfer_no_vehicle: str = ""  # "" | "primary" (962120 has none) | "all"
    sim_transfer_down: bool = False
    sim_special_vehicle_none: str = ""  # "" | "primary" (the first operator has none) | "all"
    sim_special_vehicle_down: bool = False
    sim_renewal_down: bool = False  # the internet hospital does not answer
    sim_renewal_doctor: str = ""  # "" (by its rules) | "renewed" | "visit" | "call"
    sim_renewal_review_s: float = 60  # how long a doctor takes to decide
    sim_courier_down: bool = False
    sim_delivery_s: float = 600  # from dispatch to the door
    # Pairing codes a TV shows: short-lived; pending ones per address and boxes bound per
    # household a day are capped (rate_limited beyond that), besides the rate limits.
    pairing_ttl_minutes: int = 10
    pairing_limit_per_address: int = 20
    pairing_limit_per_household: int = 3
    # A kiosk acts for the elder identified there for this long at most (call_center/grants.py).
    kiosk_grant_minutes: int = 20
    # Rate limits (call_center/rate_limits.py): where counters live, and overrides.
    rate_limit_storage: str = "database://"  # the centre's database: every worker and node counts together
    rate_limits: str = ""
    # Refused alarm raises from one source within this window are one row with a count.
    refusal_window_minutes: int = 60
    # /docs (Swagger UI, served from this package, never a CDN): on for the demo, off otherwise.
    api_docs: bool = False
    service_area_districts: tuple[str, ...] = SHANGHAI_DISTRICTS
    sqlite_busy_timeout_ms: int = 30_000
    # 政策找人 (call_center/policies/offers.py): the worker matches every elder against the
    # policy catalog this often, the first time one interval after it starts (0: never), and
    # tells each elder of at most this many new policies a day.
    policy_push_every_s: float = 3600
    policy_pushes_per_day: int = 1
    # 回访 (call_center/satisfaction/visits.py): how often the worker asks about services done
    # since (0: never); each ask is due in the daytime whatever hour the sweep runs.
    return_visit_every_s: float = 600
    # The 服务商 the district bought installation from (seed 001 §四: 委托第三方服务机构…提供
    # "一键呼"安装): a device application installed is that provider's service, so 回访 asks about
    # it and 服务监管 counts it under this name.
    install_vendor: str = "一键通服务商"
    seed_demo: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, config: Mapping[str, Any] | None = None,
             environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        given = dict(config or {})
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "extra":
                continue
            env_value = env.get("ONEKEY_" + f.name.upper())
            if f.name in given:
                raw = given.pop(f.name)
            elif env_value is not None and env_value != "":
                raw = env_value
            else:
                continue
            values[f.name] = _coerce(f.name, raw)
        return cls(**values, extra=given)


def _coerce(name: str, raw: Any) -> Any:
    if name in {"max_body_bytes", "sim_latency_ms", "pairing_ttl_minutes",
                "pairing_limit_per_address", "pairing_limit_per_household", "kiosk_grant_minutes",
                "refusal_window_minutes", "sqlite_busy_timeout_ms", "policy_pushes_per_day"}:
        return int(raw)
    if name in {"sim_ride_down", "sim_registration_down", "sim_escort_none", "sim_escort_down",
                "sim_transfer_down", "sim_special_vehicle_down", "sim_renewal_down", "sim_courier_down", "seed_demo", "api_docs"}:
        return _truthy(raw)
    if name in {"sim_renewal_review_s", "sim_delivery_s", "policy_push_every_s", "return_visit_every_s"}:
        return float(raw)
    if name == "sim_renewal_doctor":
        value = str(raw).strip().lower()
        if value not in {"", "renewed", "visit", "call"}:
            raise ValueError("ONEKEY_SIM_RENEWAL_DOCTOR must be renewed, visit or call")
        return value
    if name in {"sim_ride_no_car", "sim_transfer_no_vehicle", "sim_special_vehicle_none"}:
        value = str(raw).strip().lower()
        if value in {"", "0", "none", "no"}:
            return ""
        if value not in {"primary", "all"}:
            raise ValueError(f"ONEKEY_{name.upper()} must be primary or all")
        return value
    if name == "service_area_districts":
        if isinstance(raw, str):
            return tuple(d.strip() for d in raw.split(",") if d.strip())
        return tuple(raw)
    return raw
