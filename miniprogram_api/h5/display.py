"""显示设置 for a parent on the family's H5 pages: her text size, colours, language, speech
rate and volume on her TV and at the kiosk — her preferences at the centre, which her TV
follows within seconds. The words here are the family's (translated); the console has its own
(call_center/elder_preferences.py).

A preference nobody chose for her is 未选: her TV keeps its own setting for it (a box started
in English stays English) until someone chooses. Only what the member changed is sent, with
the version of the profile the page was drawn from: a change made since (an agent, another
child) is not overwritten."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice

from accessibility.themes import FONT_SCALES

from .forms import PageForm

FIELDS = ("font_scale", "theme", "locale", "speech_rate", "volume")
LABELS = {"font_scale": _l("字号"), "theme": _l("颜色"), "locale": _l("语言"), "speech_rate": _l("语速"),
          "volume": _l("音量")}
WORDS: dict[str, dict[Any, Any]] = {
    "font_scale": dict(zip(FONT_SCALES, (_l("标准"), _l("大"), _l("特大")))),
    "theme": {"standard": _l("标准（浅色）"), "high_contrast": _l("高对比度"), "dark": _l("深色")},
    "locale": {"zh_CN": "中文", "en": "English"},  # each in its own language, as a phone lists them
    "speech_rate": {160: _l("稍慢"), 190: _l("适中"), 220: _l("稍快")},
    "volume": {40: _l("小声"), 60: _l("中等"), 80: _l("大声"), 100: _l("最大声")},
}
PARSE = {"font_scale": float, "theme": str, "locale": str, "speech_rate": int, "volume": int}
UNCHOSEN = ""
UNCHOSEN_WORDS = _l("未选（电视用自己的设置）")


def key(name: str, value: Any) -> str:
    return f"{float(value):g}" if name == "font_scale" else str(PARSE[name](value))


def words(name: str, value: Any) -> str:
    known = WORDS[name].get(PARSE[name](value))
    if known is not None:
        return str(known)
    return f"{float(value):g}×" if name == "font_scale" else str(value)


def own(elder: dict[str, Any]) -> dict[str, Any]:
    """The preferences someone chose for her (the profile's ``preferences_set``)."""
    prefs = elder.get("preferences") or {}
    return {k: prefs[k] for k in elder.get("preferences_set") or [] if k in FIELDS and prefs.get(k) is not None}


def shown(elder: dict[str, Any]) -> list[dict[str, Any]]:
    chosen = own(elder)
    return [{"name": n, "label": str(LABELS[n]), "chosen": n in chosen,
             "words": words(n, chosen[n]) if n in chosen else str(UNCHOSEN_WORDS)} for n in FIELDS]


class DisplayForm(PageForm):
    version = HiddenField()
    font_scale = RadioField(LABELS["font_scale"], choices=[], default=UNCHOSEN)
    theme = RadioField(LABELS["theme"], choices=[], default=UNCHOSEN)
    locale = RadioField(LABELS["locale"], choices=[], default=UNCHOSEN)
    speech_rate = RadioField(LABELS["speech_rate"], choices=[], default=UNCHOSEN)
    volume = RadioField(LABELS["volume"], choices=[], default=UNCHOSEN)

    def offer(self, elder: dict[str, Any], sent: bool = False) -> "DisplayForm":
        """Her choices on every field; 未选 where nobody chose (and, checking a form sent from a
        page drawn earlier, always: someone may have chosen it since); her own value where the
        usual choices lack it."""
        chosen = own(elder)
        for name in FIELDS:
            choices = [SelectChoice(key(name, v), w) for v, w in WORDS[name].items()]
            if name not in chosen or sent:
                choices.insert(0, SelectChoice(UNCHOSEN, UNCHOSEN_WORDS))
            elif key(name, chosen[name]) not in {c.value for c in choices}:
                choices.append(SelectChoice(key(name, chosen[name]), words(name, chosen[name])))
            getattr(self, name).choices = choices
        return self

    def fill(self, elder: dict[str, Any], version: str | None) -> "DisplayForm":
        chosen = own(elder)
        for name in FIELDS:
            getattr(self, name).data = key(name, chosen[name]) if name in chosen else UNCHOSEN
        self.version.data = version or ""
        return self.offer(elder)

    def changes(self, elder: dict[str, Any]) -> dict[str, Any]:
        """What the member chose that is not already hers (未选 left out)."""
        chosen = own(elder)
        wanted = {n: PARSE[n](getattr(self, n).data) for n in FIELDS if getattr(self, n).data not in (None, UNCHOSEN)}
        return {n: v for n, v in wanted.items() if chosen.get(n) != v}
