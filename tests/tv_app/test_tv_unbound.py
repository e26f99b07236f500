"""A box unbound by an agent while it is on (sold, broken, moved): the real TV app on a real
centre. Its event stream is refused at once, the session ends and the box shows and says a new
pairing code — the red key then shows 120 and the hotline — and a new code binds it again. The
reaction is the kit's (shared_ui/kivy_kit/channel_app.py), so every Kivy channel has it."""
from __future__ import annotations

import json
import uuid

import pytest
import requests

from shared_ui.kivy_kit.speech import RecordingSpeech

from .test_tv_ui import ARTIFACTS, make_app

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_an_unbound_box_goes_back_to_its_pairing_code(make_live_center, tmp_path):
    from tests.ui_window import window_size

    window_size()
    from tv_app.probe import TvProbe

    centre = make_live_center()
    agent = requests.Session()
    agent.headers.update(centre.headers("agent"))
    config = tmp_path / "tv.json"
    config.write_text(json.dumps({"center_url": centre.url, "device_token": centre.tokens["tv_li"]}))
    speech = RecordingSpeech()
    tv = TvProbe(make_app({"config_path": config}, speech))
    tv.start(until=lambda: tv.screen is not None and tv.screen.id == "home")
    try:
        box = requests.get(f"{centre.url}/v1/me", headers=centre.headers("tv_li"), timeout=10).json()["device"]["id"]
        tv.wait_until(lambda: tv.app.events is not None and tv.app.events.connected.is_set(), 15,
                      "the event stream to be following")
        unbound = agent.post(f"{centre.url}/v1/devices/{box}/unbind", json={"note": "家里搬家，电视带走了"},
                             headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=10)
        assert unbound.status_code == 200, unbound.text
        tv.wait_until(lambda: tv.screen is not None and tv.screen.kind == "pairing", 20, "the pairing code")
        assert tv.app.host is None and tv.app.events is None and tv.app.controller.host is None
        code = tv.screen.body
        assert len(code) == 6 and code.isdigit()
        assert "这台电视已经解除绑定" in speech.last and "配对码" in speech.last
        assert any("解除绑定" in note for note in tv.screen.notes)
        stored = json.loads(config.read_text(encoding="utf-8"))
        assert not stored.get("device_token") and not stored.get("elder")
        tv.screenshot(ARTIFACTS / "tv-unbound-pairing.png")
        tv.press("sos")  # unbound: the numbers to call, shown and said
        assert tv.screen.id == "boot:sos" and "120" in speech.last and "12345" in speech.last
        tv.press("ok")  # any key: back to the code
        assert tv.screen.kind == "pairing"
        # Bound again (to the household it moved to): a new token, home again.
        confirmed = agent.post(f"{centre.url}/v1/pairings/{code}/confirm",
                               json={"household_id": centre.households["wang"]}, timeout=10)
        assert confirmed.status_code == 200, confirmed.text
        tv.wait_until(tv.at_home, 30, "home after pairing again")
        again = json.loads(config.read_text(encoding="utf-8"))
        assert again["device_token"] and again["device_token"] != centre.tokens["tv_li"]
        assert again["elder"]["id"] == centre.elders["wang"]
    finally:
        tv.stop()


def test_a_box_that_starts_with_an_unbound_token_pairs_again(make_live_center, tmp_path):
    """Switched on after it was unbound (home drawn from the stored household first)."""
    from tests.ui_window import window_size

    window_size()
    from tv_app.probe import TvProbe

    centre = make_live_center()
    box = requests.get(f"{centre.url}/v1/me", headers=centre.headers("tv_li"), timeout=10).json()["device"]["id"]
    elder = requests.get(f"{centre.url}/v1/elders/{centre.elders['li']}", headers=centre.headers("tv_li"),
                         timeout=10).json()
    assert requests.post(f"{centre.url}/v1/devices/{box}/unbind", json={"note": "卖掉了"},
                         headers={**centre.headers("agent"), "Idempotency-Key": uuid.uuid4().hex},
                         timeout=10).status_code == 200
    config = tmp_path / "tv.json"
    config.write_text(json.dumps({"center_url": centre.url, "device_token": centre.tokens["tv_li"],
                                  "elder": elder, "household": [elder]}))
    speech = RecordingSpeech()
    tv = TvProbe(make_app({"config_path": config}, speech))
    tv.start(until=lambda: tv.screen is not None and tv.screen.kind == "pairing", timeout=30)
    try:
        assert tv.app.host is None and "这台电视已经解除绑定" in speech.last
        assert not json.loads(config.read_text(encoding="utf-8")).get("device_token")
    finally:
        tv.stop()


def test_a_box_whose_fixed_token_is_refused_pairs_and_keeps_the_new_binding(make_live_center, tmp_path):
    """Started with ``--token`` (provisioned, not stored) that the centre no longer knows: not
    "offline" for ever, but a pairing code; once paired, a restart with the same --token finds
    home through the token it paired with."""
    from tests.ui_window import window_size

    window_size()
    from tv_app.probe import TvProbe

    centre = make_live_center()
    box = requests.get(f"{centre.url}/v1/me", headers=centre.headers("tv_li"), timeout=10).json()["device"]["id"]
    assert requests.post(f"{centre.url}/v1/devices/{box}/unbind", json={"note": "换了机顶盒"},
                         headers={**centre.headers("agent"), "Idempotency-Key": uuid.uuid4().hex},
                         timeout=10).status_code == 200
    config = tmp_path / "tv.json"
    fixed = {"config_path": config, "center_url": centre.url, "token": centre.tokens["tv_li"]}
    speech = RecordingSpeech()
    tv = TvProbe(make_app(fixed, speech))
    tv.start(until=lambda: tv.screen is not None and tv.screen.kind in ("pairing", "notice"), timeout=30)
    try:
        assert tv.screen.kind == "pairing", (tv.screen.title, speech.last)
        code = tv.screen.body
        confirmed = requests.post(f"{centre.url}/v1/pairings/{code}/confirm",
                                  json={"household_id": centre.households["li"]},
                                  headers=centre.headers("agent"), timeout=10)
        assert confirmed.status_code == 200, confirmed.text
        tv.wait_until(tv.at_home, 30, "home after pairing")
    finally:
        tv.stop()
    paired = json.loads(config.read_text(encoding="utf-8"))["device_token"]
    assert paired and paired != centre.tokens["tv_li"]
    again = TvProbe(make_app(fixed, RecordingSpeech()))
    again.start(until=lambda: again.screen is not None and again.screen.kind in ("pairing", "notice")
                or again.at_home(), timeout=30)
    try:
        assert again.at_home(), again.screen.kind
    finally:
        again.stop()
