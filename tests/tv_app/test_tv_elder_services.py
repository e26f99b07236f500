"""养老服务一件事 on the real TV, by remote keys alone, as 王秀英 (her largest text, high contrast):
政策查询 tells her the twelve matters, one of the joined three opens the one form, the review,
the answer said; after the assessor's grade, 我的服务 shows and says every part on one screen.
Screenshots to tests/artifacts/ (tv-elder-services-*.png; the reviewed ones are in docs/)."""
from __future__ import annotations

import pytest

from call_center.elder_services import joint
from shared_ui.client import CenterClient

from .test_tv_ui import ARTIFACTS, bound_tv, check_focus

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def choose(probe, item_id: str, limit: int = 8) -> None:
    """Press the number key of ``item_id`` (every tile and answer carries one), paging on with
    下一页 while it is further on."""
    for _ in range(limit):
        wanted = probe.screen.item(item_id) or probe.screen.item("page:next")
        assert wanted is not None and wanted.digit, (item_id, [(i.id, i.digit) for i in probe.screen.items])
        probe.press(f"digit:{wanted.digit}")
        if wanted.id == item_id:
            return
    raise AssertionError(f"{item_id} never came up")


def test_told_once_applied_on_one_form_every_part_on_one_screen(make_live_center, tmp_path):
    centre = make_live_center()
    tv = bound_tv(centre, "tv_wang", tmp_path)
    tv.app.pushes.stop()  # her messages (the day's check-in …) wait in 消息: this walk is about the form
    tv.app.events.stop()
    while tv.app.controller.popup is not None:
        tv.press("back")
    tv.after_key = check_focus
    try:
        choose(tv, "menu:more")
        choose(tv, "policies")
        tv.wait_until(lambda: tv.screen.id == "field:policies:policy_id", 10, "the policies")
        choose(tv, "care_assessment")
        tv.wait_until(lambda: tv.screen.id == "field:elder_services:parts", 10, "the one form")
        assert "一起申请" in tv.speech.last
        tv.screenshot(ARTIFACTS / "tv-elder-services-form.png")
        choose(tv, "all")
        tv.press("ok")  # 是上海户口 (her profile)
        choose(tv, "unknown")
        tv.press("ok")  # 本人电话
        tv.wait_until(lambda: tv.screen.kind == "review", 10, "the review")
        while tv.screen.kind == "review":
            tv.press("ok")  # 确认办理
        tv.wait_until(lambda: tv.screen.kind == "result", 15, "the centre's answer")
        assert "已经一起受理了" in tv.speech.last
        client = CenterClient(centre.url, centre.tokens["tv_wang"])
        rid = client.requests_for(centre.elders["wang"], service="elder_services")[0].id
        with centre.app.extensions["onekey"].db.writing() as db:
            joint.record_grade(db, rid, 3, "agent:assessor")
            db.commit()
        tv.press("home")
        tv.frames(10)
        # the application's 已受理 message came while the answer was awaited: she has read it
        assert tv.popup is None, tv.popup
        choose(tv, "my_requests")
        tv.wait_until(lambda: tv.screen.kind == "list", 10, "我的服务")
        choose(tv, rid)
        tv.wait_until(lambda: tv.screen.kind == "detail", 10, "the joint application")
        facts = {f.label: f.value for f in tv.screen.facts}
        assert facts["照护需求评估"] == "已评估：照护等级3级" and facts["入住养老机构"] == "审核中"
        said = tv.speech.last
        assert "照护需求已评估：照护等级3级" in said and "入住养老机构审核中" in said
        tv.screenshot(ARTIFACTS / "tv-elder-services-status.png")
    finally:
        tv.stop()
