"""A message the centre wrote may carry a number: the patrol visitor she is told to expect
(上门看望提醒：…志愿者张建华（电话13671845902）上门看望您), a number a family member typed in a note.
Her TV and her family's phone show and say it whole — she may ring it; a kiosk's screen, in a
health station's room, shows and says it masked, as it does a request's numbers
(FlowEngine.message_text). The message's fixed title reaches an English screen in English."""
from __future__ import annotations

import pytest

from accessibility.hosts import abilities_for
from call_center.patrols import schedule
from shared_ui.flow import FlowEngine
from shared_ui.flow.frames import DetailFrame
from shared_ui.i18n import translate
from shared_ui.spec import load_spec

from .test_for_another import ELDER

SPEC = load_spec()
NUMBER = "13671845902"
MESSAGE = {"id": "msg-1", "title": schedule.MESSAGE_TITLE, "kind": "reminder", "read_at": None,
           "body": f"王阿姨，12月9日（星期三），志愿者张建华（电话{NUMBER}）上门看望您。来人会出示工作证，请核对后再开门。",
           "speech": f"上门看望提醒。王阿姨，12月9日（星期三），志愿者张建华（电话{NUMBER}）上门看望您。"}


def drawn(channel: str, locale: str = "zh_CN"):
    engine = FlowEngine(SPEC, channel, locale, abilities_for(channel))
    session, _ = engine.start(ELDER, household=[ELDER])
    session.stack.append(DetailFrame(detail_kind="message", record=dict(MESSAGE)))
    return engine.screen(session)


@pytest.mark.parametrize("channel", ["tv", "miniprogram"])
def test_her_own_screen_shows_and_says_the_visitors_number_whole(channel):
    screen, _speech = drawn(channel)
    assert NUMBER in screen.body


def test_a_kiosks_screen_shows_and_says_it_masked():
    screen, speech = drawn("kiosk")
    assert NUMBER not in screen.body and "136****5902" in screen.body and "张建华" in screen.body
    assert NUMBER not in speech


def test_the_title_is_translated_and_the_visit_kept_as_written():
    assert translate(schedule.MESSAGE_TITLE, "en") == "Home visit reminder"
    screen, _ = drawn("tv", "en")
    assert screen.title == "Home visit reminder"
