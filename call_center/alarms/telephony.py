"""Telephony behind an interface: ``call(number, purpose) -> answered | no_answer | failed``.

The escalation only ever sees one of three outcomes. A real adapter (a SIP trunk, a cloud
call API) implements :class:`Telephony`; :func:`guarded_call` wraps every call so that an
adapter that raises, returns nonsense or hangs becomes ``failed`` with a reason, and the
escalation moves on (seed 000 §三(一)3: the elder must never wait on a broken phone line).

The embedded default, :class:`SimulatedTelephony`, answers by rules so every branch can be
shown in the demo and driven in tests::

    ONEKEY_ALARM_SIM_CALLS="callback=no_answer;13817306612=no_answer,answered;110=answered"

Keys are a phone number or a call purpose (number wins); values are one outcome or a script
of outcomes used in turn (the last repeats). Outcomes: ``answered``, ``no_answer``,
``failed`` and ``error`` (the adapter raises — to test that errors never stall anything).
Anything not matched is answered.
"""
from __future__ import annotations

import concurrent.futures
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from personal_data.masking import mask_phone

log = logging.getLogger(__name__)

Outcome = Literal["answered", "no_answer", "failed"]
OUTCOMES: frozenset[str] = frozenset({"answered", "no_answer", "failed"})

POLICE, AMBULANCE, FIRE = "110", "120", "119"


@dataclass(frozen=True)
class CallResult:
    outcome: Outcome
    reason: str = ""  # why a call failed, for the timeline
    placed_at: datetime | None = None  # when the call started (the next one is timed from it)


class Telephony(Protocol):
    def call(self, number: str, purpose: str) -> str:
        """Place one call. ``purpose`` says why (an adapter may pick a voice prompt or caller
        line by it): callback | keep_calling | emergency_contact | police_visit | cancel_notice.
        Called from many threads at once (one per line in use)."""
        ...


class TelephonyError(Exception):
    """What a simulated line raises when told to (``error``)."""


def guarded_call(telephony: Telephony, number: str, purpose: str, timeout_s: float,
                 lines: concurrent.futures.Executor,
                 placed_at: datetime | None = None) -> CallResult:
    """One call that always returns: errors, bad answers and hangs become ``failed``.

    ``lines`` runs the adapter's call, so a hung adapter costs one of its threads, never the
    caller's time (the worker gives each step a thread of its own)."""
    if not number:
        return CallResult("failed", "没有电话号码", placed_at)
    future = lines.submit(telephony.call, number, purpose)
    try:
        outcome = future.result(timeout=timeout_s)
    except concurrent.futures.TimeoutError:
        log.error("telephony: call to %s (%s) did not return in %.0f s", mask_phone(number),
                  purpose, timeout_s)
        return CallResult("failed", "电话平台没有响应", placed_at)
    except Exception as exc:  # any adapter error: recorded, never raised into the escalation
        log.exception("telephony: call to %s (%s) raised", mask_phone(number), purpose)
        return CallResult("failed", f"电话平台出错：{type(exc).__name__}", placed_at)
    if outcome not in OUTCOMES:
        log.error("telephony: call to %s returned %r", mask_phone(number), outcome)
        return CallResult("failed", "电话平台返回了无法识别的结果", placed_at)
    return CallResult(outcome, "", placed_at)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PlacedCall:
    number: str
    purpose: str
    outcome: str


class SimulatedTelephony:
    """Answers by rules (see the module doc); remembers every call it was asked to place."""

    def __init__(self, rules: dict[str, list[str]] | None = None, latency_ms: int = 0,
                 default: str = "answered"):
        self.rules = {k: list(v) for k, v in (rules or {}).items()}
        self.latency_ms = latency_ms
        self.default = default
        self.calls: list[PlacedCall] = []
        self._turns: dict[str, int] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_text(cls, text: str, latency_ms: int = 0) -> "SimulatedTelephony":
        rules: dict[str, list[str]] = {}
        for part in text.replace("\n", ";").split(";"):
            if not part.strip():
                continue
            key, sep, value = part.partition("=")
            outcomes = [v.strip() for v in value.split(",") if v.strip()]
            bad = [o for o in outcomes if o not in OUTCOMES | {"error"}]
            if not sep or not key.strip() or not outcomes or bad:
                raise ValueError(f"bad simulated call rule {part!r}: want key=outcome[,outcome]")
            rules[key.strip()] = outcomes
        return cls(rules, latency_ms)

    def set(self, key: str, *outcomes: str) -> None:
        """Change the rule for a number or purpose (restarts its script)."""
        with self._lock:
            self.rules[key] = list(outcomes)
            self._turns.pop(key, None)

    def call(self, number: str, purpose: str) -> str:
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)
        with self._lock:
            key = number if number in self.rules else purpose if purpose in self.rules else None
            if key is None:
                outcome = self.default
            else:
                script = self.rules[key]
                turn = self._turns.get(key, 0)
                self._turns[key] = turn + 1
                outcome = script[min(turn, len(script) - 1)]
            self.calls.append(PlacedCall(number, purpose, outcome))
        if outcome == "error":
            raise TelephonyError(f"simulated failure calling {number}")
        return outcome

    def placed(self, purpose: str | None = None) -> list[PlacedCall]:
        with self._lock:
            return [c for c in self.calls if purpose is None or c.purpose == purpose]
