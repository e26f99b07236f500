"""What the TV's and the kiosk's 看得清听得清 tests walk: every text size and colour theme the
spec's form offers (a step added there is walked too), and her profile as the centre holds it."""
from __future__ import annotations

from typing import Any

import requests

from shared_ui.spec import load_spec


def _options(field_id: str) -> tuple[str, ...]:
    form = load_spec().forms["display_settings"]
    return tuple(o.value for f in form.fields if f.id == field_id for o in f.options)


SIZES = _options("font_scale")
THEMES = _options("theme")


def elder_at_centre(centre: Any, key: str) -> dict[str, Any]:
    """Her profile as the centre's agents see it (preferences, preferences_set)."""
    r = requests.get(f"{centre.url}/v1/elders/{centre.elders[key]}", headers=centre.headers("agent"), timeout=10)
    assert r.status_code == 200, r.text
    return r.json()
