"""The TV draws and books a service that exists only in a test spec (特殊用车), by remote keys."""
import pytest

from shared_ui.client import CenterClient
from tests.fixtures.new_service import spec_with_special_vehicle

from .test_tv_ui import bound_tv, check_focus

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_a_service_only_the_spec_knows_is_booked_from_the_tv(live_center, tmp_path):
    tv = bound_tv(live_center, "tv_li", tmp_path, spec=spec_with_special_vehicle(tmp_path))
    speech = tv.speech
    tv.after_key = check_focus
    try:
        while tv.app.controller.popup is not None:
            tv.press("back")
        tile = tv.screen.item("special_vehicle")
        assert tile is not None and tile.label == "特殊用车"
        tv.press(f"digit:{tile.digit}")
        assert tv.screen.id == "field:special_vehicle:topic" and "用车" in speech.last
        tv.press("digit:1")  # 上下楼接送
        tv.press("ok")  # 尽快 (the default)
        assert tv.screen.kind == "review"
        tv.press("ok")
        tv.wait_until(lambda: tv.screen.kind != "busy", 15, "the centre")
        assert tv.screen.id == "result:special_vehicle" and "上下楼接送" in speech.last
        client = CenterClient(live_center.url, live_center.tokens["tv_li"])
        assert client.requests_for(live_center.elders["li"], service="special_vehicle")[0].channel == "tv"
    finally:
        tv.stop()
