"""Personal numbers inside free text: a note, an address, a provider's message.

What counts as personal (seed 004 §个人信息保护):

- a mainland mobile number, 1[3-9] and 9 more digits, with or without a country or trunk
  prefix (+86, 86, 0086, 0);
- a citizen ID number (GB 11643): 18 characters (17 digits and a digit or X) or the old
  15 digits;
- any other run of 12 or more digits (a bank card, a social-security number).

Each may be written in full-width digits and with spaces, dashes or dots between its groups
(:mod:`personal_data.written_numbers`).

What stays whole, because an elder needs it: hotlines and service numbers (12345, 962120,
120, 110), landlines with an area code (a hospital's or street office's desk: 021-64281234,
extension included), dates, times, queue numbers, fees, house numbers. A personal landline
cannot be told from a desk's, so it is the centre's job to send it masked (``*_masked``).

How groups join: digits separated by one to three separator characters are candidate groups
of one number; the scan tries, from the left, the longest run of whole groups that is a
personal number, so ``120 13812345678`` finds the mobile and keeps 120. A multi-group run is
an old 15-digit ID only if its birth date is a date, and a long number only when it is a bank
card's 16 to 19 digits in fours (6222 0212 3456 7890 123), so neither a list of hotlines nor a
landline's extension (021 6428 1234 8001) written with spaces becomes one number.

An id the centre makes (``req_445635305457``: letters, an underscore, 12 hex digits) names a
thing, not a person: one in about 280 is all digits, and a slip once masked its own
reference. So 12 digits right after such a prefix stay whole; a mobile or an ID number there
(``phone_13812345678``) is still masked, and so are digits after plain letters (``tel138…``).

Digits touching a ``*`` are what a mask left visible (138****5678): a piece of at most four
digits next to a star never joins other groups. That is what makes masking idempotent: the
visible ends of one masked number cannot combine with the text around it into a new one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .written_numbers import MASK, classify

MOBILE = "mobile"
ID_NUMBER = "id_number"
LONG_NUMBER = "long_number"

# A mainland mobile with an optional country (86, 0086) or trunk (0) prefix; group 1 is the number.
MOBILE_NUMBER = re.compile(r"(?:0086|86|0)?(1[3-9]\d{9})")
_MOBILE_AFTER_PLUS = re.compile(r"86(1[3-9]\d{9})")
_ID18 = re.compile(r"\d{17}[\dX]")
_ID15 = re.compile(r"[1-9]\d{14}")
# On the classified text: an optional "+", then digit/star tokens joined by one to three
# separators; an ID's X ends a token or, after a separator, stands alone (…1234 X).
_TOKEN = re.compile(r"[0-9*]+[Xx]?|(?<= )[Xx](?![0-9*])")
_RUN = re.compile(r"(?:\+ {0,3})?[0-9*]+[Xx]?(?: {1,3}(?:[0-9*]+[Xx]?|[Xx](?![0-9*])))*")
_PIECE = re.compile(r"[0-9]+[Xx]?|[Xx]")
_VISIBLE_END = 4  # the most digits a mask leaves at either end
_ID_PREFIX = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9]*_\Z")  # req_, alm_, x1_
_ID_TAIL = re.compile(r"[0-9]{12}")  # new_id's 12 hex digits, all of them digits


@dataclass(frozen=True)
class PersonalNumber:
    """One personal number found in a text: ``text[start:end]`` is how it was written,
    ``digits`` the number itself in ASCII (a mobile without its prefix, an ID's X upper-case)."""

    kind: str  # MOBILE | ID_NUMBER | LONG_NUMBER
    start: int
    end: int
    digits: str


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    digits: str  # ASCII digits, perhaps ending in X / x


def find_personal_numbers(text: str) -> list[PersonalNumber]:
    """Every personal number in ``text``, in order, never overlapping."""
    classified = classify(text)
    found: list[PersonalNumber] = []
    for run in _RUN.finditer(classified):
        if _ID_TAIL.fullmatch(run.group()) and _ID_PREFIX.search(text, max(0, run.start() - 64),
                                                                 run.start()):
            continue  # the end of an id (see the module docstring)
        plus_at = run.start() if classified[run.start()] == "+" else None
        for segment, plus in _segments(run, classified, plus_at):
            found.extend(_scan(segment, plus))
    return found


def _segments(run: re.Match[str], classified: str, plus_at: int | None):
    """The run's groups, cut wherever a token holds a star (see the module docstring)."""
    current: list[_Group] = []
    plus = plus_at
    for token in _TOKEN.finditer(classified, run.start(), run.end()):
        if MASK not in token.group():
            current.append(_Group(token.start(), token.end(), token.group()))
            continue
        if current:
            yield current, plus
        current, plus = [], None
        for piece in _PIECE.finditer(classified, token.start(), token.end()):
            if len(piece.group()) > _VISIBLE_END:  # too long to be a mask's visible end
                yield [_Group(piece.start(), piece.end(), piece.group())], None
    if current:
        yield current, plus


def _scan(groups: list[_Group], plus_at: int | None) -> list[PersonalNumber]:
    found = []
    i = 0
    while i < len(groups):
        for j in range(len(groups) - 1, i - 1, -1):
            hit = _classify(groups[i:j + 1], plus_at if i == 0 else None)
            if hit is not None:
                found.append(hit)
                i = j + 1
                break
        else:
            i += 1
    return found


def _classify(groups: list[_Group], plus_at: int | None) -> PersonalNumber | None:
    if any(g.digits[-1] in "Xx" for g in groups[:-1]):
        return None
    start, end = groups[0].start, groups[-1].end
    digits = "".join(g.digits for g in groups).upper()
    multi = len(groups) > 1
    if plus_at is not None:
        m = _MOBILE_AFTER_PLUS.fullmatch(digits)
        if m:
            return PersonalNumber(MOBILE, plus_at, end, m.group(1))
    if _ID18.fullmatch(digits):
        return PersonalNumber(ID_NUMBER, start, end, digits)
    if digits.endswith("X"):  # not an ID: the X is a letter after the number
        if len(groups[-1].digits) == 1:
            return None  # a lone X: the groups before it are tried on their own next
        digits, end = digits[:-1], end - 1
    m = MOBILE_NUMBER.fullmatch(digits)
    if m:
        return PersonalNumber(MOBILE, start, end, m.group(1))
    if _ID15.fullmatch(digits) and (not multi or _is_date(digits[6:12])):
        return PersonalNumber(ID_NUMBER, start, end, digits)
    if not multi and len(digits) >= 12 and not _landline(digits) or multi and _bank_card(groups):
        return PersonalNumber(LONG_NUMBER, start, end, digits)
    return None


def _bank_card(groups: list[_Group]) -> bool:
    """16 to 19 digits written in fours: 6222 0212 3456 7890 123."""
    return 16 <= sum(len(g.digits) for g in groups) <= 19 and \
        all(len(g.digits) == 4 for g in groups[:-1])


def _landline(digits: str) -> bool:
    """0 + area code + local number (+ extension): a desk's number, kept whole."""
    return digits.startswith("0") and not digits.startswith("00") and len(digits) <= 17


def _is_date(yymmdd: str) -> bool:
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31
