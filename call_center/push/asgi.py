"""The centre as an ASGI application: the device event stream and a TV's alarm press served
natively on asyncio, every other request handed to the Flask app on a thread pool by the
shared front (``web_front``: bodies read on the loop, a stalled one refused with 408, heads
bounded). The press's own path and why it exists: :mod:`call_center.alarms.intake`.

A waiting box then costs a coroutine and a socket, not a thread: the hub wakes it with its
events from memory, and a renewal runs no Flask request, no validation model and no database
work. Only the common case is served here — a device's poll with a valid token, a well-formed
``after`` and ``wait``; anything else (no ``after``, a malformed query, an unknown token, a
token from another database) goes to the Flask view, the contract's reference, which answers
at once in those cases. The answers are the same JSON either way.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qs

from flask import Flask

from web_front import BODY_WAIT_S, FlaskFront
from web_front.bodies import BODY
from web_front.front import Receive, Scope, Send

from ..alarms.intake import PATH as PRESS, Intake

from .hub import Selection, Waiter
from .rows import Row, keys_for

PATH = "/v1/devices/me/events"
HEADERS = [(b"content-type", b"application/json"), (b"cache-control", b"no-store"),
           (b"x-content-type-options", b"nosniff")]


class CentreFront(FlaskFront):
    def __init__(self, app: Flask, threads: int = 32, body_wait_s: float = BODY_WAIT_S):
        from . import EXTENSION
        from ..alarms import EXTENSION as ALARMS

        super().__init__(app, threads, body_wait_s)
        self.push = app.extensions[EXTENSION]
        self.intake = Intake(app, app.extensions[ALARMS])
        self.max_wait = app.extensions[ALARMS].settings.events_max_wait_s

    async def stopped(self) -> None:
        await self.intake.close()

    def draining(self) -> None:
        self.push.hub.drain()  # the API's own polls (a back end's /v1/events) answer now

    async def native(self, scope: Scope, receive: Receive, send: Send) -> bool:
        if scope["method"] == "GET" and scope["path"] == PATH:
            return await self._device_events(scope, receive, send)
        if scope["method"] == "POST" and scope["path"] == PRESS and not scope.get("query_string"):
            return await self._press(scope, receive, send)
        return False

    async def _press(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """A TV's press on the intake's own path (:mod:`call_center.alarms.intake`); anything
        it does not serve goes to the Flask view, body and all. A token this process has not
        seen is read once (a box after a power cut presses before it polls), as a poll's is."""
        token = _bearer(scope)
        if token is None:
            return False
        callers = self.push.callers
        caller = callers.cached(token) or await self.on_thread(callers.caller, token)
        if caller is None or not caller.is_tv:
            return False
        whole = await self.read_body(scope, receive)
        if whole is None:
            return True  # the box hung up before its body was in
        body = whole.get(BODY)
        press = None if body is None else self.intake.asked(
            caller, token, _header(scope, b"idempotency-key"),
            _header(scope, b"content-type") or "", body)
        answer = None if press is None else await self.intake.answer(press, self.on_thread)
        if answer is None:
            await self.to_app(whole, receive, send)
            return True
        status, headers, content = answer
        await send({"type": "http.response.start", "status": status,
                    "headers": [(n.encode("latin-1"), v.encode("latin-1")) for n, v in headers]
                    + [(b"content-length", str(len(content)).encode())]})
        await send({"type": "http.response.body", "body": content})
        return True

    async def _device_events(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Serve a device's poll natively; False hands it to the Flask view instead."""
        query = _poll_query(scope.get("query_string", b""))
        token = _bearer(scope)
        if query is None or token is None:
            return False
        after, wait = query
        hub, callers = self.push.hub, self.push.callers
        if hub.needs_refresh():
            await asyncio.to_thread(hub.refresh)
        caller = callers.cached(token) or await asyncio.to_thread(callers.caller, token)
        if caller is None or caller.kind != "device":
            return False
        if after > hub.latest:
            await asyncio.to_thread(hub.catch_up)
            if after > hub.latest:
                return False  # maybe a token from another database: the view decides
        selection = Selection(keys_for(caller.household_id, caller.id))
        rows, token_next = await self._follow(after, selection, min(wait, self.max_wait),
                                              receive, caller.household_id, caller.id, token)
        if rows is REVOKED:  # unbound while it waited: the stream ends now
            await _answer_error(send, "invalid_token")
            return True
        if rows is None:
            return True  # the box went away
        body = json.dumps({"events": [r.body for r in rows], "next": str(token_next),
                           "reset": False}, ensure_ascii=False,
                          separators=(",", ":")).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [*HEADERS, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
        return True

    async def _follow(self, after: int, selection: Selection, wait_s: float, receive: Receive,
                      household_id: str | None, device_id: str, token: str) -> tuple[Any, int]:
        """The rows for the poll; None when the box went away, :data:`REVOKED` when its token
        died while it waited (an access change wakes it: call_center/push/hub.py). When the
        server begins to stop the hub drains (:meth:`draining`) and the wait ends with what
        there is: the box polls again at once, on another node or on this one restarted."""
        hub, callers = self.push.hub, self.push.callers
        loop = asyncio.get_running_loop()
        woken = asyncio.Event()
        waiter = Waiter(selection.keys, lambda: loop.call_soon_threadsafe(woken.set))
        gone = asyncio.ensure_future(_disconnected(receive))
        deadline = loop.time() + wait_s
        hub.add(waiter)
        try:
            while True:
                if hub.needs_refresh():  # a commit made here before this poll waited
                    await asyncio.to_thread(hub.refresh)
                if callers.cached(token) is None and await asyncio.to_thread(callers.caller, token) is None:
                    return REVOKED, after
                if hub.needs_sync():
                    await asyncio.to_thread(hub.make_durable)
                rows, seen = hub.recent(after, selection)
                if rows is None:  # older than the hub's memory: read the log
                    rows = await asyncio.to_thread(_read, self.flask, after, household_id,
                                                   device_id)
                    if not rows:
                        after = max(after, seen)
                        continue
                if rows:
                    return rows, rows[-1].id
                left = deadline - loop.time()
                if left <= 0 or hub.draining:
                    return [], max(after, seen)
                woke = asyncio.ensure_future(woken.wait())
                done, _ = await asyncio.wait({woke, gone}, timeout=left,
                                             return_when=asyncio.FIRST_COMPLETED)
                woke.cancel()
                if gone in done:
                    return None, after
                woken.clear()
        finally:
            hub.remove(waiter)
            gone.cancel()


def _read(app: Flask, after: int, household_id: str | None, device_id: str) -> list[Row]:
    from ..models import device_event_log
    from .rows import present_rows

    with app.extensions["onekey"].db.reading() as db:
        return present_rows(device_event_log.read(db, after, household_id=household_id,
                                                  device_id=device_id))


REVOKED: Any = object()  # _follow's answer for a poll whose token died while it waited


async def _answer_error(send: Send, code: str) -> None:
    """The contract's error answer (a poll whose device was unbound while it waited: 401)."""
    from ..errors import CATALOGUE, error_body

    body = json.dumps(error_body(code), ensure_ascii=False, separators=(",", ":")).encode()
    await send({"type": "http.response.start", "status": CATALOGUE[code][0],
                "headers": [*HEADERS, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def _poll_query(raw: bytes) -> tuple[int, float] | None:
    """``after`` and ``wait`` exactly as the contract allows them, else None."""
    try:
        fields = parse_qs(raw.decode("ascii"), strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        return None
    if set(fields) != {"after", "wait"} or any(len(v) != 1 for v in fields.values()):
        return None
    after, wait = fields["after"][0], fields["wait"][0]
    if not after.isdigit() or len(after) > 20:
        return None
    try:
        seconds = float(wait)
    except ValueError:
        return None
    if not 0 <= seconds <= 60:
        return None
    return int(after), seconds


def _header(scope: Scope, name: bytes) -> str | None:
    """The first ``name`` header (lower case), as werkzeug reads it (latin-1)."""
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _bearer(scope: Scope) -> str | None:
    scheme, _, token = (_header(scope, b"authorization") or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
