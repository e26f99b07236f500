"""显示设置 in a real browser: an agent changes an elder's text size and language on her console
page, her daughter changes them on her phone (375 px, and at 200% text), and each change reaches
what her TV reads — the profile and the ``preferences`` event on her household's stream."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from shared_ui.client import CenterClient
from tests.browser.conftest import phone_tab
from tests.browser.test_console_browser import log_in
from tests.browser.test_miniprogram_h5 import PHONES, h5, escalating_centre, looks_right, sign_in  # noqa: F401
from tests.miniprogram_api.servers import fake_ssb, fake_wechat  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def tv_told(tv: CenterClient, after: str, elder_id: str) -> list[dict]:
    return [e for e in tv.events(after, wait=0)["events"] if e["kind"] == "preferences" and e["elder_id"] == elder_id]


def test_an_agent_sets_her_text_size_and_language_and_her_tv_follows(make_live_center: Any, page: Any,
                                                                     docs_dir: Path) -> None:
    center = make_live_center()
    li = center.elders["li"]
    tv = CenterClient(center.url, center.tokens["tv_li"])
    after = tv.events(None)["next"]
    log_in(page, center.url)
    page.goto(f"{center.url}/console/elders/{li}")
    card = page.locator("#prefs")
    assert "未选" in page.inner_text("#prefs-now-font_scale")
    page.select_option("#prefs-font_scale", label="特大")
    page.select_option("#prefs-locale", label="English（英文）")
    page.locator("#prefs-submit").click()
    page.locator(".banner.ok", has_text="已保存显示设置").wait_for()
    assert page.inner_text("#prefs-now-font_scale") == "特大" and "English" in page.inner_text("#prefs-now-locale")
    assert page.locator("#prefs-font_scale").input_value() == "1.5"
    card.screenshot(path=str(docs_dir / "console-preferences.png"))
    told = tv_told(tv, after, li)
    assert len(told) == 1 and told[0]["data"]["preferences_set"] == ["font_scale", "locale"]
    profile = tv.elder(li)
    assert profile.preferences.font_scale == 1.5 and profile.preferences.locale == "en"


def test_her_daughter_sets_them_on_her_phone_and_her_tv_follows(chromium: Any, h5: Any, docs_dir: Path) -> None:
    centre = h5.centre
    zhang = centre.elders["zhang"]
    tv = CenterClient(centre.url, centre.tokens["tv_zhang"])
    after = tv.events(None)["next"]
    context, page, errors = phone_tab(chromium, PHONES["375"])
    try:
        sign_in(page, h5)
        page.goto(f"{h5.url}/h5/elders/{zhang}")
        page.click("#open-display")
        page.wait_for_url(f"{h5.url}/h5/elders/{zhang}/display")
        assert "张桂兰的显示设置" in page.inner_text("h1")
        page.check('input[name="font_scale"][value="1.5"]')
        page.check('input[name="theme"][value="high_contrast"]')
        page.check('input[name="volume"][value="100"]')
        page.click("#display-save")
        page.locator(".banner.ok").wait_for()
        assert re.search("电视几秒内会换成新的设置", page.inner_text(".banner.ok"))
        assert page.inner_text("#display-now-font_scale") == "特大"
        looks_right(page, "显示设置 at 375 px")
        page.screenshot(path=str(docs_dir / "h5-display-375.png"), full_page=True)
        page.goto(f"{h5.url}/h5/elders/{zhang}/display?fs=2")  # at 200% text
        looks_right(page, "显示设置 at 375 px, 200%")
        page.goto(f"{h5.url}/h5/?fs=1")
    finally:
        context.close()
    assert errors == [], errors
    told = tv_told(tv, after, zhang)
    assert len(told) == 1
    assert set(told[0]["data"]["preferences_set"]) == {"font_scale", "theme", "volume"}
    profile = tv.elder(zhang)
    assert (profile.preferences.font_scale, profile.preferences.theme, profile.preferences.volume) == (1.5, "high_contrast", 100)
