"""A title the centre composed at run time (叫车已取消: the service named in it) comes with its
``title_words``: every channel shows and says it in the screen's language — on the pop-up, in the
消息 list, on the message's own page and in what is read aloud — as it does the body; a Chinese
screen shows the stored title as before, and a title whose sentence the catalog lacks is shown
as the centre wrote it."""
from __future__ import annotations

import re

import pytest

from shared_ui.i18n import translate

from .scripted import Scripted

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
TITLE_WORDS = {"id": "{service}已取消", "params": {"service": {"word": "叫车"}}}
WORDS = {"id": "{address}，{sentence}", "params": {
    "address": {"address": {"name": "王秀英", "gender": "female"}},
    "sentence": {"said": {"id": "您的{service}已经取消了。{trips}",
                          "params": {"service": {"word": "叫车"}, "trips": {"as_written": ""}}}}}}


def cancelled(**extra) -> dict:
    return {"id": "m1", "kind": "status", "title": "叫车已取消", "body": "王阿姨，您的叫车已经取消了。",
            "speech": "叫车已取消。王阿姨，您的叫车已经取消了。", "read_at": None, "request_id": "r-1",
            "words": WORDS, "title_words": TITLE_WORDS, **extra}


def english_title() -> str:
    return translate("{service}已取消", "en").format(service=translate("叫车", "en"))


@pytest.mark.parametrize("channel", ["tv", "miniprogram"])
def test_a_composed_title_is_shown_and_said_in_english_everywhere(channel):
    title = english_title()
    assert not CJK.search(title)
    s = Scripted(channel, locale="en")
    step = s.offer(cancelled())
    popup = step.screen.popup
    assert popup is not None and popup.title == title and popup.body == "王秀英, your taxi is cancelled."
    assert title in step.speech and not CJK.search(step.speech.replace("王秀英", ""))
    s.send("back")
    s.answers["messages"] = [cancelled()]
    listed = s.send("select", "messages")
    item = next(i for i in listed.screen.items if i.id == "m1")
    assert item.label == title and title in item.speak
    s.answers["ack_message"] = {**cancelled(), "read_at": "now"}
    shown = s.send("select", "m1")
    assert shown.screen.title == title and shown.speech.startswith(title)


@pytest.mark.parametrize("channel", ["tv", "miniprogram"])
def test_a_chinese_screen_shows_and_says_the_stored_title(channel):
    s = Scripted(channel)
    step = s.offer(cancelled())
    assert step.screen.popup.title == "叫车已取消"
    assert step.speech.endswith("叫车已取消。王阿姨，您的叫车已经取消了。")


def test_a_title_the_catalog_lacks_is_the_centres_as_written():
    s = Scripted("tv", locale="en")
    unknown = {"id": "{service}已经去火星了", "params": {"service": {"word": "叫车"}}}
    step = s.offer(cancelled(title_words=unknown))
    assert step.screen.popup.title == "叫车已取消"
