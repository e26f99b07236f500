"""养老服务一件事 at the station's kiosk, by touch alone, as 王秀英 (seed 003 §二(一)): 政策查询 tells
the twelve matters, one of the joined three opens the one form, each question answered by a
tap, the review, the answer said; after the assessor's grade, 我的服务 shows and says every part
on one screen. A real Kivy window against a private centre (her one open joint application
would stand in the suite's shared one). Pictures to a temporary folder; the one form and the
status screen to docs/ with ``ONEKEY_UPDATE_DOCS=1``."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from call_center.elder_services import joint

from .conftest import ROOT, identify, make_kiosk

pytestmark = [pytest.mark.ui, pytest.mark.integration]


@pytest.fixture
def docs_dir(tmp_path: Path) -> Path:
    return ROOT / "docs" if os.environ.get("ONEKEY_UPDATE_DOCS") == "1" else tmp_path


def tap_through(kiosk, item_id: str, limit: int = 8) -> None:
    """Tap ``item_id``, paging on with 下一页 while it is further on — each tap turns a page (a
    second 下一页 sooner than the tremor's window is the same tap: the probe taps as a person
    does, after it; a CI run's quick taps lost every other page and care_assessment never came up)."""
    for _ in range(limit):
        if kiosk.app.shell.tile(item_id) is not None:
            kiosk.tap(item_id)
            return
        page = [i.id for i in kiosk.screen.items]
        kiosk.tap("page:next")
        assert [i.id for i in kiosk.screen.items] != page, f"下一页 did not turn the page on {kiosk.screen.id}"
    raise AssertionError(f"{item_id} never came up on {kiosk.screen.id}")


def test_told_once_applied_on_one_form_every_part_on_one_screen_by_touch(make_live_center, tmp_path, docs_dir):
    from call_center.models import Elder

    centre = make_live_center()
    # In this private centre the assessment is hers to apply for (as the H5 walk does for 张桂兰):
    # severely disabled, no care level yet (a graded elder holds it and is not offered it).
    with centre.app.extensions["onekey"].db.writing() as db:
        wang = db.get(Elder, centre.elders["wang"])
        wang.severe_disability, wang.care_level = True, None
        db.commit()
    kiosk = make_kiosk(centre, tmp_path / "kiosk", printer="")
    try:
        identify(kiosk, centre.id_numbers["wang"])
        assert kiosk.screen.id == "home", kiosk.screen.id
        kiosk.tap("menu:more")
        kiosk.tap("policies")
        kiosk.wait_until(lambda: kiosk.screen.id == "field:policies:policy_id", 10, "the policies")
        assert "养老政策" in kiosk.speech.last
        kiosk.screenshot(tmp_path / "policies.png")
        tap_through(kiosk, "care_assessment")
        kiosk.wait_until(lambda: kiosk.screen.id == "field:elder_services:parts", 10, "the one form")
        assert "一起申请" in kiosk.speech.last
        kiosk.screenshot(docs_dir / "kiosk-elder-services-form.png")
        kiosk.tap("all")
        assert kiosk.screen.id == "field:elder_services:hukou_shanghai"
        kiosk.tap("true")                        # 是上海户口 (offered from her profile)
        assert kiosk.screen.id == "field:elder_services:hardship"
        kiosk.tap("unknown")                     # 不清楚: the street office checks
        assert kiosk.screen.id == "field:elder_services:phone"
        kiosk.tap(kiosk.screen.items[0].id)      # her own phone, first
        kiosk.wait_until(lambda: kiosk.screen.kind == "review", 10, "the review")
        shown = {f.label: f.value for f in kiosk.screen.facts}
        assert shown["申请哪几项"] == "评估、补贴和入住都申请" and shown["家庭经济情况"] == "不清楚"
        kiosk.screenshot(tmp_path / "review.png")
        kiosk.tap("confirm")
        kiosk.wait_until(lambda: kiosk.screen.kind == "result", 15, "the centre's answer")
        assert "已经一起受理了" in kiosk.speech.last
        facts = {f.label: f.value for f in kiosk.screen.facts}
        assert facts["照护需求评估"] == "等评估员上门评估" and facts["政策依据"].startswith("沪民养老发〔2024〕18号")
        kiosk.screenshot(tmp_path / "result.png")
        client = kiosk.app.host.client
        (mine,) = client.requests_for(centre.elders["wang"], service="elder_services")
        assert mine.channel == "kiosk"
        with centre.app.extensions["onekey"].db.writing() as db:  # 分别办理: the assessor's grade
            joint.record_grade(db, mine.id, 3, "agent:assessor")
            db.commit()
        kiosk.tap("nav:home")
        kiosk.tap("my_requests")
        kiosk.wait_until(lambda: kiosk.screen.kind == "list", 10, "我的服务")
        tap_through(kiosk, mine.id)
        kiosk.wait_until(lambda: kiosk.screen.kind == "detail", 10, "the joint application")
        facts = {f.label: f.value for f in kiosk.screen.facts}
        assert facts["照护需求评估"] == "已评估：照护等级3级" and facts["入住养老机构"] == "审核中"
        assert "照护需求已评估：照护等级3级" in kiosk.speech.last
        kiosk.screenshot(docs_dir / "kiosk-elder-services-status.png")
    finally:
        kiosk.stop()
