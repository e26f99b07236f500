"""续方配药 from the family's phone (帮老人办, seed 000 §三(二)1(1)) in Debian's chromium: 陈静
renews her mother's standing prescription; the request page follows it from 续方审核中 to
药品配送中 (cancel offered only before the parcel leaves), and the slip names the medicine,
the doctor's decision and the tracking number. Screenshot to docs/ with ONEKEY_UPDATE_DOCS=1."""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from call_center.fulfilment import refills
from shared_ui.client import CenterClient
from tests.browser.conftest import phone_tab
from tests.browser.test_miniprogram_h5 import looks_right, sign_in
from tests.miniprogram_api.servers import fake_ssb, fake_wechat  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture
def refill_h5(family_h5, fake_wechat) -> Any:  # noqa: F811  (the sign-in's WeChat)
    return family_h5(sim_renewal_review_s=0, sim_delivery_s=3600)


def test_a_daughter_renews_her_mothers_medicine_and_follows_it_home(chromium, refill_h5, docs_dir: Path,
                                                                     tmp_path: Path):
    centre = refill_h5.centre
    zhang = centre.elders["zhang"]
    agent = CenterClient(centre.url, centre.tokens["agent"])
    metformin = agent.elder(zhang).as_dict()["prescriptions"][0]
    context, page, errors = phone_tab(chromium, accept_downloads=True)
    try:
        sign_in(page, refill_h5)
        page.click(f"#parent-{zhang} >> text=办事和进度")
        page.click("#do-refill")  # under 更多服务 on the other channels; one list here
        assert page.locator("#screen").get_attribute("data-screen") == "field:refill:prescription_id"
        assert "盐酸二甲双胍缓释片" in page.inner_text("#screen") and "门冬胰岛素注射液" in page.inner_text("#screen")
        page.click(f"#item-{metformin['id']}")
        assert page.locator("#screen").get_attribute("data-screen") == "review:refill"
        assert "田林东路75弄8号401室" in page.inner_text(".facts")  # the address the courier gets
        page.click("#item-confirm")
        assert "续方已送医生审核" in page.inner_text("#screen h1")
        page.click("#open-request")
        assert page.inner_text("#request-status") == "续方审核中"
        assert page.locator("#request-cancel").count() == 1

        live = centre.app.extensions["onekey"]
        assert refills.follow_up(live.db, live.providers) == 1  # the doctor renews, the courier takes it
        page.reload()
        assert page.inner_text("#request-status") == "药品配送中"
        facts = page.inner_text(".facts")
        sent = agent.requests_for(zhang, service="refill")[0]
        assert sent.result["tracking_no"] in facts and "医生已续方" in facts and "盐酸二甲双胍缓释片" in facts
        assert page.locator("#request-cancel").count() == 0  # on its way: no longer cancellable
        page.screenshot(path=str(docs_dir / "h5-refill-375.png"), full_page=True)
        looks_right(page, "the refill's page")
        with page.expect_download() as got:
            page.click("#slip-a5")
        text = subprocess.run(["pdftotext", "-layout", str(got.value.path()), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "盐酸二甲双胍缓释片" in text and "医生已续方" in text and sent.result["tracking_no"] in text
        page.goto(page.url + "?fs=2")
        looks_right(page, "the refill's page at 200%")
    finally:
        context.close()
    assert errors == [], errors
