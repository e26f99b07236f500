"""No personal number in any log (issue 12 §3): the centre's servers — Werkzeug's and
gunicorn's — are run as `onekey center` runs them, made to log what once leaked (a full ID
number in a URL's access-log line, an elder's phone in every telephony error), and everything
they wrote is scanned for an unmasked 18-digit ID number or 11-digit mobile. (Every answer
given to a device or the family's service is scanned by the authorisation matrix.)"""
from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from call_center.log_privacy import install

from .test_cli_center import ROOT, _free_port, _wait_healthy

pytestmark = pytest.mark.integration
UNMASKED = re.compile(r"(?<![0-9A-Za-z_])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])")
WANG_PHONE = "13916205871"


def _drive(url: str) -> None:
    tv = {"Authorization": "Bearer demo-tv-wang"}
    agent = {"Authorization": "Bearer demo-agent"}
    kiosk = {"Authorization": "Bearer demo-kiosk-1"}
    elder = requests.get(f"{url}/v1/me", headers=tv, timeout=5).json()["elders"][0]["id"]
    id_number = "310105193912150022"  # what a careless client might put in a URL
    requests.get(f"{url}/v1/elders/lookup?id_number={id_number}&phone={WANG_PHONE}", headers=kiosk, timeout=5)
    requests.post(f"{url}/v1/elders/lookup", json={"id_number": id_number, "phone_tail": "5871"},
                  headers=kiosk, timeout=5)
    requests.post(f"{url}/v1/alarms", json={"elder_id": elder, "note": f"打{WANG_PHONE}"},
                  headers={"Authorization": f"Bearer forged-{WANG_PHONE}"}, timeout=5)
    alarm = requests.post(f"{url}/v1/alarms", json={"elder_id": elder}, headers=tv, timeout=5).json()
    requests.post(f"{url}/v1/alarms/{alarm['id']}/steps", json={"kind": "elder_silent"}, headers=agent, timeout=5)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the worker calls her back: the line raises, it is logged
        events = requests.get(f"{url}/v1/alarms/{alarm['id']}", headers=agent, timeout=5).json()["events"]
        if any(e["kind"] == "callback" and e["data"].get("outcome") == "failed" for e in events):
            break
        time.sleep(0.1)
    else:
        raise AssertionError("no failed call-back was recorded")
    requests.post(f"{url}/v1/alarms/{alarm['id']}/cancel", json={"by": "agent"}, headers=agent, timeout=5)


SERVERS = {"werkzeug": ["--workers", "1", "--worker-class", "gthread"],  # it writes an access log
           "uvicorn": ["--workers", "1"], "gunicorn": ["--workers", "2"]}


@pytest.mark.parametrize("server", sorted(SERVERS))
def test_the_servers_log_no_personal_number(tmp_path: Path, server: str):
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "ONEKEY_ALARM_SIM_CALLS": "callback=error",
           "ONEKEY_ALARM_WORKER_POLL_S": "0.05", "ONEKEY_ALARM_CALLBACK_INTERVAL_S": "3600"}
    env.pop("ONEKEY_DB_URL", None)
    log = tmp_path / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "onekey"), "center", "--port", str(port), "--db",
             str(tmp_path / "c.db"), "--seed-demo", *SERVERS[server]],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc)
            _drive(url)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
    written = log.read_text(encoding="utf-8")
    assert "telephony: call to 139****5871" in written  # the lines that leaked are there
    assert "TelephonyError" in written and "alarm refused" in written
    if server == "werkzeug":  # an access log: the URL is there, its numbers masked
        assert "/v1/elders/lookup?id_number=3101**********0022" in written
    assert UNMASKED.findall(written) == []


def test_any_record_is_scrubbed_whoever_logs_it(caplog: pytest.LogCaptureFixture):
    install()
    caplog.set_level(logging.INFO)
    logger = logging.getLogger("some.library")
    logger.info("calling %s for %s", "+86 139-1620-5871", "310105193912150022")
    try:
        raise RuntimeError(f"line busy: {WANG_PHONE}")
    except RuntimeError:
        logger.exception("provider failed")
    text = caplog.text
    assert WANG_PHONE not in text and "310105193912150022" not in text and "1620" not in text
    assert "139****5871" in text and "3101**********0022" in text
    assert "RuntimeError" in text  # the traceback is kept, only masked
