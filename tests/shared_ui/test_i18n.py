"""Every user-facing string has a translation, and the compiled catalogs match the sources."""
import subprocess
import sys

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from shared_ui.i18n import LOCALE_DIR, LOCALES, iter_translatable, missing_translations, translate, untranslated
from shared_ui.spec import load_spec


def test_no_spec_string_lacks_a_translation():
    spec = load_spec()
    for locale in LOCALES:
        assert missing_translations(spec, locale) == [], locale


def test_no_string_of_the_code_or_a_template_lacks_a_translation():
    """Not only the spec's: a page's or a view's new sentence comes into the catalog empty."""
    for locale in LOCALES:
        assert untranslated(locale) == [], locale


def test_compiled_catalogs_are_up_to_date():
    for locale in LOCALES:
        folder = LOCALE_DIR / locale / "LC_MESSAGES"
        with (folder / "onekey.po").open("rb") as fh:
            po = {m.id: m.string for m in read_po(fh) if m.id and m.string}
        with (folder / "onekey.mo").open("rb") as fh:
            mo = {m.id: m.string for m in read_mo(fh) if m.id}
        assert po == mo, f"run `onekey i18n compile` ({locale})"


def test_translate_is_identity_for_the_source_and_english_otherwise():
    assert translate("预约挂号", "zh_CN") == "预约挂号"
    assert translate("预约挂号", "en") == "Book a doctor"
    assert translate("一句没有翻译的话", "en") == "一句没有翻译的话"


def test_extraction_finds_every_spec_string(tmp_path):
    """`onekey i18n extract` (pybabel + our YAML extractor) sees what the validator checks."""
    from babel.messages.frontend import CommandLineInterface
    import os

    root = LOCALE_DIR.parent.parent
    pot = tmp_path / "x.pot"
    cwd = os.getcwd()
    os.chdir(root)
    try:
        CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-o", str(pot), "."])
    finally:
        os.chdir(cwd)
    with pot.open("rb") as fh:
        extracted = {(m.context, m.id) if m.context else m.id for m in read_po(fh) if m.id}
    assert set(iter_translatable(load_spec().model_dump())) <= extracted
    # Every string marked in code (slips, TV, alarms) has its English too, not only the spec's.
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "onekey.po").open("rb") as fh:
        english = {(m.context, m.id) if m.context else m.id for m in read_po(fh)
                   if m.id and m.string and not m.fuzzy}
    assert sorted(extracted - english) == [], "run `onekey i18n extract && onekey i18n update`, translate, compile"
