"""A kiosk unbound from its station while someone uses it (the kit's reaction, as on the TV):
the person's session ends and nothing of them stays, and the kiosk says it is out of service,
with 120 and the hotline. A kiosk has no pairing of its own: it keeps saying so."""
from __future__ import annotations

import uuid

import pytest
import requests

from .conftest import ARTIFACTS, identify, make_kiosk

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_an_unbound_kiosk_ends_the_session_and_says_it_is_out_of_service(make_live_center, tmp_path):
    centre = make_live_center()
    kiosk = make_kiosk(centre, tmp_path / "kiosk")
    try:
        identify(kiosk, centre.id_numbers["wang"])
        assert kiosk.screen.id == "home"
        kiosk.wait_until(lambda: kiosk.app.events is not None and kiosk.app.events.connected.is_set(), 15,
                         "the event stream to be following")
        device = requests.get(f"{centre.url}/v1/me", headers=centre.headers("kiosk"), timeout=10).json()["device"]
        unbound = requests.post(f"{centre.url}/v1/devices/{device['id']}/unbind", json={"note": "驿站搬迁"},
                                headers={**centre.headers("agent"), "Idempotency-Key": uuid.uuid4().hex}, timeout=10)
        assert unbound.status_code == 200, unbound.text
        kiosk.wait_until(lambda: kiosk.screen is not None and kiosk.screen.id == "kiosk:unbound", 20,
                         "the out-of-service screen")
        assert kiosk.app.host is None and kiosk.app.wipes >= 1
        assert "停用" in kiosk.screen.title and "120" in kiosk.speech.last and "12345" in kiosk.speech.last
        assert "王" not in kiosk.screen.body
        kiosk.screenshot(ARTIFACTS / "unbound.png")
    finally:
        kiosk.stop()


def test_a_kiosk_started_with_an_unbound_token_says_so_not_offline(make_live_center, tmp_path):
    centre = make_live_center()
    device = requests.get(f"{centre.url}/v1/me", headers=centre.headers("kiosk"), timeout=10).json()["device"]
    assert requests.post(f"{centre.url}/v1/devices/{device['id']}/unbind", json={"note": "坏了"},
                         headers={**centre.headers("agent"), "Idempotency-Key": uuid.uuid4().hex},
                         timeout=10).status_code == 200
    kiosk = make_kiosk(centre, tmp_path / "kiosk", until=lambda k: k.screen is not None and k.screen.id == "kiosk:unbound")
    try:
        assert "正在重试" not in kiosk.speech.last and "停用" in kiosk.screen.title
    finally:
        kiosk.stop()
