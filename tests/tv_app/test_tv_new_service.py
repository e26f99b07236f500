"""The TV draws and books a service that exists only in a test spec (助浴上门), by remote keys."""
import pytest

from shared_ui.client import CenterClient
from tests.fixtures.new_service import SERVICE_ID, spec_with_new_service

from .test_tv_ui import bound_tv, check_focus

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_a_service_only_the_spec_knows_is_booked_from_the_tv(live_center, tmp_path):
    tv = bound_tv(live_center, "tv_li", tmp_path, spec=spec_with_new_service(tmp_path))
    speech = tv.speech
    tv.after_key = check_focus
    try:
        while tv.app.controller.popup is not None:
            tv.press("back")
        tile = tv.screen.item(SERVICE_ID)
        assert tile is not None and tile.label == "助浴上门"
        tv.press(f"digit:{tile.digit}")
        assert tv.screen.id == f"field:{SERVICE_ID}:topic" and "助浴" in speech.last
        tv.press("digit:1")  # 上门助浴
        tv.press("ok")  # 尽快 (the default)
        assert tv.screen.kind == "review"
        tv.press("ok")
        tv.wait_until(lambda: tv.screen.kind != "busy", 15, "the centre")
        assert tv.screen.kind == "result", tv.screen
        client = CenterClient(live_center.url, live_center.tokens["tv_li"])
        mine = client.requests_for(live_center.elders["li"], service="consultation")[0]
        assert mine.channel == "tv" and mine.form["topic"] == "bath_at_home"
    finally:
        tv.stop()
