"""Settings of the alarm desk, read when the app is created (never at import time).

Same precedence as :class:`call_center.config.Settings`: the ``config`` dict passed to
``create_app`` (keys ``alarm_*``, kept in ``Settings.extra``) > ``ONEKEY_ALARM_*`` environment >
defaults. Objects that cannot come from the environment (a fake clock, a telephony adapter)
are passed only in the config dict: ``alarm_clock``, ``alarm_telephony``.

Defaults follow the sources: two call-backs (seed 000 §三(一)3 情况二 "回拨 2次无响应"),
an agent answers within 60 s (the alarm-service standard seed 002 §三 points to; UK telecare
promises 97.5 % of alarm calls answered within 60 s), a check-in by 10:00, package A's two
care calls a week (seed 002 附件 套餐A "2 次/周的主动关爱服务").
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from datetime import time
from typing import Any, Mapping

PREFIX = "alarm_"


@dataclass(frozen=True)
class AlarmSettings:
    # An alarm nobody has acknowledged after this long starts the silent branch by itself.
    ack_timeout_s: float = 60.0
    callback_attempts: int = 2
    callback_interval_s: float = 60.0
    # "在应急人员上门前不间断呼叫用户": the elder is called again at this interval.
    keep_calling_interval_s: float = 90.0
    police_retry_s: float = 60.0
    cancel_notice_attempts: int = 3
    cancel_notice_retry_s: float = 120.0
    # A worker renews the claims of the steps it runs every ``heartbeat_s``; a claim not
    # renewed for ``claim_lease_s`` (its worker died) is taken over by another worker.
    claim_lease_s: float = 6.0
    heartbeat_s: float = 2.0
    # Calls one worker process places at once (the lines it may use): steps run on a pool
    # of this size, so one ringing phone never holds up another alarm.
    call_lines: int = 32
    # A telephony call that has not returned by then counts as failed (escalation moves on).
    call_timeout_s: float = 90.0
    worker: bool = False
    worker_poll_s: float = 0.25
    sweep_every_s: float = 30.0
    checkin_by: time = time(10, 0)
    checkin_min_age: int = 80  # seed 002 §一: 80+ living alone are covered
    checkin_escalate_after: int = 2  # consecutive missed days that open a silent alarm
    care_call_hour: int = 15
    # Simulated telephony: "purpose-or-number=outcome[,outcome…];…" (see telephony.py).
    sim_calls: str = ""
    sim_call_latency_ms: int = 0
    events_max_wait_s: float = 30.0
    # How often a process's event hub looks for events other processes committed: SQLite
    # has no notification across processes; on PostgreSQL NOTIFY wakes it at once and
    # ``events_listen_poll_s`` is only the safety net.
    events_poll_s: float = 0.25
    events_listen_poll_s: float = 5.0
    events_keep_days: int = 30  # the device event log is pruned after this (tokens stay valid)
    # Stored first responses to Idempotency-Key writes are dropped after this. A device's
    # outbox gives up on a write well before (shared_ui.outbox.GIVE_UP_AFTER_DAYS), so a late
    # retry can never find its key forgotten and act twice.
    idempotency_keep_days: int = 30

    def __post_init__(self) -> None:
        if self.call_lines < 1:
            raise ValueError("alarm call_lines must be at least 1")
        if not 0 < self.heartbeat_s * 2 <= self.claim_lease_s:
            # Two heartbeats must fit in a lease, or a busy worker loses live claims.
            raise ValueError("alarm heartbeat_s must be at most half of claim_lease_s")

    @classmethod
    def load(cls, extra: Mapping[str, Any] | None = None,
             environ: Mapping[str, str] | None = None) -> "AlarmSettings":
        env = os.environ if environ is None else environ
        given = dict(extra or {})
        values: dict[str, Any] = {}
        for f in fields(cls):
            key = PREFIX + f.name
            if key in given:
                raw = given[key]
            elif env.get("ONEKEY_" + key.upper()):
                raw = env["ONEKEY_" + key.upper()]
            else:
                continue
            values[f.name] = _coerce(f.type, raw)
        return cls(**values)


def _coerce(kind: Any, raw: Any) -> Any:
    kind = kind if isinstance(kind, str) else getattr(kind, "__name__", str(kind))
    if kind == "bool":
        return raw.strip().lower() in {"1", "true", "yes", "on"} if isinstance(raw, str) else bool(raw)
    if kind == "int":
        return int(raw)
    if kind == "float":
        return float(raw)
    if kind == "time":
        if isinstance(raw, time):
            return raw
        hour, _, minute = str(raw).partition(":")
        return time(int(hour), int(minute or 0))
    return str(raw)
