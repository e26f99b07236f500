"""A request's body is read on the event loop, then handed to the WSGI app whole.

A thread that took a request before its body was in would wait for the rest: a client that
sends its headers and then its body (``requests`` does, in two packets), a slow line, or one
that never finishes held a thread each, and a few dozen of them held them all. Read here, a
body still on its way costs a coroutine; the thread gets it from memory, with its length (a
chunked body too: werkzeug reads no body that has neither a length nor
``wsgi.input_terminated``, so one reached the view empty before).
"""
from __future__ import annotations

import io
from typing import Any, Awaitable, Callable

BODY = "web_front.body"  # the scope's key for a body read on the loop
REFUSED = "web_front.refused"  # the scope's and the environ's key for a status to refuse with

Receive = Callable[[], Awaitable[dict[str, Any]]]
WSGIApp = Callable[[dict[str, Any], Any], Any]


def announced(scope: dict[str, Any]) -> tuple[int | None, bool]:
    """The body's Content-Length (None if none is given) and whether it is chunked."""
    length, chunked = None, False
    for name, value in scope.get("headers", ()):
        if name == b"transfer-encoding":
            chunked = chunked or b"chunked" in value.lower()
        elif name == b"content-length" and value.isdigit():
            length = int(value)
    return (None if chunked else length), chunked


async def whole_body(receive: Receive, most: int) -> bytes | None:
    """The request's body (uvicorn holds it to its Content-Length, or to a chunked body's last
    chunk), at most ``most`` bytes and one part more, or None if the client hung up first."""
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


def handed_over(app: WSGIApp) -> WSGIApp:
    """The WSGI app, reading the body the loop read (a2wsgi puts the scope in the environ);
    a request the front refuses comes with no body and the status in ``environ[REFUSED]``
    (:mod:`.refusals` answers it), and a 408 closes its connection."""
    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        scope = environ["asgi.scope"]
        refused = scope.get(REFUSED)
        body = b"" if refused else scope.get(BODY)
        if body is not None:
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        if refused:
            environ[REFUSED] = refused
            if refused == 408:
                start_response = _closing(start_response)
        return app(environ, start_response)

    return wsgi


def _closing(start_response: Any) -> Any:
    """A stalled client's connection is not kept for another request: uvicorn closes it once
    the answer is sent."""
    def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        kept = [(k, v) for k, v in headers if k.lower() != "connection"]
        return start_response(status, [*kept, ("Connection", "close")], exc_info)

    return start
