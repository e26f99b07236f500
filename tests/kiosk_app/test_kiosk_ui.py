"""The kiosk as an elder uses it, by touch: identify, book, the result."""
from __future__ import annotations

import pytest

from .conftest import ARTIFACTS, identify

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_identify_by_id_number_then_book_the_favourite_earliest(new_kiosk, live_center):
    kiosk = new_kiosk()
    assert kiosk.screen.id == "identify"
    kiosk.screenshot(ARTIFACTS / "identify.png")
    kiosk.tap("id_number")
    assert kiosk.screen.id == "identify:id_number" and kiosk.screen.input.keypad == "id_number"
    kiosk.screenshot(ARTIFACTS / "keypad.png")
    kiosk.keypad(live_center.id_numbers["wang"])
    assert kiosk.screen.id == "identify:phone_tail"
    kiosk.keypad("5871")
    assert kiosk.screen.id == "home", kiosk.screen
    kiosk.screenshot(ARTIFACTS / "home.png")
    kiosk.tap("registration")
    assert kiosk.screen.kind == "review"
    kiosk.screenshot(ARTIFACTS / "review.png")
    kiosk.tap("confirm")
    assert kiosk.screen.kind == "result", kiosk.screen
    kiosk.screenshot(ARTIFACTS / "result.png")
