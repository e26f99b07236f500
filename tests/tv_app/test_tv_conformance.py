"""The conformance corpus through the TV's real key handling: each abstract action of a flow
script becomes a remote key (a digit opens a tile, OK, Back, Home, the red key …) on a real
app against a real centre, and the screen and speech it led to must meet the script."""
from __future__ import annotations

import pytest

from shared_ui.client import CenterClient
from shared_ui.conformance import load_scripts, run_script

from .test_tv_ui import ok_through_review, bound_tv, check_focus

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SCRIPTS = [s for s in load_scripts() if "tv" in s.channels]
KEYS = {"ok": "ok", "back": "back", "home": "home", "sos": "sos", "help": "help", "repeat": "repeat"}


class TvKeysProbe:
    """Abstract script actions as remote keys (the TV's own conformance probe)."""

    def __init__(self, probe):
        self.probe = probe

    def act(self, action: str, value=None):
        probe = self.probe
        while probe.app.controller.popup is not None and action != "sos":
            probe.press("back")  # a message that came up meanwhile: put aside (it waits in 消息)
        mark = probe.speech.mark()
        if action == "open":
            tile = probe.screen.item(value)
            assert tile is not None and tile.digit, f"{value} is not a tile on {probe.screen.id}"
            probe.press(f"digit:{tile.digit}")
        elif action == "pick":
            probe.press(f"digit:{int(value)}")
        elif action == "choose":  # by its number key, paging on with 下一页's
            for _ in range(10):
                tile = probe.screen.item(value) or probe.screen.item("page:next")
                assert tile is not None and tile.digit, f"{value} is not on {probe.screen.id}"
                probe.press(f"digit:{tile.digit}")
                if tile.id == value:
                    break
        elif action == "ok" and probe.screen.kind == "review":
            ok_through_review(probe)  # the pages of facts first, then 确认
        else:
            probe.press(KEYS[action])
        probe.wait_until(lambda: probe.screen.kind != "busy", 15, "the centre's answer")
        return probe.screen, "".join(probe.speech.since(mark))


@pytest.fixture(scope="module")
def tv(live_center, tmp_path_factory):
    probe = bound_tv(live_center, "tv_li", tmp_path_factory.mktemp("tv-conformance"))
    probe.after_key = check_focus
    yield probe
    probe.stop()


def clean_slate(tv, live_center) -> None:
    """Home, nothing popped up, no booking or alarm left from an earlier script."""
    client = CenterClient(live_center.url, live_center.tokens["tv_li"])
    elder = live_center.elders["li"]
    for status in ("confirmed", "in_progress"):  # a renewal waits for its doctor in progress
        for request in client.requests_for(elder, status=status, limit=100):
            client.cancel_request(request.id)
    if tv.screen.kind == "alarm" and tv.screen.status != "cancelled":
        tv.press("ok")  # 我没事
    tv.press("home")
    while tv.app.controller.popup is not None:
        tv.press("back")


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.path.stem for s in SCRIPTS])
def test_the_script_passes_on_the_tv_by_remote_keys(tv, live_center, script):
    clean_slate(tv, live_center)
    problems = run_script(script, TvKeysProbe(tv))
    clean_slate(tv, live_center)
    assert problems == []
