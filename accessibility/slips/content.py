"""What goes on a slip: the same facts the screen shows and the speech says, made safe for paper.

A :class:`SlipContent` is built from a ServiceRequest (or an alarm record) and the elder:
the confirmation facts come from the UI spec through ``shared_ui.confirmation`` so every
channel shows, says and prints the same thing; every string then passes through
:func:`~personal_data.masking.scrub` (no whole ID or phone number reaches paper) and
the font coverage check (no empty boxes). Templates only lay this out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo

from personal_data.masking import mask_name, mask_phone, scrub
from shared_ui.confirmation import format_value, noted, parse_time, record_status, render_facts, stage_of, stage_word
from shared_ui.i18n import translate
from shared_ui.spec.models import Spec


def N_(text: str) -> str:
    """Marks a source string for the gettext catalogue (a Babel default keyword); it is
    translated where it is shown, with the slip's locale."""
    return text


# Facts in these formats are what an elder looks for first: printed very large.
HERO_FORMATS = frozenset({"datetime", "date", "time", "queue", "plate"})
CONFIRMED = frozenset({"confirmed", "completed", "in_progress"})
OPEN = frozenset({"submitted", "accepted", "in_progress", "confirmed"})

# Services the spec has no confirmation for (DESIGN.md §2.2 service list): receipt titles.
SERVICE_TITLES = {
    "registration": N_("预约挂号"),
    "taxi": N_("叫出租车"),
    "consultation": N_("咨询服务"),
    "escort": N_("陪诊出行"),
    "discharge_transport": N_("出院用车"),
    "special_vehicle": N_("特殊用车"),
    "help": N_("找人工"),
}
MODE_LABELS = {"self": N_("自助办理"), "call": N_("客服回电办理"), "alarm": N_("紧急求助")}
CHANNEL_LABELS = {"tv": N_("电视"), "kiosk": N_("驿站自助机"), "miniprogram": N_("家人小程序"), "agent": N_("客服")}


@dataclass(frozen=True)
class SlipFact:
    """One printed fact. ``size`` is ``hero`` (very large), ``strong`` or ``plain``;
    ``lines`` splits a hero date-time into date and time so each fits the roll width."""

    key: str
    label: str
    value: str
    size: str = "plain"
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class SlipEvent:
    at: str
    what: str
    who: str = ""
    note: str = ""


@dataclass
class SlipContent:
    kind: str  # the service (its template, else confirmation.html) | consultation | alarm | receipt
    record_id: str
    title: str
    subtitle: str = ""
    elder_name: str = ""
    facts: list[SlipFact] = field(default_factory=list)
    bring: str = ""  # the note that says what to bring, printed first and larger
    notes: list[str] = field(default_factory=list)
    events: list[SlipEvent] = field(default_factory=list)
    alert: str = ""  # a failure or cancellation said in words (colour is never the only signal)
    locale: str = "zh_CN"
    contact_keys: frozenset[str] = frozenset()  # facts that are numbers she must ring (whole)

    @property
    def hero(self) -> list[SlipFact]:
        return [f for f in self.facts if f.size == "hero"]

    @property
    def details(self) -> list[SlipFact]:
        return [f for f in self.facts if f.size != "hero"]

    def texts(self, contacts: bool = True) -> list[str]:
        """Every string printed from the record (for audits: no unmasked number anywhere but the
        numbers she must ring — left out with ``contacts=False``)."""
        out = [self.title, self.subtitle, self.elder_name, self.alert, self.bring, *self.notes]
        for f in self.facts:
            if not contacts and f.key in self.contact_keys:
                out.append(f.label)
                continue
            out += [f.label, f.value, *f.lines]
        for e in self.events:
            out += [e.at, e.what, e.who, e.note]
        return [t for t in out if t]


_DATE_TIME_SPLIT = re.compile(r"^(.+?[）)])\s*(\S.*)$")
_DATE_TIME_SPLIT_EN = re.compile(r"^(.*?)\s+(\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?)$")


def split_datetime(value: str) -> tuple[str, ...]:
    """'11月25日（周三）上午9:30' → ('11月25日（周三）', '上午9:30');
    'Wed 25 Nov 8:40 AM' → ('Wed 25 Nov', '8:40 AM')."""
    match = _DATE_TIME_SPLIT.match(value) or _DATE_TIME_SPLIT_EN.match(value)
    return (match.group(1), match.group(2)) if match else (value,)


class ContentBuilder:
    """Turns records into :class:`SlipContent`; ``printable`` maps text onto the font chain."""

    def __init__(self, spec: Spec, printable: Callable[[str], str], timezone: str = "Asia/Shanghai"):
        self.spec = spec
        self.printable = printable
        self.tz = ZoneInfo(timezone)

    # -- helpers ------------------------------------------------------------------------
    def clean(self, text: Any) -> str:
        """Masked, font-safe display text: the only way a record's string reaches a slip."""
        if text is None:
            return ""
        return self.printable(scrub(str(text)).strip())

    def local(self, value: Any) -> datetime | None:
        dt = parse_time(value)
        if dt is None:
            return None
        return dt.astimezone(self.tz) if dt.tzinfo else dt.replace(tzinfo=self.tz)

    def when(self, value: Any, locale: str, fmt: str = "datetime") -> str:
        dt = self.local(value)
        return format_value(dt, fmt, locale) if dt else self.clean(value)

    def clock(self, value: Any) -> str:
        dt = self.local(value)
        return f"{dt.month}月{dt.day}日 {dt:%H:%M:%S}" if dt else self.clean(value)

    def elder_name(self, elder: Mapping[str, Any] | None) -> str:
        elder = elder or {}
        return self.printable(mask_name(elder.get("name_masked") or elder.get("name") or ""))

    def service_title(self, service: str, locale: str) -> str:
        svc = self.spec.services.get(service)
        return translate(svc.title if svc else SERVICE_TITLES.get(service, service), locale)

    # -- requests -----------------------------------------------------------------------
    def kind_of(self, request: Mapping[str, Any]) -> str:
        service = request.get("service", "")
        svc = self.spec.services.get(service)
        if not (svc and svc.confirmation):
            return "receipt"
        if service == "consultation":
            return "consultation" if request.get("status") not in ("cancelled", "failed") else "receipt"
        if request.get("status") in CONFIRMED and request.get("result"):
            return service  # its own template, else the common confirmation (renderer.py)
        if request.get("status") in OPEN and stage_of(self.spec, request) is not None:
            return service  # where it stands, as the service words it (一键通申请: 街道审核中)
        return "receipt"

    def for_request(self, request: Mapping[str, Any], elder: Mapping[str, Any] | None,
                    locale: str = "zh_CN") -> SlipContent:
        kind = self.kind_of(request)
        if kind == "receipt":
            return self.receipt(request, elder, locale)
        svc = self.spec.services[request["service"]]
        conf = svc.confirmation
        formats = {f.key: f.format for f in conf.facts}
        result = dict(request.get("result") or {})
        facts = []
        for fact in render_facts(self.spec, self._localised(request), locale):
            facts.append(self._fact(fact.key, fact.label, fact.value, fact.emphasis,
                                    formats.get(fact.key, "text"), result))
        notes, bring = [], ""
        for source, text in noted(self.spec, self._localised(request), locale):
            if "{bring}" in source:  # the screen's and the speech's own sentence, not a list of our own
                bring = self.clean(text)
            else:
                notes.append(self.clean(text))
        content = SlipContent(kind=kind, record_id=str(request.get("id", "")),
                              # a service that moves on (续方配药) is titled by where it stands
                              title=self.printable(stage_word(self.spec, request, locale)
                                                   or translate(conf.title, locale)),
                              subtitle=self.service_title(request["service"], locale),
                              elder_name=self.elder_name(elder), facts=facts, bring=bring, notes=notes,
                              locale=locale,
                              contact_keys=frozenset(k for k, f in formats.items() if f == "phone"))
        keys = {f.key for f in facts}
        if kind == "taxi" and result.get("driver_name") and "driver_name" not in keys:
            driver = self._fact("driver_name", translate(N_("司机"), locale), result["driver_name"],
                                False, "text", result)
            at = next((i for i, f in enumerate(content.facts) if f.key == "driver_phone"),
                      len(content.facts))
            content.facts.insert(at, driver)
        if kind == "consultation" and result.get("summary"):
            content.facts.append(SlipFact("summary", self.printable(translate(N_("客服答复"), locale)),
                                          self.clean(result["summary"])))
            if result.get("agent_name"):
                content.facts.append(SlipFact("agent_name", self.printable(translate(N_("接待客服"), locale)),
                                              self.printable(mask_name(str(result["agent_name"])))))
        return content

    def _localised(self, request: Mapping[str, Any]) -> Mapping[str, Any]:
        """The request with its times moved to the slip's time zone (the elder's wall clock)."""
        result = dict(request.get("result") or {})
        for key, value in result.items():
            if isinstance(value, str) and len(value) >= 16 and value[4:5] == "-" and "T" in value:
                dt = self.local(value)
                if dt:
                    result[key] = dt.isoformat()
        return {**request, "result": result}

    def _fact(self, key: str, label: str, value: str, emphasis: bool, fmt: str,
              result: Mapping[str, Any]) -> SlipFact:
        if fmt == "phone":
            # A number she must ring (the driver, the companion, a place): whole on the slip she
            # takes home — a kiosk's screen masks it and points here. render_facts gave it whole
            # only when it is nothing but a number (else masked as free text), so no more rides on it.
            value = self.printable(value)
        else:
            if key.endswith("phone_masked") or key.endswith("phone"):
                value = mask_phone(value)
            if key == "doctor_name" and result.get("doctor_title"):
                value = f"{value} {result['doctor_title']}"
            if key == "driver_name":
                value = f"{str(value)[:1]}师傅"
            value = self.clean(value)
        label = self.printable(label)
        if emphasis and fmt in HERO_FORMATS:
            lines = split_datetime(value) if fmt == "datetime" else (value,)
            return SlipFact(key, label, value, "hero", lines)
        return SlipFact(key, label, value, "strong" if emphasis else "plain")

    def answers(self, request: Mapping[str, Any], locale: str = "zh_CN") -> list[SlipFact]:
        """Every answered question of the service's form, in the form's order, as the elder
        chose it (an option's words, a time on her wall clock, a hospital by the name the centre
        gives its id); then a note. An id without a name means nothing on paper: left out."""
        _ = lambda s: self.printable(translate(s, locale))  # noqa: E731
        form = dict(request.get("form") or {})
        labels = request.get("form_labels") or {}
        service = self.spec.services.get(request.get("service", ""))
        fields = self.spec.forms[service.form].fields \
            if service and service.form and service.form in self.spec.forms else []
        facts = []
        for field in fields:
            value = form.pop(field.id, None)
            if value in (None, "", [], {}):
                continue
            chosen = next((o for o in field.options if o.value == value), None)
            if chosen is not None:
                shown = _(chosen.label)
            elif field.type == "phone":  # "profile": the number the centre holds for her
                shown = _(N_("本人电话")) if value == "profile" else self.clean(mask_phone(str(value)))
            elif field.source is not None and field.id.endswith("_id"):
                shown = self.clean(labels.get(field.id))  # the centre's name for it, or nothing
                if not shown:
                    continue
            elif isinstance(value, str) and parse_time(value) and "T" in value:
                shown = self.when(value, locale)
            else:
                shown = self.clean(value)
            if shown:
                facts.append(SlipFact(field.id, _(field.label), shown))
        for key, label in (("topic", N_("事项")), ("pickup_address", N_("上车地点")),
                           ("destination_address", N_("目的地")), ("note", N_("备注"))):
            if form.get(key):  # answers given outside a form (an agent's, a kiosk's note)
                facts.append(SlipFact(key, _(label), self.clean(form[key])))
        return facts

    def receipt(self, request: Mapping[str, Any], elder: Mapping[str, Any] | None,
                locale: str = "zh_CN") -> SlipContent:
        """Any request in any state: what was asked, where it stands, what happens next."""
        _ = lambda s: self.printable(translate(s, locale))  # noqa: E731
        status = request.get("status", "")
        service = request.get("service", "")
        facts = [
            SlipFact("status", _("办理状态"), self.printable(record_status(self.spec, request, locale)),
                     "strong"),
            SlipFact("service", _("服务"), self.service_title(service, locale), "strong"),
        ]
        if request.get("created_at"):
            facts.append(SlipFact("created_at", _("提交时间"), self.when(request["created_at"], locale)))
        if request.get("mode"):
            facts.append(SlipFact("mode", _("办理方式"), _(MODE_LABELS.get(request["mode"], request["mode"]))))
        if request.get("channel"):
            facts.append(SlipFact("channel", _("从哪里提交"),
                                  _(CHANNEL_LABELS.get(request["channel"], request["channel"]))))
        facts += self.answers(request, locale)
        alert, notes = "", []
        failure = request.get("failure") or {}
        if status == "failed":
            alert = self.clean(failure.get("message") or translate(N_("这次没有办成。"), locale))
            notes.append(_("需要帮助，请拨打下方热线，或在家里按一键通找人工。"))
        elif status == "cancelled":
            alert = _("这项服务已经取消。")
        elif request.get("mode") == "call" and status in ("submitted", "accepted", "in_progress"):
            notes.append(_("客服会给您回电话，请保持电话畅通。"))
        return SlipContent(kind="receipt", record_id=str(request.get("id", "")),
                           title=_("服务回执"), subtitle=self.service_title(service, locale),
                           elder_name=self.elder_name(elder), facts=facts, notes=notes,
                           alert=alert, locale=locale)
