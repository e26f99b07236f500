"""Masking: names, ID numbers and phones never reach paper whole (seed 004 个人信息保护)."""
from hypothesis import given, strategies as st

from accessibility.slips.masking import (
    mask_id_number,
    mask_name,
    mask_phone,
    phone_tail,
    scrub,
    unmasked_numbers,
)


def test_names_keep_first_and_last_character():
    assert mask_name("张三明") == "张*明"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧**娜"
    assert mask_name("𠮷㛃明") == "𠮷*明"  # a non-BMP character counts as one
    assert mask_name("张*明") == "张*明"
    assert mask_name("") == "" and mask_name(None) == ""


def test_id_numbers_keep_four_and_four():
    assert mask_id_number("310101194001011234") == "3101**********1234"
    assert mask_id_number("31010119400101123X") == "3101**********123X"
    assert mask_id_number("3101**********1234") == "3101**********1234"


def test_phones():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138-1234-5678") == "138****5678"
    assert mask_phone("138****5678") == "138****5678"
    assert phone_tail("139****2468") == "2468"


def test_scrub_masks_numbers_in_free_text_and_keeps_the_ones_elders_need():
    text = "儿子13911112222，身份证310101194001011234，热线12345，120，021-64281234，9:30，18号，25元"
    out = scrub(text)
    assert "139****2222" in out
    assert "3101**********1234" in out
    for kept in ("12345", "120", "021-64281234", "9:30", "18号", "25元"):
        assert kept in out
    assert unmasked_numbers(out) == []


digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
filler = st.text(alphabet=st.sampled_from("老人医院路号 ，。abc"), max_size=12)


@given(prefix=filler, body=digits, suffix=filler, second=st.sampled_from("3456789"))
def test_scrub_leaves_no_mobile_whole(prefix, body, suffix, second):
    mobile = f"1{second}{body}"
    out = scrub(f"{prefix}{mobile}{suffix}")
    assert mobile not in out
    assert unmasked_numbers(out) == []
    assert scrub(out) == out  # idempotent


@given(prefix=filler, body=st.text(alphabet="0123456789", min_size=17, max_size=17),
       check=st.sampled_from("0123456789X"), suffix=filler)
def test_scrub_leaves_no_id_number_whole(prefix, body, check, suffix):
    id_number = body + check
    out = scrub(f"{prefix}{id_number}{suffix}")
    assert id_number not in out
    assert unmasked_numbers(out) == []
