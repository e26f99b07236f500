"""回访 on the real TV, by remote keys alone, as 王秀英 (her largest text, high contrast): a taxi
done yesterday is asked about in a pop-up, read aloud, with three answers whole on one row
(满意 / 一般 / 不满意); 不满意 brings the short follow-up (what was wrong, or 请人工回电), whose
answer files a complaint. Screenshots to tests/artifacts/ (tv-return-visit*.png; the reviewed
ones are in docs/)."""
from __future__ import annotations


import pytest
import requests

from call_center.clock import now
from call_center.satisfaction import visits
from shared_ui.client import CenterClient

from tests.completed_services import last_daytime, taxi_done_yesterday

from .test_tv_ui import ARTIFACTS, bound_tv, check_focus, move_to

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def ask_now(centre) -> None:
    """The worker's sweep, once: due now (yesterday's daytime has passed)."""
    assert visits.sweep(centre.app.extensions["onekey"].db, last_daytime()) == 1


def whole(tv) -> None:
    """Every answer on the pop-up shown whole: nothing cut with an ellipsis or out of its box."""
    from shared_ui.kivy_kit.layout_check import layout_problems, shown_text

    overlay = tv.app.shell.overlay
    assert overlay is not None and layout_problems(overlay) == []
    shown = shown_text(overlay)
    assert all(i.label in shown for i in tv.popup.items), shown


def test_the_return_visit_pops_up_with_three_whole_answers_and_a_follow_up(make_live_center, tmp_path):
    centre = make_live_center()
    tv = bound_tv(centre, "tv_wang", tmp_path)
    try:
        request_id = taxi_done_yesterday(centre, "wang")
        client = CenterClient(centre.url, centre.tokens["tv_wang"])
        for message in client.messages(centre.elders["wang"], due=True, unread=True):
            client.ack_message(message.id)  # the taxi's own messages: read on the day
        tv.settle()
        while tv.app.controller.popup is not None:  # the day's check-in and the like
            tv.press("back")
        tv.after_key = check_focus
        ask_now(centre)
        tv.app.pushes.poll_now()
        tv.wait_until(lambda: tv.app.controller.popup is not None
                      and tv.popup.title == "服务回访", 10, "the return visit to pop up")
        check_focus(tv)
        screen = tv.popup
        assert [i.label for i in screen.items if i.id.startswith("answer:")] == ["满意", "一般", "不满意"]
        assert "叫车" in screen.body and "这次服务您满意吗" in screen.body
        assert "服务回访" in tv.speech.last and "这次服务您满意吗" in tv.speech.last
        # On 重听, never on 满意: a stray OK of a shaky hand says it again and records nothing
        assert tv.focused == "repeat"
        tv.press("ok")
        tv.settle()
        assert tv.app.controller.popup is not None and "这次服务您满意吗" in tv.speech.last
        whole(tv)
        tiles = {t.item_id: t for t in tv.app.shell.tiles()}
        tops = {round(tiles[a].y) for a in ("answer:satisfied", "answer:so_so", "answer:dissatisfied")}
        assert len(tops) == 1  # one row
        tv.screenshot(ARTIFACTS / "tv-return-visit.png")
        move_to(tv, "answer:dissatisfied")
        tv.press("ok")
        tv.wait_until(lambda: any("让您不满意了" in s for s in tv.speech.said[-4:]), 10, f"the centre's answer ({tv.speech.said[-3:]})")
        tv.app.pushes.poll_now()
        tv.wait_until(lambda: tv.app.controller.popup is not None
                      and tv.popup.title == "哪里不满意", 10, "the follow-up to pop up")
        labels = [i.label for i in tv.popup.items if i.id.startswith("answer:")]
        assert labels == ["没按时来", "态度不好", "收费不对", "其他", "请人工回电"]
        whole(tv)  # six tiles: two rows of three, never six cut to an ellipsis
        tv.screenshot(ARTIFACTS / "tv-return-visit-follow-up.png")
        assert tv.focused == "repeat"  # no reason is the default: each files a complaint
        move_to(tv, "answer:late")
        tv.press("ok")  # 没按时来
        tv.wait_until(lambda: "处理结果会告诉您" in tv.speech.last, 10, "the complaint to be taken")
        found = requests.get(f"{centre.url}/v1/requests/{request_id}/complaints", headers=centre.headers("agent")).json()
        assert [(c["source"], c["reasons"]) for c in found] == [("return_visit", ["late"])]
    finally:
        tv.stop()  # the next app of the run (a kiosk's) must not find this one running

