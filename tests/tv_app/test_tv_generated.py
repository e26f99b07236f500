"""Screens the engine makes from generated requests (tests/generated_screens.py: every request
service, short and long), drawn by the TV at every text size and checked as laid out: no row's
words clipped or out of their box (a user trial: 养老服务一件事's second line cut top and bottom
at 王秀英's size), the title never over the facts or the sentence under it, every page of facts
filled before the next. Screenshots go to tests/artifacts/generated/."""
from __future__ import annotations

import pytest

from tests.generated_screens import fact_screens, list_page_problems

from .test_tv_corpus import tv_problems
from .test_tv_ui import ARTIFACTS, bound_tv

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SCALES = (1.0, 1.25, 1.5)


@pytest.fixture(scope="module")
def tv(live_center, tmp_path_factory):
    probe = bound_tv(live_center, "tv_li", tmp_path_factory.mktemp("tv-generated"))
    probe.app.pushes.stop()  # drawn by hand: no pop-up of the centre's in between
    probe.app.events.stop()
    yield probe
    probe.stop()


@pytest.mark.parametrize("scale", SCALES)
def test_every_row_of_my_services_is_whole_at_every_text_size(tv, scale):
    found = list_page_problems(tv, "tv", scale, tv_problems, ARTIFACTS)
    assert not found, f"×{scale}:\n" + "\n".join(found)
