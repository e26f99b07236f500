"""An elder's own preferences (text size, theme, voice, language), as a device applies them.

The centre's profile fills every preference, with defaults for those she never chose; it names
the ones she chose in ``preferences_set``. A device applies only those: the rest stay the
device's own settings (a TV started with ``--locale en`` stays English for an elder who never
chose a language). A centre that does not name them (an older one): all are hers."""
from __future__ import annotations

from typing import Any, Mapping


def own_preferences(elder: Mapping[str, Any] | None) -> dict[str, Any]:
    """The preferences ``elder`` (a profile, or a ``preferences`` event's data) chose."""
    if not elder:
        return {}
    prefs = dict(elder.get("preferences") or {})
    chosen = elder.get("preferences_set")
    if chosen is None:
        return {k: v for k, v in prefs.items() if v is not None}
    return {k: v for k, v in prefs.items() if k in set(chosen) and v is not None}
