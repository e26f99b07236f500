"""Surnames: a compound surname is the whole surname (欧阳阿姨, never 欧阿姨)."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_data.names import COMPOUND_SURNAMES, form_of_address, surname


@pytest.mark.parametrize("name, expected", [
    ("王秀英", "王"), ("李国强", "李"), ("欧阳娜娜", "欧阳"), ("司马光", "司马"), ("诸葛亮", "诸葛"),
    ("上官婉儿", "上官"), ("欧阳𠮷", "欧阳"), ("𠮷祥", "𠮷"), ("王", "王"), ("司马", "司"), ("", ""), (None, ""),
    (" 欧阳修 ", "欧阳"),
])
def test_surname(name, expected):
    assert surname(name) == expected


GIVEN = st.text("秀英国强建明娜丽华伟芳𠮷𪚥㛃", min_size=1, max_size=2)


@given(st.sampled_from(sorted(COMPOUND_SURNAMES)), GIVEN)
def test_every_compound_surname_is_kept_whole(compound, given_name):
    assert surname(compound + given_name) == compound


@given(st.sampled_from("王李张刘陈杨黄赵吴周欧司诸上东"), GIVEN)
def test_a_single_surname_is_one_character(single, given_name):
    name = single + given_name
    if name[:2] not in COMPOUND_SURNAMES:
        assert surname(name) == single


@pytest.mark.parametrize("name, gender, locale, said", [
    ("王秀英", "female", "zh_CN", "王阿姨"), ("李国强", "male", "zh_CN", "李伯伯"),
    ("欧阳娜娜", "female", "zh_CN", "欧阳阿姨"), ("𠮷祥", "male", "zh_CN", "𠮷伯伯"),
    ("王秀英", "female", "en", ""), ("", "female", "zh_CN", ""), (None, None, "zh_CN", ""),
])
def test_form_of_address_never_says_the_given_name(name, gender, locale, said):
    assert form_of_address(name, gender, locale) == said


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=4),
       st.sampled_from(["female", "male"]))
def test_a_greeting_holds_no_character_of_the_given_name_beyond_the_surname(name, gender):
    said = form_of_address(name, gender)
    assert said.startswith(surname(name)) and said[len(surname(name)):] in ("阿姨", "伯伯")


def test_a_relative_is_named_with_the_relation_once():
    from personal_data.names import kin_and_name

    assert kin_and_name("女儿", "陈静") == "女儿陈静"
    assert kin_and_name("儿子", "儿子小王") == "儿子小王"  # said twice before: 您的儿子儿子小王
    assert kin_and_name("侄女", "") == "侄女" and kin_and_name("", "李娟") == "李娟"
    assert kin_and_name(None, None) == ""
