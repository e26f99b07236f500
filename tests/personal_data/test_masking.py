"""Masking: names, ID numbers and phones never leave the centre or reach paper whole (seed 004
个人信息保护) — one rule set, however the number was written."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from personal_data.masking import (
    mask_id_number,
    mask_name,
    mask_phone,
    phone_tail,
    scrub,
    unmasked_numbers,
)
from personal_data.written_numbers import plain_number

from .writing import around, digits, filler, full_width, id_numbers, mobiles, written


@pytest.mark.parametrize("name,masked", [
    ("王秀英", "王*英"), ("王芳", "王*"), ("张三明", "张*明"), ("张三", "张*"),
    ("欧阳娜娜", "欧**娜"),  # a compound surname shows its first character only
    ("司马相如", "司**如"),
    ("王", "*"),  # a one-character name is the whole name: nothing of it is printed
    ("𠮷㛃明", "𠮷*明"), ("𠮷", "*"), ("𠮷𠮷", "𠮷*"),  # outside the BMP: one character each
    ("葛\U000E0100优", "葛\U000E0100*"),  # a variation selector stays with its character
    ("张*明", "张*明"), ("*", "*"), (" 王芳 ", "王*"), ("", ""), (None, ""),
])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize("value,masked", [
    ("310101194001011234", "3101**********1234"),
    ("31010119400101123X", "3101**********123X"),
    ("31010119400101123x", "3101**********123X"),
    ("310101 19400101 1234", "3101**********1234"),
    ("３１０１０１１９４００１０１１２３４", "3101**********1234"),
    ("310101400101123", "3101*******1123"),  # the old 15-digit form
    ("3101**********1234", "3101**********1234"),
    ("31010119", "********"),  # a short number is not kept whole, nor four and four of it
    ("3101011940", "**********"),
    ("", ""), (None, ""),
])
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize("value,masked", [
    ("13812345678", "138****5678"),
    ("+8613812345678", "138****5678"),  # the centre and the slips used to disagree here
    ("+86 138-1234-5678", "138****5678"),
    ("0086 138 1234 5678", "138****5678"),
    ("8613812345678", "138****5678"),
    ("１３８１２３４５６７８", "138****5678"),
    ("138.1234.5678", "138****5678"),
    ("138****5678", "138****5678"),
    ("021-62345678", "021****5678"),  # the area code says the city, not the person
    ("(021) 6234 5678", "021****5678"),
    ("0571-87654321", "0571****4321"),
    ("62345678", "****5678"),
    ("120", "120"), ("962120", "962120"), ("12345", "12345"),  # service numbers
    ("13812345678（儿子）", "138****5678（儿子）"),
    ("无", "无"), ("", ""), (None, ""),
])
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


def test_phone_tail():
    assert phone_tail("139****2468") == "2468"
    assert phone_tail("１３９ ２２２２ ２４６８") == "2468"
    assert phone_tail(None) == ""


def test_scrub_masks_numbers_in_free_text_and_keeps_the_ones_elders_need():
    text = ("儿子13911112222，身份证310101194001011234，热线12345，120，110，962120，"
            "021-64281234，（021）64281234，021 6428 1234转8001，9:30，18号，25元，2026-11-24 10:03")
    out = scrub(text)
    assert "139****2222" in out
    assert "3101**********1234" in out
    for kept in ("12345", "120", "110", "962120", "021-64281234", "（021）64281234",
                 "021 6428 1234转8001", "9:30", "18号", "25元", "2026-11-24 10:03"):
        assert kept in out
    assert unmasked_numbers(out) == []
    assert unmasked_numbers(text) == ["13911112222", "310101194001011234"]


@pytest.mark.parametrize("text,out", [
    ("电话：＋８６ １３８ １２３４ ５６７８。", "电话：138****5678。"),
    ("身份证 310101 19400101 1234 号", "身份证 3101**********1234 号"),
    ("请拨打120 13812345678", "请拨打120 138****5678"),  # the mobile, not the hotline with it
    ("热线 12345 962120 120", "热线 12345 962120 120"),  # a spaced list of hotlines is no number
    ("卡号6222 0212 3456 7890 123", "卡号6222***********0123"),
    ("回拨013812345678", "回拨138****5678"),  # a mobile dialled with the trunk 0
    ("备注*13812345678", "备注*138****5678"),  # a star before it does not hide it
    ("（周三）上午9:30，１８号", "（周三）上午9:30，１８号"),  # other text exactly as it was
    ("身份证31010119400101123 X", "身份证3101**********123X"),  # the check character spaced off
    ("电话13812345678 X光片", "电话138****5678 X光片"),  # a letter after a number stays
])
def test_scrub_examples(text, out):
    assert scrub(text) == out
    assert scrub(out) == out


# -- properties over every way a number can be written ------------------------------------

@given(st.data(), mobiles(), st.sampled_from(["", "+86", "＋86", "86", "0086", "+86 ", "+86-", "0"]))
def test_a_mobile_written_any_way_is_masked_to_3_and_4(data, mobile, prefix):
    number = data.draw(written(prefix + mobile))
    before, number, after = data.draw(around(number))
    masked = mobile[:3] + "****" + mobile[-4:]
    assert mask_phone(number) == masked
    assert scrub(number) == masked
    assert unmasked_numbers(before + number + after) == [number]
    out = scrub(before + number + after)
    assert out == before + masked + after
    assert unmasked_numbers(out) == [] and scrub(out) == out


@given(st.data(), id_numbers())
def test_an_id_number_written_any_way_shows_at_most_its_first_and_last_four(data, id_number):
    number = data.draw(written(id_number))
    before, number, after = data.draw(around(number))
    masked = id_number[:4].upper() + "*" * (len(id_number) - 8) + id_number[-4:].upper()
    assert mask_id_number(number) == masked
    out = scrub(before + number + after)
    assert out == before + masked + after
    assert id_number[4:-4] not in plain_number(out)
    assert unmasked_numbers(out) == [] and scrub(out) == out


# Landlines are written with their separators where people put them: after the area code,
# in the middle of the local number, before an extension.
KEPT = ["12345", "962120", "120", "110", "119", "95566", "400-820-8820", "021-64281234",
        "021 6428 1234", "021-6428-1234", "021.6428.1234", "(021)64281234", "（021）6428 1234",
        "0571-87654321", "021-64281234-8001", "021 6428 1234 8001", "021-64281234转8001",
        "010 6512 3456", "0512-6523 4567"]


@given(st.data(), st.sampled_from(KEPT))
def test_hotlines_and_landlines_stay_whole_in_free_text(data, number):
    widths = "".join(full_width(c) if data.draw(st.booleans()) else c for c in number)
    text = "".join(data.draw(around(widths)))
    assert scrub(text) == text
    assert unmasked_numbers(text) == []


# Anything at all: digits in both widths, separators, stars, plus signs, X, text.
anything = st.text(alphabet=st.sampled_from(list("0123456789０１２３４５６７８９ -.·　*+Xx号，:（）") + ["老"]),
                   max_size=60)


@given(anything)
def test_masking_is_idempotent(text):
    for mask in (scrub, mask_phone, mask_id_number, mask_name):
        once = mask(text)
        assert mask(once) == once, mask.__name__
    assert unmasked_numbers(scrub(text)) == []


@given(st.text(max_size=30))
def test_an_id_number_mask_keeps_at_most_four_and_four(value):
    masked = mask_id_number(value)
    visible = [c for c in masked if c != "*"]
    assert len(visible) <= 8
    if len(masked) < 15:
        assert visible == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Mn", "Me", "Mc", "Zs", "Zl", "Zp", "Cc")),
               min_size=1, max_size=6))
def test_a_masked_name_is_never_the_name(name):
    name = name.strip()
    masked = mask_name(name)
    assert len(masked) == len(name)  # one star per hidden character, 𠮷 being one
    assert masked[1:-1] == "*" * len(masked[1:-1])
    if len(name) == 1:
        assert masked == "*"
    else:
        assert masked[0] == name[0]
    if "*" not in name:
        assert masked != name
    assert mask_name(masked) == masked


@given(st.sampled_from(["req", "alm", "eld", "dev", "x1"]),
       st.one_of(digits(12), st.text("0123456789abcdef", min_size=12, max_size=12)),
       filler, filler)
def test_an_id_is_never_taken_for_a_number(prefix, tail, before, after):
    """An id the centre made (``req_`` and 12 hex digits) is one in about 280 times all digits;
    it names a request, it is nobody's number (a slip once masked its own reference)."""
    text = f"{before} {prefix}_{tail} {after}"
    assert scrub(text) == text
    assert unmasked_numbers(text) == []


@given(st.sampled_from(["phone", "id", "x1", "req"]), st.one_of(mobiles(), id_numbers()))
def test_a_personal_number_after_an_id_prefix_is_still_masked(prefix, number):
    assert unmasked_numbers(f"{prefix}_{number}") == [number]
    assert unmasked_numbers(scrub(f"{prefix}_{number}")) == []
