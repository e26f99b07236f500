"""巡视探访 on the family's phone (375 px): the parent's page says, about her by name, when the
next home visit is and who comes, with the visitor's number one tap away, and what the last
visit found (seed 001 §三(一)2). At the WeChat care-mode size and at 200% nothing overlaps."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from call_center.patrols import schedule
from tests.browser.conftest import phone_tab
from tests.browser.test_miniprogram_h5 import PHONES, h5, escalating_centre, looks_right, sign_in  # noqa: F401
from tests.miniprogram_api.servers import fake_ssb, fake_wechat  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.integration]


# The line each character of ``name`` is set on, inside the element ``selector``.
NAME_TOPS = """([selector, name]) => {
  const block = document.querySelector(selector), tops = [];
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let text = '', nodes = [];
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
  const at = text.indexOf(name);
  for (let i = at; i < at + name.length; i++) {
    const [node, start] = nodes.filter(([n, s]) => s <= i).pop();
    const range = document.createRange();
    range.setStart(node, i - start); range.setEnd(node, i - start + 1);
    tops.push(Math.round(range.getClientRects()[0].top));
  }
  return at < 0 ? [] : tops;
}"""


def planned_and_one_recorded(centre: Any) -> None:
    """张桂兰 visited twice a month by the station's volunteer; the visit of this half recorded."""
    app = centre.app
    agent = {"Authorization": f"Bearer {centre.tokens['agent']}"}
    zhang = centre.elders["zhang"]
    with app.extensions["onekey"].db.reading() as db:
        from sqlalchemy import select

        from call_center.models import Volunteer
        volunteer = db.scalar(select(Volunteer.id).where(Volunteer.name == "志愿者 张建华"))
    r = requests.put(f"{centre.url}/v1/elders/{zhang}/visit-plan", json={
        "enabled": True, "per_month": 2, "visitor_kind": "volunteer", "visitor_id": volunteer},
        headers={**agent, "Idempotency-Key": "plan-zhang"}, timeout=10)
    assert r.status_code == 200, r.text
    with app.extensions["onekey"].db.writing() as s:  # the worker may have had its turn: idempotent
        schedule.schedule(s, app.extensions["onekey_alarms"].now())
        s.commit()
    visits = requests.get(f"{centre.url}/v1/visits", params={"elder_id": zhang}, headers=agent, timeout=10).json()
    first = visits[0]
    r = requests.post(f"{centre.url}/v1/visits/{first['id']}/record", json={
        "visited_at": datetime.now().astimezone().isoformat(), "found_home": True, "health": "fair",
        "home": "safe", "needs": ["meals"]}, headers={**agent, "Idempotency-Key": "rec-zhang"}, timeout=10)
    assert r.status_code == 200, r.text


def test_the_family_sees_the_next_visit_and_the_last_one_about_her_by_name(chromium, h5, docs_dir: Path):
    centre = h5.centre
    planned_and_one_recorded(centre)
    zhang = centre.elders["zhang"]
    context, page, errors = phone_tab(chromium, PHONES["375"])
    try:
        sign_in(page, h5)
        page.goto(f"{h5.url}/h5/elders/{zhang}#visits")
        nxt = page.inner_text("#visit-next")
        assert nxt.startswith("张桂兰的下次上门看望：") and "志愿者张建华" in nxt, nxt
        call = page.locator("#visit-call")
        assert call.get_attribute("href") == "tel:13671845902" and "*" not in call.inner_text()
        record = page.inner_text("#visits .row >> nth=0")
        assert "张桂兰在家，身体一般，家里整洁安全，需要助餐，养老顾问会联系安排" in record, record
        assert "您" not in page.inner_text("#visits")
        for scale in ("1.32", "2"):
            page.goto(f"{h5.url}/h5/elders/{zhang}?fs={scale}#visits")
            looks_right(page, f"上门看望 at {scale}")
        # the visitor's name on one line, at every phone width and text size (志愿者张 / 建华 was
        # the find: the name comes as data, and the page keeps it whole)
        for width in (320, 375, 414):
            page.set_viewport_size({"width": width, "height": 800})
            for scale in ("1", "1.32", "1.6", "2"):
                page.goto(f"{h5.url}/h5/elders/{zhang}?fs={scale}#visits")
                assert len(set(page.evaluate(NAME_TOPS, ["#visit-next", "张建华"]))) == 1, (width, scale)
        page.set_viewport_size(PHONES["375"])
        page.goto(f"{h5.url}/h5/elders/{zhang}?fs=1.32#visits")
        page.locator("#visits").screenshot(path=str(docs_dir / "h5-visits-375.png"))
        page.goto(f"{h5.url}/h5/elders/{zhang}?lang=en#visits")
        english = page.inner_text("#visits")
        assert "Zhang Guilan" in english or "张桂兰" in english
        assert "next home visit" in english and "Call the visitor" in english, english
    finally:
        page.goto(f"{h5.url}/h5/elders/{zhang}?lang=zh_CN&fs=1")
        context.close()
    assert errors == [], errors
