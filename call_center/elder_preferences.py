"""An elder's display and voice preferences changed — through the API (her family, a device),
or by an agent on her console page: one way, so every change is merged alike, moves her
profile's version (call_center/versions.py) and reaches her TV at once (a ``preferences``
event on her household's stream, in the same transaction).

The words here are the console's (Chinese, as all its pages); the family's H5 page has its own
translated ones (miniprogram_api/h5/display.py)."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from . import present
from .clock import now
from .models import Elder, device_event_log
from .schemas.elders import ElderOut

# The choices a person is offered (the centre accepts more through the API: font_scale 1.0–2.5,
# speech_rate 120–300, volume 0–100; a value set so is shown as it is and kept).
FONT_SCALES = {1.0: "标准", 1.25: "大", 1.5: "特大"}  # the TV's and kiosk's scales (accessibility/themes)
THEMES = {"standard": "标准（浅色）", "high_contrast": "高对比度", "dark": "深色"}
LOCALES = {"zh_CN": "中文", "en": "English（英文）"}
SPEECH_RATES = {160: "稍慢", 190: "适中", 220: "稍快"}
VOLUMES = {20: "很小", 40: "小", 60: "中", 80: "大", 100: "最大"}
NAMES = {"font_scale": "字号", "theme": "颜色", "locale": "语言", "speech_rate": "语速", "volume": "音量"}
FIELDS = tuple(NAMES)


def word(name: str, value: Any) -> str:
    """How the console says one preference's value."""
    if name == "font_scale":
        return FONT_SCALES.get(float(value), f"{float(value):g}倍")
    if name == "theme":
        return THEMES.get(value, str(value))
    if name == "locale":
        return LOCALES.get(value, str(value))
    if name == "speech_rate":
        known = SPEECH_RATES.get(int(value))
        return f"{known}（每分钟{int(value)}字）" if known else f"每分钟{int(value)}字"
    if name == "volume":
        known = VOLUMES.get(int(value))
        return f"{known}（{int(value)}）" if known else str(int(value))
    return str(value)


def shown(elder: Elder) -> list[dict[str, Any]]:
    """Each preference as her page shows it: the value, and whether she (her family, an agent)
    chose it — else it is the default, and her TV keeps its own setting."""
    out = present.elder(elder)
    return [{"name": name, "label": NAMES[name], "value": getattr(out.preferences, name),
             "words": word(name, getattr(out.preferences, name)), "chosen": name in out.preferences_set}
            for name in FIELDS]


def changes(elder: Elder, wanted: dict[str, Any]) -> dict[str, Any]:
    """Of ``wanted``, what is not already her own choice (a default shown and left alone stays
    unchosen: her TV keeps its own setting for it)."""
    own = {k: v for k, v in (elder.preferences or {}).items() if v is not None}
    return {k: v for k, v in wanted.items() if v is not None and own.get(k) != v}


def change(db: Session, elder: Elder, fields: dict[str, Any]) -> ElderOut:
    """Merge ``fields`` (only those sent change) and tell her household's devices. The caller
    has checked the version (``versions.check``) and says what it did in the audit log."""
    merged = {**(elder.preferences or {}), **{k: v for k, v in fields.items() if v is not None}}
    elder.preferences = merged
    db.flush()
    out = present.elder(elder)
    # Her TV follows her at once (text size, theme, voice, language): an event on her
    # household's stream, in this transaction (a change rolled back is never announced).
    device_event_log.append(db, at=now(), audience="household", household_id=elder.household_id,
                            elder_id=elder.id, kind="preferences", ref_id=elder.id,
                            data={"preferences": out.preferences.model_dump(mode="json"),
                                  "preferences_set": out.preferences_set})
    return out


def described(before: dict[str, Any], fields: dict[str, Any]) -> str:
    """显示设置：字号 未选→特大；语言 中文→English（英文） — for the audit log."""
    parts = []
    for name in FIELDS:
        if name in fields:
            was = word(name, before[name]) if before.get(name) is not None else "未选"
            parts.append(f"{NAMES[name]} {was}→{word(name, fields[name])}")
    return "显示设置：" + "；".join(parts)
