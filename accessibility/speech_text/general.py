"""The general cases, read by wetext (the WeTextProcessing runtime: its FSTs ship in the wheel,
no pynini, about a millisecond a sentence).

What is left once the domain rules have run — plain integers (共10000人 → 共一万人), fractions
(1/2片 → 二分之一片, 3/4杯), dates written with a slash (12/1 → 十二月一日), ratios (3:2 →
三比二), percentages (85% → 百分之八十五) — goes to wetext in context, so it picks 两 or 二
and fraction or date from the words around the number.

What wetext gets wrong, and the project reads first (see the modules named): money
(十二点五零元; quantities), rooms and letter+digit codes (五百零二室, HC负八百…; codes), ranges
without a unit (一百减两百; quantities), decimals (12.1 → 十二月一日; quantities), 第2 and 2点
(第两个, 二点; quantities), Latin units and blood pressure (毫米Hg, 八十五分之一百三十五; measures),
clock times without their part of the day (二十一点三十分; when).
"""
from __future__ import annotations

import re
import threading

_DIGIT = re.compile(r"\d")
_local = threading.local()


def _normalizer():
    """One wetext Normalizer per thread (its FST decoders are not shared between threads)."""
    normalizer = getattr(_local, "normalizer", None)
    if normalizer is None:
        from wetext import Normalizer

        normalizer = _local.normalizer = Normalizer(lang="zh", operator="tn")
    return normalizer


def read_general(text: str, cantonese: bool = False) -> str:
    """``text`` with its remaining numbers read by wetext; text without a digit is returned as is."""
    if not _DIGIT.search(text):
        return text
    spoken = _normalizer().normalize(text)
    # wetext reads digit strings the Mandarin phone way (幺); Cantonese says 一.
    return spoken.replace("幺", "一") if cantonese else spoken
