"""10,000 TV boxes on one node's device event stream.

Starts the real centre (`onekey center --workers 2`, the serving model given by --server) on
loopback over a temporary SQLite file seeded with the demo plus one household, elder and TV
box per simulated box. Then, in this order, in one run:

1. bookings (`POST /v1/requests` registration, 4 clients) with no box connected: the peer;
2. 1,000 boxes connect (a process of their own, `bench/boxes.py`), idle: the database reads
   of the node for 30 s (its hubs' reads of the log and the stream's token lookups);
3. the other boxes connect, idle: the same reads for 30 s — they must not grow — and the
   server's CPU per renewal of a waiting poll;
4. with every box waiting: an agent sends a message to a random household 20 times a
   second while the same bookings run again; each message's delivery time is measured from
   its send to the box's receipt (wall clock, one machine), and every one must arrive.

Prints a table and writes bench/results/push.json.

    .venv/bin/python bench/bench_push.py [--boxes 10000] [--server gevent] [--seconds 20]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the helpers beside it, run as a script or with -m
from bench_center import Client, registration_pairs  # noqa: E402
from centre_process import start_center, stop  # noqa: E402
from district import add_homes, seeded_database  # noqa: E402
from load import paced  # noqa: E402
from report import Figure, machine, percentile, print_figures, write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AGENT = {"Authorization": "Bearer demo-agent"}


class FleetProcess:
    def __init__(self, port: int, tokens: list[str], path: Path, wait: float):
        path.write_text("\n".join(tokens), encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "boxes.py"), "--port", str(port),
             "--tokens", str(path), "--wait", str(wait)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def wait_ready(self, timeout: float) -> dict:
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the box fleet died")
            if '"ready"' in line:
                return json.loads(line)
        raise SystemExit("the boxes did not all connect in time")

    def stats(self) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("stats\n")
        self.proc.stdin.flush()
        while True:
            line = self.proc.stdout.readline()
            if '"stats"' in line:
                return json.loads(line)["stats"]
            if not line:
                raise SystemExit("the box fleet died")

    def finish(self) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("stop\n")
        self.proc.stdin.flush()
        out = self.proc.stdout.read()
        self.proc.wait(60)
        return json.loads(out.strip().splitlines()[-1])


def node_stats(url: str, samples: int = 40) -> dict[int, dict]:
    """Each process's /v1/events/stats (fresh connections reach both gunicorn workers)."""
    seen: dict[int, dict] = {}
    for _ in range(samples):
        body = requests.get(f"{url}/v1/events/stats", headers={**AGENT, "Connection": "close"},
                            timeout=30).json()
        seen[body["process"]] = body
    return seen


def db_reads(stats: dict[int, dict]) -> int:
    return sum(s["log_reads"] + s["token_lookups"] for s in stats.values())


def idle_reads_per_second(url: str, seconds: float) -> float:
    before = node_stats(url)
    time.sleep(seconds)
    after = node_stats(url)
    common = set(before) & set(after)
    return sum(after[p]["log_reads"] + after[p]["token_lookups"] - before[p]["log_reads"]
               - before[p]["token_lookups"] for p in common) / seconds


def server_usage(proc: subprocess.Popen) -> tuple[float, float]:
    """(resident MB, CPU seconds) of the centre's processes."""
    root = psutil.Process(proc.pid)
    procs = [root, *root.children(recursive=True)]
    rss = sum(p.memory_info().rss for p in procs) / 2**20
    cpu = sum(sum(p.cpu_times()[:2]) for p in procs)
    return rss, cpu


def bookings(url: str, pairs: list[tuple[str, dict]], clients: int) -> list[float]:
    latencies: list[float] = []
    work = iter(pairs)
    lock = threading.Lock()

    def run() -> None:
        client = Client(url)
        while True:
            with lock:
                pair = next(work, None)
            if pair is None:
                return
            elder, slot = pair
            t0 = time.perf_counter()
            status = client.call("POST", "/v1/requests", {**AGENT, "Idempotency-Key": uuid.uuid4().hex}, {
                "elder_id": elder, "service": "registration", "mode": "self",
                "form": {"hospital_id": slot["hospital_id"], "department_id": slot["department_id"],
                         "slot_id": slot["id"]}})
            with lock:
                if status == 201:
                    latencies.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def send_messages(url: str, elders: list[str], rate: float, seconds: float) -> dict[str, float]:
    """An agent's messages to random households at ``rate`` a second: title → send time."""
    sent: dict[str, float] = {}
    clients = threading.local()
    lock = threading.Lock()

    def send(n: int) -> None:
        if not hasattr(clients, "client"):
            clients.client = Client(url)
        title = f"压测通知{n}"
        at = time.time()
        status = clients.client.call("POST", f"/v1/elders/{random.choice(elders)}/messages",
                                     {**AGENT, "Idempotency-Key": uuid.uuid4().hex},
                                     {"kind": "notice", "title": title,
                                      "body": "今天下午社区有义诊。"})
        if status == 201:
            with lock:
                sent[title] = at

    paced(int(rate * seconds), rate, send)
    return sent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boxes", type=int, default=10_000)
    parser.add_argument("--first", type=int, default=1_000, help="boxes of the first idle step")
    parser.add_argument("--server", default="asgi", choices=["asgi", "gevent", "gthread"])
    parser.add_argument("--threads", type=int, default=32, help="gthread: threads a worker")
    parser.add_argument("--rate", type=float, default=20, help="messages a second")
    parser.add_argument("--seconds", type=float, default=20, help="the loaded window")
    parser.add_argument("--bookings", type=int, default=300)
    parser.add_argument("--wait", type=float, default=25, help="the boxes' long-poll wait")
    parser.add_argument("--idle", type=float, default=30, help="each idle window (≥ wait)")
    args = parser.parse_args()
    random.seed(7)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        database = seeded_database(f"sqlite:///{db}")
        homes = add_homes(database, args.boxes, "push")
        database.dispose()
        proc, url = start_center(db, workers=2, threads=args.threads, seed_demo=False,
                                 worker_class=args.server)
        port = int(url.rsplit(":", 1)[1])
        try:
            elders = [h.elder_id for h in homes]
            pairs = registration_pairs(url, AGENT, elders[:400], 2 * args.bookings)
            alone = bookings(url, pairs[:args.bookings], 4)
            rss_before, _ = server_usage(proc)

            first = FleetProcess(port, [h.token for h in homes[:args.first]],
                                 Path(tmp) / "first.txt", args.wait)
            first.wait_ready(300)
            _, small_cpu0 = server_usage(proc)
            reads_small = idle_reads_per_second(url, args.idle)
            _, small_cpu1 = server_usage(proc)
            idle_small = (small_cpu1 - small_cpu0) / args.idle * 100
            rest = FleetProcess(port, [h.token for h in homes[args.first:]],
                                Path(tmp) / "rest.txt", args.wait)
            ready_at = time.perf_counter()
            rest.wait_ready(600)
            connect_s = time.perf_counter() - ready_at
            waiting = sum(s["waiting"] for s in node_stats(url).values())
            polls0 = first.stats()["polls"] + rest.stats()["polls"]
            _, idle_cpu0 = server_usage(proc)
            reads_large = idle_reads_per_second(url, args.idle)
            rss_waiting, cpu0 = server_usage(proc)
            connected = first.stats()["connected"] + rest.stats()["connected"]
            renewals = first.stats()["polls"] + rest.stats()["polls"] - polls0
            idle_large = (cpu0 - idle_cpu0) / args.idle * 100

            sent: dict[str, float] = {}
            writer = threading.Thread(target=lambda: sent.update(
                send_messages(url, elders, args.rate, args.seconds)))
            t0 = time.perf_counter()
            writer.start()
            loaded = bookings(url, pairs[args.bookings:2 * args.bookings], 4)
            writer.join()
            time.sleep(3)  # the last messages' deliveries
            _, cpu1 = server_usage(proc)
            busy = time.perf_counter() - t0
            reports = [first.finish(), rest.finish()]
        finally:
            stop(proc)
    receipts = {title: at for r in reports for _box, _kind, title, at in r["receipts"]
                if title in sent}
    delivery = sorted(receipts[t] - sent[t] for t in receipts)
    lost = len(sent) - len(receipts)
    alone.sort()
    loaded.sort()
    figures = [
        Figure("boxes connected to one node (2 processes)", connected, "boxes", args.boxes,
               "boxes started", "≥ 1.0× (all)", connected >= args.boxes),
        Figure("polls waiting in the node at a glance", waiting, "polls", None,
               "(the others are between answer and renewal)", "", None),
        Figure(f"server CPU, {args.boxes} idle boxes ({renewals / args.idle:.0f} renewals/s)",
               idle_large, "% of a core", idle_small, f"the same, {args.first} idle boxes", "",
               None),
        Figure("event delivery p99, every box waiting", percentile(delivery, 0.99) * 1000, "ms",
               1000, "goal 1 s", "≤ 1.0×", percentile(delivery, 0.99) <= 1.0),
        Figure("event delivery p50", percentile(delivery, 0.5) * 1000, "ms", None, "", "", None),
        Figure("messages lost", lost, "", 0, "sent " + str(len(sent)), "= 0", lost == 0),
        Figure("booking p99 with every box waiting", percentile(loaded, 0.99) * 1000, "ms",
               percentile(alone, 0.99) * 1000, "booking p99, no box connected", "≤ 2×",
               percentile(loaded, 0.99) <= 2 * percentile(alone, 0.99)),
        Figure("booking p50 with every box waiting", percentile(loaded, 0.5) * 1000, "ms",
               percentile(alone, 0.5) * 1000, "booking p50, no box connected", "", None),
        Figure(f"database reads a second, {args.boxes} idle boxes", reads_large, "/s",
               reads_small, f"the same, {args.first} idle boxes", "≤ 1.5× (flat)",
               reads_large <= 1.5 * max(reads_small, 1.0)),
        Figure("server memory with every box waiting", rss_waiting, "MB", rss_before,
               "server memory, no box", "", None),
        Figure("server CPU in the loaded window", (cpu1 - cpu0) / busy * 100, "% of a core",
               None, "", "", None),
        Figure("time for the boxes to connect", connect_s, "s", None,
               f"ramp 2000 a second", "", None),
    ]
    print_figures(figures)
    write("push", {
        "machine": machine(),
        "settings": {"server": f"gunicorn 2 workers, {args.server}", "boxes": args.boxes,
                     "long_poll_wait_s": args.wait, "messages_per_s": args.rate,
                     "loaded_window_s": args.seconds, "bookings": args.bookings,
                     "database": "SQLite WAL (temp file)",
                     "client": "boxes: asyncio, one process; bookings and messages: "
                               "http.client threads"},
        "figures": [f.as_dict() for f in figures],
        "fleet": [r["stats"] for r in reports],
    })
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
