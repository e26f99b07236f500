"""A client on a raw socket, to send a request as slowly, partly or hugely as a test wants and
read exactly what the server answers."""
from __future__ import annotations

import json
import socket
import weakref
from dataclasses import dataclass
from typing import Any


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def connect(url: str, timeout: float = 30) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=timeout)


def head(method: str, path: str, length: int | None = None, chunked: bool = False,
         **headers: str) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


# Bytes read past an answer (a pipelined answer's start), kept for the next read_answer.
_LEFT: "weakref.WeakKeyDictionary[socket.socket, bytes]" = weakref.WeakKeyDictionary()


def read_answer(sock: socket.socket) -> Answer:
    """One answer with a Content-Length (as every answer here has); what came after it in the
    same read is kept for the next call (pipelined answers may share a packet)."""
    data = _LEFT.pop(sock, b"")
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"closed before an answer: {data!r}"
        data += chunk
    top, _, rest = data.partition(b"\r\n\r\n")
    status_line, *lines = top.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "closed inside an answer"
        rest += chunk
    if rest[length:]:
        _LEFT[sock] = rest[length:]
    return Answer(int(status_line.split(" ", 2)[1]), headers, rest[:length])


def until_closed(sock: socket.socket) -> bytes:
    """All the server sends until it closes the connection (a socket timeout if it never does)."""
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except ConnectionResetError:
        pass
    return data
