"""Every label's words whole on every kiosk screen, in both languages, at every text size."""
from __future__ import annotations

import pytest

from tests.screens_every_locale import LOCALES, screens_in

from .conftest import ARTIFACTS, make_kiosk
from .test_kiosk_corpus import problems

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SCALES = (1.0, 1.25, 1.5)
SCREENS = {locale: screens_in(locale) for locale in LOCALES}


@pytest.fixture(scope="module", params=["portrait", "landscape"])
def kiosk(request, live_center, tmp_path_factory):
    probe = make_kiosk(live_center, tmp_path_factory.mktemp(f"kiosk-{request.param}"), request.param)
    probe.orientation = request.param
    yield probe
    probe.stop()


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("locale", LOCALES)
def test_explore(kiosk, locale, scale):
    app = kiosk.app
    app.apply_preferences({"font_scale": scale, "theme": "high_contrast", "locale": locale})
    found = []
    for name, screen in sorted(SCREENS[locale].items()):
        app.shell.show(screen)
        kiosk.frames(4)
        found += [f"{name}: {p}" for p in problems(kiosk)]
        if name in ("menu.home", "field.slots", "result.registration"):
            kiosk.screenshot(ARTIFACTS / "text-whole" / f"{kiosk.orientation}-{name}-{locale}@{scale}.png")
    print("\n".join(found))
    assert not found
