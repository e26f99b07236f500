"""Hypothesis strategies: every way a person may write a number, and text around it."""
from __future__ import annotations

from hypothesis import strategies as st

# Between the groups of a number: what input methods, web pages and agents type.
SEPARATORS = [" ", "-", ".", "\u3000", "\u00a0", "－", "．", "‐", "–", "—", "·", " - "]
TEXT = ["老人", "家属电话", "身份证", "医院", "，", "。", "：", "（", "）", "号", "路", "弄", "请拨打",
        "热线", "备注", "abc", "、"]


def full_width(ch: str) -> str:
    return chr(ord(ch) + 0xFEE0) if ch.isascii() and (ch.isdigit() or ch in "Xx+") else ch


@st.composite
def written(draw, number: str) -> str:
    """``number`` with each character ASCII or full-width and separators between any two."""
    out = []
    for i, ch in enumerate(number):
        # One separator between two characters, none beside one already there ("+86 ").
        if 0 < i and ch not in " -." and number[i - 1] not in " -." and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(SEPARATORS)))
        out.append(full_width(ch) if draw(st.booleans()) else ch)
    return "".join(out)


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


@st.composite
def mobiles(draw) -> str:
    return "1" + draw(st.sampled_from("3456789")) + draw(digits(9))


@st.composite
def id_numbers(draw) -> str:
    """18-character (any check character, x or X) or 15-digit ID numbers with a real date."""
    region = draw(st.sampled_from("123456789")) + draw(digits(5))
    year = draw(st.integers(1900, 2025))
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    if draw(st.booleans()):
        return f"{region}{year % 100:02d}{month:02d}{day:02d}" + draw(digits(3))
    return f"{region}{year}{month:02d}{day:02d}" + draw(digits(3)) + draw(st.sampled_from("0123456789Xx"))


# Text that ends and starts with something that is not a digit, a separator, + or *.
filler = st.lists(st.sampled_from(TEXT), max_size=4).map("".join)


@st.composite
def around(draw, written_number: str) -> tuple[str, str, str]:
    """(text before, the number, text after)."""
    return draw(filler), written_number, draw(filler)
