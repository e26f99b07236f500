"""Spoken locales and the voice each engine uses for them.

Mandarin is always espeak's `cmn-latn-pinyin`: Debian 12's plain `cmn` voice reads tone
digits and Latin text in English, so it must never be chosen. Cantonese (`yue`) is spoken
from the same written Chinese as Mandarin.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpokenLocale:
    code: str            # our locale code: zh_CN, yue, en
    text_locale: str     # the catalog its words come from
    espeak_voice: str
    gtts_lang: str
    unit: str            # what its speech rate counts: Chinese characters or English words


LOCALES: dict[str, SpokenLocale] = {
    "zh_CN": SpokenLocale("zh_CN", "zh_CN", "cmn-latn-pinyin", "zh-CN", "characters"),
    "yue": SpokenLocale("yue", "zh_CN", "yue", "yue", "characters"),
    "en": SpokenLocale("en", "en", "en", "en", "words"),
}

_ALIASES = {
    "zh": "zh_CN", "zh_cn": "zh_CN", "zh_hans": "zh_CN", "zh_hans_cn": "zh_CN", "cmn": "zh_CN",
    "yue": "yue", "yue_hk": "yue", "zh_hk": "yue", "zh_mo": "yue",
    "en": "en", "en_us": "en", "en_gb": "en",
}


class UnknownLocale(ValueError):
    code = "unknown_locale"


def spoken_locale(locale: str) -> SpokenLocale:
    """Resolve `zh-CN`, `zh_Hans`, `en_US`, `zh_HK`… to one of the three spoken locales."""
    key = locale.replace("-", "_").lower()
    code = _ALIASES.get(key)
    if code is None:
        raise UnknownLocale(f"no voice for locale {locale!r}")
    return LOCALES[code]
