"""Every screen of the shared corpus, drawn by the kiosk at every text size, standing and on its
side, checked as laid out: nothing cut, clipped or out of its box; nothing over the title or
the nav row; every target within reach, at least 60 dp, none over another; every fact shown
whole (a page at a time where needed). Screenshots go to tests/artifacts/kiosk/corpus/."""
from __future__ import annotations

import pytest

from kiosk_app.reach import touch_problems
from shared_ui.conformance import load_screens

from .conftest import ARTIFACTS, make_kiosk

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SCALES = (1.0, 1.25, 1.5)
CORPUS = load_screens()


@pytest.fixture(scope="module", params=["portrait", "landscape"])
def kiosk(request, live_center, tmp_path_factory):
    probe = make_kiosk(live_center, tmp_path_factory.mktemp(f"kiosk-{request.param}"), request.param)
    probe.orientation = request.param
    yield probe
    probe.stop()


def problems(probe) -> list[str]:
    from shared_ui.kivy_kit.layout_check import Rect, layout_problems

    shell, look = probe.app.shell, probe.app.look
    view = shell.view
    found = layout_problems(view, safe=Rect.of(shell), regions=[view.ids.header, view.ids.main, view.ids.nav])
    if shell.overlay is not None:
        found += layout_problems(shell.overlay, safe=Rect.of(shell))
    return found + touch_problems(shell, look)


def every_page_shown(probe) -> str:
    from kiosk_app.views.facts import FACTS_PAGE
    from shared_ui.kivy_kit.layout_check import shown_text

    view = probe.app.shell.view
    texts = [shown_text(view)]
    pages = int(view.facts.page_count) if hasattr(view, "facts") else 1
    for _ in range(pages - 1):
        view.act(FACTS_PAGE)
        probe.frames(3)
        texts.append(shown_text(view))
    return "".join(texts)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_corpus_screen_is_drawn_whole_and_in_reach(kiosk, name, scale):
    app = kiosk.app
    app.apply_preferences({"font_scale": scale, "theme": "high_contrast"})
    app.shell.show(CORPUS[name])
    kiosk.frames(4)
    found = problems(kiosk)
    kiosk.screenshot(ARTIFACTS / "corpus" / f"{kiosk.orientation}-{name}@{scale}.png")
    shown = every_page_shown(kiosk)
    facts = [f.value for f in CORPUS[name].facts] + ([f.value for f in CORPUS[name].popup.facts]
                                                     if CORPUS[name].popup else [])
    from shared_ui.kivy_kit.layout_check import shown_whole

    found += [f"the fact {fact!r} is never shown whole" for fact in facts if not shown_whole(fact, shown)]
    assert not sorted(set(found)), f"{name} ({kiosk.orientation}) at ×{scale}:\n" + "\n".join(sorted(set(found)))
