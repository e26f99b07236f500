"""A morning peak on one node: every box waiting on its event stream while the district wakes up.

Between 8 and 10 in the morning the boxes are on, the elders press 报平安 (the daily check-in,
due by 10:00), families open the mini-program to see how their parent is, hospitals' slots
are booked, and some alarms come in. This plays that, on loopback only, bounded in time and
count: the real centre (`onekey center --workers 2`) over a temporary SQLite file, `--boxes`
boxes long-polling in a process of their own (bench/boxes.py), and, for `--seconds`:

- check-ins, by the elders' own boxes          `POST /v1/elders/{id}/checkin`      30 a second
- families reading status (the mini-program's   `GET  /v1/family/elders/{id}/today`  20 a second
  back end, with each member's family token)
- bookings                                      `POST /v1/requests` registration     5 a second
- alarms, by the boxes                          `POST /v1/alarms`                    1 a second

First each action runs alone, one at a time, on the same node (its floor in this run); then
all together with every box waiting. Every check-in's event must reach its box (measured from
the press to the box's receipt). Prints a table and writes bench/results/morning.json.

    .venv/bin/python bench/bench_morning.py [--boxes 10000] [--seconds 60]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the helpers beside it, run as a script or with -m
from bench_center import Client, registration_pairs  # noqa: E402
from bench_push import FleetProcess  # noqa: E402
from centre_process import start_center, stop  # noqa: E402
from district import Family, Home, add_families, add_homes, seeded_database  # noqa: E402
from load import paced  # noqa: E402
from report import Figure, machine, percentile, print_figures, write  # noqa: E402

AGENT = {"Authorization": "Bearer demo-agent"}
RATES = {"check-in": 30.0, "family status": 20.0, "booking": 5.0, "alarm": 1.0}


@dataclass
class Action:
    name: str
    calls: Callable[[int], tuple[str, str, dict, dict | None, int]]  # n → request, expected
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    sent_at: dict[int, float] = field(default_factory=dict)


def actions(homes: list[Home], families: list[Family], pairs: list) -> dict[str, Action]:  # noqa: ANN001
    def checkin(n: int):  # noqa: ANN202
        home = homes[n % len(homes)]
        return ("POST", f"/v1/elders/{home.elder_id}/checkin",
                {"Authorization": f"Bearer {home.token}", "Idempotency-Key": uuid.uuid4().hex},
                {}, 201)

    def family(n: int):  # noqa: ANN202
        member = families[(n * 7919) % len(families)]
        return ("GET", f"/v1/family/elders/{member.elder_id}/today",
                {"Authorization": f"Bearer {member.token}"}, None, 200)

    def booking(n: int):  # noqa: ANN202
        elder, slot = pairs[n % len(pairs)]
        return ("POST", "/v1/requests", {**AGENT, "Idempotency-Key": uuid.uuid4().hex},
                {"elder_id": elder, "service": "registration", "mode": "self",
                 "form": {"hospital_id": slot["hospital_id"],
                          "department_id": slot["department_id"], "slot_id": slot["id"]}}, 201)

    def alarm(n: int):  # noqa: ANN202
        home = homes[-1 - n % len(homes)]
        return ("POST", "/v1/alarms", {"Authorization": f"Bearer {home.token}",
                                       "Idempotency-Key": uuid.uuid4().hex},
                {"elder_id": home.elder_id, "channel": "tv"}, 201)

    return {"check-in": Action("check-in", checkin), "family status": Action("family status", family),
            "booking": Action("booking", booking), "alarm": Action("alarm", alarm)}


def play(url: str, action: Action, rate: float, seconds: float, threads: int = 8) -> None:
    """``rate`` calls a second for ``seconds``, on ``threads`` keep-alive connections."""
    clients = threading.local()
    lock = threading.Lock()

    def call(i: int) -> None:
        if not hasattr(clients, "client"):
            clients.client = Client(url)
        method, path, headers, body, expect = action.calls(i)
        sent = time.time()
        t0 = time.perf_counter()
        status = clients.client.call(method, path, headers, body)
        with lock:
            action.latencies.append(time.perf_counter() - t0)
            action.sent_at[i] = sent
            action.errors += status != expect

    paced(int(rate * seconds), rate, call, threads)


def alone(url: str, action: Action, count: int, first: int) -> list[float]:
    """The action by itself, one call at a time: its floor on this node in this run."""
    client = Client(url)
    out = []
    for i in range(count):
        method, path, headers, body, expect = action.calls(first + i)
        t0 = time.perf_counter()
        status = client.call(method, path, headers, body)
        out.append(time.perf_counter() - t0)
        assert status == expect, (action.name, status)
    return sorted(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boxes", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--floor-calls", type=int, default=60)
    args = parser.parse_args()
    random.seed(11)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "morning.db"
        database = seeded_database(f"sqlite:///{db}")
        homes = add_homes(database, args.boxes, "morning")
        families = add_families(database, homes[: min(len(homes), 2000)], "morning")
        database.dispose()
        proc, url = start_center(db, workers=2, seed_demo=False)
        port = int(url.rsplit(":", 1)[1])
        try:
            pairs = registration_pairs(url, AGENT, [h.elder_id for h in homes[:600]], 2000)
            plays = actions(homes, families, pairs)
            # The floors use other homes than the morning's (check-ins count from the first
            # home, alarms from the last): nobody checks in twice or raises on an open alarm.
            assert RATES["check-in"] * args.seconds < len(homes) // 2
            floors = {"check-in": alone(url, plays["check-in"], args.floor_calls, len(homes) // 2),
                      "family status": alone(url, plays["family status"], args.floor_calls, 1),
                      "alarm": alone(url, plays["alarm"], args.floor_calls, len(homes) // 4)}
            floors["booking"] = alone(url, plays["booking"], args.floor_calls,
                                      len(pairs) - args.floor_calls)
            for a in plays.values():
                a.latencies.clear()
            fleet = FleetProcess(port, [h.token for h in homes], Path(tmp) / "tokens.txt", 25)
            fleet.wait_ready(600)
            players = [threading.Thread(target=play, args=(url, plays[name], rate, args.seconds))
                       for name, rate in RATES.items()]
            for t in players:
                t.start()
            for t in players:
                t.join()
            time.sleep(3)
            report = fleet.finish()
        finally:
            stop(proc)
    checkins = plays["check-in"]
    sent = {homes[n % len(homes)].token: at for n, at in checkins.sent_at.items()}
    got = {box: at for box, kind, _title, at in report["receipts"] if kind == "checkin"}
    delivery = sorted(got[box] - at for box, at in sent.items() if box in got)
    figures = [
        Figure("morning: check-in heard back on the box, p99", percentile(delivery, 0.99) * 1000,
               "ms", 1000, "goal 1 s", "≤ 1.0×", bool(delivery) and percentile(delivery, 0.99) <= 1),
        Figure("morning: check-ins not heard back", len(sent) - len(delivery), "", 0,
               f"of {len(sent)}", "= 0", len(delivery) == len(sent)),
    ]
    alarm_p99 = percentile(sorted(plays["alarm"].latencies), 0.99)
    figures.append(Figure("morning: an alarm answered (durable), p99", alarm_p99 * 1000, "ms",
                          1000, "goal 1 s", "≤ 1.0×", alarm_p99 <= 1.0))
    for name, action in plays.items():
        lat = sorted(action.latencies)
        floor = floors[name]
        figures.append(Figure(f"morning: {name} p99 ({RATES[name]:g}/s)",
                              percentile(lat, 0.99) * 1000, "ms",
                              percentile(floor, 0.99) * 1000, f"{name} p99 alone",
                              "", None))
        figures.append(Figure(f"morning: {name} errors", action.errors, "", 0,
                              f"of {len(lat)}", "= 0", action.errors == 0))
    print_figures(figures)
    write("morning", {
        "machine": machine(),
        "settings": {"boxes": args.boxes, "seconds": args.seconds, "rates_per_s": RATES,
                     "server": "onekey center --workers 2 (default serving model)",
                     "database": "SQLite WAL (temp file), group commit"},
        "figures": [f.as_dict() for f in figures],
        "fleet": report["stats"],
    })
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
