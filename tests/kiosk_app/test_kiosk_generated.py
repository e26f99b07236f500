"""Screens the engine makes from generated requests (tests/generated_screens.py: every request
service, short and long), drawn by the standing kiosk at every text size and checked as laid out:
no row's words clipped or out of their box. Screenshots go to tests/artifacts/kiosk/generated/."""
from __future__ import annotations

import pytest

from tests.generated_screens import list_page_problems

from .conftest import ARTIFACTS, make_kiosk
from .test_kiosk_corpus import problems

pytestmark = [pytest.mark.ui, pytest.mark.integration]
SCALES = (1.0, 1.25, 1.5)


@pytest.fixture(scope="module")
def kiosk(live_center, tmp_path_factory):
    probe = make_kiosk(live_center, tmp_path_factory.mktemp("kiosk-generated"), "portrait")
    yield probe
    probe.stop()


@pytest.mark.parametrize("scale", SCALES)
def test_every_row_of_my_services_is_whole_at_every_text_size(kiosk, scale):
    found = list_page_problems(kiosk, "kiosk", scale, problems, ARTIFACTS)
    assert not found, f"×{scale}:\n" + "\n".join(found)
