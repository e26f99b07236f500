"""The centre as an ASGI application: the device event stream served natively on asyncio, every
other request handed to the Flask app on a thread pool (a2wsgi).

A waiting box then costs a coroutine and a socket, not a thread: the hub wakes it with its
events from memory, and a renewal runs no Flask request, no validation model and no database
work. Only the common case is served here — a device's poll with a valid token, a well-formed
``after`` and ``wait``; anything else (no ``after``, a malformed query, an unknown token, a
token from another database) goes to the Flask view, the contract's reference, which answers
at once in those cases. The answers are the same JSON either way.

A request's body is read here, on the event loop, before a thread takes the request: a client
that sends its headers and then its body (``requests`` does, in two packets) or a slow one no
longer holds a thread of the pool waiting for the rest, and the thread reads the body from
memory instead of asking the loop for it (a2wsgi's hand-over, one more pair of thread wakes).
A body larger than the centre accepts is refused by Flask unread, by its length; a chunked
one is read too (werkzeug took one as empty before, and the request failed as if blank).
"""
from __future__ import annotations

import asyncio
import io
import json
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qs

from a2wsgi import WSGIMiddleware
from flask import Flask

from .hub import Selection, Waiter
from .rows import Row, keys_for

PATH = "/v1/devices/me/events"
HEADERS = [(b"content-type", b"application/json"), (b"cache-control", b"no-store"),
           (b"x-content-type-options", b"nosniff")]
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class CentreFront:
    def __init__(self, app: Flask, threads: int = 32):
        from . import EXTENSION
        from ..alarms import EXTENSION as ALARMS

        self.flask = app
        self.wsgi = WSGIMiddleware(_body_from_scope(app), workers=threads)
        self.max_body = app.config.get("MAX_CONTENT_LENGTH") or 0
        self.body_wait_s = BODY_WAIT_S
        self.push = app.extensions[EXTENSION]
        self.max_wait = app.extensions[ALARMS].settings.events_max_wait_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == PATH:
            if await self._device_events(scope, receive, send):
                return
        if scope["type"] == "http" and _has_body(scope, self.max_body):
            try:
                body = await asyncio.wait_for(_whole_body(receive, self.max_body),
                                              self.body_wait_s)
            except asyncio.TimeoutError:
                await _answer_error(send, "request_timeout", close=True)
                return
            if body is None:
                return  # the client hung up before its body was in
            scope = {**scope, BODY: body}
        await self.wsgi(scope, receive, send)

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
                      household_id: str | None, device_id: str,
                      token: str) -> tuple[Any, int]:
        """The rows for the poll; None when the box went away, :data:`REVOKED` when its token
        died while it waited (an access change wakes it: call_center/push/hub.py)."""
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
                if left <= 0:
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


BODY = "onekey.body"  # the scope's key for a body read on the loop
REVOKED: Any = object()  # _follow's answer for a poll whose token died while it waited
# A body still not whole this long after its headers is refused (408) and its connection
# closed: a stalled client no longer holds a thread, and now not a connection for ever either.
BODY_WAIT_S = 30.0


async def _answer_error(send: Send, code: str, close: bool = False) -> None:
    from ..errors import CATALOGUE, error_body

    body = json.dumps(error_body(code), ensure_ascii=False, separators=(",", ":")).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": CATALOGUE[code][0], "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _has_body(scope: Scope, most: int) -> bool:
    """A body to read on the loop: a Content-Length up to ``most`` (a larger one is refused
    by Flask unread), or a chunked one (read up to ``most`` and a byte)."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return value.isdigit() and 0 < int(value) <= most
        if name == b"transfer-encoding":
            return b"chunked" in value.lower()
    return False


async def _whole_body(receive: Receive, most: int) -> bytes | None:
    """The request's body (uvicorn holds it to its Content-Length), at most ``most`` bytes and
    one more, or None if the client hung up first."""
    parts, size = [], 0
    while size <= most:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        parts.append(message.get("body", b""))
        size += len(parts[-1])
        if not message.get("more_body"):
            break
    return b"".join(parts)


def _body_from_scope(app: Flask) -> Callable[[dict[str, Any], Any], Any]:
    """The Flask app, reading a body the loop read (a2wsgi puts the scope in the environ).
    It is a body of known length now: a chunked one was taken as empty before (werkzeug
    reads no body that has neither a length nor ``wsgi.input_terminated``), and one over
    the limit is refused by its length."""
    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        body = environ["asgi.scope"].get(BODY)
        if body is not None:
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        return app(environ, start_response)

    return wsgi


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


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


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None
