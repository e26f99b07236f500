"""看得清听得清 on the real kiosk, by touch, from its welcome — before anyone is identified: every
text size step in both colour themes (and in English), standing and on its side, drawn with
nothing clipped and every target in reach (the corpus's checks), a screenshot of each; the
change is for this session only — nothing is sent to the centre, and the idle wipe (or 办完了)
gives the next person the kiosk's own look, as her identification gives her her own.

Screenshots go to tests/artifacts/kiosk/display-settings/."""
from __future__ import annotations

import pytest

from shared_ui.kivy_kit.layout_check import shown_text
from tests.display_settings import SIZES, THEMES, elder_at_centre

from .conftest import ARTIFACTS, identify
from .test_kiosk_corpus import problems

pytestmark = [pytest.mark.ui, pytest.mark.integration]

SHOTS = ARTIFACTS / "display-settings"


@pytest.fixture(autouse=True)
def one_window():
    from tests.ui_window import window_size

    window_size()


def prefs(centre, key: str = "wang") -> dict:
    return elder_at_centre(centre, key)["preferences"]


def walk(kiosk, name: str) -> list[str]:
    found = []
    for theme in THEMES:
        kiosk.tap("aspect:theme")
        if kiosk.screen.item(f"set:{theme}").badge is None:
            kiosk.tap(f"set:{theme}")
        kiosk.wait_until(lambda: kiosk.app.look.theme == theme, 10, f"the {theme} theme")
        kiosk.tap("nav:back")
        kiosk.tap("aspect:font_scale")
        for size in SIZES:
            if kiosk.screen.item(f"set:{size}").badge is None:
                kiosk.tap(f"set:{size}")
            kiosk.wait_until(lambda: kiosk.app.look.font_scale == float(size), 10, f"text size {size}")
            kiosk.frames(4)
            found += [f"{name} sizes {theme}@{size}: {p}" for p in problems(kiosk)]
            badge = kiosk.screen.item(f"set:{size}").badge
            if badge not in shown_text(kiosk.app.shell.view):  # the choice in use is marked in words, drawn
                found.append(f"{name} sizes {theme}@{size}: {badge!r} not drawn")
            kiosk.screenshot(SHOTS / f"kiosk-{name}-sizes-{theme}@{size}.png")
            kiosk.tap("nav:back")
            kiosk.frames(4)
            found += [f"{name} list {theme}@{size}: {p}" for p in problems(kiosk)]
            kiosk.screenshot(SHOTS / f"kiosk-{name}-list-{theme}@{size}.png")
            kiosk.tap("aspect:font_scale")
        kiosk.tap("nav:back")
    return found


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_a_stranger_makes_the_text_larger_for_her_session_only(new_kiosk, live_center, orientation):
    before = prefs(live_center)
    kiosk = new_kiosk(orientation)
    own = (kiosk.app.look.font_scale, kiosk.app.look.theme)
    assert kiosk.screen.id == "identify"
    kiosk.tap("display_settings")  # at the welcome, beside the ways to identify
    assert kiosk.screen.id == "settings:display_settings"
    kiosk.tap("aspect:font_scale")
    kiosk.tap("set:1.5")
    kiosk.wait_until(lambda: kiosk.app.look.font_scale == 1.5, 10, "the larger text")
    assert "只在您这次使用时有效" in shown_text(kiosk.app.shell.view)  # shown as well as said
    kiosk.tap("nav:back")
    found = walk(kiosk, orientation)
    kiosk.tap("nav:back")  # the welcome, at the largest size: its ways to identify and the page, whole
    assert kiosk.screen.id == "identify" and kiosk.app.look.font_scale == 1.5
    found += [f"{orientation} welcome@1.5: {p}" for p in problems(kiosk)]
    kiosk.screenshot(SHOTS / f"kiosk-{orientation}-welcome@1.5.png")
    assert not found, "\n".join(found)
    assert prefs(live_center) == before  # nobody identified: nothing of hers changed at the centre
    kiosk.app.host.sign_out()  # 办完了 (the idle wipe does the same): the next person gets the kiosk's own
    kiosk.wait_until(lambda: kiosk.screen.id == "identify", 10, "wiped")
    assert (kiosk.app.look.font_scale, kiosk.app.look.theme) == own


def test_the_idle_wipe_ends_it_and_she_then_gets_her_own(new_kiosk, live_center):
    kiosk = new_kiosk()
    own = kiosk.app.look.font_scale
    kiosk.tap("display_settings")
    kiosk.tap("aspect:font_scale")
    kiosk.tap("set:1.25")
    kiosk.wait_until(lambda: kiosk.app.look.font_scale == 1.25, 10, "the larger text")
    kiosk.app.host._timed_out()  # the idle timer's warning (what its clock would fire after 40 s) …
    kiosk.wait_until(lambda: kiosk.screen.popup is not None, 10, "the idle warning")
    kiosk.app.host._timed_out()  # … and 20 s later the wipe
    kiosk.wait_until(lambda: kiosk.screen.id == "identify" and kiosk.app.look.font_scale == own, 10, "wiped")
    identify(kiosk, live_center.id_numbers["wang"])
    kiosk.wait_until(lambda: kiosk.screen.id == "home", 10, "her home")
    assert kiosk.app.look.font_scale == 1.5 and kiosk.app.look.theme == "high_contrast"  # hers (demo)


def test_in_english_every_size_and_theme_whole(new_kiosk):
    kiosk = new_kiosk(locale="en")
    kiosk.tap("display_settings")
    assert kiosk.screen.title == "See and hear better"
    found = walk(kiosk, "en")
    assert not found, "\n".join(found)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in shown_text(kiosk.app.shell.view))
