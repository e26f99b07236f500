"""Alarm intake latency: device press → `POST /v1/alarms` → durable commit → 201, beside
`GET /v1/health` (the trivial-route floor), at 1, 50 and 200 concurrent devices. The centre
serves a TV's press on the intake's own path (`call_center/alarms/intake.py`; health goes
through Flask as every other route does).

Starts the real centre (`onekey center --workers 2`: gunicorn with uvicorn workers, the API on
4 threads each, the escalation worker running in each) on loopback, over a temporary SQLite
file (group commit) and then over a private PostgreSQL server with fsync on, each seeded with
the demo plus, for every row, one household and TV token per simulated device and one elder per
press, so every press opens a new alarm (nothing collapses into an open one) and nothing but
the raises hits the server. Every raise carries a fresh Idempotency-Key. The unanswered-alarm
timer is set to an hour so no escalation runs during the measurement (escalation is tested,
not benchmarked).

The 201 is sent only after the transaction holding the alarm, its first event, its ack timer
and its device event has committed and is on disk (the unit of work commits and waits for the
shared fsync before the response leaves), so the number measured is press-to-durable-
acknowledgement as a TV sees it. The alarm-service
standard asks agents to answer within 60 s (UK telecare: 97.5 % in 60 s, 99 % in 3 min);
intake must be a vanishing part of that budget even when a whole district presses at once.

How it is measured: after a warm-up (every pooled connection has run the press's statements),
each row alternates a block of health requests and a block of presses eight times, at the
row's concurrency, so the floor and the figure see the same minute of a shared machine. The
devices speak through ``requests`` — the library the TV and kiosk apps use — so the figures
are what a box sees, the client's own CPU included. A second 1-device row uses a lean client
(``http.client``, body made before the clock starts): the server's share, a harder ratio,
shown beside the goal rows and not judged.

Beside the health route, each database's row of the 1-device press has the disk's own floor
from the same run: on SQLite an ``fdatasync`` of 16 KB appended to a file beside the
database, on PostgreSQL an INSERT and COMMIT on its own connection to the same server (one
WAL flush and a round trip). No durable press can be cheaper than that; on a shared disk it
moves with other people's writes (a press writes about 76 KB of WAL: 18 pages of alarm,
event, timer, device event, idempotency record and their indexes).

    .venv/bin/python bench/bench_alarms.py [--levels 1,50,200] [--presses 400] [--databases sqlite,postgresql]
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
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the helpers beside it, run as a script or with -m
from centre_process import start_center as _start, stop  # noqa: E402
from report import Figure, machine, print_figures, print_table, write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WARM_UP_DEVICES, WARM_UP_PRESSES = 8, 240


@dataclass
class Row:
    endpoint: str
    devices: int
    requests: int
    ok: int
    seconds: float
    per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float


def prepare(db: str, rows: list[tuple[int, int]]) -> list[list[tuple[str, list[str]]]]:
    """Migrate, seed the demo into ``db`` (a database URL), then per row (devices, presses)
    the households: for each row a list of (tv_token, [elder ids, one per press])."""
    sys.path.insert(0, str(ROOT))
    from call_center.app import create_app
    from call_center.auth import hash_token
    from call_center.demo_data import seed
    from call_center.models import Contact, Device, Elder, Household

    app = create_app({"db_url": db, "alarm_worker": False})
    database = app.extensions["onekey"].db
    seed(database)
    out: list[list[tuple[str, list[str]]]] = []
    n = 0
    with database.session(write=True) as s:
        for row, (devices, presses) in enumerate(rows):
            per_device = max(1, presses // devices)
            households = []
            for d in range(devices):
                hh = Household(ref=f"bench-{row}-{d}", name=f"压测{row}-{d}家",
                               address=f"上海市普陀区压测路{row}-{d}号", district="普陀区")
                s.add(hh)
                s.flush()
                elders = []
                for _ in range(per_device):
                    n += 1
                    elder = Elder(household_id=hh.id, name=f"压测老人{n}", gender="male",
                                  birth_date=date(1941, 3, 1), id_number=f"B{n:017d}",
                                  phone=f"137{n:08d}", home_address=hh.address,
                                  district="普陀区", street="长风新村街道", preferences={})
                    elder.contacts = [Contact(name=f"家属{n}", relation="儿子",
                                              phone=f"136{n:08d}", priority=1)]
                    s.add(elder)
                    elders.append(elder)
                token = f"bench-tv-{row}-{d}-{uuid.uuid4().hex}"
                s.add(Device(kind="tv", name=f"压测电视{row}-{d}", household_id=hh.id,
                             token_hash=hash_token(token)))
                s.flush()
                households.append((token, [e.id for e in elders]))
            out.append(households)
        s.commit()
    if not database.is_sqlite:
        # Planner statistics for the tables just filled, as a running database has them;
        # else autovacuum analyses them in the middle of the first timed rows.
        with database.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    database.dispose()
    return out


def start_center(db: str, server: str = "asgi"):
    return _start(db, workers=2, seed_demo=False, env={"ONEKEY_ALARM_ACK_TIMEOUT_S": "3600"},
                  worker_class=server)


def summarise(endpoint: str, devices: int, latencies: list[float], ok: int,
              seconds: float) -> Row:
    latencies = sorted(latencies)
    n = len(latencies)

    def pct(p: float) -> float:
        return round(latencies[min(n - 1, int(n * p))] * 1000, 2) if n else 0.0

    return Row(endpoint, devices, n, ok, round(seconds, 3), round(n / seconds, 1) if seconds else 0,
               round(statistics.median(latencies) * 1000, 2) if n else 0.0, pct(0.90), pct(0.99),
               round(latencies[-1] * 1000, 2) if n else 0.0)


def drive(url: str, households: list[tuple[str, list[str]]], max_seconds: float,
          health: bool, client: str = "requests") -> Row:
    """One thread per device; each presses once per elder of its household (health: the same
    number of GET /v1/health)."""
    latencies, ok, seconds = _drive(url, households, max_seconds, health, client)
    return summarise(_name(health, client), len(households), latencies, ok, seconds)


def _name(health: bool, client: str) -> str:
    name = "GET /v1/health" if health else "POST /v1/alarms (new alarm)"
    return name if client == "requests" else f"{name} [{client}]"


def alternate(url: str, households: list[tuple[str, list[str]]], max_seconds: float,
              rounds: int = 8, client: str = "requests") -> list[Row]:
    """The floor and the press measured in turns — a block of GET /v1/health, then a block of
    presses, ``rounds`` times — so both see the same machine: on a shared host the floor alone
    moved by half between runs minutes apart. Each block keeps the row's concurrency (every
    device at once); a block is one press per device at least."""
    rounds = max(1, min(rounds, min(len(elders) for _token, elders in households)))
    found: dict[bool, tuple[list[float], int, float]] = {True: ([], 0, 0.0), False: ([], 0, 0.0)}
    for k in range(rounds):
        block = [(token, elders[k::rounds]) for token, elders in households]
        for health in (True, False):
            latencies, ok, seconds = _drive(url, block, max_seconds / rounds, health, client)
            before = found[health]
            found[health] = (before[0] + latencies, before[1] + ok, before[2] + seconds)
    return [summarise(_name(health, client), len(households), *found[health])
            for health in (True, False)]


class Box:
    """One simulated device and its keep-alive connection. ``requests``: the library the TV
    and kiosk apps use (``shared_ui/client.py``), so the figure is what a box sees; it spends
    about twice the client CPU on a POST as on a GET, on the two cores the server uses too.
    ``lean``: ``http.client`` with the body made before the clock starts, to show the
    server's own share."""

    def __init__(self, url: str, token: str, client: str):
        self.url, self.client = url, client
        self.token = f"Bearer {token}"
        if client == "lean":
            parts = urlsplit(url)
            self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        else:
            self.session = requests.Session()

    def health(self) -> int:
        if self.client == "lean":
            return self._send("GET", "/v1/health", None, {})
        return self.session.get(f"{self.url}/v1/health", timeout=60).status_code

    def press(self, elder_id: str, key: str, body: bytes) -> int:
        headers = {"Authorization": self.token, "Idempotency-Key": key}
        if self.client == "lean":
            return self._send("POST", "/v1/alarms", body,
                              {**headers, "Content-Type": "application/json"})
        return self.session.post(f"{self.url}/v1/alarms", timeout=60, headers=headers,
                                 json={"elder_id": elder_id, "channel": "tv"}).status_code

    def _send(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> int:
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        response.read()
        return response.status

    def close(self) -> None:
        (self.conn if self.client == "lean" else self.session).close()


def _drive(url: str, households: list[tuple[str, list[str]]], max_seconds: float,
           health: bool, client: str = "requests") -> tuple[list[float], int, float]:
    latencies: list[float] = []
    ok = 0
    lock = threading.Lock()
    gate = threading.Barrier(len(households) + 1)
    deadline = time.monotonic() + max_seconds

    def device(token: str, elders: list[str]) -> None:
        nonlocal ok
        box = Box(url, token, client)
        gate.wait()
        for elder_id in elders:
            if time.monotonic() > deadline:
                break
            # The outbox entry exists before the press is sent: a fresh Idempotency-Key.
            key = uuid.uuid4().hex
            body = json.dumps({"elder_id": elder_id, "channel": "tv"}).encode()
            t0 = time.perf_counter()
            status = box.health() if health else box.press(elder_id, key, body)
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                ok += status == (200 if health else 201)
        box.close()

    threads = [threading.Thread(target=device, args=h) for h in households]
    for t in threads:
        t.start()
    gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return latencies, ok, time.perf_counter() - t0


def durable_floor(db: str, count: int = 400) -> Row:
    """The disk's floor for one durable press, measured alone (see the module doc)."""
    latencies: list[float] = []
    if db.startswith("sqlite"):
        path = Path(db.removeprefix("sqlite:///") + "-floor")
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            for i in range(count):
                os.pwrite(fd, b"\0" * 16384, i * 16384)
                t0 = time.perf_counter()
                os.fdatasync(fd)
                latencies.append(time.perf_counter() - t0)
        finally:
            os.close(fd)
            path.unlink()
        name = "fdatasync of 16 KB appended (floor)"
    else:
        import psycopg

        with psycopg.connect(db.replace("postgresql+psycopg://", "postgresql://")) as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (id serial PRIMARY KEY, "
                         "at timestamptz)")
            conn.commit()
            for _ in range(count):
                t0 = time.perf_counter()
                conn.execute("INSERT INTO bench_floor (at) VALUES (now())")
                conn.commit()
                latencies.append(time.perf_counter() - t0)
        name = "INSERT + COMMIT alone (floor)"
    return summarise(name, 1, latencies, len(latencies), sum(latencies))


def measure(db: str, levels: list[int], presses: int, max_seconds: float,
            server: str = "asgi") -> list[Row]:
    warm_up, lean, *plan = prepare(db, [(WARM_UP_DEVICES, WARM_UP_PRESSES), (1, presses)] +
                                   [(level, presses) for level in levels])
    proc, url = start_center(db, server)
    rows: list[Row] = []
    try:
        # Every pooled connection of both processes has run the press's statements (and on
        # PostgreSQL prepared them) before anything is timed.
        drive(url, warm_up, max_seconds, health=True)
        drive(url, warm_up, max_seconds, health=False)
        for households in plan:
            rows.extend(alternate(url, households, max_seconds))
            if len(households) == 1:
                rows.append(durable_floor(db))
        if not any(r.endpoint.endswith("(floor)") for r in rows):  # --levels without 1
            rows.append(durable_floor(db))
        rows.extend(alternate(url, lean, max_seconds, client="lean"))
    finally:
        stop(proc)
    return rows


def figures(rows: list[Row], database: str) -> list[Figure]:
    """Intake beside the trivial route of the same run: p50 at 1 device, p99 of the burst."""
    floor = next(r for r in rows if r.endpoint.endswith("(floor)"))
    lean = {r.endpoint.startswith("GET"): r for r in rows if r.endpoint.endswith("[lean]")}
    rows = [r for r in rows if r is not floor and not r.endpoint.endswith("[lean]")]
    by = {(r.devices, r.endpoint.startswith("GET")): r for r in rows}
    one, burst = min(r.devices for r in rows), max(r.devices for r in rows)
    intake1, health1 = by[(one, False)], by[(one, True)]
    intake_b, health_b = by[(burst, False)], by[(burst, True)]
    return [
        Figure(f"alarm intake p50, {one} device ({database})", intake1.p50_ms, "ms",
               health1.p50_ms, "GET /v1/health p50", "≤ 3×",
               intake1.p50_ms <= 3 * health1.p50_ms and intake1.ok == intake1.requests),
        Figure(f"the disk alone: {floor.endpoint.removesuffix(' (floor)')}, p50 ({database})",
               floor.p50_ms, "ms", health1.p50_ms, "GET /v1/health p50", "", None),
        Figure(f"alarm intake p50 less the disk alone, {one} device ({database})",
               round(intake1.p50_ms - floor.p50_ms, 2), "ms", health1.p50_ms,
               "GET /v1/health p50", "", None),
        Figure(f"alarm intake p50, 1 device, the server's share: a lean client ({database})",
               lean[False].p50_ms, "ms", lean[True].p50_ms, "GET /v1/health p50, lean client",
               "", None),
        Figure(f"alarm intake p99, burst of {burst} devices ({database})", intake_b.p99_ms,
               "ms", health_b.p99_ms, "GET /v1/health p99", "≤ 3×",
               intake_b.p99_ms <= 3 * health_b.p99_ms and intake_b.ok == intake_b.requests),
        Figure(f"alarm intake rate, burst of {burst} devices ({database})",
               intake_b.per_second, "/s", health_b.per_second, "GET /v1/health rate", "",
               None),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="1,50,200", help="concurrent devices per row")
    parser.add_argument("--presses", type=int, default=400, help="timed requests per row")
    parser.add_argument("--max-seconds", type=float, default=30.0, help="per row")
    parser.add_argument("--server", default="asgi", choices=["asgi", "gthread", "gevent"],
                        help="onekey center --worker-class")
    parser.add_argument("--databases", default="sqlite,postgresql",
                        help="sqlite (a temp file) and/or postgresql (a private server, fsync on)")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    rows: dict[str, list[Row]] = {}
    for database in args.databases.split(","):
        if database == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                rows[database] = measure(f"sqlite:///{Path(tmp) / 'bench.db'}", levels,
                                         args.presses, args.max_seconds, args.server)
        else:
            sys.path.insert(0, str(ROOT))
            from tests.postgres_server import start_postgres

            server = start_postgres(durable=True)
            try:
                rows[database] = measure(server.create_database("bench"), levels,
                                         args.presses, args.max_seconds, args.server)
            finally:
                server.stop()
    for database, measured in rows.items():
        print(f"\n{database}")
        print_table([("endpoint", "endpoint", "<30"), ("devices", "devices", ">7"),
                     ("n", "requests", ">5"), ("ok", "ok", ">5"), ("req/s", "per_second", ">8.1f"),
                     ("p50 ms", "p50_ms", ">8.2f"), ("p90 ms", "p90_ms", ">8.2f"),
                     ("p99 ms", "p99_ms", ">8.2f"), ("max ms", "max_ms", ">8.2f")], measured)
    found = [f for database, measured in rows.items() for f in figures(measured, database)]
    print()
    print_figures(found)
    write("alarms", {
        "machine": machine(),
        "settings": {"server": "onekey center --workers 2 (gunicorn, uvicorn workers: the "
                               "event stream on asyncio, the API on 4 threads each), "
                               "escalation worker on",
                     "databases": {"sqlite": "WAL, a temp file, group commit (one fdatasync "
                                             "shared by concurrent commits)",
                                   "postgresql": "a private server, fsync on, "
                                                 "synchronous_commit on"},
                     "levels": levels, "presses_per_row": args.presses,
                     "client": "python requests, one thread and one keep-alive session per "
                               "device, same machine"},
        "rows": {database: [asdict(r) for r in measured] for database, measured in rows.items()},
        "figures": [f.as_dict() for f in found],
    })
    ok = all(r.ok == r.requests for measured in rows.values() for r in measured)
    return 0 if ok and all(f.met is not False for f in found) else 1


if __name__ == "__main__":
    sys.exit(main())
