"""One translated-strings object for the engine and every renderer.

Source text is zh_CN (the gettext msgid, marked with ``N_`` so ``onekey i18n extract`` finds
it); :meth:`Strings.t` translates it to the session's locale and fills ``{placeholders}``, the
centre's phone numbers (``{hotline}``, ``{ambulance}``, ``{police}``) always among them. The
engine, the Kivy kit and the TV use the same instance, so screen and speech share one id per
sentence (STYLE.md §8).
"""
from __future__ import annotations

from typing import Any, Mapping

from .i18n import translate
from .punctuation import marks

DIGITS_ZH = "零一二三四五六七八九"


class Strings:
    def __init__(self, locale: str, contact: Mapping[str, str]):
        self.locale = locale
        self.contact = dict(contact)

    def t(self, text: str, **kw: Any) -> str:
        out = translate(text, self.locale)
        return out.format(**{**self.contact, **kw}) if "{" in out else out

    def digit_by_digit(self, code: str) -> str:
        """A code said digit by digit in two halves (四八三，九二零), never as one big number."""
        said = [DIGITS_ZH[int(c)] if c.isdigit() else c for c in code] if self.locale.startswith("zh") \
            else list(code)
        half = len(said) // 2
        apart = "" if self.locale.startswith("zh") else " "  # "4 8 3", not "forty-eight…"
        return marks(self.locale).clauses(apart.join(said[:half]), apart.join(said[half:])) if half else apart.join(said)
