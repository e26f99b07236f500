"""Whose X-Forwarded-For the served centre believes (``onekey center --forwarded-allow-ips``):
the caller's address counts for token-less rate limits, kept refusals and the audit log, so a
header names the caller only when a trusted proxy sent it — in one process and in gunicorn's."""
from __future__ import annotations

import pytest
import requests

from .alarms.test_processes import Http, centre_env, free_port, fresh_db, kill, start_centre

pytestmark = pytest.mark.integration


def refused_from(api: Http, claimed: str) -> str:
    """Press with no token, claiming an address; the address the kept refusal names."""
    pressed = requests.post(f"{api.url}/v1/alarms", json={"elder_id": "elder-x", "channel": "tv"},
                            headers={"X-Forwarded-For": claimed}, timeout=10)
    assert pressed.status_code == 401
    rows = api.call("GET", "/v1/alarms/refusals").json()
    return next(r["remote_addr"] for r in rows if r["elder_id"] == "elder-x")


@pytest.mark.parametrize("extra, believed", [
    ((), True),  # the default: a proxy on this machine (127.0.0.1) is believed
    (("--forwarded-allow-ips", "10.9.9.9"), False),  # a load balancer elsewhere: not this caller
    (("--forwarded-allow-ips", "10.9.9.9", "--workers", "2"), False),  # gunicorn's workers too
    (("--forwarded-allow-ips", "10.9.9.9,127.0.0.1", "--workers", "2"), True),
], ids=["default", "other-proxy", "other-proxy-gunicorn", "listed-gunicorn"])
def test_a_forwarded_address_is_believed_only_from_a_trusted_proxy(center_template, tmp_path,
                                                                   extra, believed):
    db = fresh_db(center_template, tmp_path)
    port = free_port()
    proc = start_centre(db, port, centre_env(), *extra)
    try:
        api = Http(f"http://127.0.0.1:{port}", center_template.demo.tokens)
        assert refused_from(api, "203.0.113.7") == ("203.0.113.7" if believed else "127.0.0.1")
    finally:
        kill(proc)
