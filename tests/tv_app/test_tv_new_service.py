"""The TV draws and books a service that exists only in a test spec (陪诊), by remote keys."""
import pytest

from shared_ui.client import CenterClient
from tests.fixtures.new_service import spec_with_escort

from .test_tv_ui import bound_tv, check_focus

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_a_service_only_the_spec_knows_is_booked_from_the_tv(live_center, tmp_path):
    tv = bound_tv(live_center, "tv_li", tmp_path, spec=spec_with_escort(tmp_path))
    speech = tv.speech
    tv.after_key = check_focus
    try:
        while tv.app.controller.popup is not None:
            tv.press("back")
        tile = tv.screen.item("escort")
        assert tile is not None and tile.label == "陪诊服务"
        tv.press(f"digit:{tile.digit}")
        assert tv.screen.id == "field:escort:topic" and "陪诊" in speech.last
        tv.press("digit:1")  # 门诊陪诊
        tv.press("ok")  # 尽快 (the default)
        assert tv.screen.kind == "review"
        tv.press("ok")
        tv.wait_until(lambda: tv.screen.kind != "busy", 15, "the centre")
        assert tv.screen.id == "result:escort" and "门诊陪诊" in speech.last
        client = CenterClient(live_center.url, live_center.tokens["tv_li"])
        assert client.requests_for(live_center.elders["li"], service="escort")[0].channel == "tv"
    finally:
        tv.stop()
