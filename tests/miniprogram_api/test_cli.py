"""`onekey miniprogram --host --port --db`: one process, or gunicorn workers that share
nothing but the database — a sign-in on one worker and a screen continued on another."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests

from tests.miniprogram_api.servers import ROOT, run_cli, stop_cli
from tests.web_front.served import free_port

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def sandbox_wechat(output_line: str) -> str:
    return output_line.split("sandbox WeChat ")[1].split()[0]


def test_by_default_gunicorn_serves_the_api_the_pages_and_openapi(centre, tmp_path):
    proc, url = run_cli(centre, tmp_path, "--no-alerts")
    try:
        assert requests.get(f"{url}/openapi.json", timeout=5).json()["info"]["title"] == "一键通 mini-program back end"
        assert requests.get(f"{url}/h5/login", timeout=5).status_code == 200
        assert (tmp_path / "mp.db").exists()
    finally:
        out = stop_cli(proc)
    assert "H5: http://127.0.0.1:" in out
    assert "Starting gunicorn" in out and "Booting worker" in out, out
    assert "development server" not in out


def test_dev_runs_one_werkzeug_process(centre, tmp_path):
    proc, url = run_cli(centre, tmp_path, "--no-alerts", "--dev")
    try:
        assert requests.get(f"{url}/h5/login", timeout=5).status_code == 200
    finally:
        out = stop_cli(proc)
    assert "gunicorn" not in out and "development server" in out, out


def test_gunicorn_workers_share_logins_and_screens_through_the_database(centre, tmp_path):
    proc, url = run_cli(centre, tmp_path, "--workers", "2", "--no-alerts")
    try:
        first = proc.stdout.readline() + proc.stdout.readline()
        wechat = sandbox_wechat(first)
        code = requests.post(f"{wechat}/sandbox/login-code", json={"openid": "o-cli"}, timeout=5).json()["code"]
        token = requests.post(f"{url}/api/v1/login/wechat", json={"code": code}, timeout=10).json()["token"]
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        api.headers["Connection"] = "close"  # each request may land on either worker
        flow = api.post(f"{url}/api/v1/flow", json={}, timeout=10).json()
        for _ in range(8):
            again = api.get(f"{url}/api/v1/flow/{flow['session']}", timeout=10)
            assert again.status_code == 200 and again.json()["screen"]["id"] == flow["screen"]["id"]
    finally:
        stop_cli(proc)


def test_without_a_service_token_it_says_what_is_missing(tmp_path):
    done = subprocess.run([sys.executable, "-m", "onekey_cli", "miniprogram", "--port", str(free_port()),
                           "--db", str(tmp_path / "x.db")], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={k: v for k, v in os.environ.items() if k != "ONEKEY_MP_SERVICE_TOKEN"})
    assert done.returncode != 0 and "service token" in done.stderr


def test_gunicorn_workers_serve_slips(centre, tmp_path):
    """Each worker renders slips, although gunicorn forked it from a process that had begun
    warming the word segmenter (its lock was inherited held: every slip waited 60 s, then 503)."""
    import uuid

    from tests.call_center.family_members import ELDER_LOGIN

    proc, url = run_cli(centre, tmp_path, "--workers", "2", "--no-alerts")
    try:
        wechat = sandbox_wechat(proc.stdout.readline() + proc.stdout.readline())
        code = requests.post(f"{wechat}/sandbox/login-code", json={"openid": "o-slips"}, timeout=5).json()["code"]
        token = requests.post(f"{url}/api/v1/login/wechat", json={"code": code}, timeout=10).json()["token"]
        api = requests.Session()
        api.headers.update({"Authorization": f"Bearer {token}", "Connection": "close"})
        assert api.patch(f"{url}/api/v1/me", json={"name": "陈静"}, timeout=10).status_code == 200
        phone, name, tv_key = ELDER_LOGIN["zhang"]
        asked = api.post(f"{url}/api/v1/bindings", timeout=10,
                         json={"relation": "女儿", "elder_phone": phone, "elder_name": name})
        assert asked.status_code in (200, 201), asked.text
        zhang, tv = centre.elders["zhang"], centre.headers(tv_key)
        inbox = requests.get(f"{centre.url}/v1/elders/{zhang}/messages", params={"unread": "true"},
                             headers=tv, timeout=10).json()
        consent = next(m for m in inbox if m["kind"] == "consent" and m["answers"])
        assert requests.post(f"{centre.url}/v1/messages/{consent['id']}/answer", json={"answer": "agree"},
                             headers=tv, timeout=10).status_code == 200
        agent = {**centre.headers("agent")}
        made = requests.post(f"{centre.url}/v1/requests", timeout=10, json={
            "elder_id": zhang, "service": "help", "mode": "call", "form": {"topic": "求助"}},
            headers={**agent, "Idempotency-Key": uuid.uuid4().hex}).json()
        for to in ("accepted", "in_progress", "confirmed"):
            requests.post(f"{centre.url}/v1/requests/{made['id']}/transitions", json={"to": to}, timeout=10,
                          headers={**agent, "Idempotency-Key": uuid.uuid4().hex}).raise_for_status()
        for _ in range(4):  # on either worker
            slip = api.get(f"{url}/api/v1/requests/{made['id']}/slip.pdf", timeout=50)
            assert slip.status_code == 200, slip.text[:200]
            assert slip.content.startswith(b"%PDF")
    finally:
        stop_cli(proc)
