"""Every screen a channel draws, in every locale it speaks, for the Kivy channels' text tests.

The shared corpus (``shared_ui/conformance/screens``) is written in the source language; an
English box draws the same screens with the catalog's words, and English runs longer than
Chinese (紧急求助 → "Emergency help"). :func:`screens_in` gives the corpus in a locale: every
shown or spoken string through the catalog (names, places and numbers stay as written, as an
English screen shows them), so each renderer can be walked at every text size in both."""
from __future__ import annotations

from typing import Any

from shared_ui.conformance import SCREENS_DIR
from shared_ui.flow import Screen
from shared_ui.i18n import LOCALES, translate

# Strings of a screen that are shown or said (ids, kinds, colours and icons are not).
WORDED = frozenset({"title", "label", "speak", "detail", "badge", "body", "notes", "value"})


def _worded(value: Any, locale: str, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _worded(v, locale, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_worded(v, locale, key) for v in value]
    if isinstance(value, str) and key in WORDED:
        return translate(value, locale)
    return value


def screens_in(locale: str, extra: dict[str, Screen] | None = None) -> dict[str, Screen]:
    """The shared corpus (and ``extra``, a channel's own screens) with its words in ``locale``."""
    import json

    screens = {}
    for path in sorted(SCREENS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data = {k: v for k, v in data.items() if not k.startswith("x-")}
        screens[path.stem] = Screen.from_dict(_worded(data, locale))
    for name, screen in (extra or {}).items():
        from dataclasses import asdict

        screens[name] = Screen.from_dict(_worded(asdict(screen), locale))
    return screens


__all__ = ["LOCALES", "screens_in"]
