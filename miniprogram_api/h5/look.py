"""How the H5 pages look, from the mini-program's host config (``accessibility/hosts/
miniprogram.yaml``: text sizes, line heights, targets, themes) — the numbers ``onekey audit``
checks — plus the reader's own choices: text size (标准, WeChat's 关怀模式 23.8 px, larger)
and theme, kept in cookies. Sizes are in rem, so a browser's own text size and zoom
multiply them (WCAG 1.4.4: 200% text with nothing lost)."""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo
from typing import Any

from flask import request
from flask_babel import gettext as _

from accessibility.hosts import load_host, palette_for
from shared_ui.confirmation import (confirmation_speech, ended_words, format_day_time, happens, parse_time,
                                   render_facts, stage_of)
from shared_ui.i18n import translate
from shared_ui.lines import as_value
from shared_ui.spec.loader import load_spec
from shared_ui.spec.models import label_for_another

from ..i18n import current_locale

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Text sizes a reader may pick: standard (the host's 18 px body), WeChat care mode (23.8 px),
# and two larger still. CSS classes fs-100 … fs-200.
FONT_SCALES = {"1": 1.0, "1.32": 23.8 / 18, "1.6": 1.6, "2": 2.0}
PRESET_WORDS = {
    "visit_sunday": "周日我来看您。", "call_me": "有空给我回个电话。", "take_medicine": "记得按时吃药。",
    "eat_well": "天冷了，多穿点衣服，好好吃饭。", "love_you": "我很想您，保重身体。",
}


def valid(key: str, value: str) -> bool:
    if key == "fs":
        return value in FONT_SCALES
    if key == "theme":
        return value in host().themes
    if key == "lang":
        return value in ("zh_CN", "en")
    return False


@lru_cache(maxsize=1)
def host():
    return load_host("miniprogram")


def current() -> dict[str, Any]:
    def chosen(key: str, default: str) -> str:
        value = request.args.get(key) or request.cookies.get(key) or default
        return value if valid(key, value) else default

    fs = chosen("fs", "1")
    return {"fs": fs, "fs_class": f"fs-{int(round(FONT_SCALES[fs] * 100))}",
            "theme": chosen("theme", host().default_theme), "lang": current_locale(),
            "scales": [(k, _label(k)) for k in FONT_SCALES], "fs_label": _label(fs)}


def _label(scale: str) -> str:
    return {"1": _("标准"), "1.32": _("大"), "1.6": _("特大"), "2": _("超大")}[scale]


@lru_cache(maxsize=1)
def theme_css() -> str:
    """CSS variables: each theme's colours, the host's sizes (px → rem at 16 px)."""
    h = host()
    lines = []
    for name in h.themes:
        palette = palette_for(h, name)
        selector = ":root" if name == h.default_theme else f'[data-theme="{name}"]'
        colours = "".join(f"--{role.replace('_', '-')}:{value};"
                          for role, value in palette.model_dump().items() if isinstance(value, str))
        lines.append(f"{selector}{{{colours}}}")
    sizes = "".join(f"--text-{role}:{style.size / 16:.4g}rem;--lh-{role}:{style.line_height};"
                    for role, style in h.text.items())
    targets = h.targets
    assert targets is not None
    lines.append(f":root{{{sizes}--target:{targets.primary.height / 16:.4g}rem;"
                 f"--target-small:{targets.secondary.height / 16:.4g}rem;"
                 f"--gap:{h.spacing.gap / 16:.4g}rem;--pad:{h.spacing.padding / 16:.4g}rem;"
                 f"--radius:{h.spacing.radius / 16:.4g}rem}}")
    for scale in FONT_SCALES.values():
        lines.append(f".fs-{int(round(scale * 100))}{{font-size:{scale * 100:.4g}%}}")
    return "\n".join(lines) + "\n"


def elder_named(elder: dict[str, Any]) -> str:
    return elder.get("name") or elder.get("name_masked") or _("老人")


def request_facts(record: dict[str, Any], elder: dict[str, Any]) -> list[Any]:
    """The request's facts as its reader sees them: a member acting for ``elder`` (您家楼下 is
    王秀英家楼下 here)."""
    return render_facts(load_spec(), record, current_locale(), elder_named(elder))


def request_said(record: dict[str, Any], elder: dict[str, Any]) -> str:
    """What the request's result says, naming her (王秀英的挂号已成功…), once it stands or has a
    stage — the same sentence her own TV says to her, in the form for another."""
    spec = load_spec()
    if record.get("status") not in ("confirmed", "completed") and stage_of(spec, record) is None:
        return ""
    return confirmation_speech(spec, record, current_locale(), elder_named(elder))


def request_ended(record: dict[str, Any]) -> str:
    """Where a request that ended undone stands, said first (这项服务已取消，原来约好的都不算数了。):
    its facts are not shown (shared_ui.confirmation.ended_undone)."""
    return ended_words(load_spec(), record, current_locale())


# Who did it, when a note says no more than that: "系统已受理" under 已受理 says nothing new.
ACTORS = ("系统", "客服", "话务员", "the system", "system")
QUIET = str.maketrans("", "", " \t\n。，、：:.,!！;；")


def says_more(note: str | None, word: str) -> bool:
    """Does a history line's note add to its status word? ("已取消：已取消" does not.)"""
    rest = (note or "").lower().replace(word.lower(), "")
    for actor in ACTORS:
        rest = rest.replace(actor, "")
    return bool(rest.translate(QUIET))


def request_steps(record: dict[str, Any]) -> list[dict[str, Any]]:
    """A request's history, each line its status word and a note only when it says more."""
    from ..flows import engine_for

    engine = engine_for(current_locale())
    steps = []
    for event in record.get("events") or []:
        word = engine.status_word(event["status"])
        note = event.get("note") or ""
        # after the word's colon, the note's own colons are commas (已受理：评估中，…一起受理)
        steps.append({"at": event.get("at"), "status": event["status"], "word": word,
                      "note": as_value(note) if says_more(note, word) else None})
    return steps


def presets(binding: dict[str, Any]) -> list[tuple[str, str]]:
    return [(key, words) for key, words in PRESET_WORDS.items()]


# 办理进度: what a member following a parent's requests needs first — what is still to come or
# under way, by the time it happens (soonest first), then what has ended, latest first; a
# booking whose time has passed has ended for her, whatever its status. Ended ones stay
# RECENT_DAYS (the centre sends those finished within that many days and every open one).
RECENT_DAYS = 30
FINAL = ("completed", "cancelled", "failed")


def progress(records: list[dict[str, Any]], page: int, now: datetime | None = None) -> dict[str, Any]:
    """The rows of 办理进度, each with the time it happens (或 when it was asked for, where it has
    no such time), a page at a time as the flow's lists page on this channel (abilities'
    ``list`` paging: all when they fit, else 上一页/下一页)."""
    from shared_ui.flow.abilities import Paging
    from shared_ui.flow.build import DEFAULT_PAGING, clamp_page, page_count

    from ..flows import engine_for

    locale = current_locale()
    spec = load_spec()
    now = now or datetime.now(SHANGHAI)
    today = now.astimezone(SHANGHAI).replace(hour=0, minute=0, second=0, microsecond=0)
    timed, untimed, ended = [], [], []
    for record in records:
        found = happens(spec, record)
        asked = parse_time(record.get("created_at"))
        moment = found[1] if found else asked
        label = translate(label_for_another(found[0]), locale) if found else _("提交时间")
        row = {"record": record, "label": label, "at": moment,
               "when": format_day_time(moment.astimezone(SHANGHAI), locale, now.date()) if moment else ""}
        if record.get("status") in FINAL or (found is not None and found[1] < today):
            if moment is None or moment >= today - timedelta(days=RECENT_DAYS):
                ended.append(row)
        else:
            (timed if found else untimed).append(row)
    far = datetime.max.replace(tzinfo=SHANGHAI)
    timed.sort(key=lambda r: r["at"])  # soonest first
    untimed.sort(key=lambda r: r["at"] or far, reverse=True)  # under way, latest asked first
    ended.sort(key=lambda r: r["at"] or far, reverse=True)
    rows = timed + untimed + ended
    paging: Paging = engine_for(locale).abilities.paging.get("list") or DEFAULT_PAGING
    pages = page_count(len(rows), paging)
    page = clamp_page(page, len(rows), paging)
    shown = rows if len(rows) <= paging.fits else rows[page * paging.page_size:(page + 1) * paging.page_size]
    return {"rows": shown, "page": page, "pages": pages, "count": len(rows),
            "prev": page - 1 if page > 0 else None, "next": page + 1 if page < pages - 1 else None}
