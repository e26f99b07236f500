"""`onekey center` starts a real server (werkzeug, or gunicorn with --workers 2)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from ..serving import answers

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, deadline_s: float = 30) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        if answers(f"{url}/v1/health"):
            return
        time.sleep(0.05)  # polling with a deadline, not waiting on a timer
    raise AssertionError("centre did not come up")


@pytest.mark.parametrize("workers", [1, 2])
def test_center_serves_the_demo(tmp_path, workers: int):
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("ONEKEY_DB_URL", None)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "onekey"), "center", "--port", str(port), "--db",
         str(tmp_path / "c.db"), "--seed-demo", "--workers", str(workers)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        me = requests.get(f"{url}/v1/me", headers={"Authorization": "Bearer demo-tv-wang"},
                          timeout=5).json()
        assert me["elders"][0]["name_masked"] == "王*英"
        assert requests.get(f"{url}/openapi.json", timeout=5).json()["info"]["version"]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        out, _ = proc.communicate(timeout=20)
    assert f"{url}/v1" in out
    assert f"{url}/openapi.json" in out
    for token in ("demo-agent", "demo-tv-wang", "demo-kiosk-1"):
        assert token in out


def test_devices_waiting_on_the_event_stream_do_not_starve_the_api(tmp_path):
    """Every TV holds a long-poll open; with gunicorn's threads sized for that, a burst of
    waiting devices leaves the API (an alarm!) answering at once."""
    from concurrent.futures import ThreadPoolExecutor

    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("ONEKEY_DB_URL", None)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "onekey"), "center", "--port", str(port), "--db",
         str(tmp_path / "c.db"), "--seed-demo", "--workers", "2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    # 张桂兰 and 陈志明's box: no daily check-in or care call to put other events in the stream
    tv = {"Authorization": "Bearer demo-tv-zhang"}
    try:
        _wait_healthy(url, proc)
        latest = requests.get(f"{url}/v1/devices/me/events", params={"wait": 0}, headers=tv,
                              timeout=10).json()["next"]
        waiting = 24  # more than the old 2 × 4 threads by far
        with ThreadPoolExecutor(waiting) as pool:
            polls = [pool.submit(requests.get, f"{url}/v1/devices/me/events",
                                 params={"after": latest, "wait": 8}, headers=tv, timeout=30)
                     for _ in range(waiting)]
            time.sleep(1)  # let them all settle into their wait
            assert sum(p.done() for p in polls) == 0
            me = requests.get(f"{url}/v1/me", headers=tv, timeout=3)  # would queue behind them
            assert me.status_code == 200
            elder = me.json()["elders"][0]["id"]
            alarm = requests.post(f"{url}/v1/alarms", json={"elder_id": elder}, headers=tv, timeout=3)
            assert alarm.status_code == 201
            # and the waiting devices hear of it
            answers = [p.result(timeout=20) for p in polls]
        assert all(a.status_code == 200 for a in answers)
        assert all(any(e["kind"] == "alarm" for e in a.json()["events"]) for a in answers)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.communicate(timeout=20)
