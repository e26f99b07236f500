"""A fleet of TV boxes on the device event stream, for benchmarks and the morning-peak load test.

Each box is an asyncio task holding one keep-alive HTTP/1.1 connection to the centre and
long-polling ``GET /v1/devices/me/events`` exactly as ``shared_ui.device_events`` does (first
call without ``after``, then ``after=<next>&wait=<wait>``). HTTP is written by hand on
asyncio streams: a client library would spend the shared CPU the server is measured on.
Loopback only; the fleet stops when told, and every box's connection closes with it.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class FleetStats:
    connected: int = 0
    polls: int = 0
    events: int = 0
    errors: int = 0
    reconnects: int = 0
    first_answer: list[float] = field(default_factory=list)  # seconds from start to 1st poll


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readline()).strip() or b"0", 16)
            if size == 0:
                await reader.readline()
                break
            body += await reader.readexactly(size)
            await reader.readline()
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


class Fleet:
    """``tokens`` boxes; ``on_event(token, event, received_at)`` for every event a box gets
    (``received_at`` from ``time.perf_counter``)."""

    def __init__(self, host: str, port: int, tokens: list[str], wait: float = 25,
                 on_event: Callable[[str, dict, float], None] | None = None):
        assert host in {"127.0.0.1", "localhost"}, "load tests target loopback only"
        self.host, self.port, self.tokens, self.wait = host, port, tokens, wait
        self.on_event = on_event
        self.stats = FleetStats()
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self.ready = asyncio.Event()  # every box has had its first answer

    async def start(self, per_second: float = 2000) -> None:
        """Connect the boxes at ``per_second`` (a district's boxes do not all boot at once)."""
        started = time.perf_counter()
        for i, token in enumerate(self.tokens):
            self._tasks.append(asyncio.create_task(self._box(token, started)))
            if per_second and i % 100 == 99:
                await asyncio.sleep(max(0.0, started + (i + 1) / per_second - time.perf_counter()))

    async def stop(self) -> None:
        self._stop.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _box(self, token: str, started: float) -> None:
        after: str | None = None
        first = True
        while not self._stop.is_set():
            try:
                reader, writer = await asyncio.open_connection(self.host, self.port)
            except OSError:
                self.stats.errors += 1
                await asyncio.sleep(1.0)
                continue
            self.stats.connected += 1
            try:
                while not self._stop.is_set():
                    query = "" if after is None else f"?after={after}&wait={self.wait}"
                    writer.write((f"GET /v1/devices/me/events{query} HTTP/1.1\r\n"
                                  f"Host: {self.host}:{self.port}\r\n"
                                  f"Authorization: Bearer {token}\r\n\r\n").encode())
                    status, headers, body = await read_response(reader)
                    received = time.perf_counter()
                    self.stats.polls += 1
                    if status != 200:
                        self.stats.errors += 1
                        await asyncio.sleep(1.0)
                        continue
                    answer = json.loads(body)
                    if first:
                        first = False
                        self.stats.first_answer.append(received - started)
                        if len(self.stats.first_answer) == len(self.tokens):
                            self.ready.set()
                    after = answer["next"]
                    for event in answer["events"]:
                        self.stats.events += 1
                        if self.on_event is not None:
                            self.on_event(token, event, received)
                    if headers.get("connection", "").lower() == "close":
                        break
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                self.stats.errors += 1
            finally:
                self.stats.connected -= 1
                writer.close()
            if not self._stop.is_set():
                self.stats.reconnects += 1
                await asyncio.sleep(0.5)


async def _serve_fleet(host: str, port: int, tokens: list[str], wait: float, ramp: float,
                       max_seconds: float) -> dict:
    """Run until stdin says ``stop`` (or closes, or ``max_seconds`` pass); report every event
    received: (box token, kind, message title or "", wall-clock time)."""
    import sys

    receipts: list[tuple[str, str, str, float]] = []

    def on_event(token: str, event: dict, _received: float) -> None:
        message = (event.get("data") or {}).get("message") or {}
        receipts.append((token, event.get("kind", ""), message.get("title", ""), time.time()))

    fleet = Fleet(host, port, tokens, wait, on_event)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    async def control() -> None:
        while True:
            line = await reader.readline()
            if not line or line.strip() == b"stop":
                stop.set()
                return
            if line.strip() == b"stats":
                print(json.dumps({"stats": fleet.stats.__dict__ | {"first_answer": []}}),
                      flush=True)

    async def announce_ready() -> None:
        await fleet.ready.wait()
        print(json.dumps({"ready": len(tokens)}), flush=True)

    tasks = [asyncio.create_task(control()), asyncio.create_task(announce_ready())]
    await fleet.start(ramp)
    try:
        await asyncio.wait_for(stop.wait(), max_seconds)
    except asyncio.TimeoutError:
        pass
    await fleet.stop()
    for task in tasks:
        task.cancel()
    first = sorted(fleet.stats.first_answer)
    return {"stats": fleet.stats.__dict__ | {"first_answer": [],
                                             "all_first_answer_s": first[-1] if first else None},
            "receipts": receipts}


def main() -> int:
    """``python bench/boxes.py --port P --tokens FILE``: a fleet in a process of its own (so
    its CPU is not the measuring process's), controlled on stdin (``stats``, ``stop``)."""
    import argparse
    import resource

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tokens", required=True, help="a file with one token a line")
    parser.add_argument("--wait", type=float, default=25)
    parser.add_argument("--ramp", type=float, default=2000, help="boxes connecting a second")
    parser.add_argument("--max-seconds", type=float, default=600)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with open(args.tokens, encoding="utf-8") as f:
        tokens = [line.strip() for line in f if line.strip()]
    report = asyncio.run(_serve_fleet("127.0.0.1", args.port, tokens, args.wait, args.ramp,
                                      args.max_seconds))
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
