"""What a new user's trial of the kiosk found (tests/artifacts/kiosk/trial-*.png), each as a class:

- a refused keypad entry stays on the keypad to be corrected key by key — the ID number, the
  phone's last four, a volunteer's PIN (a wrong check digit erased all 18 digits while the screen
  asked her to check them one by one);
- every keypad has its keys in the same places (清空 took X's place on the phone's keypad);
- no line the kiosk shows, captions or says reads a word twice (志愿者志愿者 张建华正在协助: the
  account's name carries its role, and the sentence said it again);
- a caption about a hold that ended goes when a new hold is under way ("松手了，没有呼叫救援"
  stayed up during her real hold) — once it is more than a tap: a tremor's second touch of a
  tap leaves the caption about that tap up."""
from __future__ import annotations

import pytest
from kivy.uix.label import Label

from shared_ui.kivy_kit.layout_check import _shown, walk
from shared_ui.lines import repeated

from .conftest import ARTIFACTS, identify

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def keypad(kiosk):
    return kiosk.app.shell.layer.keypad


def test_a_refused_entry_stays_on_the_keypad_to_be_corrected(new_kiosk, live_center):
    kiosk = new_kiosk()
    number = live_center.id_numbers["wang"]
    wrong = number[:16] + str((int(number[16]) + 1) % 10) + number[17:]   # one digit slipped
    kiosk.tap("id_number")
    host, armed = kiosk.app.host, []
    schedule = host.schedule
    host.schedule = lambda call, delay: (armed.append(delay), schedule(call, delay))[1]
    kiosk.tap("view:1")
    assert armed, "a key typed starts the idle timer again (18 digits typed slowly met the warning)"
    kiosk.keypad(wrong)
    assert kiosk.screen.id == "identify:id_number" and "校验" in kiosk.screen.body
    assert keypad(kiosk).value == wrong                       # all 18 digits, to check one by one
    assert keypad(kiosk).display.text.replace(" ", "") == wrong
    kiosk.screenshot(ARTIFACTS / "trial-badcheck-kept.png")
    kiosk.tap("view:del")                                     # she finds the 17th and types from there
    kiosk.pause(0.3)
    kiosk.tap("view:del")
    for char in number[16:]:
        kiosk.pause(0.3)
        kiosk.tap(f"view:{char}")
    assert keypad(kiosk).value == number
    kiosk.tap("view:ok")
    assert kiosk.screen.id == "identify:phone_tail" and keypad(kiosk).value == ""   # not her ID in the tail
    kiosk.keypad("0000")                                      # the centre: not her phone
    assert kiosk.screen.id == "identify:recheck"
    kiosk.tap("keep_id")
    assert kiosk.screen.id == "identify:phone_tail" and keypad(kiosk).value == "0000"
    kiosk.tap("nav:back")
    kiosk.tap("nav:back")
    kiosk.tap("volunteer")
    kiosk.keypad("9999")                                      # not a volunteer's PIN
    kiosk.wait_until(lambda: kiosk.screen.id == "identify:pin" and kiosk.screen.body, 20, "the PIN refused")
    assert keypad(kiosk).value == "9999"


def test_every_keypad_has_its_keys_in_the_same_places(new_kiosk, live_center):
    kiosk = new_kiosk()
    kiosk.tap("id_number")
    kiosk.frames(2)

    def places():
        return {t.item_id: (round(t.x), round(t.y), round(t.width)) for t in keypad(kiosk).keys}

    id_keys = places()
    kiosk.screenshot(ARTIFACTS / "trial-keypad-id.png")
    kiosk.keypad(live_center.id_numbers["wang"])
    assert kiosk.screen.id == "identify:phone_tail"
    kiosk.frames(2)
    tail_keys = places()
    kiosk.screenshot(ARTIFACTS / "trial-keypad-tail.png")
    assert tail_keys == id_keys                               # every key where it was
    x = kiosk.tile("view:X")
    assert not x.enabled and x.label == ""                    # X does not apply: blank, not 清空
    kiosk.tap("view:X")
    assert keypad(kiosk).value == ""
    kiosk.tap("nav:back")
    kiosk.tap("nav:back")
    kiosk.tap("volunteer")
    kiosk.frames(2)
    assert places() == id_keys


def lines_shown(kiosk) -> list[str]:
    """Every label drawn now, each on its own (the title, the body, a note, a tile, the caption)."""
    shell = kiosk.app.shell
    return [w.text.replace("\n", "") for w in walk(shell) if isinstance(w, Label) and w.text.strip() and _shown(w)]


def read_twice(kiosk) -> list[str]:
    return [f"{line!r} reads {repeated(line)!r} twice" for line in [*lines_shown(kiosk), *kiosk.speech.said]
            if repeated(line)]


def test_a_volunteers_banner_and_every_line_on_the_way_read_each_word_once(new_kiosk, live_center):
    from call_center.demo_data import VOLUNTEER_PIN

    kiosk = new_kiosk()
    kiosk.tap("volunteer")
    kiosk.keypad(VOLUNTEER_PIN)
    assert kiosk.screen.id == "identify" and any("张建华正在协助" in n for n in kiosk.screen.notes)
    kiosk.frames(2)
    kiosk.screenshot(ARTIFACTS / "trial-volunteer-on.png")
    found = read_twice(kiosk)
    identify(kiosk, live_center.id_numbers["wang"])
    found += read_twice(kiosk)
    for step in ("registration", "confirm"):
        kiosk.tap(step)
        found += read_twice(kiosk)
    kiosk.tap("nav:sos")                                      # a caption too
    found += read_twice(kiosk)
    kiosk.tap("nav:home")
    kiosk.tap("view:sign_out")                                # the next person: the banner again
    assert kiosk.screen.id == "identify"
    found += read_twice(kiosk)
    assert not found, "\n".join(dict.fromkeys(found))


def test_a_new_hold_takes_the_caption_about_the_last_one_away(new_kiosk, live_center, monkeypatch):
    from kiosk_app import shell as kiosk_shell
    from kiosk_app import strings as S
    from kiosk_app.probe import Finger

    monkeypatch.setattr(kiosk_shell, "caption_seconds", lambda _words: 120.0)   # not gone by being read
    kiosk = new_kiosk()
    identify(kiosk, live_center.id_numbers["wang"])
    kiosk.wait_guard()
    shell = kiosk.app.shell
    shell.hold_s = 600.0   # no bar fills here, however slowly this machine draws
    x, y = kiosk.centre_of("emergency")
    kiosk.touch(x, y, hold_s=kiosk.app.settings.sos_tap_s + 0.2)   # held, and let go too soon
    kiosk.settle()
    assert kiosk.speech.last == S.SOS_LET_GO and shell.caption_shown is not None
    kiosk.pause(kiosk.app.settings.repeat_tap_s)
    kiosk.touch(x, y)                                         # a tap: told how, the caption now that
    assert kiosk.speech.last == S.SOS_HOLD and shell.caption_shown.words == S.SOS_HOLD
    kiosk.touch(x + 2, y + 3)                                 # the tremor's second touch of it: the
    kiosk.settle()                                            # caption stays (not a hold)
    assert shell.caption_shown is not None and shell.caption_shown.words == S.SOS_HOLD
    kiosk.pause(kiosk.app.settings.repeat_tap_s)
    finger = Finger(x, y)                                     # her real hold
    finger.down()
    kiosk.wait_until(lambda: shell.caption_shown is None, 15, "the caption to go as the hold goes on")
    kiosk.screenshot(ARTIFACTS / "trial-sos-holding-again.png")
    assert shell.holding is kiosk.tile("emergency") and 0 < kiosk.tile("emergency").hold < 1
    finger.up()
    kiosk.settle()
