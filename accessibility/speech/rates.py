"""Speech rate and volume presets for old listeners, and their mapping to espeak.

ELDER_UI.md (Speech): default ~180–200 Chinese characters a minute, adjustable; normal
Mandarin is ~240/min and older adults read ~210/min; do not go much slower, because slowed
synthetic speech was understood worse by listeners of every age. So the presets stay within
0.85–1.3 of the default and "slow" is only a little slower.

An elder's `speech_rate` preference is a preset name, a multiplier of the locale's normal
rate (1.0 = 190 characters/min in Chinese, 145 words/min in English), or, as the central API
stores it, Chinese characters a minute (an integer such as 180). `volume` is a preset name,
a fraction 0.0–1.0, or the API's integer percent 0–100. espeak's `-s` counts English words a minute, so for Chinese its value is
looked up in a calibration measured on this product's own sentences.
"""
from __future__ import annotations

from bisect import bisect_left

from .locales import spoken_locale

RATE_PRESETS: dict[str, float] = {"slow": 0.9, "normal": 1.0, "fast": 1.15}
RATE_MIN, RATE_MAX = 0.85, 1.3

VOLUME_PRESETS: dict[str, float] = {"soft": 0.6, "normal": 0.8, "loud": 1.0}

# Units a minute at rate 1.0: characters for Chinese, words for English.
NORMAL_RATE: dict[str, float] = {"zh_CN": 190.0, "yue": 190.0, "en": 145.0}

# (espeak -s value, units a minute measured over whole sentences, pauses included), espeak-ng
# 1.51 on Debian 12, six UI sentences per Chinese voice, four for English. Re-measured by
# bench/bench_speech.py; tests check the default still lands in the 180–200 band.
ESPEAK_CALIBRATION: dict[str, tuple[tuple[int, float], ...]] = {
    "cmn-latn-pinyin": ((80, 92.8), (100, 111.8), (120, 136.5), (140, 164.4), (160, 191.5),
                        (180, 221.0), (200, 251.1), (220, 281.9), (240, 314.8), (260, 352.3),
                        (280, 390.9), (300, 430.0)),
    "yue": ((80, 112.9), (100, 135.1), (120, 164.5), (140, 197.6), (160, 228.4), (180, 262.1),
            (200, 295.0), (220, 330.9), (240, 364.9), (260, 405.5), (280, 440.7), (300, 474.4)),
    "en": ((80, 95.5), (100, 113.8), (120, 137.0), (140, 161.8), (160, 185.8), (180, 210.4),
           (200, 233.4), (220, 258.9), (240, 285.0), (260, 306.7), (280, 333.3), (300, 357.4)),
}


class BadPreference(ValueError):
    code = "bad_preference"


def _number(preference: str | float, what: str, presets: dict[str, float]) -> float | str:
    if isinstance(preference, str):
        if preference in presets:
            return preference
        try:
            return float(preference) if "." in preference else int(preference)
        except ValueError:
            raise BadPreference(f"unknown {what} {preference!r}") from None
    if isinstance(preference, bool) or preference != preference:  # NaN
        raise BadPreference(f"{what} is not a number")
    return preference


def resolve_rate(preference: str | float | None) -> float:
    """A preset, a multiplier, or characters a minute → a multiplier old listeners can follow."""
    if preference is None:
        return 1.0
    value = _number(preference, "speech rate", RATE_PRESETS)
    if isinstance(value, str):
        return RATE_PRESETS[value]
    if isinstance(value, int) or value > 3:
        value = value / NORMAL_RATE["zh_CN"]   # the API's characters a minute
    return min(RATE_MAX, max(RATE_MIN, float(value)))


def resolve_volume(preference: str | float | None) -> float:
    """A preset, a fraction 0.0–1.0, or an integer percent (the API's 0–100) → 0.0–1.0."""
    if preference is None:
        return VOLUME_PRESETS["normal"]
    value = _number(preference, "volume", VOLUME_PRESETS)
    if isinstance(value, str):
        return VOLUME_PRESETS[value]
    if isinstance(value, int) or value > 1:
        value = value / 100.0
    return min(1.0, max(0.0, float(value)))


def units_per_minute(locale: str, rate: float) -> float:
    return NORMAL_RATE[locale] * rate


def espeak_speed(voice: str, target_per_minute: float) -> int:
    """The espeak `-s` value that yields `target_per_minute` for `voice` (linear between points)."""
    points = ESPEAK_CALIBRATION[voice]
    measured = [p[1] for p in points]
    i = bisect_left(measured, target_per_minute)
    if i == 0:
        (s0, m0), (s1, m1) = points[0], points[1]
    elif i >= len(points):
        (s0, m0), (s1, m1) = points[-2], points[-1]
    else:
        (s0, m0), (s1, m1) = points[i - 1], points[i]
    speed = s0 + (target_per_minute - m0) * (s1 - s0) / (m1 - m0)
    return int(round(min(450, max(80, speed))))


class EspeakVoicing:
    """Voice and ``-s`` speed for espeak-ng, shared by the engines built on it (the CLI and
    pyttsx3's libespeak driver), so both say a sentence at the same pace and cache alike."""

    def voice_for(self, locale: str) -> str:
        return spoken_locale(locale).espeak_voice

    def speed(self, locale: str, rate: float) -> int:
        loc = spoken_locale(locale)
        return espeak_speed(loc.espeak_voice, units_per_minute(loc.code, rate))

    def rate_token(self, locale: str, rate: float) -> str:
        return f"s{self.speed(locale, rate)}"

