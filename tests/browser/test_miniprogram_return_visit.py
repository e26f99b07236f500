"""回访 from the family's phone (亲友代办) in Debian's chromium at 375 px: her mother's taxi was done
yesterday; 陈静's page for her mother asks how it went, she answers for her (请按张桂兰自己的感受回答)
with one tap, and the TV asks no more. Screenshot to docs/ with ONEKEY_UPDATE_DOCS=1."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from call_center.clock import now
from call_center.models import ReturnVisit
from call_center.satisfaction import visits
from tests.browser.conftest import phone_tab
from tests.completed_services import last_daytime, taxi_done_yesterday as done_yesterday
from tests.browser.test_miniprogram_h5 import looks_right, sign_in
from tests.miniprogram_api.servers import fake_ssb, fake_wechat  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture
def visit_h5(family_h5, fake_wechat) -> Any:  # noqa: F811  (the sign-in's WeChat)
    return family_h5()


def taxi_done_yesterday(centre: Any, elder_key: str) -> str:
    """Done yesterday, and the worker's sweep has asked about it."""
    request_id = done_yesterday(centre, elder_key)
    assert visits.sweep(centre.app.extensions["onekey"].db, last_daytime()) == 1
    return request_id


def test_a_daughter_answers_the_return_visit_for_her_mother(chromium, visit_h5, docs_dir: Path):
    centre = visit_h5.centre
    zhang = centre.elders["zhang"]
    request_id = taxi_done_yesterday(centre, "zhang")
    context, page, errors = phone_tab(chromium)
    try:
        sign_in(page, visit_h5)
        page.click(f"#parent-{zhang} >> text=办事和进度")
        card = page.inner_text("#return-visits")
        assert "服务回访" in card and "这次服务您满意吗" in card
        looks_right(page, "her mother's page with the return visit")
        page.click(f"#answer-visit-{zhang}")
        assert page.locator("#screen").get_attribute("data-screen") == "list:messages"
        page.click("#screen button >> nth=0")  # what asks comes first
        assert page.locator("#screen").get_attribute("data-screen") == "detail:message"
        shown = page.inner_text("#screen")
        assert "请按张桂兰自己的感受回答" in shown
        for label in ("满意", "一般", "不满意"):
            assert page.locator("#screen button", has_text=label).first.is_visible()
        page.screenshot(path=str(docs_dir / "h5-return-visit-375.png"), full_page=True)
        looks_right(page, "the return visit")
        page.goto(page.url + ("&" if "?" in page.url else "?") + "fs=3")
        looks_right(page, "the return visit at the largest text")
        page.click("#item-answer-so_so")
        assert "督促服务商" in page.inner_text("#speech")
        page.goto(f"{visit_h5.url}/h5/elders/{zhang}")
        assert page.locator("#return-visits").count() == 0  # answered: asked no more
    finally:
        context.close()
    assert errors == [], errors
    with centre.app.extensions["onekey"].db.session(write=False) as db:
        from sqlalchemy import select

        visit = db.scalar(select(ReturnVisit).where(ReturnVisit.request_id == request_id))
        assert visit.rating == "so_so" and visit.answered_by.startswith("family:")
