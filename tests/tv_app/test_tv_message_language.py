"""A status message the centre sends while her English TV is on pops up in English — its title
(composed at run time: 咨询请求已提交) and its body, shown and read aloud — straight from the
device event stream, as the real TV app shows it; the names in it as written.

A real centre of its own, the real TV app offscreen."""
from __future__ import annotations

import re
import uuid

import pytest
import requests

from shared_ui.i18n import translate

from .test_tv_preferences import one_window, tv_for  # noqa: F401  (the run's one window)

pytestmark = [pytest.mark.ui, pytest.mark.integration]

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_a_status_message_pops_up_in_english_with_its_title(make_live_center, tmp_path):
    centre = make_live_center()
    tv = tv_for(centre, tmp_path, locale="en")
    try:
        li = centre.elders["li"]
        r = requests.post(f"{centre.url}/v1/requests", timeout=10,
                          json={"elder_id": li, "service": "consultation", "mode": "call",
                                "form": {"topic": "高龄津贴怎么申请"}},
                          headers={**centre.headers("tv_li"), "Idempotency-Key": uuid.uuid4().hex})
        assert r.status_code == 201, r.text
        title = translate("{service}请求已提交", "en").format(service=translate("咨询", "en"))
        tv.wait_until(lambda: tv.app.controller.popup is not None and tv.popup.title == title, 10,
                      "the status message to pop up in English")
        name = tv.app.host.session.elder["name"]
        assert not CJK.search(tv.popup.body.replace(name, "")), tv.popup.body
        assert title in tv.speech.last and not CJK.search(tv.speech.last.replace(name, "")), tv.speech.last
    finally:
        tv.stop()
