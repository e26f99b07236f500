"""Events to front ends by long-poll: ``GET /v1/devices/me/events?after=<token>&wait=25``.

Long-poll rather than SSE: each poll is an ordinary bounded request, so it works unchanged
behind werkzeug, gunicorn and buffering proxies, through the same ``requests`` client with its
retries and auth; no connection is held open between polls and no database connection is held
while waiting. The token is an event id (persisted), so a TV resumes exactly where it stopped
after either side restarts.

A waiting poll costs no database work: the process's event hub (``call_center.push``) wakes
it with the events that are for it, and its token is resolved once per process.
"""
from __future__ import annotations

import os

from apiflask import APIBlueprint

from ..alarms import desk
from ..alarms.schemas import EventsOut, EventsQuery, StreamStats
from ..auth import current_caller, presented_token, requires
from ..errors import ApiError
from ..models import device_event_log
from ..push import push
from ..push.hub import Revoked, Selection
from ..push.rows import Row, keys_for, present_rows
from ..unit_of_work import session

bp = APIBlueprint("events", __name__, url_prefix="/v1", tag="Events")


def _follow(query: EventsQuery, selection: Selection, household_id: str | None = None,
            device_id: str | None = None) -> dict:
    p = push()
    hub = p.hub.refresh()
    db = session()
    if query.after is None:
        return {"events": [], "next": str(device_event_log.latest_id(db)), "reset": False}
    after = int(query.after)
    if after > hub.latest:
        hub.catch_up()  # a token another process handed out a moment ago
        if after > hub.latest and after > device_event_log.latest_id(db):
            # a token from another (older, reset) database
            return {"events": [], "next": str(device_event_log.latest_id(db)), "reset": True}
    db.rollback()  # hold no snapshot and no pooled connection while waiting

    def read(since: int) -> list[Row]:
        try:
            rows = present_rows(device_event_log.read(
                db, since, household_id=household_id, device_id=device_id,
                everything=selection.everything, every_household=selection.every_household))
            if selection.elder_id is not None:  # a kiosk's session
                rows = [r for r in rows if selection.wants(r)]
            return rows
        finally:
            db.rollback()

    token_given = presented_token() or ""
    try:
        rows, token = hub.follow(after, selection, min(query.wait, desk().settings.events_max_wait_s),
                                 read, lambda: p.callers.caller(token_given) is not None)
    except Revoked:  # unbound while it waited: the stream ends now, not in 25 s
        raise ApiError("invalid_token") from None
    return {"events": [r.body for r in rows], "next": str(token), "reset": False}


@bp.get("/devices/me/events")
@requires("device")
@bp.input(EventsQuery, location="query", arg_name="query")
@bp.output(EventsOut)
def device_events(query: EventsQuery) -> dict:
    """What changed for this device's household (and alarms it raised; a kiosk: for the elder
    of its grant only, 403 without one): alarm status
    changes, request status changes (booking results), new messages, check-ins.

    Call once without ``after`` to get the current token, load the screen's state, then poll
    with ``after=<next>&wait=25``; the answer comes at once when something is new, else after
    ``wait`` seconds with no events (and a ``next`` that may have moved on). Each event
    carries ``speech`` the TV may say at once."""
    caller = current_caller()
    if caller.is_kiosk:  # only the session's elder: the last person's alarm is not for the next
        if not caller.grant_live:
            raise caller.refusal()
        return _follow(query, Selection(keys_for(None, caller.id), elder_id=caller.grant_elder_id),
                       None, caller.id)
    return _follow(query, Selection(keys_for(caller.household_id, caller.id)),
                   caller.household_id, caller.id)


@bp.get("/events")
@requires("agent", "service")
@bp.input(EventsQuery, location="query", arg_name="query")
@bp.output(EventsOut)
def all_events(query: EventsQuery) -> dict:
    """Every household's events, for back ends: the agent console (which also gets agents'
    own events such as new care tasks) and the mini-program service (which alerts the bound
    family at once and checks bindings itself)."""
    if current_caller().kind == "agent":
        return _follow(query, Selection(everything=True))
    return _follow(query, Selection(every_household=True))


@bp.get("/events/stats")
@requires("agent")
@bp.output(StreamStats)
def stream_stats() -> dict:
    """This process's share of the stream (one answer per process of a node): how many polls
    wait here, how far the hub has read, and the database work it took."""
    p = push()
    hub = p.hub
    return {"process": os.getpid(), "waiting": hub.waiting, "latest": str(hub.latest),
            "log_reads": hub.reads, "token_lookups": p.callers.lookups,
            "tokens_cached": len(p.callers)}
