"""The UI spec as strict pydantic models: one small model per element type.

Unknown keys are rejected so a typo in a YAML file fails loudly instead of silently changing
what an elder sees; extensions are allowed only under an ``x-`` prefix (Adaptive Cards habit).
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field as PydField, model_validator

from personal_data.status_words import stage_word

Channel = Literal["tv", "kiosk", "miniprogram"]
CHANNELS: tuple[str, ...] = ("tv", "kiosk", "miniprogram")
FieldType = Literal["choice", "date", "time_slot", "address", "count", "phone", "text"]
# A fact of format ``phone`` is a number she must be able to ring (a driver, a companion, a
# crew, a place): whole on private screens, masked on public ones (confirmation.contact_number).
# A fact of format ``place`` is an address the centre may name (家, a hospital, a station):
# 上海市第六人民医院（宜山路600号） on a screen, the name alone in a list row or a sentence said.
FactFormat = Literal["text", "datetime", "date", "time", "queue", "money", "phone", "plate", "minutes", "place"]
SourceEndpoint = Literal[
    "catalog.hospitals",
    "catalog.departments",
    "catalog.slots",
    "profile.places",
    "profile.destinations",
    "taxi.times",
    "visit.hospitals",
    "visit.times",
    "profile.prescriptions",
    "profile.home",
    "catalog.policies",
    "catalog.nearby",
]

# What is said may depend on how the user answers: "按确定键" to a remote, "点" to a finger.
# A wording is one sentence for every channel, or ``{default: …, tv: …}``.
Wording = str | dict[str, str]


def worded(text: Wording, channel: str) -> str:
    """The sentence ``text`` is on ``channel``."""
    return text if isinstance(text, str) else text.get(channel, text["default"])


def wordings(text: Wording | None) -> list[str]:
    """Every sentence of a wording (catalogs and the prebuilt speech need each one)."""
    if text is None:
        return []
    return [text] if isinstance(text, str) else list(dict.fromkeys(text.values()))


def _check_wording(where: str, text: Wording | None) -> None:
    if isinstance(text, dict):
        if "default" not in text:
            raise ValueError(f"{where}: a wording by channel needs a 'default'")
        unknown = set(text) - {"default", *CHANNELS}
        if unknown:
            raise ValueError(f"{where}: unknown channels {sorted(unknown)} in a wording")


# Said to someone acting for the elder — a son or daughter on the family's phone (亲友代办) —
# what a service says of her booking names her, not the reader: one rule for every service.
# 1. Every 您 of a service's sentence (its result's and stages' ``say``, its ``notes``, its
#    ``submit_speak``) is her name (``{elder}``): 已为您叫好车 → 已为王秀英叫好车, 您的挂号已成功 →
#    王秀英的挂号已成功. Chinese needs nothing else; the catalogs hold each such sentence in that
#    form too (:func:`for_another`, extracted beside its source), so English words it its own way.
# 2. A result or stage sentence that never says 您 is led by whose it is ({elder}的{service}：,
#    shared_ui/confirmation.py), so no sentence about her booking leaves her unnamed.
# 3. A sentence that never says 您 is the same Chinese for both readers, but not the same
#    English ("check the plate before you get in" is hers; her daughter reads "before she gets
#    in"): the catalogs hold it a second time in the gettext context FOR_ANOTHER.
# 4. A fact's label is a word, not a sentence: its 您 is 老人 (接您时间 → 接老人时间, 您付费用 →
#    老人付费用) — the name stands in the sentence and the page's heading already.
# 5. What a service says of itself and asks — a tile's title and speech, a form's prompt, an
#    answer's label and speech — names her too where it says 您 or speaks as her (我: 我的服务,
#    到家里接我, 要人背我上下楼): 王秀英的服务, 到家里接王秀英 (READER_KEYS; an answer's label only
#    where it speaks as her — a fact's label keeps rule 4). One that says neither is the same.
# The elder's own screens (TV, kiosk) keep the sentences as written.
YOU = "您"
ME = "我"  # the elder speaking, in an answer or a tile's name written for her to press
THE_ELDER = "老人"
ELDER_NAMED = "{elder}"
FOR_ANOTHER_KEYS = frozenset({"say", "notes", "submit_speak"})
FOR_ANOTHER = "for_another"  # the gettext context of rule 3
READER_KEYS = frozenset({"title", "speak", "prompt", "label"})  # rule 5


def for_another(text: str) -> str:
    """``text`` as said to someone acting for the elder: each 您, and each 我 she says, her
    name (``{elder}``)."""
    return text.replace(YOU, ELDER_NAMED).replace(ME, ELDER_NAMED)


def reader_form(key: str | None, text: str) -> str | None:
    """Rule 5: ``text`` (under ``key``) as one acting for her reads it, when that differs."""
    if key not in READER_KEYS or (key == "label" and ME not in text):
        return None
    form = for_another(text)
    return form if form != text else None


def label_for_another(label: str) -> str:
    """A fact's label as someone acting for the elder reads it (rule 4): 接您时间 → 接老人时间."""
    return label.replace(YOU, THE_ELDER)


MAX_ITEMS_PER_SCREEN = 6  # MIIT 适老化: few choices per screen
MAX_MENU_DEPTH = 3


class SpecModel(BaseModel):
    """Strict, immutable base; ``x-`` keys are kept aside in ``extensions``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    extensions: dict[str, Any] = PydField(default_factory=dict, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _collect_extensions(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(str(k).startswith("x-") for k in data):
            data = dict(data)
            data["extensions"] = {k: data.pop(k) for k in list(data) if str(k).startswith("x-")}
        return data


class Option(SpecModel):
    value: str
    label: str
    speak: str | None = None
    # An answer that leaves the form for another service, as that service's own tile would
    # (陪诊's "急病叫救护车" is the emergency service: seed 000 §三(二)1(2)). A field holding
    # such an option is always put to the user, even on a quick review.
    opens: str | None = None
    # Answers to later fields this answer gives without asking them (躺担架: the stretcher
    # crew carries her, so 上下楼 is 要人背我上下楼): field id -> one of that field's values.
    implies: dict[str, str] = PydField(default_factory=dict)


class ChoiceSource(SpecModel):
    """Where a field's choices come from: a central-API endpoint or the elder's profile.

    ``params`` values are ``field:<id>`` (an earlier answer), ``meta:<field>.<key>`` (what came
    with an earlier answer, e.g. the visit time of a booked hospital) or ``profile:<path>``.
    """

    endpoint: SourceEndpoint
    params: dict[str, str] = PydField(default_factory=dict)


class FormField(SpecModel):
    id: str
    type: FieldType
    label: str
    prompt: str
    required: bool = True
    options: list[Option] = PydField(default_factory=list)
    source: ChoiceSource | None = None
    # "profile:<dotted.path>", "first" (first available choice) or a literal value.
    default: str | None = None
    min: int | None = None
    max: int | None = None
    max_length: int = 100
    pattern: str | None = None  # typed answers must match it (a regular expression)
    # Said when its source gives no choices: why (a reason that waiting does not change: no
    # standing prescriptions on file, no address on file, nothing in her district) and what to
    # do instead (找人工, her family doctor). Every field with a source says one: "稍后再试"
    # would send her back to the same empty list.
    empty: str | None = None
    # Put to the user even on a quick review: nothing in the profile can answer it (how an
    # elder leaves hospital: sitting, in a wheelchair, on a stretcher).
    asked: bool = False


class Form(SpecModel):
    id: str
    title: str
    fields: list[FormField]
    # When every field resolves to a default, go straight to the review screen.
    quick_review: bool = False


class Fact(SpecModel):
    key: str
    label: str
    format: FactFormat = "text"
    emphasis: bool = False


class Confirmation(SpecModel):
    title: str
    say: str
    facts: list[Fact]
    notes: list[str] = PydField(default_factory=list)


class Stage(SpecModel):
    """Where a request that moves on after the elder has left the screen stands (the centre's
    ``result.stage``: 续方审核中, 药品配送中 …): the sentence said of it instead of the
    confirmation's. Its word, shown instead of the plain status, is the one table's
    (personal_data/status_words.py, which the centre's console reads too): the spec names no word
    of its own, so a channel and the console cannot word one stage two ways."""

    say: str | None = None
    # The family's phone is told when the request reaches it (a subscribe message spends one
    # of the member's credits: only what someone may act on — 药品配送中, someone at home).
    alert: bool = False


class Service(SpecModel):
    id: str
    # ``settings``: her look and voice on this device (看得清听得清, shared_ui/flow/kinds/settings.py)
    kind: Literal["request", "alarm", "requests_list", "messages", "settings"]
    title: str
    icon: str
    colour: Literal["primary", "danger", "success", "warning"]
    speak: Wording
    channels: list[Channel]
    modes: list[Literal["self", "call", "alarm"]]
    form: str | None = None
    submit_speak: str | None = None
    confirmation: Confirmation | None = None
    # A refusal that a new answer can fix: error code -> the field to ask again (the centre's
    # "slot_full" sends the elder back to the time slots with fresh choices).
    ask_again: dict[str, str] = PydField(default_factory=dict)
    # What a row of 我的服务 shows under the title: confirmation fact keys, in order.
    summary: list[str] = PydField(default_factory=list)
    # What names one booking of it where it must not be mistaken for another (确定要取消…吗？):
    # confirmation fact keys, in order; the summary when not given.
    names: list[str] = PydField(default_factory=list)
    stages: dict[str, Stage] = PydField(default_factory=dict)
    # The centre's service its requests are, when this one is another way into it (政策查询
    # asks for a consultation call-back about a policy); its result shows as that service's.
    submits_as: str | None = None
    # Who carries a filed request out, as the centre's registry declares it
    # (call_center/fulfilment/registry.py; a test holds the two to each other): ``provider`` —
    # the centre books it at once through a platform; ``desk`` — a desk of the centre's own
    # works it step by step; ``agent`` — an agent calls back. Every request service of its own
    # says it (no default, so a new one cannot leave it out); one that ``submits_as`` another
    # is carried out as that one.
    fulfilled_by: Literal["provider", "desk", "agent"] | None = None
    # The centre can refuse her for a reason known before the form (she has one open already,
    # has it installed, the rules refuse her on the facts on file): before the form opens, the
    # channels ask it (GET /v1/elders/{id}/services/{service}/precheck) and say a refusal at
    # once, with the way to what she has (查看进度). The centre's registry declares the
    # refusals (``Handling.before_form``); a test holds the two to each other.
    precheck: bool = False
    # Profile facts that, when set, mean she has it already: the tile is not offered to her
    # (申请一键通 to an elder whose package is installed, ``service_package``).
    offered_unless: list[str] = PydField(default_factory=list)

    @model_validator(mode="after")
    def _stages_have_words(self) -> "Service":
        missing = sorted(s for s in self.stages if not stage_word(self.submits_as or self.id, s))
        if missing:
            raise ValueError(f"services.{self.id}.stages: no word for {', '.join(missing)} in "
                             "personal_data/status_words.py STAGE_WORDS (the one table of status words)")
        return self

    def stage_word(self, stage: str) -> str:
        """The source word for one of its stages (the one table's)."""
        return stage_word(self.submits_as or self.id, stage)


class Menu(SpecModel):
    title: str
    speak: str
    icon: str = "more"  # its tile's icon where it is a sub-menu
    # service ids, or "menu:<id>" for a sub-menu
    items: list[str]


class ChannelMenus(SpecModel):
    home: str
    menus: dict[str, Menu]
    # Services offered on the first screen before anyone is identified (a kiosk's welcome):
    # what a stranger may use without saying who she is (看得清听得清, for this session only).
    welcome: list[str] = PydField(default_factory=list)


class Contact(SpecModel):
    hotline: str
    ambulance: str
    police: str


class Spec(SpecModel):
    version: Literal[1]
    contact: Contact
    strings: dict[str, Wording]
    services: dict[str, Service]
    forms: dict[str, Form]
    menus: dict[Channel, ChannelMenus]
    # Lists of answers more than one form asks (家庭经济情况, 户籍, 回电时间), defined once: a
    # field's ``options: <name>`` uses one (the loader puts it in the field).
    option_lists: dict[str, list[Option]] = PydField(default_factory=dict)

    @model_validator(mode="after")
    def _wordings_name_a_default(self) -> "Spec":
        for key, text in self.strings.items():
            _check_wording(f"strings.{key}", text)
        for sid, service in self.services.items():
            _check_wording(f"services.{sid}.speak", service.speak)
        return self

    def text(self, key: str, channel: str) -> str:
        """The string ``key`` as it is worded on ``channel`` (zh_CN source text)."""
        return worded(self.strings[key], channel)

    def home_menu(self, channel: str) -> Menu:
        channel_menus = self.menus[channel]  # type: ignore[index]
        return channel_menus.menus[channel_menus.home]

    def iter_prompts(self):
        """Every fixed sentence the product may speak, as ``(prompt_id, zh_CN text)``.

        Sentences with ``{placeholders}`` are filled at run time and so are not listed.
        """
        seen: set[str] = set()

        def emit(pid: str, text: str | None):
            if text and "{" not in text and text not in seen:
                seen.add(text)
                yield pid, text

        for key, text in self.strings.items():
            for n, variant in enumerate(wordings(text)):
                yield from emit(f"strings.{key}" + (f".{n}" if n else ""), variant)
        for sid, service in self.services.items():
            for n, variant in enumerate(wordings(service.speak)):
                yield from emit(f"services.{sid}.speak" + (f".{n}" if n else ""), variant)
            yield from emit(f"services.{sid}.title", service.title)
            yield from emit(f"services.{sid}.submit_speak", service.submit_speak)
            if service.confirmation:
                yield from emit(f"services.{sid}.confirmation.title", service.confirmation.title)
                for i, note in enumerate(service.confirmation.notes):
                    yield from emit(f"services.{sid}.confirmation.notes.{i}", note)
            for stage_id, stage in service.stages.items():
                yield from emit(f"services.{sid}.stages.{stage_id}", service.stage_word(stage_id))
        for fid, form in self.forms.items():
            for f in form.fields:
                yield from emit(f"forms.{fid}.{f.id}.prompt", f.prompt)
                for opt in f.options:
                    yield from emit(f"forms.{fid}.{f.id}.{opt.value}", opt.speak or opt.label)
        for channel, cm in self.menus.items():
            for mid, menu in cm.menus.items():
                yield from emit(f"menus.{channel}.{mid}.speak", menu.speak)
