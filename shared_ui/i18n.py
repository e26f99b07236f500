"""Gettext catalogs shared by every channel: the spec's Chinese text is the msgid.

One id per string, used by screen, speech and slip alike (STYLE.md §8). zh_CN is the source
language, so translating to it is the identity; English is the second catalog. Kivy apps use
:func:`translate`; Flask-Babel reads the same compiled catalogs (domain ``onekey``).
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "onekey"
SOURCE_LOCALE = "zh_CN"
LOCALES = ("zh_CN", "en")

# Keys whose string values are shown or spoken; everything else is an id or a setting.
TRANSLATABLE_KEYS = frozenset({"title", "label", "prompt", "speak", "say", "notes", "submit_speak", "word", "empty"})


def _for_another_rule():
    from .spec.models import FOR_ANOTHER_KEYS, for_another

    return FOR_ANOTHER_KEYS, for_another


def label_forms(key: str | None, text: str) -> list[str]:
    """A label's form for someone acting for the elder (spec/models.py rule 4), and a title's,
    speech's, prompt's or answer's (rule 5), when they differ."""
    from .spec.models import label_for_another, reader_form

    forms = [label_for_another(text)] if key == "label" and label_for_another(text) != text else []
    read = reader_form(key, text)
    return forms + [read] if read and read not in forms else forms


def for_reader(text: str, locale: str | None, whom: str | None, key: str = "speak") -> str:
    """A spec text (a tile's title or speech, a prompt, an answer) as its reader hears it: the
    elder herself (``whom`` None), or one acting for her (``whom``: her name), who hears her
    named where it says 您 or speaks as her (spec/models.py rule 5)."""
    from .spec.models import ELDER_NAMED, reader_form

    form = reader_form(key, text) if whom else None
    if form is None:
        return translate(text, locale)
    return translate(form, locale).replace(ELDER_NAMED, whom or "")


def for_another_forms(text: str) -> list[str | tuple[str, str]]:
    """The catalog entries a service sentence adds for a reader acting for the elder
    (spec/models.py): its 您 form as a message of its own, or — with no 您 — the same words in
    the context ``for_another``, as ``(context, text)``."""
    from .spec.models import FOR_ANOTHER, for_another

    return [for_another(text)] if for_another(text) != text else [(FOR_ANOTHER, text)]


def translate_for_another(text: str, locale: str | None = SOURCE_LOCALE) -> str:
    """``text`` (a sentence with no 您) as a reader acting for the elder reads it."""
    from .spec.models import FOR_ANOTHER

    if not text or _is_source(locale):
        return text
    catalog = _catalog(str(locale))
    found = catalog.pgettext(FOR_ANOTHER, text)
    return found if found != text else catalog.gettext(text)


def N_(text: str) -> str:
    """Mark a source string for extraction; translate it later with :func:`translate`."""
    return text


def _is_source(locale: str | None) -> bool:
    return not locale or (locale.replace("-", "_").split("_")[0] == "zh" and locale != "zh_HK")


@lru_cache(maxsize=8)
def _catalog(locale: str) -> gettext.NullTranslations:
    try:
        return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[locale])
    except OSError:
        return gettext.NullTranslations()


def translate(text: str, locale: str | None = SOURCE_LOCALE) -> str:
    """The text in ``locale``; the Chinese source where no translation exists."""
    if not text or _is_source(locale):
        return text
    return _catalog(str(locale)).gettext(text)


def reload_catalogs() -> None:
    _catalog.cache_clear()


def iter_translatable(data: Any, key: str | None = None,
                      in_strings: bool = False) -> Iterator[str | tuple[str, str]]:
    """Every user-facing string in plain spec data (dicts and lists from YAML or a model), with
    a service sentence's form for someone acting for the elder (spec/models.py ``for_another``)."""
    FOR_ANOTHER_KEYS, _ = _for_another_rule()
    if isinstance(data, dict):
        worded = key in TRANSLATABLE_KEYS  # a wording by channel: {default: …, tv: …}
        for k, v in data.items():
            if str(k).startswith("x-"):
                continue
            yield from iter_translatable(v, key if worded else str(k), in_strings or k == "strings")
    elif isinstance(data, list):
        for v in data:
            yield from iter_translatable(v, key, in_strings)
    elif isinstance(data, str) and (in_strings or key in TRANSLATABLE_KEYS):
        yield data
        if key in FOR_ANOTHER_KEYS:
            yield from for_another_forms(data)  # the sentence as said to one acting for her
        yield from label_forms(key, data)


def missing_translations(spec: Any, locale: str) -> list[str]:
    """Spec strings with no translation in ``locale``'s source catalog (.po, fuzzy = missing)."""
    if _is_source(locale):
        return []
    from babel.messages.pofile import read_po

    def shown(entry: str | tuple[str, str]) -> str:
        return entry if isinstance(entry, str) else f"[{entry[0]}] {entry[1]}"

    po_path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return sorted({shown(s) for s in iter_translatable(spec.model_dump())})
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    translated = {(m.context, m.id) if m.context else m.id for m in catalog if m.id and m.string and not m.fuzzy}
    return sorted({shown(s) for s in iter_translatable(spec.model_dump()) if s not in translated})


def untranslated(locale: str) -> list[str]:
    """Every source string of the catalog (spec, Python, templates) with no translation in
    ``locale``: ``i18n update`` brings new ones in empty, and an empty one shows Chinese."""
    if _is_source(locale):
        return []
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    return sorted(str(m.id) for m in catalog if m.id and (
        m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string)))


def extract_spec(fileobj, keywords, comment_tags, options):
    """Babel extractor for the spec's YAML files (registered as ``onekey_spec``)."""
    import yaml

    FOR_ANOTHER_KEYS, _ = _for_another_rule()
    root = yaml.compose(fileobj.read().decode("utf-8"))

    def walk(node, key=None, in_strings=False):
        if isinstance(node, yaml.MappingNode):
            # a wording by channel ({default: …, tv: …}) is as translatable as its key
            worded = key in TRANSLATABLE_KEYS
            for k, v in node.value:
                walk(v, key if worded else k.value, in_strings or k.value == "strings")
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                walk(v, key, in_strings)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            if node.value and (in_strings or key in TRANSLATABLE_KEYS):
                found.append((node.start_mark.line + 1, None, node.value, [key] if key else []))
                if key in FOR_ANOTHER_KEYS:
                    for form in for_another_forms(node.value):
                        found.append((node.start_mark.line + 1, "pgettext" if isinstance(form, tuple) else None,
                                      form, ["said to a family member acting for the elder ({elder}: her name)"]))
                for form in label_forms(key, node.value):
                    found.append((node.start_mark.line + 1, None, form, ["a label read by one acting for the elder"]))

    found: list = []
    if root is not None:
        walk(root)
    yield from found
