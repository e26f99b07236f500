"""The 受理号 a slip prints: a short number a person can read aloud and a desk can look up.

A request's or an alarm's id (``req_3f9a0c51b2e7``: a prefix and 12 random hex digits) is the
centre's own key, not something an elder reads out over the phone or a clerk types. The 受理号
is derived from the id alone, so every part can print or look it up without asking anyone and
nothing new is stored: the id's last seven hex digits as a nine-digit decimal, in three groups
(``052 417 906``) — digits only, the way a bank or a hospital gives a number over the phone.

It is short, so two requests may share one (28 bits: about 5 pairs among 50,000 requests); the
desk looks it up together with the elder's name printed above it (the console lists every match).
:func:`id_suffix` turns a 受理号 back into the hex digits the id ends with.
"""
from __future__ import annotations

import hashlib
import re

_HEX_TAIL = re.compile(r"[0-9a-f]{7}$")
DIGITS = 9


def reference(record_id: str) -> str:
    """``req_3f9a0c51b2e7`` → ``'018 101 799'`` (its last seven hex digits as nine decimal
    digits). An id not ending in hex (a test's, a sample's) gets a number from its hash, printed
    alike but found by nobody: the centre's ids all end in hex."""
    tail = _HEX_TAIL.search(record_id or "")
    number = int(tail.group(0), 16) if tail else int(hashlib.sha256((record_id or "").encode()).hexdigest()[:7], 16)
    digits = f"{number:0{DIGITS}d}"
    return " ".join(digits[i:i + 3] for i in range(0, DIGITS, 3))


def id_suffix(typed: str) -> str | None:
    """What a 受理号 as someone typed it (spaces, dashes, full-width digits) says the id ends
    with; None when it cannot be one."""
    from .written_numbers import SEPARATOR, char_class

    classes = [char_class(ch) for ch in typed or ""]  # full-width ５ → 5
    if any(not (c.isdigit() or c == SEPARATOR) for c in classes):
        return None
    digits = "".join(c for c in classes if c.isdigit())
    if len(digits) != DIGITS:
        return None
    number = int(digits)
    return f"{number:07x}" if number < 16 ** 7 else None
