"""Units kept whole on HTML pages and slips (``keep_units``): the text is the same text, the
markup the same markup, and every unit that fits a line is one box."""
from __future__ import annotations

import re
from html import escape, unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from accessibility.line_breaks import UNIT_MAX_EMS, ems, keep_units, units
from tests.page_text import page_text

SPAN = re.compile(r'<span class="unit">(.*?)</span>', re.S)
TEXT = st.text(st.sampled_from(list("上海市长宁区天山路弄号室主治医师服药每天两次，。（）：、 0123456789ABCxyz<>&\"'-")),
               max_size=60)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_the_text_is_the_same_text(text):
    page = f"<p>{escape(text, quote=False)}</p>"
    assert page_text(keep_units(page)) == page


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_every_unit_that_fits_a_line_is_one_box(text):
    """Each unit that fits is one box, in order; a unit too wide for a box is boxed word by word
    (it breaks between its words, not anywhere); no box is wider than a box may be."""
    boxed = [unescape(m.group(1)) for m in SPAN.finditer(keep_units(f"<p>{escape(text, quote=False)}</p>"))]
    pieces = units(text)
    fits = [u for u in pieces if len(u.strip()) > 1 and ems(u) <= UNIT_MAX_EMS]
    too_wide = [u for u in pieces if ems(u) > UNIT_MAX_EMS]
    assert all(ems(b) <= UNIT_MAX_EMS for b in boxed), boxed
    rest = iter(boxed)
    assert all(any(b == u for b in rest) for u in fits), (fits, boxed)  # each, in order
    assert all(b in fits or any(b in u for u in too_wide) for b in boxed), (boxed, pieces)


def test_addresses_titles_and_words_are_boxes():
    page = keep_units("<dd>长宁区天山路1203室，主治医师说每天服药两次</dd>")
    for unit in ["1203室，", "主治医师", "服药", "长宁区", "天山路"]:
        assert f'<span class="unit">{unit}</span>' in page


def test_markup_scripts_and_form_values_are_not_touched():
    head = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>主治医师 &amp; 服药</title>'
            '<style>.a>.b{content:"服药"}</style></head>')
    body = ('<body><!-- 主治医师 --><a href="/h5/?q=1&amp;r=2" title="长宁区天山路" class="x">'
            '<textarea name="note">每天 &lt;服药&gt;</textarea><select><option value="1203室">1203室</option></select>'
            '<input value="主治医师"><br/><script src="/live.js"></script><script>if (a<b) { x = "服药"; }</script>'
            '<pre>1203室</pre></a></body></html>')
    assert keep_units(head + body) == head + body


def test_a_unit_wider_than_a_line_stays_breakable():
    long = "SC1764587600QKSC1764587600QK"
    assert ems(long) > UNIT_MAX_EMS
    assert keep_units(f"<p>{long}</p>") == f"<p>{long}</p>"


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_units_join_to_the_text(text):
    """(An opening bracket before a closing mark, 0（、, came out as 0、（: Kivy showed it so.)"""
    assert "".join(units(text)) == text


def test_a_quoted_name_is_one_box_and_its_marks_stay_on_its_line():
    """“我的服务” broke as “我的 / 服务” on the pages; a box's ， after it is held by a word
    joiner on a browser's page (chromium breaks after a box, even before a ，)."""
    said = "每一项的进度都在“我的服务”里，请按“我没事”，或者点「找人工」。"
    page = keep_units(f"<p>{said}</p>", joiner=True)
    boxed = [m.group(1) for m in SPAN.finditer(page)]
    assert "“我的服务”" in boxed and any(b.startswith("「找人工」") for b in boxed)
    assert page_text(page) == f"<p>{said}</p>"
    assert "“我没事”\u2060，" in page or "“我没事”，" in boxed
    assert "\u2060" not in keep_units(f"<p>{said}</p>")  # a slip's fonts need not have the joiner


NAMES = st.text(st.sampled_from(list("王张李陈欧阳秀英桂兰建华志明娟")), min_size=2, max_size=4)


@settings(max_examples=200, deadline=None)
@given(NAMES, st.text(st.sampled_from(list("的服务我没事找人工")), min_size=0, max_size=3),
       st.sampled_from(["“”", "「」"]))
def test_a_quoted_name_holding_a_persons_name_stays_one_unit(name, rest, marks):
    """The H5 pages' server had been told of 张桂兰 (her family's pages name her): the button's
    name “张桂兰的服务” then broke as “张桂兰 / 的服务” — the person's unit cut the quoted one.
    The enclosing unit wins, for any known name inside any short quotation; a name outside
    quotation marks is still one unit."""
    from personal_data.names import People

    known = People()
    known.keep([name])
    quoted = f"{marks[0]}{name}{rest}{marks[1]}"
    said = f"请按{quoted}，再找{name}。"
    pieces = units(said, people=known)
    assert "".join(pieces) == said
    if len(name + rest) <= 6:
        assert any(quoted in p for p in pieces), pieces
    assert pieces[-1] == f"{name}。", pieces  # the name outside quotation marks: its own unit


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 3999), st.sampled_from(["号楼", "单元", "号", "弄", "室", "楼", "层", "幢", "栋"]),
       st.booleans(), st.booleans())
def test_a_number_of_an_address_in_chinese_numerals_is_one_unit(n, suffix, ordinal, arabic):
    """Addresses are often written in Chinese numerals: 第三十 / 七号楼 and 一千二百 / 零三室 broke on
    the kiosk and the TV (trial of 6 December). Any number with its address word is one unit,
    written either way, inside an address."""
    from accessibility.speech_text.numbers import cardinal

    number = str(n) if arabic else cardinal(str(n))
    part = ("第" if ordinal and not arabic else "") + number + suffix
    said = f"上海市长宁区仙霞路{part}东门"
    pieces = units(said)
    assert "".join(pieces) == said
    assert part in pieces, pieces
