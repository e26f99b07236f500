"""Lines put together from parts read right in each language (shared_ui/punctuation.py).

The class found by the trial: an English screen read "Hospital：上海市…", "Book a doctor。
Hospital…" and "arrive 30 minutes early.Please bring" — Chinese marks and no spaces where the
kit joined a label to its value, a title to its status, one sentence to the next. The walk
below runs every conformance script on every channel in English, then the lists and records
it left, and checks every line of every screen and every sentence said. Text the centre wrote
whole in Chinese (a message, a hospital's name) may keep its own marks; what the kit joins may
not put a Chinese mark beside an English word, nor run two English sentences together.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from shared_ui.conformance import EngineProbe, load_scripts
from shared_ui.flow import Screen
from shared_ui.punctuation import CHINESE, CLAUSE_MARKS, ENGLISH, SENTENCE_ENDS, marks
from shared_ui.terminal import render_text

from .conformance_run import cancel_open_alarms, started

# A Chinese mark touching a Latin letter, on either side: "Hospital：", "。Please".
CHINESE_MARK_BY_LATIN = re.compile(r"[A-Za-z][：，。；、]|[：，。；、][A-Za-z]")
# Two English sentences run together: "early.Please" (not "No. 3", "8:30", "¥3.50", "e.g.").
RUN_ON = re.compile(r"[a-z][.!?:,][A-Z]")


def typography_problems(text: str) -> list[str]:
    return [f"{m.group(0)!r} in {text!r}" for pattern in (CHINESE_MARK_BY_LATIN, RUN_ON)
            for m in pattern.finditer(text)]


def lines_of(screen: Screen) -> list[str]:
    """Every piece of text a renderer shows, one item per line, the pop-up's too."""
    out = [render_text(screen, "en")]
    for s in (screen, screen.popup) if screen.popup else (screen,):
        out += [i.speak for i in s.items + s.nav if i.speak]
    return out


def test_the_marks_of_each_language():
    assert marks("zh_CN") is CHINESE and marks(None) is CHINESE and marks("en") is ENGLISH
    assert CHINESE.label("医院", "瑞金医院") == "医院：瑞金医院"
    assert ENGLISH.label("Hospital", "瑞金医院") == "Hospital: 瑞金医院"
    assert CHINESE.sentences("挂号", "医院：瑞金医院", "请核对。") == "挂号。医院：瑞金医院。请核对。"
    assert ENGLISH.sentences("Book a doctor", "Hospital: 瑞金医院", "Please check.") == \
        "Book a doctor. Hospital: 瑞金医院. Please check."
    assert ENGLISH.items(["医保卡", "", None, "身份证"]) == "医保卡, 身份证"
    assert CHINESE.clauses("挂号", "", "已预约") == "挂号，已预约"


@given(st.lists(st.text(alphabet="挂号ab .。！？!?，,", max_size=8), max_size=5),
       st.sampled_from([CHINESE, ENGLISH]))
def test_a_sentence_is_ended_once(parts, m):
    """However the parts end, a sentence gets one full stop: never 病历本。。 nor "early.."."""
    for part in parts:
        once, text = m.sentence(part), part.rstrip()
        assert m.sentence(once) == once
        if not text or text[-1] in SENTENCE_ENDS:
            assert once == text  # already ended: nothing added
        elif not text.rstrip(CLAUSE_MARKS + " "):
            assert once == ""  # nothing but commas: nothing to end
        else:  # the trailing commas dropped, then one stop unless it ended already
            base = text.rstrip(CLAUSE_MARKS + " ")
            assert once in (base, base + m.stop) and once[-1] in SENTENCE_ENDS
    joined = m.sentences(*parts)
    kept = [p.strip() for p in parts if p.strip()]
    if kept:
        assert joined.endswith(kept[-1])  # the last sentence keeps its own ending


CASES = [(s, ch) for s in load_scripts() for ch in s.channels]


@pytest.mark.integration
@pytest.mark.parametrize("script,channel", CASES, ids=[f"{s.path.stem}-{c}" for s, c in CASES])
def test_every_screen_in_english_joins_its_parts_in_english(live_center, script, channel):
    runner, client, _elder = started(live_center, channel, locale="en")
    probe = EngineProbe(runner)
    problems: list[str] = []

    def look(screen: Screen, speech: str, where: str) -> None:
        for text in [speech, *lines_of(screen)]:
            problems.extend(f"{where} ({screen.id}): {p}" for p in typography_problems(text))

    look(runner.step.screen, runner.step.speech, "start")
    try:
        for n, step in enumerate(script.steps, start=1):  # the actions name ids, not words
            screen, speech = probe.act(step["do"], step.get("service", step.get("value")))
            look(screen, speech, f"step {n} {step['do']}")
        # Then what the script left behind: her services, her messages, one record of each.
        for listed in ("my_requests", "messages"):
            runner.send("home")
            step = runner.send("select", listed)
            look(step.screen, step.speech, listed)
            look(step.screen, step.speech, listed)
            records = [i.id for i in step.screen.top.items if i.kind == "record"]
            if records:
                step = runner.send("select", records[0])
                look(step.screen, step.speech, f"{listed} record")
    finally:
        cancel_open_alarms(live_center, client)
    assert problems == []
