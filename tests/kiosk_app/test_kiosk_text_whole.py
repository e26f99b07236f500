"""Every label's words whole on every kiosk screen, in Chinese and in English, at every text
size, standing and on its side: the shared corpus checked from the real widget tree as laid
out (``layout_check``: no ellipsis, no line dropped or clipped, no line wider or taller than
its box, nothing out of its tile or over the title or the fixed row), and every target in
reach. An English kiosk at the largest text cut its red 紧急求助 key ("Emergency help") and
sized the fixed row's words unevenly. Screenshots go to tests/artifacts/kiosk/text-whole/."""
from __future__ import annotations

import pytest

from tests.screens_every_locale import LOCALES, screens_in

from .conftest import ARTIFACTS, make_kiosk
from .test_kiosk_corpus import problems

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SCALES = (1.0, 1.25, 1.5)
SCREENS = {locale: screens_in(locale) for locale in LOCALES}
SHOTS = ("menu.home", "menu.more", "result.registration", "result.escort", "popup.return_visit")


@pytest.fixture(scope="module", params=["portrait", "landscape"])
def kiosk(request, live_center, tmp_path_factory):
    probe = make_kiosk(live_center, tmp_path_factory.mktemp(f"kiosk-{request.param}"), request.param)
    probe.orientation = request.param
    yield probe
    probe.stop()


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_label_is_whole_on_every_screen(kiosk, locale, scale):
    app = kiosk.app
    app.apply_preferences({"font_scale": scale, "theme": "high_contrast", "locale": locale})
    found = []
    for name, screen in sorted(SCREENS[locale].items()):
        app.shell.show(screen)
        kiosk.frames(4)
        found += [f"{name}: {p}" for p in problems(kiosk)]
        if name in SHOTS:
            kiosk.screenshot(ARTIFACTS / "text-whole" / f"{kiosk.orientation}-{name}-{locale}@{scale}.png")
    found = sorted(set(found))
    assert not found, f"{kiosk.orientation}, {locale} at ×{scale}: {len(found)} problems\n" + "\n".join(found)
