"""政策查询 and 身边服务 from the family's phone (帮老人办, seed 000 §三(二)3(5)) in Debian's
chromium: 陈静 looks up the policies for her mother — hers first, each with where she stands —
and asks an 养老顾问 to call about one (the result says where it is applied for and what to
bring); then the meal points nearest her mother's home, and a call-back about the nearest.
Screenshot to docs/ with ONEKEY_UPDATE_DOCS=1."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shared_ui.client import CenterClient
from tests.browser.conftest import phone_tab
from tests.browser.test_miniprogram_h5 import looks_right, sign_in
from tests.miniprogram_api.servers import fake_ssb, fake_wechat  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture
def policies_h5(family_h5, fake_wechat) -> Any:  # noqa: F811  (the sign-in's WeChat)
    return family_h5()


def test_a_daughter_looks_up_policies_for_her_mother_and_asks_for_a_call(chromium, policies_h5, docs_dir: Path):
    centre = policies_h5.centre
    zhang = centre.elders["zhang"]
    agent = CenterClient(centre.url, centre.tokens["agent"])
    hers = [p for p in agent.policies(zhang) if p["qualifies"] and not p["held"]]
    context, page, errors = phone_tab(chromium)
    try:
        sign_in(page, policies_h5)
        page.click(f"#parent-{zhang} >> text=办事和进度")
        page.click("#do-policies")  # under 更多服务 on the other channels; one list here
        assert page.locator("#screen").get_attribute("data-screen") == "field:policies:policy_id"
        shown = page.inner_text("#screen")
        assert hers[0]["title"] in shown and "可以办理" in shown
        page.screenshot(path=str(docs_dir / "h5-policies-375.png"), full_page=True)
        looks_right(page, "the policies")
        page.click(f"#item-{hers[0]['id']}")
        assert page.locator("#screen").get_attribute("data-screen") == "review:policies"
        assert hers[0]["title"] in page.inner_text(".facts")
        page.click("#item-confirm")
        assert "已经登记" in page.inner_text("#screen h1")
        facts = page.inner_text(".facts")
        assert hers[0]["apply_where"] in facts and "要带的材料" in facts
        looks_right(page, "the call-back's result")
        page.goto(page.url + ("&" if "?" in page.url else "?") + "fs=2")
        looks_right(page, "the call-back's result at 200%")
        # 身边服务: the meal points nearest her home, then a call-back about the nearest
        page.goto(f"{policies_h5.url}/h5/elders/{zhang}?fs=1")
        page.click("#do-nearby")
        assert page.locator("#screen").get_attribute("data-screen") == "field:nearby:resource_kind"
        page.click("#item-meal_point")
        assert page.locator("#screen").get_attribute("data-screen") == "field:nearby:resource_id"
        assert page.inner_text("#screen").index("田林社区长者食堂") < page.inner_text("#screen").index("仙霞社区长者食堂")
        assert "约" in page.inner_text("#screen")
        page.click("#item-res_tl_meal")
        page.click("#item-confirm")
        assert "田林东路120号" in page.inner_text(".facts")
        looks_right(page, "the meal point's call-back")
    finally:
        context.close()
    assert errors == [], errors
    asked = {r.form.get("policy_id") or r.form.get("resource_id"): r
             for r in agent.requests_for(zhang, service="consultation", status="submitted")}
    assert set(asked) == {hers[0]["id"], "res_tl_meal"} and asked["res_tl_meal"].channel == "miniprogram"
    assert next(p for p in agent.policies(zhang) if p["id"] == hers[0]["id"])["offered"]["status"] == "applied"


def _click_through(page: Any, item_id: str, limit: int = 8) -> None:
    """Click ``item_id``'s answer, paging on with 下一页 while it is further on."""
    for _ in range(limit):
        if page.locator(f"#item-{item_id}").count():
            page.click(f"#item-{item_id}")
            return
        page.click("#item-page-next")
    raise AssertionError(f"{item_id} never came up")


def test_a_daughter_applies_for_the_one_thing_for_her_mother(chromium, policies_h5, docs_dir: Path):
    """养老服务一件事 from the family's phone (seed 003 §二(一), seed 004 亲友代办): 政策查询 → one of
    the three joined matters → the one form, a question a screen → the review → accepted at one
    window, every part's progress on the result. 张桂兰 is made severely disabled in this private
    centre, so the assessment is hers to apply for. Screenshots to docs/ with ONEKEY_UPDATE_DOCS=1."""
    from call_center.models import Elder

    centre = policies_h5.centre
    zhang = centre.elders["zhang"]
    with centre.app.extensions["onekey"].db.writing() as db:
        db.get(Elder, zhang).severe_disability = True
        db.commit()
    context, page, errors = phone_tab(chromium)
    try:
        sign_in(page, policies_h5)
        page.click(f"#parent-{zhang} >> text=办事和进度")
        page.click("#do-policies")
        _click_through(page, "care_assessment")
        assert page.locator("#screen").get_attribute("data-screen") == "field:elder_services:parts"
        shown = page.inner_text("#screen")
        assert "为张桂兰办理" in shown and "评估、补贴和入住都申请" in shown
        page.screenshot(path=str(docs_dir / "h5-elder-services-375.png"), full_page=True)
        looks_right(page, "the one form")
        page.click("#item-assessment_subsidy")
        page.click("#item-true")                       # 是上海户口
        assert page.locator("#screen").get_attribute("data-screen") == "field:elder_services:hardship"
        page.click("#item-unknown")                    # 不清楚: the street office checks
        assert page.locator("#screen").get_attribute("data-screen") == "field:elder_services:phone"
        page.locator("#screen button[id^='item-']").first.click()
        assert page.locator("#screen").get_attribute("data-screen") == "review:elder_services"
        assert "评估和养老服务补贴" in page.inner_text(".facts")
        page.click("#item-confirm")
        assert "养老服务一件事已受理" in page.inner_text("#screen h1")
        facts = page.inner_text(".facts")
        assert "等评估员上门评估" in facts and "等评估结果" in facts and "沪民养老发〔2024〕18号" in facts
        page.screenshot(path=str(docs_dir / "h5-elder-services-result-375.png"), full_page=True)
        looks_right(page, "the one form's answer")
    finally:
        context.close()
    assert errors == [], errors
