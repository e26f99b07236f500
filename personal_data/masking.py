"""Personal data as strangers may see it: screens, slips, the agents' lists (seed 004
§个人信息保护; DESIGN.md §2.3 "personal numbers masked on screen and on paper").

One rule set for the centre, the kiosk and the slips:

- a name keeps its first character and, from three characters on, its last: 张三 → 张*,
  张三明 → 张*明, 欧阳娜娜 → 欧**娜 (a compound surname shows one character, like any
  other). A one-character name is the whole name, so it prints as ``*``. Characters are code
  points with their combining marks and variation selectors: 𠮷 counts as one;
- an ID number keeps its first and last four characters when it has the 15- or 18-character
  length (3101**********1234); a number of any other length is all stars, because four and
  four of a short number is most of it;
- a mobile keeps 3 + 4 digits (138****5678), written in any way (full-width, spaced, +86);
- a landline keeps its area code and last four digits (021****1234), anything else its
  last four; numbers of six digits or fewer are service numbers (120, 12345, 962120) and
  stay whole;
- :func:`scrub` masks personal numbers inside free text by the same rules and leaves the
  numbers an elder needs (see :mod:`personal_data.free_text`).

Every function is idempotent: masking a masked value returns it unchanged. Masked numbers
come out in ASCII digits without separators, whatever way they were written.
"""
from __future__ import annotations

import unicodedata

from .free_text import ID_NUMBER, MOBILE, MOBILE_NUMBER, find_personal_numbers
from .written_numbers import MASK, plain_number

_SERVICE_NUMBER_MAX = 6
_ID_LENGTHS_FROM = 15


def mask_name(name: str | None) -> str:
    """张三 → 张*, 张三明 → 张*明, 欧阳娜娜 → 欧**娜, 王 → *; a masked name stays as it is."""
    chars = characters((name or "").strip())
    if not chars:
        return ""
    if len(chars) == 1:
        return MASK
    if len(chars) == 2:
        return chars[0] + MASK
    return chars[0] + MASK * (len(chars) - 2) + chars[-1]


def mask_id_number(value: str | None) -> str:
    """310101194001011234 → 3101**********1234 (any spelling); other lengths all stars."""
    number = plain_number(value or "")
    if not number:
        return ""
    return _keep_ends(number) if len(number) >= _ID_LENGTHS_FROM else MASK * len(number)


def mask_phone(value: str | None) -> str:
    """138****5678 for a mobile (``+86 138-1234-5678`` too), 021****1234 for a landline,
    ****1234 for other numbers; 120 or 962120 as they are. A value that is not only a
    number (``13812345678（儿子）``) is scrubbed as free text."""
    number = plain_number(value or "")
    if not number:
        return ""
    if number.startswith("+"):
        number = number[1:]
    if not (number.replace(MASK, "").isdigit() and number.isascii()):
        return scrub(value)
    mobile = MOBILE_NUMBER.fullmatch(number)  # the + of +86 is gone already
    if mobile:
        return _mobile(mobile.group(1))
    if len(number) <= _SERVICE_NUMBER_MAX:
        return number
    if len(number) == 11 and number.startswith("1"):
        return _mobile(number)
    keep_head = 0
    if number.startswith("0") and not number.startswith("00"):
        keep_head = 3 if number[1:2] in ("1", "2") else 4  # 010, 021 … ; 0571, 0512 …
        if len(number) - keep_head - 4 < 3:
            keep_head = 0
    return number[:keep_head] + MASK * (len(number) - keep_head - 4) + number[-4:]


def phone_tail(value: str | None) -> str:
    """The last four digits of a phone number, for “尾号5678” (any spelling)."""
    digits = "".join(c for c in plain_number(value or "") if "0" <= c <= "9")
    return digits[-4:]


def scrub(text: str | None) -> str:
    """Every personal number inside free text masked (see the module docstring);
    everything else, full-width punctuation included, exactly as it was."""
    if not text:
        return ""
    out, at = [], 0
    for number in find_personal_numbers(text):
        out.append(text[at:number.start])
        if number.kind == MOBILE:
            out.append(_mobile(number.digits))
        elif number.kind == ID_NUMBER:
            out.append(mask_id_number(number.digits))
        else:
            out.append(_keep_ends(number.digits))
        at = number.end
    out.append(text[at:])
    return "".join(out)


def unmasked_numbers(text: str | None) -> list[str]:
    """The personal numbers still whole in ``text``, as written (for tests and audits)."""
    if not text:
        return []
    return [text[n.start:n.end] for n in find_personal_numbers(text)]


def _mobile(digits: str) -> str:
    return digits[:3] + MASK * 4 + digits[-4:]


def _keep_ends(number: str) -> str:
    return number[:4] + MASK * (len(number) - 8) + number[-4:]


def characters(text: str) -> list[str]:
    """Code points with their combining marks and variation selectors (𠮷, 葛󠄀 = one each)."""
    chars: list[str] = []
    for c in text:
        if chars and _joins_previous(c):
            chars[-1] += c
        else:
            chars.append(c)
    return chars


def _joins_previous(c: str) -> bool:
    cp = ord(c)
    return (unicodedata.category(c) in ("Mn", "Me", "Mc") or 0xFE00 <= cp <= 0xFE0F
            or 0xE0100 <= cp <= 0xE01EF or cp == 0x200D)
