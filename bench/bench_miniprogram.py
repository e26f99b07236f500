"""The mini-program back end on gunicorn: the status endpoint beside a trivial route of the same
server, and the time from an alarm raised on a TV to its WeChat subscribe message sent.

Starts the centre (`onekey center`, 2 gunicorn workers, demo data) and the back end
(`onekey miniprogram --workers 2 --sandbox`: its WeChat and 随申办 stand-ins in the same
process), signs a family member in through the sandbox WeChat, binds 张桂兰 (she agrees on
her TV), then:

- `GET /api/v1/health`: no database, no centre — the floor;
- `GET /api/v1/elders/{id}/status`: the product token checked against the back end's database,
  four calls to the centre as the member (profile, today's check-in, open alarms, requests),
  each checked against the binding there;
- alarm → message: an alarm raised on the TV's token, until the sandbox WeChat has the
  subscribe message (the centre's event stream, the outbox, wechatpy), then cancelled.

Bounded by --requests per row, --max-seconds and --alarms. Prints a table; writes
bench/results/miniprogram.json.

    .venv/bin/python bench/bench_miniprogram.py [--clients 8] [--requests 1000] [--alarms 20]
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the helpers beside it, run as a script or with -m
from bench_center import Client, Row, drive  # noqa: E402
from centre_process import ONEKEY, ROOT, free_port, start_center, stop  # noqa: E402
from report import machine, print_table, write  # noqa: E402


@dataclass
class Latency:
    what: str
    n: int
    p50_ms: float
    p99_ms: float
    max_ms: float


def start_backend(centre: str, db: Path, workers: int, threads: int) -> tuple[subprocess.Popen, str, str]:
    port = free_port()
    proc = subprocess.Popen([str(ONEKEY), "miniprogram", "--port", str(port), "--db", str(db), "--center", centre,
                             "--service-token", "demo-service", "--workers", str(workers), "--threads",
                             str(threads), "--sandbox"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
    banner = proc.stdout.readline() + proc.stdout.readline()
    wechat = banner.split("sandbox WeChat ")[1].split()[0]
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/api/v1/health", timeout=1).ok:
                return proc, url, wechat
        except (requests.ConnectionError, requests.Timeout):  # not listening, or still starting
            time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("the back end did not start")


def member(url: str, centre: str, wechat: str) -> tuple[str, str]:
    """A signed-in member bound to 张桂兰 (who agrees on her TV), opted in to alerts."""
    code = requests.post(f"{wechat}/sandbox/login-code", json={"openid": "o-bench"}, timeout=5).json()["code"]
    token = requests.post(f"{url}/api/v1/login/wechat", json={"code": code}, timeout=10).json()["token"]
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    api.patch(f"{url}/api/v1/me", json={"name": "陈静"}, timeout=10).raise_for_status()
    binding = api.post(f"{url}/api/v1/bindings", json={"relation": "女儿", "elder_phone": "13788921546",
                                                       "elder_name": "张桂兰"}, timeout=10).json()
    tv = {"Authorization": "Bearer demo-tv-zhang"}
    elder = binding["elder_id"]
    inbox = requests.get(f"{centre}/v1/elders/{elder}/messages", params={"unread": "true"}, headers=tv,
                         timeout=10).json()
    question = next(m for m in inbox if m["kind"] == "consent" and m["answers"])
    requests.post(f"{centre}/v1/messages/{question['id']}/answer", json={"answer": "agree"}, headers=tv,
                  timeout=10).raise_for_status()
    api.post(f"{url}/api/v1/subscriptions", json={"results": {"tmpl-alarm": "accept"}, "long_term": True},
             timeout=10).raise_for_status()
    return token, elder


def alarm_to_message(centre: str, wechat: str, elder: str, alarms: int) -> Latency:
    tv = {"Authorization": "Bearer demo-tv-zhang"}
    agent = {"Authorization": "Bearer demo-agent"}
    waited: list[float] = []
    for _ in range(alarms):
        seen = len(requests.get(f"{wechat}/sandbox/sent", timeout=5).json()["sent"])
        started = time.time()
        raised = requests.post(f"{centre}/v1/alarms", json={"elder_id": elder},
                               headers={**tv, "Idempotency-Key": uuid.uuid4().hex}, timeout=10).json()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            sent = requests.get(f"{wechat}/sandbox/sent", timeout=5).json()["sent"]
            if len(sent) > seen:
                waited.append(sent[seen]["at"] - started)
                break
            time.sleep(0.005)
        else:
            raise SystemExit("no subscribe message within 30 s")
        requests.post(f"{centre}/v1/alarms/{raised['id']}/cancel", json={"by": "agent"},
                      headers={**agent, "Idempotency-Key": uuid.uuid4().hex}, timeout=10)
        time.sleep(0.5)  # let the cancellation's own message go before the next alarm
    waited.sort()
    return Latency("alarm raised → subscribe message sent", len(waited),
                   round(statistics.median(waited) * 1000, 1),
                   round(waited[min(len(waited) - 1, int(len(waited) * 0.99))] * 1000, 1),
                   round(waited[-1] * 1000, 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=1000, help="per row")
    parser.add_argument("--max-seconds", type=float, default=30.0, help="per row")
    parser.add_argument("--alarms", type=int, default=20)
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        centre_proc, centre = start_center(Path(tmp) / "centre.db", workers=2, threads=8)
        backend_proc = None
        try:
            backend_proc, url, wechat = start_backend(centre, Path(tmp) / "mp.db", workers=2, threads=4)
            token, elder = member(url, centre, wechat)
            headers = {"Authorization": f"Bearer {token}"}
            label = "gunicorn, uvicorn workers (2 × 4 threads)"

            def health(c: Client, _n: int) -> int:
                return c.call("GET", "/api/v1/health", {})

            def status(c: Client, _n: int) -> int:
                return c.call("GET", f"/api/v1/elders/{elder}/status", headers)

            drive(label, "warm-up", args.clients, 200, args.max_seconds, status, 200, url)
            rows: list[Row] = [
                drive(label, "GET /api/v1/health", args.clients, args.requests, args.max_seconds, health, 200, url),
                drive(label, "GET /api/v1/elders/{id}/status", args.clients, args.requests, args.max_seconds,
                      status, 200, url),
            ]
            latency = alarm_to_message(centre, wechat, elder, args.alarms)
        finally:
            if backend_proc is not None:
                os.killpg(backend_proc.pid, signal.SIGTERM)
                backend_proc.wait(timeout=20)
            stop(centre_proc)
    print_table([("server", "server", "<34"), ("endpoint", "endpoint", "<32"), ("n", "requests", ">5"),
                 ("ok", "ok", ">5"), ("req/s", "per_second", ">8.1f"), ("p50 ms", "p50_ms", ">8.2f"),
                 ("p99 ms", "p99_ms", ">8.2f")], rows)
    print()
    print_table([("latency", "what", "<40"), ("n", "n", ">4"), ("p50 ms", "p50_ms", ">8.1f"),
                 ("p99 ms", "p99_ms", ">8.1f"), ("max ms", "max_ms", ">8.1f")], [latency])
    print(f"\nload average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} "
          f"({os.cpu_count()} CPUs shared by the client, the back end and the centre)")
    health, status = rows
    figures = [
        {"figure": "GET /api/v1/elders/{id}/status requests/s", "value": status.per_second, "unit": "req/s",
         "peer": health.per_second, "peer_name": "GET /api/v1/health (the same server)",
         "ratio": round(status.per_second / health.per_second, 3) if health.per_second else None,
         "goal": "", "met": None},
        {"figure": "GET /api/v1/elders/{id}/status p99", "value": status.p99_ms, "unit": "ms",
         "peer": health.p99_ms, "peer_name": "GET /api/v1/health p99",
         "ratio": round(status.p99_ms / health.p99_ms, 3) if health.p99_ms else None, "goal": "", "met": None},
        {"figure": "alarm raised → subscribe message sent, p50", "value": latency.p50_ms, "unit": "ms",
         "peer": None, "peer_name": "", "ratio": None, "goal": "within seconds",
         "met": latency.p99_ms < 5000},
        {"figure": "alarm raised → subscribe message sent, p99", "value": latency.p99_ms, "unit": "ms",
         "peer": None, "peer_name": "", "ratio": None, "goal": "within seconds",
         "met": latency.p99_ms < 5000},
    ]
    write("miniprogram", {
        "figures": figures,
        "machine": machine(load_average_before=[round(x, 2) for x in load_before]),
        "settings": {"clients": args.clients, "requests_per_row": args.requests, "alarms": args.alarms,
                     "backend": "gunicorn, 2 uvicorn workers × 4 threads (web_front), SQLite WAL",
                     "centre": "gunicorn 2×8, SQLite WAL"},
        "rows": [asdict(r) for r in rows],
        "alarm_to_message": asdict(latency),
    })
    return 0 if all(r.ok == r.requests for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
