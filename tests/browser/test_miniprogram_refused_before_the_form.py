"""A refusal known before the form is said before it on the family's phone too (Chromium):
陈静 taps 申请一键通 for her mother, who applied from the kiosk a moment ago — the page says at
once that she has applied and where it stands, with 查看进度 first, which opens that request;
no question of the form is shown. At 375 px and at 200% text nothing overlaps. Screenshot to
docs/ with ONEKEY_UPDATE_DOCS=1."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import phone_tab
from tests.browser.test_miniprogram_h5 import looks_right, sign_in
from tests.browser.test_miniprogram_policies import policies_h5  # noqa: F401
from tests.call_center.refusals_before_form import MAKE
from tests.miniprogram_api.servers import fake_ssb, fake_wechat  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_the_phone_says_she_has_applied_before_the_first_question(chromium, policies_h5, docs_dir: Path):  # noqa: F811
    centre = policies_h5.centre
    zhang = centre.elders["zhang"]
    context, page, errors = phone_tab(chromium)
    try:
        sign_in(page, policies_h5)
        page.click(f"#parent-{zhang} >> text=办事和进度")
        _key, make = MAKE[("device_application", "applied")]
        had = make(centre.app, centre.demo, "zhang")  # filed at the kiosk meanwhile
        page.click("#do-device_application")
        screen = page.locator("#screen")
        assert screen.get_attribute("data-screen") == "error:already_booked", screen.get_attribute("data-screen")
        shown = page.inner_text("#screen")
        assert "已经申请过一键通了" in shown and "街道审核中" in shown and "查看进度" in shown
        page.screenshot(path=str(docs_dir / "h5-refused-before-form-375.png"), full_page=True)
        looks_right(page, "the refusal before the form")
        page.goto(page.url + ("&" if "?" in page.url else "?") + "fs=2")
        looks_right(page, "the refusal before the form at 200%")
        page.click("#item-progress")
        assert page.locator("#screen").get_attribute("data-screen") == "detail:request"
        assert "街道审核中" in page.inner_text("#screen")
        assert had
    finally:
        context.close()
    assert errors == [], errors
