"""看得清听得清 end to end: 张桂兰 makes her text larger and her colours high contrast on her own TV
with the remote (the real TV app, offscreen), and it follows her — the centre holds it as hers,
her daughter's 显示设置 page (the H5 pages, a real mini-program back end) shows it as chosen,
and her household's event stream, which every device of the household follows, carries it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.page_text import page_text
from tests.tv_app.test_tv_elder_services import choose
from tests.tv_app.test_tv_ui import bound_tv, check_focus

from .test_h5_display import browser, tv_events, tv_head

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_a_change_on_her_tv_reaches_the_centre_her_family_and_her_household(backend, tmp_path: Path):
    centre = backend.centre
    zhang = centre.elders["zhang"]
    daughter = backend.sign_in("o-daughter", name="陈静", phone="13764561234")
    backend.bind(daughter, "zhang")
    phone = browser(daughter)
    page = f"{backend.url}/h5/elders/{zhang}/display"
    assert "未选（电视用自己的设置）" in page_text(phone.get(page).text)
    after = tv_head(backend, "zhang")

    tv = bound_tv(centre, "tv_zhang", tmp_path)
    try:
        tv.app.pushes.stop()  # her check-in and reminders wait in 消息: this is about her screen
        while tv.app.controller.popup is not None:
            tv.press("back")
        assert tv.app.host.session.elder["id"] == zhang  # the box shows hers (the household's first)
        tv.after_key = check_focus
        choose(tv, "menu:more")
        choose(tv, "display_settings")
        choose(tv, "aspect:font_scale")
        choose(tv, "set:1.5")
        tv.wait_until(lambda: tv.app.look.font_scale == 1.5, 10, "the larger text on her TV")
        tv.press("back")
        choose(tv, "aspect:theme")
        choose(tv, "set:high_contrast")
        tv.wait_until(lambda: tv.app.look.theme == "high_contrast", 10, "high contrast on her TV")
        tv.wait_until(lambda: "已经记下了" in (tv.screen.body or ""), 15, "saved")
    finally:
        tv.stop()

    # The centre holds them as hers (what her other devices read).
    profile = backend.tv("zhang").get(f"{centre.url}/v1/elders/{zhang}").json()
    assert profile["preferences"]["font_scale"] == 1.5 and profile["preferences"]["theme"] == "high_contrast"
    assert {"font_scale", "theme"} <= set(profile["preferences_set"])
    # Her daughter's page shows them, as chosen.
    shown = page_text(phone.get(page).text)
    assert re.search(r'id="display-now-font_scale">特大<', shown), shown
    assert re.search(r'id="display-now-theme">高对比度<', shown), shown
    # Her household's stream carried each change: every device of the household follows it.
    told = [e["data"]["preferences"] for e in tv_events(backend, "zhang", after)
            if e["kind"] == "preferences" and e["elder_id"] == zhang]
    assert told and told[-1]["font_scale"] == 1.5 and told[-1]["theme"] == "high_contrast"
