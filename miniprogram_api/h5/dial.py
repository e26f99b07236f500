"""Phone numbers in a page's sentences made tappable (``tel:``): on a phone, "情况紧急请直接拨打
120" is one tap from the call, not a number to remember and key in with shaking hands.

A short number is a phone number only where the sentence says to call it (拨打120, 热线12345,
call 120): 120元, 502室 or 12月 are not. A mobile (11 digits from 13–19) or a landline with its
area code and hyphen (021-62345678) is one anywhere, unless it is part of a longer run of
digits or letters (an ID or tracking number).
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

_SHORT = r"\d{3,6}"
_MOBILE = r"1[3-9]\d{9}"
_LANDLINE = r"0\d{2,3}-\d{7,8}"
_CALL_WORDS = r"拨打|打给|呼叫|致电|热线|电话|call|dial|phone"
_CLOSING = re.compile(r"[，。、；：！？）」』”,.;:!?)]+")  # punctuation no line may start with
_APART = "0-9A-Za-z-"  # what may not touch a number (Chinese words may: 电话13764561234转)
_NUMBERS = re.compile(
    rf"(?P<said>(?:{_CALL_WORDS})[ \u00a0：:]*)(?P<short>{_MOBILE}|{_LANDLINE}|{_SHORT})(?![{_APART}])"
    rf"|(?<![{_APART}])(?P<alone>{_MOBILE}|{_LANDLINE})(?![{_APART}])",
    re.IGNORECASE)


def dialable(text: str | None) -> Markup:
    """``text`` escaped, with each phone number in it a ``tel:`` link."""
    if not text:
        return Markup("")
    out, last = [], 0
    for found in _NUMBERS.finditer(text):
        number = found.group("short") or found.group("alone")
        start = found.start("short") if found.group("short") else found.start("alone")
        end = start + len(number)
        after = _CLOSING.match(text, end)
        tail = after.group(0) if after else ""
        out.append(escape(text[last:start]))
        link = Markup('<a class="dial" href="tel:{}">{}</a>').format(number.replace("-", ""), number)
        # The link is one box: the 。 after it would start a line of its own (a line must not).
        out.append(Markup('<span class="dial-run">{}{}</span>').format(link, tail) if tail else link)
        last = end + len(tail)
    out.append(escape(text[last:]))
    return Markup("").join(out)
