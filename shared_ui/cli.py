"""`onekey spec` and `onekey i18n`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
POT = Path("shared_ui/locale/onekey.pot")


@click.group()
def spec() -> None:
    """Validate or show the UI spec."""


@spec.command("validate")
@click.argument("directory", required=False, type=click.Path(exists=True, file_okay=False))
def spec_validate(directory: str | None) -> None:
    """Validate the packaged spec (or DIRECTORY); list every problem with file and path."""
    from shared_ui.spec import DEFAULT_DIR, SpecError, load_spec_from

    try:
        loaded = load_spec_from(Path(directory) if directory else DEFAULT_DIR)
    except SpecError as exc:
        for problem in exc.problems:
            click.echo(f"✗ {problem}", err=True)
        raise SystemExit(1)
    click.echo(f"spec v{loaded.version}: {len(loaded.services)} services, {len(loaded.forms)} forms, "
               f"{len(list(loaded.iter_prompts()))} fixed prompts — OK")


@spec.command("screen-schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=ROOT / "docs" / "screen.schema.json", show_default=True)
def spec_screen_schema(output: Path) -> None:
    """Write the JSON Schema of the engine's screen models (for renderers in other languages)."""
    import json

    from shared_ui.flow import screen_schema

    output.write_text(json.dumps(screen_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    click.echo(f"wrote {output}")


@click.group()
def i18n() -> None:
    """Gettext catalogs (Babel): extract → update → compile; check finds gaps."""


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


@i18n.command("extract")
def i18n_extract() -> None:
    """Extract every user-facing string into shared_ui/locale/onekey.pot."""
    import os

    os.chdir(ROOT)
    _pybabel("extract", "-F", "babel.cfg", "--no-location", "--sort-output", "-k", "_l",
             "--project", "onekey", "-o", str(POT), ".")
    click.echo(f"wrote {POT}")


@i18n.command("update")
def i18n_update() -> None:
    """Merge the template into every locale's .po file (new strings come in untranslated)."""
    import os

    os.chdir(ROOT)
    _pybabel("update", "-i", str(POT), "-d", "shared_ui/locale", "-D", "onekey",
             "--no-fuzzy-matching", "--ignore-obsolete")


@i18n.command("compile")
def i18n_compile() -> None:
    """Compile .po to .mo (used at run time by Kivy, speech, slips and Flask-Babel)."""
    import os

    os.chdir(ROOT)
    _pybabel("compile", "-d", "shared_ui/locale", "-D", "onekey")


@i18n.command("check")
def i18n_check() -> None:
    """Fail when a string (of the spec, the code or a template) lacks a translation."""
    from shared_ui.i18n import LOCALES, missing_translations, untranslated
    from shared_ui.spec import DEFAULT_DIR, load_spec_from

    loaded = load_spec_from(DEFAULT_DIR, locales=())
    gaps = {loc: sorted(set(missing_translations(loaded, loc)) | set(untranslated(loc))) for loc in LOCALES}
    for loc, texts in gaps.items():
        for text in texts:
            click.echo(f"✗ {loc}: no translation for {text!r}", err=True)
    if any(gaps.values()):
        sys.exit(1)
    click.echo("every string is translated")
