"""The TV probe presses a review's OK as she does: through its pages of facts, then 确认.

bench_tv walked the taxi's review at her ×1.5 with one OK: since OK turns the pages first
(3a7fcc1), that OK turned a page and the bench said the taxi was not booked. The probe's
ok_through_pages is what the bench and the TV tests press before 确认."""
from __future__ import annotations

import pytest

from shared_ui.conformance import load_screens

from .test_tv_ui import bound_tv

pytestmark = [pytest.mark.ui, pytest.mark.integration]
REVIEWS = {name: screen for name, screen in load_screens().items() if screen.kind == "review"}


@pytest.fixture(scope="module")
def tv(live_center, tmp_path_factory):
    probe = bound_tv(live_center, "tv_li", tmp_path_factory.mktemp("tv-probe"))
    probe.app.pushes.stop()  # screens drawn by hand: no pop-up of the centre's in between
    probe.app.events.stop()
    yield probe
    probe.stop()


def shown(tv, screen, scale: float):
    tv.app.apply_preferences({"font_scale": scale, "theme": "high_contrast"})
    tv.app.shell.show(screen)
    tv.frames(4)
    return tv.app.shell.view


def test_ok_through_pages_turns_every_page_of_a_long_review_and_lands_on_confirm(tv):
    """At ×1.5 the taxi's four facts take pages: one OK a page turned, by the remote's own key,
    and the ring on 确认 once the last is shown — the press she makes next confirms."""
    view = shown(tv, REVIEWS["review.taxi_long_address"], 1.5)
    pages = int(view.facts.page_count)
    assert pages > 1
    pressed = tv.ok_through_pages()
    assert pressed == ["ok"] * (pages - 1)
    assert int(view.facts.page) == pages - 1
    assert tv.focused == "confirm"


@pytest.mark.parametrize("name", sorted(REVIEWS))
def test_a_review_at_the_default_text_size_is_one_page_with_ok_on_confirm(tv, name):
    """At the box's default text size (×1.0) every review of the corpus — the longest taxi
    address among them — is one page on 1920×1080: OK is on 确认 and nothing is pressed before it."""
    view = shown(tv, REVIEWS[name], 1.0)
    assert int(view.facts.page_count) == 1, name
    assert tv.ok_through_pages() == []
    assert tv.focused == "confirm"
