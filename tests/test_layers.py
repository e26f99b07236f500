"""The layers of DESIGN.md §2 as a test: each part imports only those below it.

1 personal_data → 2 shared_ui core → 3 accessibility → 4 shared_ui.kivy_kit → 5 channels;
the centre is a service apart that shares only layer 1. ``web_front`` (serving a Flask app so a
slow client holds no thread) stands at the bottom beside layer 1: it imports no project
package, and only the servers — the centre and the mini-program back end — use it. Every import counts, inside functions
too (a lazy import hides a dependency from the interpreter, not from the reader).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.call_center.test_imports import module_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("personal_data", "web_front", "shared_ui", "accessibility", "tv_app", "kiosk_app",
           "miniprogram_api", "call_center", "onekey_cli", "assets")
UI_TOOLKITS = ("kivy", "flask", "apiflask", "flask_babel", "flask_wtf", "werkzeug")
KIT = "shared_ui.kivy_kit"
CHANNELS = ("tv_app", "kiosk_app", "miniprogram_api")

# (what, modules it covers, what it may not import)
RULES = [
    ("personal data facts", lambda m: m.startswith("personal_data"),
     lambda t: t.split(".")[0] in PROJECT and not t.startswith("personal_data")),
    ("the web front", lambda m: m.startswith("web_front"),
     lambda t: t.split(".")[0] in PROJECT and not t.startswith("web_front")),
    ("only servers use the web front", lambda m: m.split(".")[0] not in ("call_center", "miniprogram_api",
                                                                        "web_front"),
     lambda t: t.startswith("web_front")),
    ("the shared_ui core", lambda m: m.startswith("shared_ui") and not m.startswith(KIT),
     lambda t: t.startswith(KIT) or t.split(".")[0] in UI_TOOLKITS + tuple(p for p in PROJECT
                                                                             if p not in ("shared_ui", "personal_data"))),
    ("accessibility", lambda m: m.startswith("accessibility"),
     lambda t: t.startswith(KIT) or t.split(".")[0] in UI_TOOLKITS + CHANNELS + ("call_center", "onekey_cli")),
    ("the Kivy kit", lambda m: m.startswith(KIT),
     lambda t: t.split(".")[0] in CHANNELS + ("call_center", "onekey_cli", "flask", "apiflask")),
    ("the TV", lambda m: m.startswith("tv_app"), lambda t: t.split(".")[0] in ("kiosk_app", "miniprogram_api",
                                                                             "call_center", "onekey_cli")),
    ("the mini-program", lambda m: m.startswith("miniprogram_api"),
     lambda t: t.split(".")[0] in ("tv_app", "kiosk_app", "call_center", "onekey_cli", "kivy")
     or t.startswith(KIT)),
    ("the centre", lambda m: m.startswith("call_center"),
     lambda t: t.split(".")[0] in ("shared_ui", "accessibility", "tv_app", "kiosk_app", "miniprogram_api",
                                   "onekey_cli", "kivy")),
]


def imports_of(path: Path) -> set[str]:
    name = module_name(path)
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
            else:
                found.add(node.module or "")
    return found


def sources() -> list[Path]:
    return [p for package in PROJECT if (ROOT / package).is_dir() for p in sorted((ROOT / package).rglob("*.py"))]


@pytest.mark.parametrize("what,covers,forbidden", RULES, ids=[r[0] for r in RULES])
def test_each_layer_imports_only_those_below_it(what, covers, forbidden):
    wrong = sorted(f"{module_name(p)} imports {t}" for p in sources() if covers(module_name(p))
                   for t in imports_of(p) if forbidden(t))
    assert wrong == [], f"{what}: " + "; ".join(wrong)


def test_the_kit_holds_no_channel_and_the_tv_copies_nothing_of_it():
    """Nothing the kit has is defined again in tv_app (a class or function of the same name)."""
    def defined(package: str) -> set[str]:
        names = set()
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and not node.name.startswith("_"):
                    names.add(node.name)
        return names

    assert defined("shared_ui/kivy_kit") & defined("tv_app") == set()
