"""Throughput and latency of `POST /v1/requests` beside `GET /v1/health` (the floor).

Starts the centre with `onekey center` on loopback (gunicorn with 2 workers, and the werkzeug
threaded server), seeds the demo, and drives it from N client threads:

- `GET /v1/health`: no database, the framework's floor;
- `POST /v1/requests` consultation, self mode: auth, validation, request + event + status
  message rows, idempotency record, one write transaction;
- `POST /v1/requests` registration, self mode: the above plus the slot lock and the simulated
  健康云 booking (latency 0), two reminders and a status message.

Every POST carries a fresh Idempotency-Key. Bounded by --requests per row and --max-seconds.
Prints a table and writes bench/results/center.json.

    .venv/bin/python bench/bench_center.py [--clients 8] [--requests 1000] [--servers gunicorn,werkzeug]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the helpers beside it, run as a script or with -m
from centre_process import start_center as _start, stop  # noqa: E402
from report import machine, print_table, write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    server: str
    endpoint: str
    clients: int
    requests: int
    ok: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float


def start_center(workers: int, db: Path):
    return _start(db, workers=workers, env={"ONEKEY_SIM_LATENCY_MS": "0"})


class Client:
    """One keep-alive HTTP/1.1 connection per thread: http.client costs the shared CPU far
    less than requests, so the numbers describe the server more than the client."""

    def __init__(self, url: str):
        host, port = url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def call(self, method: str, path: str, headers: dict[str, str], body: dict | None = None) -> int:
        payload = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        if payload is not None:
            headers = {**headers, "Content-Type": "application/json"}
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=payload, headers=headers)
                response = self.conn.getresponse()
                response.read()
                return response.status
            except (http.client.HTTPException, ConnectionError):
                # The server closed a kept-alive connection: reconnect once.
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt == 2:
                    raise
        return 0


def drive(server: str, endpoint: str, clients: int, total: int, max_seconds: float,
          call: Callable[[Client, int], int], expect: int, url: str) -> Row:
    latencies: list[float] = []
    ok = 0
    counter = iter(range(total))
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds
    start_gate = threading.Barrier(clients + 1)

    def worker() -> None:
        nonlocal ok
        client = Client(url)
        start_gate.wait()
        while time.monotonic() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            t0 = time.perf_counter()
            status = call(client, n)
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                ok += status == expect

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    start_gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    latencies.sort()
    count = len(latencies)
    return Row(server, endpoint, clients, count, ok, round(seconds, 3),
               round(count / seconds, 1) if seconds else 0.0,
               round(statistics.median(latencies) * 1000, 2) if count else 0.0,
               round(latencies[min(count - 1, int(count * 0.99))] * 1000, 2) if count else 0.0)


def registration_pairs(url: str, agent: dict, elders: list[str], limit: int) -> list[tuple[str, dict]]:
    """(elder, slot) pairs the centre books: a slot's places at most, and each elder once per
    department and day (the centre refuses a second registration there with a 409)."""
    pairs: list[tuple[str, dict]] = []
    taken: set[tuple[str, str, str]] = set()  # (elder, department, day)
    for hospital in requests.get(f"{url}/v1/catalog/hospitals", headers=agent, timeout=5).json():
        slots = requests.get(f"{url}/v1/catalog/slots", headers=agent, timeout=10,
                             params={"hospital_id": hospital["id"], "limit": 500}).json()
        for slot in slots:
            day = slot["start"][:10]
            free = [e for e in elders if (e, slot["department_id"], day) not in taken]
            for elder in free[: slot["remaining"]]:
                taken.add((elder, slot["department_id"], day))
                pairs.append((elder, slot))
    return pairs[:limit]


def bench_server(name: str, workers: int, clients: int, total: int, max_seconds: float) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_center(workers, Path(tmp) / "bench.db")
        try:
            agent = {"Authorization": "Bearer demo-agent"}
            me = requests.get(f"{url}/v1/requests", headers=agent, timeout=5)
            me.raise_for_status()
            elders = [e["id"] for e in requests.get(
                f"{url}/v1/me", headers={"Authorization": "Bearer demo-tv-zhang"}, timeout=5
            ).json()["elders"]]
            elders += [e["id"] for token in ("demo-tv-wang", "demo-tv-li") for e in requests.get(
                f"{url}/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=5
            ).json()["elders"]]
            pairs = registration_pairs(url, agent, elders, total)

            def health(c: Client, _n: int) -> int:
                return c.call("GET", "/v1/health", {})

            def consultation(c: Client, n: int) -> int:
                return c.call("POST", "/v1/requests", {**agent, "Idempotency-Key": uuid.uuid4().hex}, {
                    "elder_id": elders[n % len(elders)], "service": "consultation",
                    "mode": "self", "form": {"topic": "养老服务补贴咨询"}})

            def registration(c: Client, n: int) -> int:
                elder, slot = pairs[n]
                return c.call("POST", "/v1/requests", {**agent, "Idempotency-Key": uuid.uuid4().hex}, {
                    "elder_id": elder, "service": "registration", "mode": "self",
                    "form": {"hospital_id": slot["hospital_id"],
                             "department_id": slot["department_id"], "slot_id": slot["id"]}})

            drive(name, "warm-up", clients, 200, max_seconds, health, 200, url)
            return [
                drive(name, "GET /v1/health", clients, total, max_seconds, health, 200, url),
                drive(name, "POST /v1/requests consultation", clients, total, max_seconds,
                      consultation, 201, url),
                drive(name, "POST /v1/requests registration", clients, min(total, len(pairs)),
                      max_seconds, registration, 201, url),
            ]
        finally:
            stop(proc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=1000, help="per row")
    parser.add_argument("--max-seconds", type=float, default=30.0, help="per row")
    parser.add_argument("--servers", default="gunicorn,werkzeug")
    args = parser.parse_args()
    servers = {"gunicorn": 2, "werkzeug": 1}
    load_before = os.getloadavg()
    rows: list[Row] = []
    for name in args.servers.split(","):
        label = "gunicorn (2 workers × 4 threads)" if name == "gunicorn" else "werkzeug threaded"
        rows += bench_server(label, servers[name], args.clients, args.requests, args.max_seconds)
    print_table([("server", "server", "<34"), ("endpoint", "endpoint", "<32"), ("n", "requests", ">5"),
                 ("ok", "ok", ">5"), ("req/s", "per_second", ">8.1f"), ("p50 ms", "p50_ms", ">8.2f"),
                 ("p99 ms", "p99_ms", ">8.2f")], rows)
    print(f"\nload average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} "
          f"({os.cpu_count()} CPUs shared by client and server)")
    # Client and server share the CPUs; other load skews the numbers.
    write("center", {
        "machine": machine(load_average_before=[round(x, 2) for x in load_before]),
        "settings": {"clients": args.clients, "requests_per_row": args.requests,
                     "sim_latency_ms": 0, "database": "SQLite WAL (temp file)"},
        "rows": [asdict(r) for r in rows],
    })
    return 0 if all(r.ok == r.requests for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
