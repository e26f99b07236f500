"""No line breaks inside a word the product says (ELDER_UI.md: never inside a word). The TV
broke 帮您预约和叫 / 车: jieba's dictionary has no 叫车, and the hand-kept list of product words
did not have it either. The class: every label of the catalogs that is a short run of hanzi (a
service word, a verb with its object, a status) is whole in every sentence of the catalogs that
says it — generated from the catalog, so the next service's word is held to it too."""
from __future__ import annotations

import re

import pytest

from accessibility.line_breaks import CATALOG, PROTECTED, SEGMENTER, catalog_terms, units
from personal_data.names import People

SLOT = re.compile(r"\{[^}]*\}")
_MSGID = re.compile(r'^msgid "(.*)"$', re.M)


@pytest.fixture(scope="module")
def warm():
    SEGMENTER.warm()
    return SEGMENTER


def sentences() -> list[str]:
    """Every sentence of the catalog, cut at its {slots} (what fills them is not the catalog's)."""
    found = set()
    for msgid in _MSGID.findall(CATALOG.read_text(encoding="utf-8")):
        found.update(p for p in SLOT.split(msgid) if len(p) > 2)
    return sorted(found)


def spans(text: str, word: str):
    start = text.find(word)
    while start >= 0:
        yield start, start + len(word)
        start = text.find(word, start + 1)


def cut_inside(text: str, pieces: list[str], start: int, end: int) -> bool:
    at = 0
    for piece in pieces[:-1]:
        at += len(piece)
        if start < at < end:
            return True
    return False


def test_the_catalog_gives_its_terms():
    terms = catalog_terms()
    assert {"叫车", "挂号", "找人工", "报平安", "续方配药"} <= set(terms)


def test_no_catalog_sentence_is_broken_inside_a_term_it_says(warm):
    terms = catalog_terms()
    broken, checked = [], 0
    for text in sentences():
        found = [(s, e, w) for w in terms for s, e in spans(text, w)]
        found += [(m.start(), m.end(), m.group(0)) for m in PROTECTED.finditer(text)]
        pieces = units(text, warm, People())
        for s, e, w in found:
            # two terms overlapping (上下楼 / 楼接送) cannot both be whole: only the one the words choose
            if any(s2 < e and s < e2 and not (s2 <= s and e <= e2) and not (s <= s2 and e2 <= e)
                   for s2, e2, _ in found):
                continue
            checked += 1
            if cut_inside(text, pieces, s, e):
                broken.append(f"{w} in {text}: {' / '.join(pieces)}")
    assert checked > 500
    assert broken == []


def test_the_trial_sentence(warm):
    pieces = units("您的侄女李娟（手机尾号6612）想帮您办事：查看办理情况、帮您预约和叫车、收到紧急提醒。", warm, People())
    assert "叫车、" in pieces
