"""A Flask app as an ASGI application: bodies read on the event loop, the app on threads.

``FlaskFront(app, threads)`` is what uvicorn (or gunicorn's uvicorn workers) serves. A request
is handed to the app on a pool of ``threads`` threads (a2wsgi) only when it is whole: its body
is read here first, so a client slow or stalled anywhere before the app can answer holds a
coroutine and a socket, never a thread (its head is bounded by :mod:`.heads`). A body:

- larger than the app's ``MAX_CONTENT_LENGTH`` by its length is refused (413) unread, and a
  chunked one as soon as it grows past it;
- still not whole ``body_wait_s`` after its headers is refused (408) and its connection closed;
- whose client hung up is dropped: nothing runs for it.

Refusals are the app's own answers (:mod:`.refusals`). A subclass may serve some requests
natively on the loop first (:meth:`FlaskFront.native`: the centre's device event stream); one
that waits long (a long poll) ends its wait when the server begins to stop (``draining``).
"""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

from a2wsgi import WSGIMiddleware
from flask import Flask

from . import refusals
from .bodies import BODY, REFUSED, announced, handed_over, whole_body

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

# A body still not whole this long after its headers is refused: a stalled client no longer
# holds a thread, and not a connection for ever either.
BODY_WAIT_S = 30.0
# Set (an asyncio.Event in the lifespan state) when the server begins a graceful stop: set by
# the protocol (:mod:`.heads`), which then has the front call :meth:`FlaskFront.draining`.
DRAINING = "web_front.draining"


class FlaskFront:
    def __init__(self, app: Flask, threads: int = 32, body_wait_s: float = BODY_WAIT_S,
                 on_shutdown: Callable[[], None] | None = None):
        most = app.config.get("MAX_CONTENT_LENGTH")
        if not most:
            raise ValueError("the front reads bodies into memory: give the app a MAX_CONTENT_LENGTH")
        self.flask = app
        self.max_body = int(most)
        self.body_wait_s = body_wait_s
        self.on_shutdown = on_shutdown
        refusals.install(app)
        # The queue between a thread and the loop has no bound: a thread puts its whole answer
        # and is free, however slowly its client reads (answers here are bounded: JSON, pages,
        # a slip's PDF).
        self.wsgi = WSGIMiddleware(handed_over(app), workers=threads, send_queue_size=0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            stopping = asyncio.Event()
            if isinstance(scope.get("state"), dict):
                scope["state"][DRAINING] = stopping
            await self._lifespan(receive, send, stopping)
            return
        if scope["type"] != "http":
            return  # no websockets here
        if await self.native(scope, receive, send):
            return
        whole = await self.read_body(scope, receive)
        if whole is not None:
            await self.wsgi(whole, receive, send)

    async def read_body(self, scope: Scope, receive: Receive) -> Scope | None:
        """The request with its body read (``scope[BODY]``), or with the refusal the app will
        answer (``scope[REFUSED]``: 408, 413); None when the client hung up before its body
        was in (nothing is to run for it). A native handler that reads the body itself hands
        what it read on with :meth:`to_app`."""
        length, chunked = announced(scope)
        if length is not None and length > self.max_body:
            return {**scope, REFUSED: 413}
        if not (chunked or length):
            return scope
        try:
            body = await asyncio.wait_for(whole_body(receive, self.max_body), self.body_wait_s)
        except asyncio.TimeoutError:
            return {**scope, REFUSED: 408}
        if body is None:
            return None
        return {**scope, **({REFUSED: 413} if len(body) > self.max_body else {BODY: body})}

    async def to_app(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hand a request to the app on a thread (its body read: :meth:`read_body`)."""
        await self.wsgi(scope, receive, send)

    async def on_thread(self, work: Callable[..., Any], *args: Any) -> Any:
        """Run ``work`` on one of the app's threads (a native handler's blocking part)."""
        return await asyncio.get_running_loop().run_in_executor(self.wsgi.executor, work, *args)

    async def native(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Serve a request on the loop, without the app; False hands it on (the default)."""
        return False

    async def stopped(self) -> None:
        """The server stops (its requests done or given up): a subclass closes what its native
        handlers hold open on the loop."""

    def draining(self) -> None:
        """The server begins a graceful stop (called on a thread): a subclass ends the app's
        long waits here, so they answer now rather than be cut off at the graceful timeout."""

    async def _when_draining(self, stopping: asyncio.Event) -> None:
        await stopping.wait()
        await asyncio.to_thread(self.draining)

    async def _lifespan(self, receive: Receive, send: Send, stopping: asyncio.Event) -> None:
        """At shutdown (requests done or given up) the app's ``on_shutdown`` runs — uvicorn
        then ends the process by the signal it was sent, so code after ``serve`` may not run —
        and the pool's idle threads end."""
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                watch = asyncio.ensure_future(self._when_draining(stopping))
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                watch.cancel()
                await self.stopped()
                if self.on_shutdown is not None:
                    await asyncio.to_thread(self.on_shutdown)
                self.wsgi.executor.shutdown(wait=False)
                await send({"type": "lifespan.shutdown.complete"})
                return
