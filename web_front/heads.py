"""A request's head (its request line and headers) must come whole, soon and small.

uvicorn has no header timeout: a connection that sends nothing, or a head a byte at a time
(Slowloris), is kept for ever — it holds no thread or task, but a socket and its file
descriptor, and enough of them stop the server accepting anyone. Nor has httptools a size
limit: one header sent without end grows in memory until the process dies (gunicorn refused a
head over ~8 KiB a field). This protocol is uvicorn's own (httptools) with both bounds:

- from the moment a connection opens, or its last answer was sent, the next request's head
  must be whole within ``head_wait_s``, else the connection is closed (408 if part of a head
  came); the rest of a body answered before it was read (a 413) is discarded only that long;
- a head over ``head_most`` bytes is refused (431) and its connection closed.

An idle keep-alive connection is still closed after uvicorn's ``timeout_keep_alive``.
"""
from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_WAIT_S = 20.0  # Apache's mod_reqtimeout gives a head 20 s (to 40 s while it trickles in)
HEAD_MOST = 64 * 1024  # gunicorn's limits add up to ~800 KiB; nginx's large buffers to 32 KiB

_REFUSAL = ("HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\n"
            "content-length: 0\r\nconnection: close\r\n\r\n")


class TimedHeads(HttpToolsProtocol):
    head_wait_s = HEAD_WAIT_S
    head_most = HEAD_MOST

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._phase = "between"  # between messages, in a "head", or in a "body"
        self._head_bytes = 0  # of the head still incomplete
        self._body_bytes = 0  # of the data being fed, given as body

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._body_bytes = 0
        super().data_received(data)
        if self._phase == "head" and not self.transport.is_closing():
            # what was not body went to heads (a pipelined head completed here counts too)
            self._head_bytes += len(data) - self._body_bytes
            if self._head_bytes > self.head_most:
                self._refuse("431 Request Header Fields Too Large")

    def on_body(self, body: bytes) -> None:
        self._body_bytes += len(body)
        super().on_body(body)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._phase = "head"

    def on_headers_complete(self) -> None:
        self._phase, self._head_bytes = "body", 0
        self._disarm()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._phase = "between"

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.timeout_keep_alive_task is not None:  # idle now: no pipelined request next
            self._arm()

    def shutdown(self) -> None:
        """The server begins a graceful stop: tell the app's waiting requests (``DRAINING``)."""
        from .front import DRAINING

        event = self.app_state.get(DRAINING)
        if event is not None:
            event.set()
        super().shutdown()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.head_wait_s, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._phase == "head" and self._head_bytes:
            self._refuse("408 Request Timeout")
        else:
            self.transport.close()

    def _refuse(self, status: str) -> None:
        self._disarm()
        self.transport.write(_REFUSAL.format(status=status).encode("ascii"))
        self.transport.close()


def timed_heads(wait_s: float = HEAD_WAIT_S, most: int = HEAD_MOST) -> type[TimedHeads]:
    """The protocol class for uvicorn's ``http`` setting, with these bounds."""
    return type("TimedHeads", (TimedHeads,), {"head_wait_s": wait_s, "head_most": most})
