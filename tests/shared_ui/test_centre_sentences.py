"""The centre's fixed sentences reach an English screen in English (trial #13: the alarm said
已经通知话务员… on an English TV). The centre writes Chinese and marks its fixed sentences for
the catalogs (call_center/alarms/words.py); the kit says them in its own language
(FlowEngine.from_centre). Every status and phase of an alarm, pushed or answered, and every
check-in sentence, is checked — not only the one the trial heard."""
from __future__ import annotations

import re

import pytest

from accessibility.hosts import abilities_for
from call_center.alarms import words
from shared_ui.i18n import translate

from .scripted import Scripted

CJK = re.compile(r"[\u3400-\u9fff]")
STATES = [(status, "") for status in words.ELDER_MESSAGES] + [("escalating", p) for p in words.PHASE_MESSAGES]
FIXED = sorted({*words.ELDER_MESSAGES.values(), *words.PHASE_MESSAGES.values(), words.POLICE_TOLD,
                words.CHECKIN_PROMPT, words.CHECKIN_DONE, words.CHECKIN_THANKS, words.CHECKIN_MISSED})


@pytest.mark.parametrize("sentence", FIXED)
def test_every_fixed_sentence_the_centre_says_has_an_english_one(sentence):
    english = translate(sentence, "en")
    assert english != sentence and not CJK.search(english)


@pytest.mark.parametrize("status,phase", STATES, ids=[f"{s}-{p or 'none'}" for s, p in STATES])
def test_an_alarm_pushed_in_any_state_is_said_in_english(status, phase):
    # One alarm kind serves every channel (the kiosk's after identify, the family's for a parent).
    s = Scripted("tv", locale="en", abilities=abilities_for("tv"))
    raised = {"id": "a-1", "status": "raised", "speech": words.elder_message("raised")}
    s.answers.update({"raise_alarm": raised, "messages": []})
    s.send("sos")
    if s.step.screen.status == "arming":
        s.send("timeout")  # the seconds ran out: the press goes to the centre
    assert s.step.screen.kind == "alarm" and not CJK.search(s.step.speech), s.step.speech
    step = s.engine.alarm_update(s.session, {"id": "a-1", "status": status, "phase": phase},
                                 words.elder_message(status, phase))
    said = step.speech or s.engine.screen(s.session)[1]
    shown = step.screen.top.body or ""
    assert not CJK.search(said) and not CJK.search(shown), (said, shown)


def test_a_chinese_screen_says_the_centres_own_words():
    s = Scripted("tv", abilities=abilities_for("tv"))
    s.answers.update({"raise_alarm": {"id": "a-1", "status": "raised", "speech": words.elder_message("raised")},
                      "messages": []})
    s.send("sos")
    if s.step.screen.status == "arming":
        s.send("timeout")
    assert words.elder_message("raised") in s.step.speech
