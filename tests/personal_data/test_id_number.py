"""GB 11643 ID numbers: the check character, and why a typed number is not valid."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from personal_data.id_number import (
    NOT_DIGITS,
    WRONG_CHECK_DIGIT,
    WRONG_LENGTH,
    IdNumberProblem,
    id_check_digit,
    id_number_problem,
    valid_id_number,
)

from .writing import digits, written


def test_the_standards_own_example():
    assert id_check_digit("11010519491231002") == "X"
    assert valid_id_number("11010519491231002X")
    assert valid_id_number("11010519491231002x")
    assert not valid_id_number("110105194912310021")


@pytest.mark.parametrize("typed,problem", [
    ("11010519491231002X", None),
    ("110105 19491231 002x", None),
    ("１１０１０５１９４９１２３１００２Ｘ", None),
    ("110105194912310021", IdNumberProblem(WRONG_CHECK_DIGIT, 18, "X")),
    ("1101051949123100", IdNumberProblem(WRONG_LENGTH, 16)),
    ("110105194912310021X", IdNumberProblem(WRONG_LENGTH, 19)),
    ("110105491231002", IdNumberProblem(WRONG_LENGTH, 15)),  # the old form has no check digit
    ("", IdNumberProblem(WRONG_LENGTH, 0)),
    ("11010519491231002Y", IdNumberProblem(NOT_DIGITS, 18)),
    ("1101051949X231002X", IdNumberProblem(NOT_DIGITS, 18)),
    ("身份证11010519491231002X", IdNumberProblem(NOT_DIGITS, 21)),
])
def test_why_a_number_is_not_valid(typed, problem):
    assert id_number_problem(typed) == problem
    assert valid_id_number(typed) is (problem is None)


@given(st.data(), digits(17))
def test_any_17_digits_get_the_one_check_character_that_makes_them_valid(data, first17):
    check = id_check_digit(first17)
    assert valid_id_number(data.draw(written(first17 + check)))
    for wrong in set("0123456789X") - {check}:
        assert id_number_problem(first17 + wrong) == IdNumberProblem(WRONG_CHECK_DIGIT, 18, check)


@given(digits(17), st.integers(0, 16), st.integers(1, 9))
def test_the_check_character_catches_any_single_mistyped_digit(first17, at, shift):
    number = first17 + id_check_digit(first17)
    typo = number[:at] + str((int(number[at]) + shift) % 10) + number[at + 1:]
    assert id_number_problem(typo).code == WRONG_CHECK_DIGIT


def test_the_check_character_needs_17_digits():
    assert id_check_digit("１１０１０５１９４９１２３１００２") == "X"  # full-width is fine
    for bad in ("1234", "110105194912310021", "abcdefghijklmnopq", "1101051949123100²"):
        with pytest.raises(ValueError):
            id_check_digit(bad)
