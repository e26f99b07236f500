"""巡视探访 on 王秀英's TV (her largest text, high contrast): the evening before a home visit her
TV pops up and reads who comes and when, the visitor's number whole (her own screen, she may
ring it); it waits in 消息 afterwards. Screenshots to tests/artifacts/ (tv-visit-*.png; the
reviewed one is in docs/)."""
from __future__ import annotations

import pytest
import requests
from sqlalchemy import select, update

from call_center.clock import now
from call_center.models import Message, Volunteer
from call_center.patrols import schedule

from .test_tv_ui import ARTIFACTS, bound_tv, check_focus

pytestmark = [pytest.mark.ui, pytest.mark.integration]
NUMBER = "13671845902"  # the demo volunteer's (call_center/demo_data.py)


def visit_reminder_due(centre) -> str:
    """Her plan names the station's volunteer; the sweep makes the visit and its reminder, and
    the evening before has come (the reminder is due now)."""
    app, wang = centre.app, centre.elders["wang"]
    db = app.extensions["onekey"].db
    with db.reading() as s:
        volunteer = s.scalar(select(Volunteer.id).where(Volunteer.name == "志愿者 张建华"))
    r = requests.put(f"{centre.url}/v1/elders/{wang}/visit-plan",
                     json={"enabled": True, "per_month": 1, "visitor_kind": "volunteer", "visitor_id": volunteer},
                     headers={"Authorization": f"Bearer {centre.tokens['agent']}", "Idempotency-Key": "plan"},
                     timeout=10)
    assert r.status_code == 200, r.text
    with db.writing() as s:  # as the sweep does (the worker may have had its turn)
        schedule.schedule(s, app.extensions["onekey_alarms"].now())
        s.commit()
    with db.writing() as s:
        first = s.scalar(select(Message.id).where(Message.elder_id == wang, Message.title == schedule.MESSAGE_TITLE,
                                                  Message.withdrawn_at.is_(None)).order_by(Message.due_at))
        later = select(Message.id).where(Message.elder_id == wang, Message.title == schedule.MESSAGE_TITLE,
                                         Message.id != first)
        s.execute(update(Message).where(Message.id == first).values(due_at=now()))
        s.execute(update(Message).where(Message.id.in_(later)).values(withdrawn_at=now()))  # one on screen
        s.commit()
    return first


def test_the_evening_before_her_tv_says_who_comes_and_when(make_live_center, tmp_path):
    centre = make_live_center()
    message_id = visit_reminder_due(centre)
    tv = bound_tv(centre, "tv_wang", tmp_path)
    tv.after_key = check_focus
    try:
        tv.app.pushes.poll_now()
        tv.wait_until(lambda: tv.app.controller.popup is not None
                      and tv.app.controller.popup.record_id == message_id, 15, "the visit reminder")
        popup = tv.app.controller.popup
        assert popup.title == "上门看望提醒" and "志愿者张建华" in popup.body and NUMBER in popup.body
        assert "张建华" in tv.speech.last
        tv.screenshot(ARTIFACTS / "tv-visit-reminder.png")
        tv.press("back")  # not now: it waits in 消息
        while tv.app.controller.popup is not None:
            tv.press("back")
        tv.press("home")
        wanted = tv.screen.item("messages")
        tv.press(f"digit:{wanted.digit}")
        tv.wait_until(lambda: tv.screen.kind == "list", 10, "消息")
        item = tv.screen.item(message_id)
        assert item is not None and item.label == "上门看望提醒"
        tv.press(f"digit:{item.digit}")
        tv.wait_until(lambda: tv.screen.kind == "detail", 10, "the reminder")
        assert NUMBER in tv.screen.body and "上门看望您" in tv.screen.body
        tv.screenshot(ARTIFACTS / "tv-visit-detail.png")
    finally:
        tv.stop()
