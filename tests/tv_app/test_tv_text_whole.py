"""Every label's words whole on every TV screen, in Chinese and in English, at every text
size: the shared corpus and the TV's own screens, each checked from the real widget tree as
laid out (``layout_check``: no ellipsis, no line dropped or clipped, no line wider or taller
than its box, nothing out of its tile, over the title or the keys, or out of the safe area).

A tester found "Emergency…" on the red tile and half a line of "press the red key" under the
keys of an English box at the largest text size: the corpus was only ever drawn in Chinese.
Screenshots go to tests/artifacts/text-whole/."""
from __future__ import annotations

import pytest

from tests.screens_every_locale import LOCALES, screens_in

from .test_tv_corpus import tv_only_screens, tv_problems
from .test_tv_ui import ARTIFACTS, bound_tv

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SCALES = (1.0, 1.25, 1.5)
SCREENS = {locale: screens_in(locale, tv_only_screens()) for locale in LOCALES}
SHOTS = ("menu.home", "menu.more", "result.registration", "review.taxi_long_address", "popup.return_visit")


@pytest.fixture(scope="module")
def tv(live_center, tmp_path_factory):
    probe = bound_tv(live_center, "tv_li", tmp_path_factory.mktemp("tv-text-whole"))
    probe.app.pushes.stop()  # drawn by hand: no pop-up of the centre's in between
    probe.app.events.stop()
    yield probe
    probe.stop()


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_label_is_whole_on_every_screen(tv, locale, scale):
    app = tv.app
    app.apply_preferences({"font_scale": scale, "theme": "high_contrast", "locale": locale})
    found = []
    for name, screen in sorted(SCREENS[locale].items()):
        app.shell.show(screen)
        tv.frames(4)
        found += [f"{name}: {p}" for p in tv_problems(tv)]
        for direction in ("right", "down"):  # a chosen tile, grown in its ring, stays whole too
            app.shell.move(direction)
            tv.frames(1)
            found += [f"{name} after {direction}: {p}" for p in tv_problems(tv)]
        if name in SHOTS:
            tv.screenshot(ARTIFACTS / "text-whole" / f"tv-{name}-{locale}@{scale}.png")
    found = sorted(set(found))
    assert not found, f"{locale} at ×{scale}: {len(found)} problems\n" + "\n".join(found)
