"""Surnames: a compound surname is the whole surname (欧阳阿姨, never 欧阿姨)."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_data.names import COMPOUND_SURNAMES, surname


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
