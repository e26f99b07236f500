"""How a session starts when the device is not bound to one elder (kiosk: identify; family:
which parent), typed answers, and the idle warning and wipe — all from the channel's abilities."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accessibility.hosts import abilities_for
from personal_data.id_number import id_check_digit
from shared_ui.flow import Abilities, IdlePolicy

from .scripted import ELDER, Scripted

KIOSK = Abilities(typed_input=frozenset({"address", "text", "phone", "count"}), digit_shortcuts=False,
                  start="identify", identify_by=("id_number", "slip", "volunteer"), idle=IdlePolicy(60, 20))
VALID_ID = "11010519491231002" + id_check_digit("11010519491231002")
FOUND = {"elder": {**ELDER, "name_masked": "王*英"}, "grant": {"id": "gr-1", "token": "g", "expires_in": 600}}


def kiosk() -> Scripted:
    s = Scripted("kiosk", abilities=KIOSK)
    s.answers["identify_elder"] = FOUND
    s.answers["end_grant"] = {"ended": True}
    return s


def test_a_kiosk_starts_anonymous_and_offers_its_ways_to_identify():
    s = kiosk()
    screen = s.screen
    assert screen.id == "identify" and s.session.elder is None
    # the ways to identify, and what a stranger may use first (看得清听得清: menus.yaml ``welcome``)
    assert [i.id for i in screen.items] == ["id_number", "slip", "volunteer", "display_settings"]
    assert all(i.digit is None for i in screen.items)  # touch: no digit keys
    assert screen.idle_after_s is None  # nothing personal to protect yet
    assert "身份证" in s.step.speech


def test_the_id_number_with_a_wrong_check_digit_is_explained_aloud_then_the_phone_tail():
    s = kiosk()
    step = s.send("select", "id_number")
    assert step.screen.input.keypad == "id_number" and step.screen.input.max_length == 18
    wrong = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")
    step = s.send("input", wrong)
    assert step.screen.id == "identify:id_number" and "校验码" in step.speech and "校验码" in step.screen.body
    assert "应该是" not in step.speech  # never offers the "right" last character: that makes another number
    step = s.send("input", "１１０１０５")  # full-width, too short
    assert "18位" in step.speech
    step = s.send("input", " ".join([VALID_ID[:6], VALID_ID[6:14], VALID_ID[14:]]))  # typed with spaces
    assert step.screen.id == "identify:phone_tail" and step.screen.input.keypad == "digits"
    step = s.send("input", "5678")
    assert s.calls[-1][:2] == ("identify_elder", {"id_number": VALID_ID, "phone_tail": "5678"})
    assert step.screen.id == "home" and s.session.elder["id"] == ELDER["id"]
    assert s.session.grant["id"] == "gr-1" and step.speech.startswith("王阿姨，您好。")
    assert step.screen.idle_after_s == 40  # warned 20 s before the 60 s wipe


def test_five_misses_pause_and_offer_a_person_then_the_pause_ends():
    s = kiosk()
    s.answers["identify_elder"] = {"_error": {"code": "not_found", "status": 404,
                                              "message": "没有核对成功，请再核对一下，或找志愿者帮忙。"}}
    s.send("select", "id_number")
    s.send("input", VALID_ID)
    for n in range(5):
        step = s.send("input", "0000")
        if n < 4:
            assert step.screen.id == "identify:recheck" and step.screen.focus == "keep_id"
            assert VALID_ID not in (step.screen.body or "") and VALID_ID[-4:] in (step.screen.body or "")
            s.send("select", "keep_id")
    assert step.screen.id == "identify:paused" and step.screen.items[0].id == "help"
    assert step.screen.idle_after_s == 30 and "5次" in step.speech
    step = s.send("timeout")
    assert step.screen.id == "identify"


@given(st.text(alphabet="0123456789Xx -１２３", max_size=22))
def test_no_typed_id_number_is_taken_unless_its_check_digit_is_right(typed):
    s = kiosk()
    s.send("select", "id_number")
    step = s.send("input", typed)
    cleaned = typed.replace(" ", "").replace("-", "").replace("１", "1").replace("２", "2").replace("３", "3").upper()
    right = len(cleaned) == 18 and cleaned[:17].isdigit() and id_check_digit(cleaned[:17]) == cleaned[17]
    assert (step.screen.id == "identify:phone_tail") == right
    if not right:
        assert step.speech and step.screen.body  # said and shown why


def test_the_idle_warning_is_said_any_press_carries_on_and_a_second_timeout_wipes():
    s = kiosk()
    s.send("select", "id_number")
    s.send("input", VALID_ID)
    s.send("input", "5678")
    s.send("select", "registration")
    step = s.send("timeout")
    popup = step.screen.popup
    assert popup.id == "popup:idle" and popup.focus == "continue" and step.screen.idle_after_s == 20
    assert "20秒" in step.speech and "继续" in step.speech
    # Shown counting down from 20 (countdown_s), so no sentence on it holds a stale number.
    assert popup.countdown_s == 20 and not any(ch.isdigit() for ch in popup.body + popup.title)
    step = s.send("back")  # any press carries on, as often as needed
    assert step.screen.popup is None and step.screen.kind == "review" and step.speech == "好的，请继续。"
    for _ in range(12):
        s.send("timeout")
        assert s.send("select", "continue").screen.popup is None
    s.send("timeout")
    step = s.send("timeout")
    assert step.wipe and step.screen.id == "identify" and s.session.elder is None
    assert s.session.grant is None and len(s.session.stack) == 1 and not s.session.told
    assert s.calls[-1][:2] == ("end_grant", {"grant_id": "gr-1", "reason": "idle_wipe"})
    assert step.screen.idle_after_s is None


def test_the_tv_has_no_idle_wipe_a_timeout_only_repeats():
    s = Scripted("tv", abilities=abilities_for("tv"))
    s.send("select", "registration")
    step = s.send("timeout")
    assert not step.wipe and step.screen.kind == "review" and step.screen.popup is None
    assert step.speech == s.session.last_speech and step.screen.idle_after_s is None


def test_a_family_chooses_which_parent_and_is_never_asked_for_whom_again():
    father = {**ELDER, "id": "el-li", "name": "李建国", "name_masked": "李*国"}
    s = Scripted("miniprogram", abilities=abilities_for("miniprogram"), household=[ELDER, father])
    assert s.screen.id == "choose_elder" and [i.label for i in s.screen.items] == ["王秀英", "李建国"]
    assert all(i.digit is None for i in s.screen.items)
    step = s.send("select", "el-li")
    assert step.screen.id == "home" and s.session.elder["id"] == "el-li"
    step = s.send("select", "registration")
    assert step.screen.kind == "review"  # not "为谁办理"
    s.send("confirm")
    assert [args["elder_id"] for op, args, _ in s.calls if op == "create_request"] == ["el-li"]


def test_one_bound_parent_goes_straight_home():
    s = Scripted("miniprogram", abilities=abilities_for("miniprogram"), household=[ELDER])
    assert s.screen.id == "home" and s.session.elder["id"] == ELDER["id"]


@pytest.mark.parametrize("typed,refused", [("", "还没有"), ("9", "1到4之间"), ("两", "格式不对"), ("3", None)])
def test_a_typed_count_is_checked_and_a_refusal_is_said(typed, refused):
    s = Scripted("kiosk", abilities=Abilities(typed_input=frozenset({"count"}), digit_shortcuts=False))
    s.send("select", "taxi")
    s.send("select", "edit")
    for _ in range(3):
        s.send("select", s.screen.focus)
    assert s.screen.id == "field:taxi:passengers" and s.screen.input.keypad == "digits"
    step = s.send("input", typed)
    if refused:
        assert refused in step.speech and refused in step.screen.body and step.screen.id == "field:taxi:passengers"
    else:
        assert step.screen.kind == "review"
        assert {f.label: f.value for f in step.screen.facts}["乘车人数"] == "3人"


@pytest.mark.parametrize("then", ["not_now", "back", "home", "help", "timeout", "refresh"])
def test_a_family_tap_on_sos_asks_first_and_sends_nothing_until_confirmed(then):
    s = Scripted("miniprogram", abilities=abilities_for("miniprogram"), household=[ELDER])
    s.answers["raise_alarm"] = {"id": "a-1", "status": "raised", "speech": "已经通知话务员，马上有人联系您。"}
    step = s.send("select", "emergency")
    assert step.screen.kind == "alarm" and step.screen.title == "要为王秀英呼叫救援吗？"
    assert step.screen.focus == "not_now" and step.screen.idle_after_s is None
    assert [i.id for i in step.screen.items] == ["raise", "not_now"]
    step = s.send("select", then) if then == "not_now" else s.send(then)
    assert "raise_alarm" not in [op for op, *_ in s.calls]
    if then in ("timeout", "refresh"):
        assert step.screen.kind == "alarm" and step.screen.status == "arming"  # waits for the answer
        step = s.send("select", "raise")
        assert [op for op, *_ in s.calls].count("raise_alarm") == 1
        assert "王秀英" in step.screen.body and "联系您" not in step.screen.body  # about her, not the caller
    else:
        assert step.screen.kind != "alarm"
    if then == "help":  # 找人工 on the question is 找人工, not a silent cancel
        assert [op for op, *_ in s.calls] == ["create_request"] and step.screen.kind == "notice"


def test_the_tvs_sos_tile_keeps_its_timed_window():
    s = Scripted("tv", abilities=abilities_for("tv"))
    step = s.send("select", "emergency")
    assert step.screen.status == "arming" and step.screen.idle_after_s == 5 and \
        [i.id for i in step.screen.items] == ["not_now"]


def test_after_a_miss_the_id_number_may_be_typed_again_or_kept():
    s = kiosk()
    s.answers["identify_elder"] = {"_error": {"code": "not_found", "status": 404, "message": "没有核对成功。"}}
    s.send("select", "id_number")
    s.send("input", VALID_ID)
    assert s.send("input", "0000").screen.id == "identify:recheck"
    again = s.send("select", "retype_id")
    assert again.screen.id == "identify:id_number"
    s.send("input", VALID_ID)
    s.answers["identify_elder"] = FOUND
    s.send("input", "5678")
    assert s.calls[-1][:2] == ("identify_elder", {"id_number": VALID_ID, "phone_tail": "5678"})
    missed = kiosk()
    missed.answers["identify_elder"] = {"_error": {"code": "not_found", "status": 404, "message": "没有核对成功。"}}
    missed.send("select", "id_number")
    missed.send("input", VALID_ID)
    missed.send("input", "0000")
    assert missed.send("back").screen.id == "identify"  # Back: the ways to start again
