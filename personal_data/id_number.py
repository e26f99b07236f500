"""Citizen ID numbers (GB 11643-1999 公民身份号码): 6-digit address code, 8-digit birth date,
3-digit sequence, and a check character computed from the first 17 (ISO 7064 MOD 11-2).

A kiosk identifies an elder by the number they type, so a wrong number gets a reason it can
say aloud: :func:`id_number_problem` returns a machine code (and the facts a sentence needs)
rather than a sentence, and the kiosk words it from its catalog.
"""
from __future__ import annotations

from dataclasses import dataclass

from .written_numbers import plain_number

LENGTH = 18
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2**(17-i) mod 11
_CHECK = "10X98765432"

# id_number_problem codes
NOT_DIGITS = "not_digits"  # a character that is neither a digit nor a final X
WRONG_LENGTH = "wrong_length"  # digits only, but not 18 of them
WRONG_CHECK_DIGIT = "wrong_check_digit"  # 18 characters whose last one does not match


@dataclass(frozen=True)
class IdNumberProblem:
    """Why a typed number is not a valid ID number.

    ``length`` is how many characters were typed (separators not counted); ``expected`` is,
    for ``wrong_check_digit``, the check character the first 17 digits call for — most
    often one digit was mistyped, so the kiosk says "please check the number" rather than
    offering the expected character as a correction.
    """

    code: str  # NOT_DIGITS | WRONG_LENGTH | WRONG_CHECK_DIGIT
    length: int
    expected: str = ""


def id_check_digit(first17: str) -> str:
    """The check character (0-9 or X) for the first 17 digits of an ID number."""
    digits = plain_number(first17)
    if len(digits) != LENGTH - 1 or not _digits(digits):
        raise ValueError("the check character needs exactly 17 digits")
    return _CHECK[sum(int(d) * w for d, w in zip(digits, _WEIGHTS)) % 11]


def id_number_problem(number: str) -> IdNumberProblem | None:
    """None for a valid 18-character ID number written in any way (full-width digits, spaces,
    a lower-case x); else the first problem found: characters, then length (nothing typed is
    a wrong length of 0), then the check character."""
    typed = plain_number(number)
    body, last = typed[:-1], typed[-1:]
    if (body and not _digits(body)) or (last and not (_digits(last) or last == "X")):
        return IdNumberProblem(NOT_DIGITS, len(typed))
    if len(typed) != LENGTH:
        return IdNumberProblem(WRONG_LENGTH, len(typed))
    expected = id_check_digit(body)
    if last != expected:
        return IdNumberProblem(WRONG_CHECK_DIGIT, len(typed), expected)
    return None


def valid_id_number(number: str) -> bool:
    """An 18-character ID number whose check character is right (the 15-digit form has none
    and is no longer issued)."""
    return id_number_problem(number) is None


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()
