"""The TV's dropped views (screens, pop-ups) leave nothing bound to the look: many screens
walked, then the text size and theme changed — no error, no growth in the look's observers
(tests/dropped_views.py, shared_ui/kivy_kit/discard.py)."""
from __future__ import annotations

import pytest

from tests.dropped_views import change_looks, collector, look_observers, walk
from tests.screens_every_locale import screens_in

from .test_tv_corpus import tv_only_screens
from .test_tv_ui import bound_tv

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_dropped_views_leave_nothing_bound_to_the_look(live_center, tmp_path):
    tv = bound_tv(live_center, "tv_li", tmp_path)
    try:
        home = tv.screen
        screens = screens_in("zh_CN", tv_only_screens())
        assert any(s.popup is not None for s in screens.values())
        with collector(enabled=False):
            counts = walk(tv, screens, home)
            assert counts[0] == counts[-1], f"the look's observers grew with every walk: {counts}"
            shown = look_observers(tv.app)
        with collector(enabled=True):
            assert look_observers(tv.app) == shown
        with collector(enabled=False):
            walk(tv, screens, home, rounds=1)
        with collector(enabled=True, threshold=5):
            change_looks(tv)
        walk(tv, {}, home, rounds=1)
        assert look_observers(tv.app) == shown
    finally:
        tv.stop()
