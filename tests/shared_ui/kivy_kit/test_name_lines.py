"""A person's name is never split across lines (the lead's find: 志愿者张 / 建华 on the family's
visit card). Names are known data — the centre's answers name her, her contacts, a driver, a
visitor, and a message says whom its words name — so every front end keeps them as it is told of
them (``personal_data.names.people_in``, kept by the client) and the line breaker makes each one
unit. Generated names (2–4 characters, compound surnames, minority names with ·) in the
sentences the product says them in, broken at every text size the TV and the kiosk use and every
width from a short label's to a whole line."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accessibility.line_breaks import CLOSING, NAME_DOTS, NAME_WHOLE_EMS, OPENING, units
from personal_data.names import PEOPLE, people_in
from shared_ui.kivy_kit.text_fit import break_softly, em_width
from tests.fixtures.people import SENTENCES, names, said, told_of

from .test_line_breaks import SCREEN_SIZES, breaks, broken_by_the_rules

NAMES = names(20261206, 120)


@pytest.fixture(scope="module", autouse=True)
def known():
    with told_of(NAMES):
        yield


def spans_of(text: str, name: str) -> list[tuple[int, int]]:
    """Where ``name`` stands in ``text``, as the stretches no line may break inside: the whole
    name, or (a long minority name) each part with its dot."""
    found, at = [], text.find(name)
    while at >= 0:
        if em_width(name) <= NAME_WHOLE_EMS or not any(d in name for d in NAME_DOTS):
            found.append((at, at + len(name)))
        else:
            start = at
            for i, c in enumerate(name):
                if c in NAME_DOTS:
                    found.append((start, at + i + 1))
                    start = at + i + 1
            found.append((start, at + len(name)))
        at = text.find(name, at + 1)
    return found


def with_marks(text: str, a: int, b: int) -> str:
    """The stretch a line must hold for ``text[a:b]`` to stand whole by the rules: with the
    opening marks before it and the closing marks after it (（司寇英桂，)."""
    while a > 0 and text[a - 1] in OPENING:
        a -= 1
    while b < len(text) and text[b] in CLOSING:
        b += 1
    return text[a:b]


def test_the_example_the_lead_saw_is_one_unit():
    text = "下次探访：12月8日上午，志愿者张建华来看您，有事请打电话。"
    with told_of(["张建华"]):
        assert "张建华" in units(text)
        for size in SCREEN_SIZES:
            for ems in range(6, 20):
                assert "张\n建华" not in break_softly(text, ems * size, size), (size, ems)


def test_the_data_says_who_is_a_person_and_what_is_a_place():
    answer = {"elder": {"name": "王秀英", "name_masked": "王*英"},
              "contacts": [{"name": "陈静", "relation": "女儿", "phone_masked": "138****1234"}],
              "result": {"driver_name": "李建国", "hospital_name": "瑞金医院", "companion_name": "欧阳娜娜"},
              "hospitals": [{"id": "h", "name": "华山医院", "phone": "021-52889999"}],
              "nearby": [{"name": "仙霞社区长者食堂", "address": "仙霞路620号"}],
              "message": {"title": "探访", "body": "志愿者阿依古丽·买买提明天来。", "people": ["阿依古丽·买买提"]},
              "assisted_by": {"id": "v-1", "name": "张建华"}, "volunteer": {"id": "v-2", "name": "志愿者 李红梅"}}
    assert people_in(answer) == {"王秀英", "王*英", "陈静", "李建国", "欧阳娜娜", "阿依古丽·买买提", "张建华", "李红梅"}


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(SENTENCES), st.integers(4, 36), st.sampled_from(SCREEN_SIZES))
def test_a_name_is_never_split_at_any_tv_or_kiosk_size(name, sentence, ems, size):
    text = sentence.format(n=name)
    width = ems * size
    broken = broken_by_the_rules(text, width, size)
    room = width * 0.98 / size
    cuts = breaks(text, broken)
    for a, b in spans_of(text, name):
        if em_width(with_marks(text, a, b)) <= room:  # what fits a line is on one line
            assert not any(a < cut < b for cut in cuts), (name, text[:min(c for c in cuts if a < c < b)], broken)


def test_every_generated_name_in_every_sentence_is_one_unit_or_its_dotted_parts():
    failures = []
    pairs = said(7, 200)
    with told_of([name for name, _ in pairs]):
        pieces_of = {text: units(text) for _, text in pairs}
    for name, text in pairs:
        pieces = pieces_of[text]
        at, bounds = 0, set()
        for piece in pieces:
            at += len(piece)
            bounds.add(at)
        for a, b in spans_of(text, name):
            if any(a < cut < b for cut in bounds):
                failures.append(f"{name}: {' / '.join(pieces)}")
    assert not failures, "\n".join(failures[:20])


def test_the_people_kept_are_bounded():
    from personal_data.names import People

    few = People(most=3)
    few.keep(["王芳", "李娜", "张伟", "刘洋"])
    assert few.names() == ["李娜", "张伟", "刘洋"]
    version = few.version
    few.keep(["李娜"])
    assert few.version == version  # nothing new: what was built from them still holds
