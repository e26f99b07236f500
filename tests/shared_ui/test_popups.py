"""One pop-up policy for every channel, in the engine: never over an alarm or a result, one at
a time, the check-in first, several waiting shown as one summary, Back puts aside, SOS wins."""
from datetime import datetime, timezone

import pytest

from shared_ui.flow import Abilities

from .scripted import ELDER, Scripted, confirmed_registration


def notice(mid: str, title: str = "社区通知", **extra) -> dict:
    return {"id": mid, "kind": "notice", "title": title, "body": f"{title}的内容", "read_at": None, **extra}


CHECKIN = {"id": "checkin:2026-12-02", "kind": "checkin", "title": "今天身体好吗？按确定键报平安。",
           "speech": "今天身体好吗？按确定键报平安。", "read_at": None}


def test_a_message_pops_up_is_spoken_and_ok_acknowledges_it():
    s = Scripted("tv")
    s.answers["ack_message"] = {**notice("m1"), "read_at": "now"}
    step = s.offer(notice("m1", speech="社区通知。量血压。"))
    assert step.screen.popup is not None and step.screen.popup.id == "popup:message"
    assert step.screen.popup.record_id == "m1" and step.screen.popup.focus == "ack"
    assert step.speech == "您有一条新消息。社区通知。量血压。"
    step = s.send("confirm")
    assert step.screen.popup is None and s.calls[-1][:2] == ("ack_message", {"message_id": "m1"})
    assert step.screen.id == "home"


def test_the_same_message_offered_twice_pops_up_once():
    s = Scripted("tv")
    s.offer(notice("m1"))
    s.send("back")
    assert s.offer(notice("m1")).screen.popup is None


def test_back_puts_a_message_aside_and_sos_always_wins_over_a_pop_up():
    s = Scripted("tv")
    s.offer(notice("m1", "一"))
    step = s.send("back")
    assert step.screen.popup is None and s.ops() == []  # unread: it waits in 消息
    s.offer(notice("m2", "二"))
    s.answers["raise_alarm"] = {"id": "a-1", "status": "raised"}
    step = s.send("sos")
    assert step.screen.kind == "alarm" and step.screen.popup is None
    s.answers["cancel_alarm"] = {"id": "a-1", "status": "cancelled"}
    s.send("select", "im_ok")
    step = s.send("home")
    assert step.screen.popup is not None and step.screen.popup.record_id == "m2"  # back after the emergency


def test_no_pop_up_over_the_emergency_screen_or_while_an_answer_is_awaited():
    s = Scripted("tv")
    s.answers["raise_alarm"] = {"id": "a-1", "status": "raised"}
    s.answers["cancel_alarm"] = {"id": "a-1", "status": "cancelled"}
    s.send("sos")
    assert s.offer(notice("m1")).screen.popup is None
    assert s.send("home").screen.kind == "alarm"  # an open alarm keeps its screen
    s.send("select", "im_ok")
    step = s.send("home")
    assert step.screen.popup is not None  # shown once the emergency screen is gone
    s.send("back")
    pending = s.send("select", "registration", settle=False)
    assert pending.intents
    assert s.engine.offer(s.session, notice("m2")).screen.popup is None  # the booking is being loaded


def test_pop_ups_never_cover_a_result_they_come_when_it_is_left():
    s = Scripted("tv")
    s.send("select", "registration")
    step = s.send("confirm")
    assert step.screen.kind == "result"
    step = s.offer({**notice("r1", "明天看病"), "kind": "reminder"})
    assert step.screen.popup is None and step.speech == ""  # the confirmation is not cut off
    step = s.send("home")
    assert step.screen.popup is not None and step.screen.popup.record_id == "r1"


def test_the_check_in_jumps_the_queue_and_a_result_just_heard_is_marked_read_quietly():
    s = Scripted("tv")
    s.send("select", "registration")
    result = s.send("confirm")
    booked = result.screen.record_id
    s.answers["ack_message"] = lambda args, key: {"id": args["message_id"], "read_at": "now"}
    s.offer({"id": "s1", "kind": "status", "title": "挂号成功", "request_id": booked, "read_at": None,
             "created_at": datetime.now(timezone.utc).isoformat()})
    assert s.calls[-1][:2] == ("ack_message", {"message_id": "s1"})  # heard already: not popped up
    s.offer(notice("n1"))
    s.offer(CHECKIN)
    step = s.send("home")
    assert step.screen.popup.id == "popup:checkin" and step.screen.popup.focus == "ack"
    # It says itself what OK does (报平安): no second line giving OK another meaning (知道了).
    assert step.screen.popup.notes == [] and "报平安" in step.screen.popup.title
    s.answers["check_in"] = {"status": "done", "speech": "收到，祝您今天愉快。"}
    step = s.send("confirm")
    assert ("check_in", {"elder_id": ELDER["id"]}) in [c[:2] for c in s.calls]
    assert step.screen.popup.record_id == "n1"  # the next one, after the check-in


def test_several_waiting_become_one_summary_that_leads_to_the_messages():
    s = Scripted("tv")
    s.send("select", "registration")
    s.send("confirm")  # a result: everything waits
    for n in range(7):
        s.offer(notice(f"m{n}", f"通知{n}"))
    step = s.send("home")
    popup = step.screen.popup
    assert popup.id == "popup:summary" and "7" in popup.title and popup.focus == "open"
    assert step.speech.startswith("您有7条新消息")
    s.answers["messages"] = [notice(f"m{n}", f"通知{n}") for n in range(7)]
    step = s.send("confirm")
    assert step.screen.kind == "list" and step.screen.id == "list:messages" and step.screen.popup is None
    assert s.send("home").screen.popup is None  # not one of the seven comes up again


def test_a_summary_put_aside_lets_the_messages_wait_unread():
    s = Scripted("tv")
    s.send("select", "registration")
    s.send("confirm")
    for n in range(3):
        s.offer(notice(f"m{n}"))
    s.send("home")
    step = s.send("back")
    assert step.screen.popup is None and "ack_message" not in s.ops()
    assert s.send("home").screen.popup is None


def test_focus_on_a_pop_up_is_remembered_and_said():
    s = Scripted("tv")
    s.offer(notice("m1"))
    step = s.send("focus", "repeat")
    assert step.speech == "重听" and step.screen.popup.focus == "repeat"
    step = s.send("confirm")  # 重听 says the message again
    assert step.speech == "社区通知。社区通知的内容" and step.screen.popup is not None


def test_home_or_help_close_the_pop_up_first():
    s = Scripted("tv")
    s.send("select", "my_requests")
    s.offer(notice("m1"))
    step = s.send("home")
    assert step.screen.id == "home" and step.screen.popup is None
    s.offer(notice("m2"))
    s.answers["create_request"] = lambda args, key: {"id": "r-h", "elder_id": ELDER["id"], "service": "help",
                                                     "mode": "call", "status": "submitted", "form": args["form"]}
    step = s.send("help")
    assert step.screen.kind == "notice" and step.screen.popup is None


def test_a_channel_may_ask_for_a_summary_later():
    s = Scripted("tv", abilities=Abilities(summary_from=3))
    s.send("select", "registration")
    s.send("confirm")
    s.offer(notice("m1"))
    s.offer(notice("m2"))
    assert s.send("home").screen.popup.id == "popup:message"


def test_nothing_pops_up_before_someone_is_identified():
    from shared_ui.flow import IdlePolicy

    s = Scripted("kiosk", abilities=Abilities(start="identify", identify_by=("id_number",),
                                              idle=IdlePolicy(60, 20)))
    assert s.offer(notice("m1")).screen.popup is None


def test_a_result_for_a_booking_is_remembered_as_told():
    s = Scripted("tv")
    s.answers["create_request"] = lambda args, key: confirmed_registration(args["form"], "r-42")
    s.send("select", "registration")
    s.send("confirm")
    assert "r-42" in s.session.told


def test_messages_that_arrive_together_are_one_summary_at_once():
    s = Scripted("tv")
    step = s.engine.offer(s.session, [notice(f"m{n}") for n in range(5)])
    assert step.screen.popup.id == "popup:summary" and step.screen.popup.title == "您有5条新消息"


# -- a message that asks (a family member wants to help: 同意 / 不同意; later 解除绑定) ------------
CONSENT = {"id": "m-consent", "kind": "consent", "title": "家人想帮您办事",
           "body": "您的女儿陈静（手机尾号1234）想帮您办事。同意请按确定；不认识这个人，请选不同意。",
           "read_at": None, "answers": [{"id": "agree", "label": "同意"}, {"id": "decline", "label": "不同意"}]}


def test_a_message_that_asks_offers_its_answers_and_opens_on_repeat():
    """A consent opens on 重听, even where its words say 同意请按确定 (as the centre's did): one
    stray OK granted a relative — or a stranger — access to her."""
    s = Scripted("tv")
    step = s.offer(dict(CONSENT))
    popup = step.screen.popup
    assert popup is not None and [i.id for i in popup.items] == ["answer:agree", "answer:decline", "repeat"]
    assert popup.focus == "repeat" and popup.notes == ["选好后按确定键"]
    assert "您的女儿陈静（手机尾号1234）想帮您办事" in step.speech  # read aloud as it pops up
    s.answers["answer_message"] = {"message_id": "m-consent", "answer": "agree",
                                   "speech": "好的，您的女儿陈静现在可以帮您办事了。"}
    step = s.send("confirm")
    assert "answer_message" not in s.ops() and step.screen.popup is not None  # said again, nothing granted
    step = s.send("select", "answer:agree")
    assert s.calls[-1][:2] == ("answer_message", {"message_id": "m-consent", "answer": "agree"})
    assert step.screen.popup is None and step.speech == "好的，您的女儿陈静现在可以帮您办事了。"


def test_a_message_that_asks_opened_from_the_list_opens_on_no_answer():
    """Folded into 您有2条新消息 and opened from 消息: listed first (it waits on her answer), and
    opened on 知道了, which records nothing — never on 同意, whatever its words say."""
    s = Scripted("tv")
    s.answers["messages"] = [notice("m1", read_at="2026-12-01T09:00:00+08:00"), notice("m2"), dict(CONSENT)]
    listed = s.send("select", "messages")
    assert listed.screen.id == "list:messages"
    assert [i.id for i in listed.screen.items if i.kind == "record"] == ["m-consent", "m2", "m1"]
    detail = s.send("select", "m-consent")
    assert detail.screen.id == "detail:message" and detail.screen.focus == "ack"
    s.answers["answer_message"] = {"message_id": "m-consent", "answer": "agree", "speech": "好的。"}
    s.send("select", "answer:agree")
    assert s.calls[-1][:2] == ("answer_message", {"message_id": "m-consent", "answer": "agree"})
    plain = Scripted("tv")
    plain.answers["messages"] = [notice("m1")]
    plain.send("select", "messages")
    assert plain.send("select", "m1").screen.focus == "ack"  # a notice: 知道了, as before


@pytest.mark.parametrize("waiting", [1, 2, 5, 14])
def test_a_message_that_asks_is_never_folded_into_the_summary(waiting):
    """Trial #5: 您的女儿想帮您办事 came folded into 您有2条新消息 and sat on page 4 of 15.
    However many others wait, and wherever it is among them, the question comes first on its
    own; the others then come as the policy says (one, or one summary)."""
    for at in sorted({0, waiting // 2, waiting}):
        s = Scripted("tv")
        inbox = [notice(f"m{n}") for n in range(waiting)]
        inbox.insert(at, dict(CONSENT))
        step = s.engine.offer(s.session, inbox)
        assert step.screen.popup.id == "popup:message" and step.screen.popup.record_id == "m-consent", at
        assert step.screen.popup.focus == "repeat"
        s.answers["answer_message"] = {"message_id": "m-consent", "answer": "agree", "speech": "好的。"}
        after = s.send("select", "answer:agree").screen.popup
        if waiting >= s.engine.abilities.summary_from:
            assert after.id == "popup:summary" and after.title == f"您有{waiting}条新消息"
        else:
            assert after.id == "popup:message" and after.record_id == "m0"


def test_declining_is_one_press_away_and_back_leaves_the_question_waiting():
    s = Scripted("tv")
    s.offer(dict(CONSENT))
    step = s.send("back")
    assert step.screen.popup is None and s.ops() == []  # unanswered: it waits in 消息
    s = Scripted("tv")
    s.offer(dict(CONSENT))
    s.answers["answer_message"] = {"speech": "好的，没有同意。"}
    s.send("select", "answer:decline")
    assert s.calls[-1][:2] == ("answer_message", {"message_id": "m-consent", "answer": "decline"})


def test_a_refused_answer_is_said_not_hidden():
    s = Scripted("tv")
    s.offer(dict(CONSENT))
    s.answers["answer_message"] = {"_error": {"code": "invalid_transition", "message": "这条消息现在不能这样回答。",
                                              "status": 409}}
    step = s.send("select", "answer:agree")
    assert step.speech == "这条消息现在不能这样回答。"


def test_the_answer_stays_in_messages_where_revoke_ends_the_binding():
    s = Scripted("tv")
    notice_to_revoke = {**CONSENT, "read_at": "2026-12-01T10:00:00+08:00",
                        "answers": [{"id": "revoke", "label": "解除绑定"}]}
    s.answers["messages"] = [notice_to_revoke]
    s.send("select", "messages")
    step = s.send("select", "m-consent")
    assert [i.id for i in step.screen.items] == ["answer:revoke", "ack"]
    assert step.screen.focus == "ack"  # the safe answer is where OK lands
    s.answers["answer_message"] = {"speech": "已经解除，女儿陈静不能再帮您办事了。"}
    s.answers["messages"] = [{**notice_to_revoke, "answers": []}]
    step = s.send("select", "answer:revoke")
    assert step.speech == "已经解除，女儿陈静不能再帮您办事了。" and step.screen.kind == "list"


def test_the_answers_are_labelled_from_the_catalogs_in_the_screens_language():
    s = Scripted("tv", locale="en")
    step = s.offer(dict(CONSENT))
    assert [i.label for i in step.screen.popup.items][:2] == ["Agree", "Decline"]


def test_wanting_a_policy_applied_for_through_a_service_opens_its_form_and_answers_nothing_yet():
    """想办理 on 一键通应急呼叫 (its answer opens device_application): the pop-up goes and 申请一键通's
    form opens; nothing is answered until she files it (the centre answers the push then).
    Another policy's 想办理 is sent as the answer, as before; so is this one's on the TV, which
    does not offer 申请一键通 (the box is one: an 养老顾问 calls back)."""
    for channel in ("tv", "miniprogram"):
        from accessibility.hosts import abilities_for

        s = Scripted(channel, abilities=abilities_for(channel), household=[ELDER])
        s.answers["answer_message"] = {"message_id": "p1", "speech": "好的，养老顾问会打电话给您。"}
        answers = [{"id": "apply", "label": "想办理", "opens": "device_application"},
                   {"id": "not_needed", "label": "不需要", "opens": None}]
        s.offer({"id": "p1", "kind": "policy", "title": "一键通应急呼叫", "body": "可以免费装一键通。",
                 "read_at": None, "answers": answers})
        step = s.send("select", "answer:apply")
        if channel == "tv":
            assert step.screen.service != "device_application" and s.calls[-1][:2] == (
                "answer_message", {"message_id": "p1", "answer": "apply"})
        else:
            assert step.screen.popup is None and step.screen.service == "device_application", (channel, step.screen.id)
            assert "answer_message" not in s.ops()
        s = Scripted(channel, abilities=abilities_for(channel), household=[ELDER])
        s.answers["answer_message"] = {"message_id": "p2", "speech": "好的，已经为您登记敬老卡。"}
        s.offer({"id": "p2", "kind": "policy", "title": "敬老卡", "body": "可以申领敬老卡。", "read_at": None,
                 "answers": [{"id": "apply", "label": "想办理", "opens": None}]})
        s.send("select", "answer:apply")
        assert s.calls[-1][:2] == ("answer_message", {"message_id": "p2", "answer": "apply"})
