"""Masking of personal data on paper (seed 004 §个人信息保护; DESIGN.md §2.3 kiosk rules).

A slip leaves the kiosk in an elder's pocket and may be dropped anywhere, so names, ID
numbers and phone numbers are printed masked: 张*明, 3101**********1234, 138****5678.
The centre already sends ``*_masked`` fields; these functions mask again anyway, and
:func:`scrub` masks any ID or mobile number that sneaks into free text (a note, an
address), so no whole number can reach the paper whatever the caller passed in.

Every function is idempotent: masking a masked value returns it unchanged.
"""
from __future__ import annotations

import re

MASK = "*"

# GB 11643 citizen ID: 18 characters (17 digits + digit/X) or the old 15-digit form.
_ID18_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_ID15_RE = re.compile(r"(?<!\d)\d{15}(?!\d)")
# Mainland mobile numbers, optionally with +86 / 86 and separators: 138 1234 5678, 138-1234-5678.
_MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\d)")
# Anything else that is a long run of digits (bank cards, social-security numbers).
_LONG_DIGITS_RE = re.compile(r"(?<!\d)\d{12,}(?!\d)")


def mask_name(name: str | None) -> str:
    """张三 → 张*, 张三明 → 张*明, 欧阳娜娜 → 欧**娜; a masked name stays as it is.

    Works on code points, so a rare character outside the BMP (𠮷) counts as one.
    """
    if not name:
        return ""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]


def mask_id_number(value: str | None) -> str:
    """3101********1234 style: the first 4 and last 4 characters kept, the rest starred."""
    if not value:
        return ""
    value = value.strip()
    if len(value) <= 8:
        return MASK * len(value)
    return value[:4] + MASK * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    """138****5678 for a mobile; the last 4 digits kept for anything else (021****1234)."""
    if not value:
        return ""
    value = value.strip()
    digits = re.sub(r"[\s-]", "", value)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not digits.replace(MASK, "").isdigit():
        return scrub(value)
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + MASK * 4 + digits[-4:]
    if len(digits) <= 4:
        return digits
    keep_head = 3 if len(digits) >= 10 else 0
    return digits[:keep_head] + MASK * (len(digits) - keep_head - 4) + digits[-4:]


def phone_tail(value: str | None) -> str:
    """The last four digits of a phone number, for “尾号5678”."""
    digits = re.sub(r"\D", "", value or "")
    return digits[-4:]


def scrub(text: str | None) -> str:
    """Mask every ID number, mobile number and long digit run inside free text.

    Numbers an elder needs stay whole: hotlines (12345, 962120), landlines with an area
    code (a street office's or hospital's desk, 021-64281234), queue numbers, fees, times,
    dates, house numbers. A personal landline is not recognisable as such, so it is the
    centre's job to send it masked (``*_masked`` fields).
    """
    if not text:
        return "" if text is None else text
    text = _ID18_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _ID15_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _MOBILE_RE.sub(lambda m: f"{m.group(1)}{MASK * 4}{m.group(3)}", text)
    text = _LONG_DIGITS_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    return text


def unmasked_numbers(text: str) -> list[str]:
    """Whole ID numbers, mobile numbers or long digit runs still present in ``text`` (for tests and audits)."""
    found = []
    for pattern in (_ID18_RE, _ID15_RE, _MOBILE_RE, _LONG_DIGITS_RE):
        found.extend(m.group(0) for m in pattern.finditer(text))
    return found
