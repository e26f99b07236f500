"""Phone numbers in H5 sentences are tel: links; other numbers are not (miniprogram_api/h5/dial.py)."""
from __future__ import annotations

import re

import pytest

from miniprogram_api.h5.dial import dialable

LINK = re.compile(r'<a class="dial" href="tel:(\d+)">([\d-]+)</a>')


@pytest.mark.parametrize("text, numbers", [
    ("暂时连不上救援中心，正在反复尝试。情况紧急请直接拨打120，或拨打热线12345。", ["120", "12345"]),
    ("情况紧急请直接拨打 110", ["110"]),
    ("Call 120 now, or dial 12345.", ["120", "12345"]),
    ("司机电话：13764561234", ["13764561234"]),
    ("王芳13764561234", ["13764561234"]),
    ("邻居座机021-62345678转分机", ["02162345678"]),
    ("拨打962120叫出院车", ["962120"]),
])
def test_numbers_to_call_are_links(text, numbers):
    shown = str(dialable(text))
    assert [m.group(1) for m in LINK.finditer(shown)] == numbers
    outside_runs = re.sub(r'<span class="dial-run">.*?</span>', "", shown)
    assert not re.search(r"</a>[，。、；：！？）,.;:!?)]", outside_runs)  # a 。 never starts a line alone
    assert re.sub(r"<[^>]+>", "", shown) == text  # the words are unchanged


@pytest.mark.parametrize("text", [
    "一共120元", "车费12.50元", "502室", "12月5日上午9:30", "第110号", "单号SF1234567890123",
    "身份证310101194001011234", "订单1376456123456", "a13764561234", "热线12345-1", "137****1234",
    "1203室的王秀英", "120", "2026-12-05",
])
def test_other_numbers_are_left_as_words(text):
    assert "<a" not in str(dialable(text))


@pytest.mark.parametrize("text", ["<script>alert(1)</script>拨打120", '拨打120"><img src=x>', "&lt;拨打110"])
def test_the_rest_of_the_sentence_is_escaped(text):
    shown = str(dialable(text))
    assert "<script" not in shown and "<img" not in shown
    assert LINK.search(shown)


def test_every_number_a_screen_can_say_is_a_link_where_it_says_to_call_it():
    """The class: each sentence of the spec that tells someone to call a number, in both
    languages, shows that number as a link on the phone."""
    from shared_ui.flow import FlowEngine
    from shared_ui.spec import load_spec

    checked = 0
    for locale in ("zh_CN", "en"):
        engine = FlowEngine(load_spec(), "miniprogram", locale=locale)
        contact = engine.spec.contact
        for key in load_spec().strings:
            try:
                text = engine.s(key)
            except KeyError:  # a sentence with a blank of its own ({screen}): no number to call
                continue
            for number in (contact.hotline, contact.ambulance, contact.police):
                for said in ("拨打", "热线", "call ", "dial ", "Call ", "Dial "):
                    if f"{said}{number}" in text:
                        assert f'href="tel:{number}"' in str(dialable(text)), (locale, key, text)
                        checked += 1
    assert checked > 10  # the spec says to call a number in many places
