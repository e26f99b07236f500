"""The demo's 回访, 投诉 and 巡视探访 (what ``./onekey demo`` seeds beyond the demo data) in a real
browser: the console's queue, complaint, patrol and supervision pages and the family's page for
her, each rendered with them, without a page error, and photographed."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from call_center.clock import local
from call_center.models import Complaint, ServiceRequest
from tests.browser.conftest import phone_tab
from tests.browser.test_console_browser import log_in
from tests.browser.test_miniprogram_h5 import PHONES, h5, escalating_centre, looks_right, sign_in  # noqa: F401
from tests.call_center.test_demo_showcase import showcase
from tests.miniprogram_api.servers import fake_ssb, fake_wechat  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_the_console_pages_show_the_demos_return_visits_complaint_and_patrols(chromium, h5, page, docs_dir: Path):
    centre = h5.centre
    rides = showcase(centre.app, centre.elders)
    with centre.app.extensions["onekey"].db.session(write=False) as db:
        complaint = db.scalar(select(Complaint.id))
        month = local(db.get(ServiceRequest, rides["zhang"]).updated_at).strftime("%Y-%m")
    log_in(page, centre.url, "super1")
    seen = {}
    for name, path in (("queue", "/console/"), ("complaint", f"/console/complaints/{complaint}"),
                       ("patrols", "/console/visits"), ("supervision", f"/console/supervision?month={month}"),
                       ("elder", f"/console/elders/{centre.elders['zhang']}")):
        page.goto(f"{centre.url}{path}")
        seen[name] = page.inner_text("main")
        if name in ("queue", "patrols", "supervision"):
            page.screenshot(path=str(docs_dir / f"console-demo-{name}.png"), full_page=True)
    assert "没按时来" in seen["queue"] and "享道出行" in seen["queue"]
    assert "回访不满意" in seen["complaint"] and "没按时来" in seen["complaint"]
    assert "赵丽华" in seen["patrols"] and "张建华" in seen["patrols"]
    assert "享道出行" in seen["supervision"]
    assert "巡视探访" in seen["elder"] and "赵丽华" in seen["elder"]

    zhang = centre.elders["zhang"]
    context, phone, errors = phone_tab(chromium, PHONES["375"])
    try:
        sign_in(phone, h5)
        phone.goto(f"{h5.url}/h5/elders/{zhang}#visits")
        nxt = phone.inner_text("#visit-next")
        assert nxt.startswith("张桂兰的下次上门看望：") and "志愿者赵丽华" in nxt, nxt
        assert "身体一般" in phone.inner_text("#visits")
        looks_right(phone, "her page with the demo's visits")
        phone.screenshot(path=str(docs_dir / "h5-demo-parent-375.png"), full_page=True)
        phone.goto(f"{h5.url}/h5/requests/{rides['zhang']}")
        looks_right(phone, "the taxi complained about")
    finally:
        context.close()
    assert errors == [], errors
