"""One-key emergency rescue (seed 000 §三(一)3) and proactive care (seed 002): the alarm state
machine with durable timers, the escalation worker (``hosting`` runs it in a thread or a
process), daily check-ins and agents' care tasks. What devices hear about it goes through the
device event log, ``call_center.models.device_event_log``.

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

from flask import Flask, current_app

from . import hosting
from .desk import AlarmDesk
from .hosting import build_desk  # noqa: F401  (the desk for a database, outside an app)

EXTENSION = "onekey_alarms"


def attach(app: Flask) -> AlarmDesk:
    """Bind the desk to a centre app; start the worker thread if ``alarm_worker`` is set."""
    centre = app.extensions["onekey"]
    desk = build_desk(centre.db, centre.settings.extra)
    app.extensions[EXTENSION] = desk
    if desk.settings.worker:
        hosting.start_thread(desk)
    return desk


def desk() -> AlarmDesk:
    return current_app.extensions[EXTENSION]
