"""看得清听得清 on the real TV, from the remote: every text size step in both colour themes (and
in English), drawn with nothing clipped (the kit's layout check), a screenshot of each; each
choice shown and said in the new size and voice, saved as hers at the centre, which tells her
family's view; one press undoes; the centre down is said kindly and the change stays on the box.

A real centre of its own (her preferences are changed), the real TV app offscreen, remote keys.
Screenshots go to tests/artifacts/display-settings/."""
from __future__ import annotations

import pytest

from shared_ui.kivy_kit.layout_check import shown_text
from tests.display_settings import SIZES, THEMES, elder_at_centre

from .test_tv_corpus import tv_problems
from .test_tv_elder_services import choose
from .test_tv_preferences import tv_for
from .test_tv_ui import ARTIFACTS, check_focus

pytestmark = [pytest.mark.ui, pytest.mark.integration]

SHOTS = ARTIFACTS / "display-settings"


@pytest.fixture(autouse=True)
def one_window():
    from tests.ui_window import window_size

    window_size()


def hers(centre, key: str = "li") -> dict:
    return elder_at_centre(centre, key)


def said_at(tv) -> list[tuple[str, float, str]]:
    """What the box says, with the text size and theme it had at that moment."""
    log: list[tuple[str, float, str]] = []
    speak = tv.speech.speak

    def recording(text, *a, **kw):
        log.append((text, tv.app.look.font_scale, tv.app.look.theme))
        return speak(text, *a, **kw)

    tv.speech.speak = recording
    tv.app.controller.speech.speak = recording
    return log


def walk_every_size_and_theme(tv, name: str) -> list[str]:
    """From the settings page: each theme, each text size (chosen with the remote), the choices
    page and the list checked and photographed at each."""
    found = []
    for theme in THEMES:
        choose(tv, "aspect:theme")
        if tv.screen.item(f"set:{theme}").badge is None:
            choose(tv, f"set:{theme}")
            tv.wait_until(lambda: tv.app.look.theme == theme, 10, f"the {theme} theme")
        tv.press("back")
        choose(tv, "aspect:font_scale")
        for size in SIZES:
            if tv.screen.item(f"set:{size}") is None or tv.screen.item(f"set:{size}").badge is None:
                choose(tv, f"set:{size}")
            tv.wait_until(lambda: tv.app.look.font_scale == float(size), 10, f"text size {size}")
            tv.frames(4)
            found += [f"{name} sizes {theme}@{size}: {p}" for p in tv_problems(tv)]
            badge = tv.screen.item(f"set:{size}").badge
            if badge not in shown_text(tv.app.shell.view):  # the choice in use is marked in words, drawn
                found.append(f"{name} sizes {theme}@{size}: {badge!r} not drawn")
            check_focus(tv)
            tv.screenshot(SHOTS / f"tv-{name}-sizes-{theme}@{size}.png")
            tv.press("back")
            tv.frames(4)
            found += [f"{name} list {theme}@{size}: {p}" for p in tv_problems(tv)]
            tv.screenshot(SHOTS / f"tv-{name}-list-{theme}@{size}.png")
            choose(tv, "aspect:font_scale")
        tv.press("back")
    return found


def test_from_the_remote_every_size_and_theme_shown_at_once_said_saved_and_undone(make_live_center, tmp_path):
    centre = make_live_center()
    tv = tv_for(centre, tmp_path)
    try:
        assert tv.app.look.font_scale == 1.0 and tv.app.look.theme == "standard"  # the box's own
        log = said_at(tv)
        choose(tv, "menu:more")
        choose(tv, "display_settings")
        assert tv.screen.id == "settings:display_settings"
        tv.after_key = check_focus
        choose(tv, "aspect:font_scale")
        choose(tv, "set:1.5")
        # shown at once: the box draws the larger size, and says the change in it
        tv.wait_until(lambda: tv.app.look.font_scale == 1.5, 10, "the larger text on the box")
        assert ("字的大小改成了特大。", 1.5, "standard") in log
        assert tv.app.shell.view.screen.item("set:1.5").badge == "现在"  # drawn, not only decided
        # saved as hers: the centre has it, her family's view (the profile they read) shows it
        tv.wait_until(lambda: hers(centre)["preferences"]["font_scale"] == 1.5, 10, "saved at the centre")
        assert "font_scale" in hers(centre)["preferences_set"]
        tv.wait_until(lambda: "已经记下了" in (tv.screen.body or ""), 10, "said saved")
        tv.press("back")

        found = walk_every_size_and_theme(tv, "zh")
        assert not found, "\n".join(found)
        assert hers(centre)["preferences"]["theme"] == "high_contrast"

        choose(tv, "aspect:theme")
        choose(tv, "undo")  # one press, on any choices page: every change as it was when the page opened
        tv.wait_until(lambda: (tv.app.look.font_scale, tv.app.look.theme) == (1.0, "standard"), 10, "undone")
        assert log[-1][0] == "已经改回原来的样子了。" and log[-1][1:] == (1.0, "standard")
        tv.wait_until(lambda: (hers(centre)["preferences"]["font_scale"], hers(centre)["preferences"]["theme"])
                      == (1.0, "standard"), 10, "undone at the centre")
        assert tv.screen.item("undo") is None
    finally:
        tv.stop()


def test_in_english_every_size_and_theme_whole(make_live_center, tmp_path):
    centre = make_live_center()
    tv = tv_for(centre, tmp_path, locale="en")
    try:
        choose(tv, "menu:more")
        choose(tv, "display_settings")
        assert tv.screen.title == "See and hear better"
        assert tv.screen.item("aspect:font_scale").label == "Text size"
        found = walk_every_size_and_theme(tv, "en")
        assert not found, "\n".join(found)
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in shown_text(tv.app.shell.view)), shown_text(tv.app.shell.view)
    finally:
        tv.stop()


def test_the_centre_down_is_said_kindly_and_the_larger_text_stays_on_the_box(make_live_center, tmp_path):
    centre = make_live_center()
    tv = tv_for(centre, tmp_path)
    try:
        choose(tv, "menu:more")
        choose(tv, "display_settings")
        choose(tv, "aspect:font_scale")
        centre.stop()  # the platform is down
        choose(tv, "set:1.25")
        tv.wait_until(lambda: tv.screen.kind == "error", 60, "the save refused")
        assert tv.app.look.font_scale == 1.25  # kept on this box for now
        sorry = "现在连不上一键通平台，这次没能记下来。先在这台电视上这样用着，过一会儿按再试一次就能记下。"
        assert sorry in shown_text(tv.app.shell.view) and sorry in tv.speech.said[-1]
        assert not tv_problems(tv)
        tv.screenshot(SHOTS / "tv-not-saved@1.25.png")
        tv.press("back")
        assert tv.screen.id == "settings:display_settings:font_scale" and tv.app.look.font_scale == 1.25
    finally:
        tv.stop()
