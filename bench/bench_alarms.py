"""Alarm intake latency: device press → `POST /v1/alarms` → durable commit → 201, beside
`GET /v1/health` (the trivial-route floor), at 1, 50 and 200 concurrent devices.

Starts the real centre (`onekey center --workers 2`: gunicorn, 2 processes × 4 threads, the
escalation worker running in each) on loopback over a temporary SQLite file seeded with the
demo plus, for every row, one household and TV token per simulated device and one elder per
press, so every press opens a new alarm (nothing collapses into an open one) and nothing but
the raises hits the server. Every raise carries a fresh Idempotency-Key. The unanswered-alarm
timer is set to an hour so no escalation runs during the measurement (escalation is tested,
not benchmarked).

The 201 is sent only after the transaction holding the alarm, its first event, its ack timer
and its device event has committed (the unit of work commits before the response leaves), so
the number measured is press-to-durable-acknowledgement as a TV sees it. The alarm-service
standard asks agents to answer within 60 s (UK telecare: 97.5 % in 60 s, 99 % in 3 min);
intake must be a vanishing part of that budget even when a whole district presses at once.

    .venv/bin/python bench/bench_alarms.py [--levels 1,50,200] [--presses 400] [--max-seconds 30]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import requests

from centre_process import start_center as _start, stop
from report import machine, print_table, write

ROOT = Path(__file__).resolve().parent.parent


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


def prepare(db: Path, rows: list[tuple[int, int]]) -> list[list[tuple[str, list[str]]]]:
    """Migrate, seed the demo, then per row (devices, presses) the households: for each row
    a list of (tv_token, [elder ids, one per press of that device])."""
    sys.path.insert(0, str(ROOT))
    from call_center.app import create_app
    from call_center.auth import hash_token
    from call_center.demo_data import seed
    from call_center.models import Contact, Device, Elder, Household

    app = create_app({"db_url": f"sqlite:///{db}", "alarm_worker": False})
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
    database.dispose()
    return out


def start_center(db: Path):
    return _start(db, workers=2, seed_demo=False, env={"ONEKEY_ALARM_ACK_TIMEOUT_S": "3600"})


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
          health: bool) -> Row:
    """One thread per device; each presses once per elder of its household (health: the same
    number of GET /v1/health)."""
    latencies: list[float] = []
    ok = 0
    lock = threading.Lock()
    gate = threading.Barrier(len(households) + 1)
    deadline = time.monotonic() + max_seconds

    def device(token: str, elders: list[str]) -> None:
        nonlocal ok
        session = requests.Session()
        auth = {"Authorization": f"Bearer {token}"}
        gate.wait()
        for elder_id in elders:
            if time.monotonic() > deadline:
                return
            t0 = time.perf_counter()
            if health:
                r = session.get(f"{url}/v1/health", timeout=60)
            else:
                r = session.post(f"{url}/v1/alarms", timeout=60, json={
                    "elder_id": elder_id, "channel": "tv"}, headers={
                    **auth, "Idempotency-Key": uuid.uuid4().hex})
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                ok += r.status_code == (200 if health else 201)

    threads = [threading.Thread(target=device, args=h) for h in households]
    for t in threads:
        t.start()
    gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    name = "GET /v1/health" if health else "POST /v1/alarms (new alarm)"
    return summarise(name, len(households), latencies, ok, time.perf_counter() - t0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="1,50,200", help="concurrent devices per row")
    parser.add_argument("--presses", type=int, default=400, help="timed requests per row")
    parser.add_argument("--max-seconds", type=float, default=30.0, help="per row")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        plan = prepare(db, [(level, args.presses) for level in levels])
        proc, url = start_center(db)
        try:
            drive(url, plan[-1], args.max_seconds, health=True)  # warm-up
            for households in plan:
                rows.append(drive(url, households, args.max_seconds, health=True))
                rows.append(drive(url, households, args.max_seconds, health=False))
        finally:
            stop(proc)
    print_table([("endpoint", "endpoint", "<30"), ("devices", "devices", ">7"), ("n", "requests", ">5"),
                 ("ok", "ok", ">5"), ("req/s", "per_second", ">8.1f"), ("p50 ms", "p50_ms", ">8.2f"),
                 ("p90 ms", "p90_ms", ">8.2f"), ("p99 ms", "p99_ms", ">8.2f"), ("max ms", "max_ms", ">8.2f")],
                rows)
    print()
    write("alarms", {
        "machine": machine(),
        "settings": {"server": "gunicorn 2 workers × 4 threads (gthread), escalation worker on",
                     "database": "SQLite WAL (temp file)", "levels": levels,
                     "presses_per_row": args.presses, "client": "python requests, one thread "
                     "and one keep-alive session per device, same machine"},
        "rows": [asdict(r) for r in rows],
    })
    return 0 if all(r.ok == r.requests for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
