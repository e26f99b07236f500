"""Numbers as people write them: full-width digits from a Chinese input method (１３８…),
spaces, dashes and dots between the groups (138 1234 5678, 138-1234-5678, 138.1234.5678),
an ideographic space or a non-breaking space copied from a web page.

:func:`char_class` reads one character at a time, so a caller scanning free text keeps every
other character (full-width punctuation such as （周三）) exactly as it was. Only the digits
of the decimal-digit category are digits: ① or ² are not how anyone writes a phone number.
"""
from __future__ import annotations

import unicodedata

MASK = "*"

# Written between the groups of one number. Not line breaks: two lines are two numbers.
SEPARATORS = frozenset(
    " \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"  # hyphens, dashes, minus
    ".\uff0e\u00b7\u30fb\uff65"  # full stops and middle dots
)
# Written around an area code in a phone field: (021) 6428 1234, （021）64281234.
BRACKETS = frozenset("()（）")

# char_class results besides a digit "0"…"9":
SEPARATOR = " "
OTHER = "#"


def char_class(c: str) -> str:
    """One character as the scanners see it: an ASCII digit, ``X`` or ``x``, ``*``, ``+``,
    :data:`SEPARATOR` or :data:`OTHER`. Always exactly one character, so positions in the
    classified text are positions in the original."""
    if "0" <= c <= "9":
        return c
    value = unicodedata.decimal(c, None)
    if value is not None:
        return str(value)
    if c in SEPARATORS:
        return SEPARATOR
    folded = unicodedata.normalize("NFKC", c)
    if folded in ("X", "x", MASK, "+"):
        return folded
    return OTHER


def classify(text: str) -> str:
    """:func:`char_class` of every character (same length as ``text``)."""
    return "".join(map(char_class, text))


def plain_number(value: str) -> str:
    """The number a field holds, as ASCII digits: ``＋86 138-1234-5678`` → ``+8613812345678``.

    Separators and brackets are dropped, full-width digits become ASCII, an ``x`` becomes
    ``X``, ``*`` and ``+`` are kept; any other character is kept as it is, so a caller can
    tell a number from text (``plain_number("无") == "无"``).
    """
    out = []
    for c in value.strip():
        cls = char_class(c)
        if cls == SEPARATOR or c in BRACKETS:
            continue
        out.append(c if cls == OTHER else cls.upper())
    return "".join(out)
