"""What the kiosk says and its screen does not show is shown over the title while it is said
(kiosk_app/caption.py): a tap on 紧急求助 (how to hold it), a hold let go too soon, a key
with nothing more to do — standing and on its side, at every text size, inside the title's
band (growing down over what the screen says when it needs more lines) and over no target; gone when the screen changes or when it has been read. What a
screen says of itself gets none."""
from __future__ import annotations

import pytest

from kiosk_app import strings as S
from kiosk_app.caption import caption_seconds, unseen
from shared_ui.kivy_kit.layout_check import Rect, layout_problems

from .conftest import ARTIFACTS, identify

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_a_sentence_on_screen_is_seen_whatever_its_spaces_breaks_and_marks():
    shown = "紧急求助\n请按住不放，三秒后\n接通客服"
    assert not unseen("请按住不放。三秒后接通客服！", shown)
    assert unseen("请按住不放。松手就不会呼叫。", shown)   # its second sentence is not there
    assert not unseen("", shown)
    assert caption_seconds("请按住红色按钮三秒钟。") >= 4.0
    assert caption_seconds("一" * 60) == pytest.approx(20.0)


def caption_problems(kiosk) -> list[str]:
    shell = kiosk.app.shell
    caption = shell.caption_shown
    header = Rect.of(shell.view.ids.header)
    box = Rect.of(caption)
    found = layout_problems(caption, safe=Rect.of(shell))
    if abs(box.y1 - header.y1) > 1 or box.x0 < header.x0 - 1 or box.x1 > header.x1 + 1:
        found.append(f"the caption {box} is not over the title's band {header}")
    for tile in shell.touchables():
        if tile.get_root_window() is not None and tile.width > 0 and box.overlaps(Rect.of(tile)):
            found.append(f"the caption covers {tile.item_id}")
    return found


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_what_is_only_said_is_shown_over_the_title_at_every_text_size(new_kiosk, live_center, orientation,
                                                                    monkeypatch):
    from kiosk_app import shell as kiosk_shell

    # Where it is, not how long (test_a_caption_goes_once_it_is_read): up until looked at — a
    # loaded machine's settling after the tap once outlasted its seconds of reading.
    monkeypatch.setattr(kiosk_shell, "caption_seconds", lambda _words: 600.0)
    kiosk = new_kiosk(orientation)
    identify(kiosk, live_center.id_numbers["wang"])
    assert kiosk.app.shell.caption_shown is None   # home reads itself out: no caption
    for scale in (1.0, 1.25, 1.5):
        kiosk.app.apply_preferences({"font_scale": scale})
        kiosk.settle()
        kiosk.wait_guard()
        kiosk.tap("emergency")
        kiosk.frames(3)
        said = kiosk.speech.last
        caption = kiosk.app.shell.caption_shown
        assert said == S.SOS_HOLD   # a tap: how to hold it
        assert caption is not None and caption.words == said, said
        assert caption.font_size >= kiosk.app.look.title   # as big as the title it stands over
        kiosk.screenshot(ARTIFACTS / f"caption-{orientation}@{scale}.png")
        assert caption_problems(kiosk) == [], scale
    kiosk.wait_guard()
    kiosk.tap("registration")   # a new screen: the caption was about the one before
    assert kiosk.screen.kind == "review" and kiosk.app.shell.caption_shown is None


def test_a_caption_goes_once_it_is_read(new_kiosk, live_center):
    kiosk = new_kiosk()
    identify(kiosk, live_center.id_numbers["wang"])
    kiosk.wait_guard()
    kiosk.tap("emergency")
    said = kiosk.speech.last
    assert kiosk.app.shell.caption_shown is not None
    kiosk.wait_until(lambda: kiosk.app.shell.caption_shown is None, caption_seconds(said) + 5,
                     "the caption to go")
