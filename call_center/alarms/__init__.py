"""One-key emergency rescue (seed 000 §三(一)3) and proactive care (seed 002): the alarm state
machine with durable timers, the escalation worker, daily check-ins and agents' care tasks.
What devices hear about it goes through the device event log,
``call_center.models.device_event_log``.

Python API for the agent console (call inside a request, pass the request's session; the
request commits)::

    from call_center.alarms import desk
    from call_center.unit_of_work import session

    d = desk()                                    # the app's AlarmDesk
    d.open_alarms(session())                      # [Alarm] oldest first
    alarm = d.get(session(), alarm_id, lock=True) # 404 ApiError if unknown
    d.acknowledge(session(), alarm, actor)        # actor: caller.actor, e.g. "agent:agt_…"
    d.record_step(session(), alarm, actor, kind, note, outcome=None, contact_priority=None)
        # kind: elder_answered | elder_silent | called_120 | called_110 | called_119 |
        #       contacted_family | guidance | responders_arrived | outcome | follow_up
    d.cancel(session(), alarm, actor, by="agent", note="")
    d.raise_alarm(session(), elder, actor=actor, channel="phone", note="")  # -> (alarm, created)

    from call_center.alarms import care, checkins
    care.tasks(session(), status="open", due_before=d.now())          # [CareTask]
    care.complete(session(), task, actor, "well" | "needs_help" | "not_reached", note, d.now())
    checkins.state(session(), elder, d.now(), d.settings)              # CheckinState

    from call_center.alarms import present   # Alarm/CareTask → the API's pydantic shapes
    from call_center.alarms.words import STATUS_WORDS, PHASE_WORDS, STEP_WORDS

Errors are :class:`call_center.errors.ApiError` (409 ``invalid_transition`` with a Chinese
sentence when a step does not fit the alarm's state).
"""
from __future__ import annotations

from typing import Any, Mapping

from flask import Flask, current_app

from ..db import Database
from ..models import device_event_log
from ..models.device_event_log import Notifier
from . import present
from .clocks import SystemClock
from .desk import AlarmDesk
from .settings import AlarmSettings
from .telephony import SimulatedTelephony

EXTENSION = "onekey_alarms"


def build_desk(database: Database, extra: Mapping[str, Any] | None = None,
               environ: Mapping[str, str] | None = None) -> AlarmDesk:
    """The desk for one database: settings, clock, telephony, event hooks (no thread yet)."""
    extra = dict(extra or {})
    settings = AlarmSettings.load(extra, environ)
    telephony = extra.get("alarm_telephony") or SimulatedTelephony.from_text(
        settings.sim_calls, settings.sim_call_latency_ms)
    desk = AlarmDesk(settings, extra.get("alarm_clock") or SystemClock(), telephony, database,
                     Notifier())
    device_event_log.attach([database.reads, database.writes], desk.notifier,
                            present.alarm_step_row)
    return desk


def attach(app: Flask) -> AlarmDesk:
    """Bind the desk to a centre app; start the worker thread if ``alarm_worker`` is set."""
    centre = app.extensions["onekey"]
    desk = build_desk(centre.db, centre.settings.extra)
    app.extensions[EXTENSION] = desk
    if desk.settings.worker:
        desk.start_worker()
    return desk


def desk() -> AlarmDesk:
    return current_app.extensions[EXTENSION]
