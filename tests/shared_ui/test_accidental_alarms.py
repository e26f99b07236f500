"""No accidental alarm, and the emergency screen tells the truth (ELDER_UI.md "accidental
alarms"; docs/accidental-alarms.md): SOS is never the focus the engine gives; OK on the SOS
tile opens a short spoken window any key cancels; the red key raises at once from any screen;
an open alarm keeps its screen with 我没事 one press away; a box that restarts shows it again."""
import pytest

from accessibility.hosts import abilities_for
from shared_ui.flow import Abilities

from .scripted import Scripted, confirmed_registration
from .test_popups import CHECKIN, notice

TV = abilities_for("tv")


def tv(**answers) -> Scripted:
    s = Scripted("tv", abilities=TV)
    s.answers.update({"raise_alarm": {"id": "a-1", "status": "raised", "speech": "救援中心已收到您的求助。"},
                      "cancel_alarm": {"id": "a-1", "status": "cancelled"}, "check_in": {"status": "done"},
                      "ack_message": {"read_at": "now"}, "messages": [], **answers})
    return s


def alarms(s: Scripted) -> int:
    return s.ops().count("raise_alarm")


def test_ten_quick_oks_at_start_with_messages_waiting_and_a_check_in_raise_no_alarm():
    s = tv()
    for n in range(7):
        s.offer(notice(f"m{n}"))
    s.offer(CHECKIN)
    for _ in range(10):
        s.send("confirm")
    assert alarms(s) == 0 and s.screen.kind != "alarm"


@pytest.mark.parametrize("moves", [[], ["back"], ["home"], ["select:registration", "home"],
                                   ["focus:emergency", "select:my_requests", "back"]])
def test_home_never_gives_the_focus_to_sos(moves):
    s = tv()
    for move in moves:
        kind, _, value = move.partition(":")
        s.send(kind, value or None)
    assert s.screen.id == "home" and s.screen.focus != "emergency"


def test_after_a_pop_up_closes_home_is_not_focused_on_sos():
    s = tv()
    s.send("focus", "emergency")
    s.offer(notice("m1"))
    step = s.send("back")  # put aside
    assert step.screen.popup is None and step.screen.focus != "emergency"


def test_ok_on_the_sos_tile_opens_a_window_that_any_key_cancels():
    s = tv()
    step = s.send("select", "emergency")
    assert step.screen.kind == "alarm" and step.screen.status == "arming" and alarms(s) == 0
    assert step.screen.idle_after_s == 5 and "5秒" in step.speech and "任意键" in step.speech
    for key in ("confirm", "back", "home", "digit", "focus", "repeat", "help", "refresh"):
        s.send("select", "emergency")
        value = {"digit": 1, "focus": "not_now"}.get(key)
        step = s.send(key, value)
        assert step.screen.kind != "alarm" and "已取消" in step.speech, key
    assert alarms(s) == 0


def test_the_window_ends_in_a_call_and_the_red_key_or_a_long_ok_calls_at_once():
    s = tv()
    s.send("select", "emergency")
    step = s.send("timeout")  # the host's timer: the window passed with no key
    assert step.screen.status == "raised" and alarms(s) == 1
    t = tv()
    t.send("select", "emergency")
    assert t.send("sos").screen.status == "raised" and alarms(t) == 1


@pytest.mark.parametrize("start", [[], ["select:registration"], ["select:registration", "select:edit"],
                                   ["select:my_requests"], ["select:consultation"], ["help"]])
def test_the_red_key_raises_in_one_press_from_every_screen(start):
    s = tv(create_request=lambda a, k: {"id": "r-h", "elder_id": "el-wang", "service": "help", "mode": "call",
                                        "status": "submitted", "form": a["form"]})
    s.answers["requests"] = [confirmed_registration({}, "r-1")]
    for move in start:
        kind, _, value = move.partition(":")
        s.send(kind, value or None)
    step = s.send("sos")
    assert step.screen.kind == "alarm" and step.screen.status == "raised" and alarms(s) == 1
    s.offer(notice("m1"))
    assert s.send("sos").screen.popup is None and alarms(s) == 1  # a second press: the same alarm


def test_an_open_alarm_keeps_its_screen_and_says_how_to_leave_it():
    s = tv()
    s.send("sos")
    for key in ("back", "home", "help"):
        step = s.send(key)
        assert step.screen.kind == "alarm" and step.screen.focus == "im_ok" and "我没事" in step.speech
    step = s.send("confirm")  # 我没事
    assert step.screen.status == "cancelled" and step.screen.title == "求助已撤销"
    assert "撤销" in step.speech and s.calls[-1][0] == "cancel_alarm"
    assert s.send("back").screen.id == "home"


def test_the_headline_follows_the_alarm():
    # The TV keeps the alarm in its outbox (durable_intent_runner): queued, and true to say so.
    s = tv(raise_alarm={"_error": {"code": "queued", "status": 0, "queued": True, "message": "网络不通"}})
    step = s.send("sos")
    assert step.screen.status == "queued" and step.screen.title == "正在呼叫救援" and "120" in step.speech
    step = s.engine.alarm_update(s.session, {"id": "a-9", "status": "raised"}, "救援中心已收到您的求助。")
    assert step.screen.status == "raised" and step.screen.title == "救援中心已收到求助"
    step = s.engine.alarm_update(s.session, {"id": "a-9", "status": "resolved"}, "救援已结束。")
    assert step.screen.status == "over" and step.screen.items[0].id == "home"
    assert step.screen.title == "求助已结束"  # handled by the centre, not withdrawn


def test_an_alarm_open_at_start_is_shown_before_anything_else():
    s = tv()
    s.offer(CHECKIN)
    step = s.engine.resume_alarm(s.session, {"id": "a-7", "status": "in_contact", "speech": "正在联系您的家人。"})
    assert step.screen.kind == "alarm" and step.screen.record_id == "a-7" and step.screen.popup is None
    assert step.speech == "正在联系您的家人。"
    q = tv()
    step = q.engine.resume_alarm(q.session, {}, queued=True)
    assert step.screen.status == "queued" and "120" in step.speech


def test_a_channel_without_a_window_raises_from_the_tile_at_once():
    s = Scripted("kiosk", abilities=Abilities(digit_shortcuts=False))
    s.answers["raise_alarm"] = {"id": "a-1", "status": "raised"}
    assert s.send("select", "emergency").screen.status == "raised"
