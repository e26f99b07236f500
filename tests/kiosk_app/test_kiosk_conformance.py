"""The conformance corpus through the kiosk's touch screen: each abstract action of a flow
script becomes a touch (a tile, the fixed row's 返回 / 重听 / 找人工 / 首页, the held 紧急求助) on a
real app against a real centre, after the elder is identified at the kiosk."""
from __future__ import annotations

import pytest

from shared_ui.client import CenterClient
from shared_ui.conformance import load_scripts, run_script

from .conftest import identify, make_kiosk

pytestmark = [pytest.mark.ui, pytest.mark.integration]
# 李国强, who stands at this kiosk, has his package installed: 申请一键通 is not offered to him
# (tests/shared_ui/test_refused_before_the_form.py holds that); its script is walked by touch for
# 张桂兰, who has none, after 李国强 taps 办完了 (the last test here).
NOT_FOR_HIM = {"apply_for_device"}
SCRIPTS = [s for s in load_scripts() if "kiosk" in s.channels and s.path.stem not in NOT_FOR_HIM]
NAV = {"back": "nav:back", "home": "nav:home", "help": "nav:help", "repeat": "nav:repeat"}


class KioskTouchProbe:
    def __init__(self, probe):
        self.probe = probe

    def act(self, action: str, value=None):
        probe = self.probe
        mark = probe.speech.mark()
        if action == "open":
            probe.tap(value)
        elif action == "pick":
            probe.tap(probe.screen.top.items[int(value) - 1].id)
        elif action == "choose":  # paging on with 下一页 until it is shown
            for _ in range(10):
                ids = [i.id for i in probe.screen.top.items]
                if value in ids or "page:next" not in ids:
                    break
                probe.tap("page:next")   # (after the last one's tremor window: a person's next tap)
                assert [i.id for i in probe.screen.top.items] != ids, "下一页 did not turn the page"
            probe.tap(value)
        elif action == "ok":
            probe.tap(probe.screen.top.focus or probe.screen.top.items[0].id)
        elif action == "sos":
            probe.hold("nav:sos")   # until its bar fills
        else:
            probe.tap(NAV[action])
        probe.wait_until(lambda: probe.screen.kind != "busy", 15, "the centre's answer")
        return probe.screen, "".join(probe.speech.since(mark))


@pytest.fixture(scope="module")
def kiosk(live_center, tmp_path_factory):
    probe = make_kiosk(live_center, tmp_path_factory.mktemp("kiosk-conformance"))
    yield probe
    probe.stop()


def clean_slate(kiosk, live_center) -> None:
    client = CenterClient(live_center.url, live_center.tokens["tv_li"])
    for request in [*client.requests_for(live_center.elders["li"], status="confirmed", limit=100),
                    *client.requests_for(live_center.elders["li"], status="in_progress", limit=100)]:
        client.cancel_request(request.id)
    agent = CenterClient(live_center.url, live_center.tokens["agent"])
    for alarm in agent.request("GET", "/v1/alarms", params={"status": "open", "elder_id": live_center.elders["li"]}):
        agent.request("POST", f"/v1/alarms/{alarm['id']}/cancel", json={"by": "agent", "note": "test clean-up"})
    if kiosk.screen.id.startswith("identify"):
        identify(kiosk, live_center.id_numbers["li"], "3305")
    kiosk.wait_until(lambda: kiosk.screen.kind != "alarm" or kiosk.screen.status == "cancelled", 15,
                     "the alarm's cancellation to reach the kiosk")
    kiosk.tap("nav:home")
    assert kiosk.screen.id == "home"


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.path.stem for s in SCRIPTS])
def test_the_script_passes_on_the_kiosk_by_touch(kiosk, live_center, script):
    clean_slate(kiosk, live_center)
    problems = run_script(script, KioskTouchProbe(kiosk))
    clean_slate(kiosk, live_center)
    assert problems == []


@pytest.mark.parametrize("script", [s for s in load_scripts() if s.path.stem in NOT_FOR_HIM],
                         ids=lambda s: s.path.stem)
def test_the_script_for_an_elder_without_a_device_passes_by_touch(kiosk, live_center, script):
    """申请一键通 is offered to an elder with no package: 李国强 taps 办完了, 张桂兰 identifies at
    the same kiosk and walks it by touch (to the review: nothing is filed); then he comes back."""
    clean_slate(kiosk, live_center)
    kiosk.tap("view:sign_out")
    kiosk.wait_until(lambda: kiosk.screen.id.startswith("identify"), 15, "the next person's identification")
    identify(kiosk, live_center.id_numbers["zhang"], live_center.phone_tails["zhang"])
    kiosk.wait_until(lambda: kiosk.screen.id == "home", 15, "张桂兰's home")
    try:
        assert run_script(script, KioskTouchProbe(kiosk)) == []
    finally:
        kiosk.tap("nav:home")
        kiosk.tap("view:sign_out")
        kiosk.wait_until(lambda: kiosk.screen.id.startswith("identify"), 15, "the next person's identification")
        clean_slate(kiosk, live_center)
