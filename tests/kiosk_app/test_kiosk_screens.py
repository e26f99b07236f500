"""The kiosk's main screens, standing and on its side, walked by touch from identification to
a printed slip, the emergency screen and the idle warning. The pictures go to a temporary
folder, or to docs/ with ``ONEKEY_UPDATE_DOCS=1`` (the README shows them)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import ROOT, identify, make_kiosk

pytestmark = [pytest.mark.ui, pytest.mark.integration]


@pytest.fixture
def docs_dir(tmp_path: Path) -> Path:
    return ROOT / "docs" if os.environ.get("ONEKEY_UPDATE_DOCS") == "1" else tmp_path


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_main_screens_in_both_orientations(live_center, tmp_path, docs_dir, orientation):
    kiosk = make_kiosk(live_center, tmp_path / "kiosk", orientation, printer="")
    try:
        shot = lambda name: kiosk.screenshot(docs_dir / f"kiosk-{orientation}-{name}.png")  # noqa: E731
        assert kiosk.screen.id == "identify"
        shot("identify")
        kiosk.tap("id_number")
        for char in live_center.id_numbers["zhang"][:9]:
            kiosk.tap(f"view:{char}")
        shot("keypad")
        kiosk.tap("nav:back")
        identify(kiosk, live_center.id_numbers["zhang"], "1546")
        assert kiosk.screen.id == "home"
        shot("home")
        kiosk.tap("registration")
        assert kiosk.screen.kind == "review"
        shot("review")
        kiosk.tap("confirm")
        kiosk.tap("share")                                  # a station with no printer: 发给家人
        kiosk.wait_until(lambda: any("凭条已经发给您的" in n for n in kiosk.screen.notes), 30, "sent to her family")
        shot("result")
        client = kiosk.app.host.client
        for r in client.requests_for(live_center.elders["zhang"], service="registration", status="confirmed"):
            client.cancel_request(r.id)
        kiosk.hold("nav:sos")   # until its bar fills
        kiosk.wait_until(lambda: kiosk.screen.kind == "alarm" and kiosk.screen.status == "raised", 15, "alarm")
        shot("alarm")
        kiosk.tap("im_ok")
        kiosk.wait_until(lambda: client.open_alarms() == [], 15, "cancelled")
        kiosk.tap("nav:home")
        kiosk.app.host._timed_out()
        kiosk.settle()
        assert kiosk.screen.popup is not None and kiosk.screen.popup.id == "popup:idle"
        shot("idle")
    finally:
        kiosk.stop()
