"""What a confirmed request shows, says and prints — the same facts on every channel.

Values are formatted for the eye here ("11月25日（周三）上午9:30"); the speech layer
(accessibility) turns that display text into words ("十一月二十五日…上午九点三十分").
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Mapping

from personal_data.day_periods import day_period  # one wording: screen, speech, the centre
from personal_data.masking import mask_phone
from personal_data.status_words import status_word  # one table: channels, slips, the console
from personal_data.written_numbers import plain_number

from .i18n import N_, _is_source, translate, translate_for_another
from .lines import labelled, one_colon
from .punctuation import marks
from .spec.models import ELDER_NAMED, YOU, Fact as FactSpec, Spec, Stage, for_another, label_for_another

WEEKDAYS_ZH = "一二三四五六日"


# A request that ended without being done: what it had booked no longer stands, so no channel
# shows its time, queue number, fee, driver or place as if it did (a tester's cancelled 挂号 still
# read 明天 上午10:00, 排队号 3号 and its fee on the kiosk's 我的服务). Its status comes first,
# with :func:`ended_words`. The centre's lifecycle (call_center/lifecycle.py FINAL) ends a request
# cancelled or failed; a refusal (an application returned) is failed with its reason.
ENDED_UNDONE = frozenset({"cancelled", "failed"})
ENDED = N_("这项服务{status}，原来约好的都不算数了。")


def ended_undone(request: Mapping[str, Any]) -> bool:
    """Final and not done (cancelled, failed …): its booking's details are not shown."""
    return request.get("status") in ENDED_UNDONE


def ended_words(spec: Spec, request: Mapping[str, Any], locale: str = "zh_CN") -> str:
    """The sentence an ended request opens with (这项服务已取消，原来约好的都不算数了。), or ''."""
    if not ended_undone(request):
        return ""
    return translate(ENDED, locale).format(status=record_status(spec, request, locale))


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    emphasis: bool = False
    key: str = ""


def parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def format_time(dt: datetime, locale: str = "zh_CN") -> str:
    if not _is_source(locale):
        from babel.dates import format_time as babel_time

        return babel_time(dt, "h:mm a", locale="en")
    hour12 = dt.hour if dt.hour <= 12 else dt.hour - 12
    return f"{day_period(dt.hour)}{hour12}:{dt.minute:02d}"


def said_fact(label: str, value: str, locale: str = "zh_CN") -> str:
    """A fact read aloud: 医院：第六人民医院, but 套餐A：… alone under 套餐 (套餐套餐A was said), and
    one colon (照护需求评估：已评估，照护等级3级): :func:`shared_ui.lines.labelled`."""
    return labelled(label, value, locale)


def format_span_ends(start: datetime, end: datetime, locale: str = "zh_CN") -> tuple[str, str]:
    """The two ends of a time window as Chinese says a range: the part of the day once, in
    front, when both ends share it (上午8:00 and 10:00: 上午8:00到10:00之间), at both ends
    across two (上午11:00 and 下午1:00). Never a bare 1:00, which reads as 凌晨 (and is one
    to anyone who cannot see the label above it)."""
    first, last = format_time(start, locale), format_time(end, locale)
    if _is_source(locale) and day_period(start.hour) == day_period(end.hour):
        return first, last[len(day_period(end.hour)):]
    return first, last


def format_date(dt: datetime, locale: str = "zh_CN") -> str:
    if not _is_source(locale):
        from babel.dates import format_date as babel_date

        return babel_date(dt, "EEE d MMM", locale="en")
    return f"{dt.month}月{dt.day}日（周{WEEKDAYS_ZH[dt.weekday()]}）"


def format_date_time(dt: datetime, locale: str = "zh_CN") -> str:
    """12月7日（周一）上午10:00 / Mon 7 Dec 10:00 AM."""
    between = "" if _is_source(locale) else " "
    return f"{format_date(dt, locale)}{between}{format_time(dt, locale)}"


def format_day_time(dt: datetime, locale: str = "zh_CN", today: date | None = None) -> str:
    """The short form a list row has room for: 今天/明天/后天 or the date, then the time
    (明天 上午9:30, 12月5日 下午2:00) — whole, never cut."""
    today = today or datetime.now(dt.tzinfo).date()
    days = (dt.date() - today).days
    english = not _is_source(locale)
    names = ("Today", "Tomorrow", None) if english else ("今天", "明天", "后天")
    if 0 <= days < 3 and names[days]:
        day = names[days]
    elif english:
        from babel.dates import format_date as babel_date

        day = babel_date(dt, "d MMM", locale="en")
    else:
        day = f"{dt.month}月{dt.day}日"
    return f"{day} {format_time(dt, locale)}"


def format_value(value: Any, fmt: str = "text", locale: str = "zh_CN") -> str:
    """One fact value as display text; unknown or empty values come back as ''."""
    if value is None or value == "":
        return ""
    english = not _is_source(locale)
    if isinstance(value, (list, tuple)):  # 医保卡、身份证、既往病历: one way to list, everywhere
        return marks(locale).items(value)
    if fmt in ("datetime", "date", "time", "day_time"):
        if value == "now":
            return translate(N_("现在"), locale)
        dt = parse_time(value)
        if dt is None:
            return str(value)
        if fmt == "day_time":
            return format_day_time(dt, locale)
        if fmt == "date":
            return format_date(dt, locale)
        if fmt == "time":
            return format_time(dt, locale)
        return format_date_time(dt, locale)
    if fmt == "queue":
        return f"No. {value}" if english else f"{value}号"
    if fmt == "money":
        amount = float(value)
        text = f"{amount:.2f}".rstrip("0").rstrip(".")
        return f"¥{text}" if english else f"{text}元"
    if fmt == "minutes":
        return f"{value} min" if english else f"{value}分钟"
    return str(value)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def request_data(spec: Spec, request: Mapping[str, Any], locale: str = "zh_CN") -> dict[str, Any]:
    """Form answers and result merged; static choices get a ``<field>_label`` too."""
    data: dict[str, Any] = dict(request.get("form") or {})
    service = spec.services.get(request.get("service", ""))
    if service and service.form and service.form in spec.forms:
        for field in spec.forms[service.form].fields:
            chosen = data.get(field.id)
            for option in field.options:
                if option.value == chosen:
                    data[f"{field.id}_label"] = translate(option.label, locale)
    data.update(request.get("result") or {})
    return data


def _formats(facts: list[FactSpec]) -> dict[str, str]:
    return {f.key: f.format for f in facts}


def contact_number(value: Any, public: bool = False) -> str:
    """A number she must ring — a fact of format ``phone`` is one: the driver, the companion,
    the crew, a place near her; never her own, which is personal data and no fact. Whole on a
    private screen (her TV, her family's phone, her slip), as it is dialled; masked on a public
    one (``Abilities.public_screen``: a kiosk's room), which gives it whole on her slip instead.
    A value that is not only a number is masked as free text (no other data rides in on it)."""
    text = "" if value is None else str(value)
    number = plain_number(text)
    if number.startswith("+86") and len(number) == 14:
        number = number[3:]
    if public or not number or not (number.lstrip("+").isdigit() and number.isascii()):
        return mask_phone(text)
    return number


def fact_value(data: Mapping[str, Any], key: str, fmt: str, public: bool = False,
               locale: str = "zh_CN", short: bool = False) -> Any:
    """The value of one fact, before formatting; a number to call whole or masked as the
    screen allows (a request booked before the centre gave it whole has only
    ``<key>_masked``); a place as she knows it (:func:`place_words`; ``short``: a list row, a
    sentence said)."""
    if fmt == "place":
        return place_words(data, key, locale, short)
    if fmt != "phone":
        return data.get(key)
    found = data.get(key) or data.get(f"{key}_masked")
    return contact_number(found, public) if found not in (None, "") else None


def place_words(data: Mapping[str, Any], key: str, locale: str = "zh_CN",
                short: bool = False) -> str | None:
    """An address as the place she knows: 家（仙霞路650弄12号302室）, 上海市第六人民医院（宜山路600号）
    — a bare street address is a puzzle to an 85-year-old told where a car takes her. The
    centre names the place (``<base>_place``: home, hospital or station; ``<base>_name``);
    ``short`` is the name alone (a list row, a sentence said); an address it cannot name is
    shown as it is."""
    address = data.get(key) or ""
    base = key.removesuffix("_address")
    name = translate(N_("家"), locale) if data.get(f"{base}_place") == "home" else data.get(f"{base}_name")
    if not name or name in address:
        return address or name
    if short or not address:
        return name
    return f"{name}（{address}）" if _is_source(locale) else f"{name} ({address})"


def contact_facts(spec: Spec, request: Mapping[str, Any]) -> list[str]:
    """The keys of the numbers to call this request's result carries (司机电话, 陪诊员电话 …)."""
    service = spec.services.get(request.get("service", ""))
    if not service or not service.confirmation:
        return []
    data = request_data(spec, request)
    return [f.key for f in service.confirmation.facts
            if f.format == "phone" and (data.get(f.key) or data.get(f"{f.key}_masked"))]


def named(value: str, elder: str | None) -> str:
    """A value as shown to someone acting for the elder ``elder``: the centre's own words
    addressed to her (您家楼下, 您今年86岁) name her (王秀英家楼下)."""
    return value.replace(YOU, elder) if elder else value


def render_facts(spec: Spec, request: Mapping[str, Any], locale: str = "zh_CN",
                 elder: str | None = None, public: bool = False) -> list[Fact]:
    """The confirmation facts of ``request`` (a ServiceRequest dict), formatted, in spec order.
    ``elder``: her name, when the reader acts for her (spec/models.py ``for_another``);
    ``public``: others can see the screen (numbers to call masked: :func:`contact_number`)."""
    service = spec.services.get(request.get("service", ""))
    if not service or not service.confirmation or ended_undone(request):
        return []
    data = request_data(spec, request, locale)
    facts = []
    for f in service.confirmation.facts:
        value = named(format_value(fact_value(data, f.key, f.format, public, locale), f.format, locale), elder)
        if value:
            label = label_for_another(f.label) if elder else f.label
            facts.append(Fact(translate(label, locale), value, f.emphasis, f.key))
    return facts


def fill(template: str, spec: Spec, request: Mapping[str, Any], locale: str = "zh_CN",
         elder: str | None = None, public: bool = False) -> str:
    """Fill a spec sentence's ``{placeholders}`` with formatted request values; ``elder``: her
    name, when the reader acts for her (the sentence's form for another, spec ``for_another``)."""
    return _filled(template, spec, request, locale, elder, public)[0]


def _filled(template: str, spec: Spec, request: Mapping[str, Any], locale: str,
            elder: str | None = None, public: bool = False) -> tuple[str, bool]:
    """The filled sentence, and whether every placeholder had a value."""
    service = spec.services.get(request.get("service", ""))
    formats = _formats(service.confirmation.facts) if service and service.confirmation else {}
    data = request_data(spec, request, locale)
    if elder:
        template = for_another(template)
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name} - {"elder"}
    values = _Blank({n: named(format_value(fact_value(data, n, formats.get(n, "text"), public, locale, short=True),
                                           formats.get(n, "text"), locale), elder) for n in names})
    complete = all(values.values())
    if elder:
        values["elder"] = elder
    said = translate_for_another(template, locale) if elder and ELDER_NAMED not in template \
        else translate(template, locale)
    return said.format_map(values), complete


def whose(spec: Spec, request: Mapping[str, Any], locale: str, elder: str) -> str:
    """王秀英的续方配药： — what leads a sentence about her booking that does not name her."""
    service = spec.services.get(request.get("service", ""))
    title = translate(service.title, locale) if service else ""
    return translate(N_("{elder}的{service}："), locale).format(elder=elder, service=title)


def stage_of(spec: Spec, request: Mapping[str, Any]) -> Stage | None:
    """The spec's stage for where the centre says the request stands (``result.stage``), if its
    service declares stages (续方审核中, 药品配送中 …)."""
    service = spec.services.get(request.get("service", ""))
    stage = (request.get("result") or {}).get("stage")
    return service.stages.get(stage) if service and isinstance(stage, str) else None


def stage_word(spec: Spec, request: Mapping[str, Any], locale: str = "zh_CN") -> str:
    """The word for the request's stage, from the one table of status words (translated), or ''."""
    service = spec.services.get(request.get("service", ""))
    stage = (request.get("result") or {}).get("stage")
    if not service or not isinstance(stage, str) or stage not in service.stages:
        return ""
    return translate(service.stage_word(stage), locale)


def record_status(spec: Spec, request: Mapping[str, Any], locale: str = "zh_CN") -> str:
    """Where a request stands in words (its stage's, else its status's): the one table
    (personal_data/status_words.py) the console reads too, translated."""
    return stage_word(spec, request, locale) or translate(status_word(str(request.get("status") or "")), locale)


def confirmation_speech(spec: Spec, request: Mapping[str, Any], locale: str = "zh_CN",
                        elder: str | None = None, public: bool = False) -> str:
    """The confirmation's sentence, or its stage's where the service declares one. ``elder``:
    her name, when the reader acts for her — the sentence names her (您 → her name, or led by
    王秀英的续方配药： when it never says 您)."""
    service = spec.services.get(request.get("service", ""))
    if not service or not service.confirmation or ended_undone(request):
        return ""
    stage = stage_of(spec, request)
    template = stage.say if stage and stage.say else service.confirmation.say
    said = fill(template, spec, request, locale, elder, public)
    if elder and YOU not in template:
        said = whose(spec, request, locale, elder) + said
    return one_colon(said)


def confirmation_notes(spec: Spec, request: Mapping[str, Any], locale: str = "zh_CN",
                       elder: str | None = None, public: bool = False) -> list[str]:
    return [text for _, text in noted(spec, request, locale, elder, public)]


def noted(spec: Spec, request: Mapping[str, Any], locale: str = "zh_CN",
          elder: str | None = None, public: bool = False) -> list[tuple[str, str]]:
    """(source sentence, filled sentence) of each note; a note missing a value is left out
    (never "请带好。"). ``elder``: her name, when the reader acts for her."""
    service = spec.services.get(request.get("service", ""))
    if not service or not service.confirmation or ended_undone(request):
        return []
    out = []
    for note in service.confirmation.notes:
        text, complete = _filled(note, spec, request, locale, elder, public)
        if complete:
            out.append((note, text))
    return out


def happens(spec: Spec, request: Mapping[str, Any]) -> tuple[str, datetime] | None:
    """When the booking itself happens — the visit, the pick-up, the meeting, the installer's
    call, the delivery — as ``(its fact's label, the moment)``: the first time its service's
    summary names, else its first time among the facts; None when it has none (a question
    asked, an application at a desk). A list the family follows shows this, not when it was
    asked for."""
    service = spec.services.get(request.get("service", ""))
    if not service or not service.confirmation or ended_undone(request):
        return None  # an ended booking's time no longer happens: listed by when it was asked
    facts = {f.key: f for f in service.confirmation.facts}
    data = request_data(spec, request)
    for key in [k for k in service.summary if k in facts] + list(facts):
        fact = facts[key]
        if fact.format == "datetime":
            moment = parse_time(data.get(key))
            if moment is not None and moment.tzinfo is not None:
                return fact.label, moment
    return None
