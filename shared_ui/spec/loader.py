"""Load the spec documents from YAML and reject a broken spec with file, path and reason.

Each file is validated on its own so an error names the file it is in; cross-references
(forms, menus, translations) are checked after all files are read.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from pydantic import TypeAdapter, ValidationError

from .models import (
    MAX_ITEMS_PER_SCREEN,
    MAX_MENU_DEPTH,
    ChannelMenus,
    Form,
    Service,
    Spec,
)

DEFAULT_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.reason}"


class SpecError(ValueError):
    """The spec is broken; ``problems`` lists every finding, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("invalid UI spec:\n" + "\n".join(f"  {p}" for p in problems))


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, "", f"not valid YAML: {exc}"))
        return None


def _validate(adapter: TypeAdapter, data: Any, rel: str, problems: list[Problem]):
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            problems.append(Problem(rel, loc or "(root)", err["msg"]))
        return None


def _load_elements(directory: Path, folder: str, model: type, problems: list[Problem],
                   prepare: Callable[[Any, str], Any] | None = None) -> dict:
    """One element per file (services/taxi.yaml holds the service ``taxi``); ``prepare`` may
    rewrite a file's data (naming its problems) before it is validated."""
    elements: dict = {}
    for path in sorted((directory / folder).glob("*.yaml")):
        rel = f"{folder}/{path.name}"
        data = _read_yaml(path, problems)
        if prepare is not None:
            data = prepare(data, rel)
        element = _validate(TypeAdapter(model), data, rel, problems)
        if element is not None:
            if element.id != path.stem:
                problems.append(Problem(rel, "id", f"id {element.id!r} must match the file name"))
            elements[element.id] = element
    return elements


def load_spec_from(directory: Path, locales: Iterable[str] = ("en",)) -> Spec:
    """Read and validate a spec directory; raise :class:`SpecError` listing every problem."""
    directory = Path(directory)
    problems: list[Problem] = []
    root = _read_yaml(directory / "spec.yaml", problems) or {}
    menus_raw = _read_yaml(directory / "menus.yaml", problems) or {}

    services = _load_elements(directory, "services", Service, problems)
    named = root.get("option_lists") if isinstance(root, dict) else None
    forms = _load_elements(directory, "forms", Form, problems, _OptionLists(named or {}, problems))
    menus = _validate(TypeAdapter(dict[str, ChannelMenus]), menus_raw, "menus.yaml", problems)

    if problems:
        raise SpecError(problems)
    try:
        spec = Spec(services=services, forms=forms, menus=menus, **root)
    except ValidationError as exc:
        raise SpecError([
            Problem("spec.yaml", ".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()
        ]) from None
    problems.extend(_cross_check(spec))
    if locales:
        from shared_ui.i18n import missing_translations

        for locale in locales:
            for text in missing_translations(spec, locale):
                problems.append(Problem(f"locale/{locale}", text, "missing translation"))
    if problems:
        raise SpecError(problems)
    return spec


def _answers(options: Any) -> tuple | None:
    """An option list by what it offers (each answer's value and label), to find copies."""
    try:
        return tuple((str(o["value"]), str(o["label"])) for o in options)
    except (TypeError, KeyError):
        return None


class _OptionLists:
    """A field's ``options`` may name a list of spec.yaml's ``option_lists`` (家庭经济情况, 户籍,
    回电时间): one definition, used by every form that asks it. A list written out in full that
    another field (or a named list) already has is a problem: copies drift apart."""

    def __init__(self, named: dict[str, Any], problems: list[Problem]):
        self.named, self.problems = named, problems
        self.seen: dict[tuple, str] = {key: f"spec.yaml option_lists.{name}" for name, options in named.items()
                                       if (key := _answers(options))}

    def __call__(self, data: Any, rel: str) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
            return data
        fields = []
        for i, fld in enumerate(data["fields"]):
            options = fld.get("options") if isinstance(fld, dict) else None
            where = f"fields.{i}.options"
            if isinstance(options, str):
                if options not in self.named:
                    self.problems.append(Problem(rel, where, f"no option list {options!r} in spec.yaml option_lists"))
                fld = {**fld, "options": self.named.get(options, [])}
            elif isinstance(options, list) and (key := _answers(options)):
                if key in self.seen:
                    name = self.seen[key]
                    self.problems.append(Problem(rel, where, f"the same answers as {name}: name one list in "
                                                             "spec.yaml option_lists and use it by name in both"))
                else:
                    self.seen[key] = f"{rel} {where}"
            fields.append(fld)
        return {**data, "fields": fields}


def _cross_check(spec: Spec) -> list[Problem]:
    problems: list[Problem] = []
    for sid, svc in spec.services.items():
        rel = f"services/{sid}.yaml"
        if svc.form and svc.form not in spec.forms:
            problems.append(Problem(rel, "form", f"refers to unknown form {svc.form!r}"))
        if svc.submits_as and (svc.submits_as not in spec.services or svc.submits_as == sid
                               or spec.services[svc.submits_as].kind != "request"
                               or spec.services[svc.submits_as].submits_as):
            problems.append(Problem(rel, "submits_as", f"must name another request service, not {svc.submits_as!r}"))
        if svc.kind == "settings" and not svc.form:
            problems.append(Problem(rel, "form", "a settings service needs a form (its choices)"))
        if svc.kind == "request":
            if not svc.form:
                problems.append(Problem(rel, "form", "a request service needs a form"))
            if not svc.confirmation and not svc.submits_as:  # else its result is that service's
                problems.append(Problem(rel, "confirmation", "a request service needs a confirmation"))
            if not svc.fulfilled_by and not svc.submits_as:  # else it is carried out as that one
                problems.append(Problem(rel, "fulfilled_by", "a request service says who carries it out: "
                                                             "provider, desk or agent"))
        if svc.fulfilled_by and (svc.kind != "request" or svc.submits_as):
            problems.append(Problem(rel, "fulfilled_by", "only a request service of its own is carried out "
                                                         "(submits_as says as which)"))
        fields = {f.id for f in spec.forms[svc.form].fields} if svc.form in spec.forms else set()
        for code, field_id in svc.ask_again.items():
            if field_id not in fields:
                problems.append(Problem(rel, f"ask_again.{code}", f"{field_id!r} is not a field of its form"))
        for fld in spec.forms[svc.form].fields if svc.form in spec.forms else ():
            for opt in fld.options:
                opened = spec.services.get(opt.opens or "")
                missing = sorted(set(svc.channels) - set(opened.channels)) if opened else []
                if missing:
                    problems.append(Problem(rel, "channels", f"its form opens {opt.opens!r}, "
                                                             f"which is not offered on {missing}"))
        facts = {f.key for f in svc.confirmation.facts} if svc.confirmation else set()
        for what in ("summary", "names"):
            for key in getattr(svc, what):
                if key not in facts:
                    problems.append(Problem(rel, what, f"{key!r} is not one of its confirmation facts"))
    for fid, form in spec.forms.items():
        rel = f"forms/{fid}.yaml"
        earlier: set[str] = set()
        for i, field in enumerate(form.fields):
            where = f"fields.{i}"
            if field.type == "choice" and not (field.options or field.source):
                problems.append(Problem(rel, where, "a choice field needs options or a source"))
            if field.type == "count" and (field.min is None or field.max is None):
                problems.append(Problem(rel, where, "a count field needs min and max"))
            for opt in field.options:
                if opt.opens is not None and opt.opens not in spec.services:
                    problems.append(Problem(rel, f"{where}.options", f"{opt.value!r} opens unknown service {opt.opens!r}"))
                elif opt.opens is not None and field.default == opt.value:
                    problems.append(Problem(rel, f"{where}.default",
                                            f"{opt.value!r} leaves the form: it cannot be the default"))
                later = {f.id: f for f in form.fields[i + 1:]}
                for target, value in opt.implies.items():
                    if target not in later:
                        problems.append(Problem(rel, f"{where}.options", f"{opt.value!r} implies {target!r}, "
                                                                         "which is not a later field"))
                    elif value not in {o.value for o in later[target].options}:
                        problems.append(Problem(rel, f"{where}.options", f"{opt.value!r} implies {target}="
                                                                         f"{value!r}, not one of its options"))
            if len(field.options) > MAX_ITEMS_PER_SCREEN:
                problems.append(Problem(rel, f"{where}.options",
                                        f"{len(field.options)} options; at most {MAX_ITEMS_PER_SCREEN} per screen"))
            for name, ref in (field.source.params.items() if field.source else ()):
                kind, _, target = ref.partition(":")
                if kind in ("field", "meta") and target.partition(".")[0] not in earlier:
                    problems.append(Problem(rel, f"{where}.source.params.{name}",
                                            f"refers to {target!r}, which is not an earlier field"))
                elif kind not in ("field", "meta", "profile", "value"):
                    problems.append(Problem(rel, f"{where}.source.params.{name}",
                                            "must start with field:, meta:, profile: or value:"))
            earlier.add(field.id)
    for channel, cm in spec.menus.items():
        rel = "menus.yaml"
        if cm.home not in cm.menus:
            problems.append(Problem(rel, f"{channel}.home", f"unknown menu {cm.home!r}"))
            continue
        for mid, menu in cm.menus.items():
            where = f"{channel}.menus.{mid}.items"
            if len(menu.items) > MAX_ITEMS_PER_SCREEN:
                problems.append(Problem(rel, where,
                                        f"{len(menu.items)} items; at most {MAX_ITEMS_PER_SCREEN} per screen"))
            for item in menu.items:
                if item.startswith("menu:"):
                    if item[5:] not in cm.menus:
                        problems.append(Problem(rel, where, f"unknown menu {item!r}"))
                elif item not in spec.services:
                    problems.append(Problem(rel, where, f"unknown service {item!r}"))
                elif channel not in spec.services[item].channels:
                    problems.append(Problem(rel, where, f"service {item!r} is not offered on {channel}"))
        for item in cm.welcome:
            service = spec.services.get(item)
            if service is None or channel not in service.channels:
                problems.append(Problem(rel, f"{channel}.welcome", f"service {item!r} is not offered on {channel}"))
            elif service.kind != "settings":  # nothing of a person's before she is identified
                problems.append(Problem(rel, f"{channel}.welcome", f"{item!r} acts for a person: only a "
                                                                   "settings service is offered before identification"))
        depth = _menu_depth(cm, cm.home, ())
        if depth > MAX_MENU_DEPTH:
            problems.append(Problem(rel, f"{channel}",
                                    f"menus are {depth} levels deep; at most {MAX_MENU_DEPTH}"))
    return problems


def _menu_depth(cm: ChannelMenus, mid: str, path: tuple[str, ...]) -> int:
    """Levels counted as menus plus the service screen under the deepest one."""
    if mid in path or mid not in cm.menus:
        return len(path) + 1
    subs = [i[5:] for i in cm.menus[mid].items if i.startswith("menu:")]
    return max([_menu_depth(cm, s, path + (mid,)) for s in subs] or [len(path) + 2])


@lru_cache(maxsize=1)
def load_spec() -> Spec:
    """The packaged spec, validated once per process."""
    return load_spec_from(DEFAULT_DIR)
