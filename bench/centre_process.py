"""A real centre in its own process for benchmarks: `onekey center` on a free loopback port."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
ONEKEY = Path(sys.executable).parent / "onekey"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_center(db: Path | str, *, workers: int = 1, threads: int = 4, seed_demo: bool = True,
                 env: dict[str, str] | None = None,
                 worker_class: str = "asgi",
                 extra: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    """Start the centre on ``db`` (a SQLite path or a database URL) and wait (60 s at most)
    until /v1/health answers."""
    port = free_port()
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    full_env.pop("ONEKEY_DB_URL", None)
    # Benchmarks keep 4 threads a gunicorn worker (the tables say so): request throughput,
    # not how many TVs may wait on the event stream (the CLI's default is sized for that).
    cmd = [str(ONEKEY), "center", "--port", str(port), "--db", str(db), "--workers", str(workers),
           "--threads", str(threads), "--worker-class", worker_class]
    if seed_demo:
        cmd.append("--seed-demo")
    cmd += extra or []
    proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("centre exited during start-up")
        try:
            if requests.get(f"{url}/v1/health", timeout=1).ok:
                return proc, url
        except (requests.ConnectionError, requests.Timeout):
            # Not listening yet, or listening but still importing the app (a loaded machine).
            time.sleep(0.05)
    stop(proc)
    raise SystemExit("centre did not start")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
