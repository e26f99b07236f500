"""显示设置 on an elder's page: her text size, colours, language, speech rate and volume, as an
agent changes them on the phone with her or her family (call_center/elder_preferences.py).

Each field offers the choices and, for a preference nobody chose for her, 未选 — her TV keeps
its own setting for it (a box started in English stays English) until someone chooses. A value
set another way (through the API: font_scale 1.1) is offered as it is, so saving the form
keeps it. The form carries the profile's version its page was drawn with: a change made since
(her daughter's phone) is not overwritten."""
from __future__ import annotations

from typing import Any

from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, Regexp

from ..elder_preferences import FIELDS, FONT_SCALES, LOCALES, NAMES, SPEECH_RATES, THEMES, VOLUMES, word
from ..models import Elder
from .forms import ConsoleForm

UNCHOSEN = ""
UNCHOSEN_WORDS = "未选（电视、自助机用自己的设置）"
OFFERED: dict[str, dict[Any, str]] = {"font_scale": FONT_SCALES, "theme": THEMES, "locale": LOCALES,
                                      "speech_rate": SPEECH_RATES, "volume": VOLUMES}
PARSE = {"font_scale": float, "theme": str, "locale": str, "speech_rate": int, "volume": int}


def _key(name: str, value: Any) -> str:
    return f"{PARSE[name](value):g}" if name == "font_scale" else str(PARSE[name](value))


class PreferencesForm(ConsoleForm):
    form_prefix = "prefs"
    version = HiddenField(validators=[DataRequired("页面缺少版本，请刷新后再改。"), Regexp(r"^[0-9]{1,9}$")])
    font_scale = SelectField(NAMES["font_scale"], choices=[], default=UNCHOSEN)
    theme = SelectField(NAMES["theme"], choices=[], default=UNCHOSEN)
    locale = SelectField(NAMES["locale"], choices=[], default=UNCHOSEN)
    speech_rate = SelectField(NAMES["speech_rate"], choices=[], default=UNCHOSEN)
    volume = SelectField(NAMES["volume"], choices=[], default=UNCHOSEN)

    def offer(self, elder: Elder, sent: bool = False) -> "PreferencesForm":
        """Her choices on every field (and her own value where the usual choices lack it).
        ``sent``: checking a form a page drew earlier, where 未选 (leave it) is always an answer
        — someone may have chosen that preference since the page was drawn."""
        own = {k: v for k, v in (elder.preferences or {}).items() if k in FIELDS and v is not None}
        for name in FIELDS:
            choices = [(_key(name, v), words) for v, words in OFFERED[name].items()]
            if name not in own or sent:
                choices.insert(0, (UNCHOSEN, UNCHOSEN_WORDS))
            elif _key(name, own[name]) not in {c[0] for c in choices}:
                choices.append((_key(name, own[name]), word(name, own[name])))
            getattr(self, name).choices = choices
        return self

    def fill(self, elder: Elder) -> "PreferencesForm":
        """The page's values: hers, 未选 where nobody chose."""
        own = elder.preferences or {}
        for name in FIELDS:
            getattr(self, name).data = _key(name, own[name]) if own.get(name) is not None else UNCHOSEN
        self.version.data = str(elder.version)
        return self.offer(elder)

    def wanted(self) -> dict[str, Any]:
        """What the agent chose, typed as the centre keeps it (未选 left out)."""
        return {name: PARSE[name](getattr(self, name).data) for name in FIELDS
                if getattr(self, name).data not in (None, UNCHOSEN)}
