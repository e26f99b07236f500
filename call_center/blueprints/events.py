"""Events to front ends by long-poll: ``GET /v1/devices/me/events?after=<token>&wait=25``.

Long-poll rather than SSE: each poll is an ordinary bounded request, so it works unchanged
behind werkzeug, gunicorn's sync and gthread workers and buffering proxies, through the same
``requests`` client with its retries and auth; no connection is held open between polls and
no database connection is held while waiting. The token is the last event's id (persisted),
so a TV resumes exactly where it stopped after either side restarts.
"""
from __future__ import annotations

import time

from apiflask import APIBlueprint

from ..alarms import desk, present
from ..alarms.schemas import EventsOut, EventsQuery
from ..auth import current_caller, requires
from ..models import device_event_log
from ..unit_of_work import session

bp = APIBlueprint("events", __name__, url_prefix="/v1", tag="Events")
POLL_S = 0.25


def _follow(query: EventsQuery, *, household_id: str | None = None,
            device_id: str | None = None, elder_id: str | None = None, everything: bool = False,
            every_household: bool = False) -> EventsOut:
    d = desk()
    db = session()
    head = device_event_log.latest_id(db)
    if query.after is None:
        return EventsOut(events=[], next=str(head))
    after = int(query.after)
    if after > head:  # a token from another (older, reset) database
        return EventsOut(events=[], next=str(head), reset=True)
    deadline = time.monotonic() + min(query.wait, d.settings.events_max_wait_s)
    while True:
        rows = device_event_log.read(db, after, household_id=household_id, device_id=device_id,
                           elder_id=elder_id, everything=everything,
                           every_household=every_household)
        left = deadline - time.monotonic()
        if rows or left <= 0:
            break
        db.rollback()  # hold no snapshot and no pooled connection while waiting
        if d.notifier is not None:
            d.notifier.wait(min(POLL_S, left))
    return EventsOut(events=[present.device_event(e) for e in rows],
                     next=str(rows[-1].id if rows else after))


@bp.get("/devices/me/events")
@requires("device")
@bp.input(EventsQuery, location="query", arg_name="query")
@bp.output(EventsOut)
def device_events(query: EventsQuery) -> EventsOut:
    """What changed for this device's household (and alarms it raised): alarm status
    changes, request status changes (booking results), new messages, check-ins.

    Call once without ``after`` to get the current token, load the screen's state, then poll
    with ``after=<next>&wait=25``; the answer comes at once when something is new, else after
    ``wait`` seconds with no events. Each event carries ``speech`` the TV may say at once."""
    caller = current_caller()
    if caller.is_kiosk:  # only the session's elder: the last person's alarm is not for the next
        if not caller.grant_live:
            raise caller.refusal()
        return _follow(query, device_id=caller.id, elder_id=caller.grant_elder_id)
    return _follow(query, household_id=caller.household_id, device_id=caller.id)


@bp.get("/events")
@requires("agent", "service")
@bp.input(EventsQuery, location="query", arg_name="query")
@bp.output(EventsOut)
def all_events(query: EventsQuery) -> EventsOut:
    """Every household's events, for back ends: the agent console (which also gets agents'
    own events such as new care tasks) and the mini-program service (which alerts the bound
    family at once and checks bindings itself)."""
    if current_caller().kind == "agent":
        return _follow(query, everything=True)
    return _follow(query, every_household=True)
