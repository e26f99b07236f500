"""H5, on a real centre: a parent's booking that was cancelled opens with where it ended and
none of what it had booked (time, queue number, fee, the taxi's plate and driver), and
办理进度 lists it by when it was asked — never by a visit time that no longer stands."""
from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from shared_ui.confirmation import format_day_time, format_value
from tests.page_text import page_text

from .visit_and_taxi import visit_and_taxi

pytestmark = pytest.mark.integration


def test_a_cancelled_visit_and_taxi_show_no_live_details(backend):
    made = visit_and_taxi(backend, "o-ended")
    session, centre, zhang = made.session, backend.centre.url, made.elder_id
    visit, cab, start = made.visit, made.cab, made.start
    live = {visit["id"]: [format_value(visit["result"]["queue_number"], "queue"),
                          format_value(visit["result"]["fee_yuan"], "money"),
                          format_value(visit["result"]["start"], "datetime")],
            cab["id"]: [cab["result"]["plate"], cab["result"]["driver_phone"]]}
    before = page_text(session.get(f"{backend.url}/h5/requests/{visit['id']}"))
    assert all(v in before for v in live[visit["id"]]), (live, before)  # shown while it stands
    made.post(centre, f"/v1/requests/{visit['id']}/cancel", {"also": [cab["id"]]})

    for request_id, values in live.items():
        page = page_text(session.get(f"{backend.url}/h5/requests/{request_id}"))
        # What the page says of it now; its dated history below (已办好：…就诊序号4号, then 已取消)
        # is a record of what happened, ending with the cancellation.
        text = page.split('<ol class="steps">')[0]
        assert "已取消，原来约好的都不算数了" in text, text
        assert text.index("已取消") < text.index("原来约好的"), text
        for value in values:
            assert value not in text, (request_id, value, text)
        assert "下载单子" not in page
    listing = page_text(session.get(f"{backend.url}/h5/elders/{zhang}"))
    assert format_day_time(start.astimezone(ZoneInfo("Asia/Shanghai")), "zh_CN") not in listing, listing
