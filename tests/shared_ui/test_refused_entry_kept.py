"""A refused keypad entry comes back as she typed it, to correct key by key (a user trial: a
wrong check digit erased all 18 digits while the screen said "请逐位再核对一下" — nothing was
left to check). The class: every typed stage the engine refuses, here or at the centre — the ID
number, the phone's last four, a volunteer's PIN, a form's typed answer — gives the value back
in ``Screen.input.value``; a stage that is passed, or left, starts empty."""
import pytest

from shared_ui.flow import Abilities

from .test_start_and_idle import VALID_ID, kiosk

WRONG_CHECK = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")
MISSED = {"_error": {"code": "not_found", "status": 404, "message": "没有核对成功。"}}


@pytest.mark.parametrize("typed", [WRONG_CHECK, VALID_ID[:16], VALID_ID[:17] + "A"])
def test_a_refused_id_number_is_given_back_whole(typed):
    s = kiosk()
    s.send("select", "id_number")
    step = s.send("input", typed)
    assert step.screen.id == "identify:id_number" and step.screen.body
    assert step.screen.input.value == typed


def test_the_number_she_passed_is_not_put_into_the_next_field():
    s = kiosk()
    s.send("select", "id_number")
    s.send("input", WRONG_CHECK)
    step = s.send("input", VALID_ID)
    assert step.screen.id == "identify:phone_tail" and step.screen.input.value == ""


def test_a_refused_phone_tail_is_given_back_here_and_after_the_centres_miss():
    s = kiosk()
    s.send("select", "id_number")
    s.send("input", VALID_ID)
    step = s.send("input", "567")                        # three digits: refused here
    assert step.screen.id == "identify:phone_tail" and step.screen.input.value == "567"
    s.answers["identify_elder"] = MISSED
    assert s.send("input", "5679").screen.id == "identify:recheck"
    step = s.send("select", "keep_id")                   # 号码没错，重输手机尾号: hers to correct
    assert step.screen.id == "identify:phone_tail" and step.screen.input.value == "5679"
    assert s.send("back").screen.input.value == ""       # left: the ID number's keypad starts empty


def test_a_pin_the_centre_refused_is_given_back_and_the_ways_back_start_empty():
    s = kiosk()
    s.answers["volunteer_sign_in"] = MISSED
    s.send("select", "volunteer")
    step = s.send("input", "1375")
    assert step.screen.id == "identify:pin" and step.screen.input.value == "1375"
    s.send("back")
    assert s.send("select", "volunteer").screen.input.value == ""


def test_a_refused_typed_answer_of_a_form_is_given_back_and_a_taken_one_is_not():
    s = kiosk().__class__("kiosk", abilities=Abilities(typed_input=frozenset({"count"}), digit_shortcuts=False))
    s.send("select", "taxi")
    s.send("select", "edit")
    for _ in range(3):
        s.send("select", s.screen.focus)
    step = s.send("input", "9")
    assert step.screen.id == "field:taxi:passengers" and step.screen.input.value == "9"
    s.send("input", "3")
    step = s.send("select", "edit")
    for _ in range(3):
        step = s.send("select", step.screen.focus)
    assert step.screen.id == "field:taxi:passengers" and step.screen.input.value == ""
