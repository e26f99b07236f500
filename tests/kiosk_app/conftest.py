"""A real kiosk app against a real centre, driven by touch events (offscreen SDL): the kiosk
draws its standing 1080×1920 panel inside the test run's one window. Screenshots go to
tests/artifacts/kiosk/ (git-ignored); the reviewed ones are copied to docs/kiosk-*.png."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from shared_ui.kivy_kit.speech import RecordingSpeech
from tests.ui_window import window_size

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "kiosk"
FONT_CACHE = ROOT / "var" / "fonts"
WANG_TAIL = "5871"   # the last four digits of 王秀英's registered phone (demo data)


def make_kiosk(live_center: Any, data_dir: Path, orientation: str = "portrait",
               until: Callable[[Any], bool] | None = None, **settings_kw: Any):
    """``until``: what the kiosk shows once started (by default its first screen for a person)."""
    window_size()
    from kiosk_app.app import KioskApp
    from kiosk_app.config import KioskSettings
    from kiosk_app.probe import KioskProbe

    settings = KioskSettings(center_url=live_center.url, token=live_center.tokens["kiosk"], data_dir=data_dir,
                             orientation=orientation, fullscreen=False, keep_window=True, font_cache=FONT_CACHE,
                             speech=False, sos_hold_s=1.0, **settings_kw)
    speech = RecordingSpeech()
    probe = KioskProbe(KioskApp(settings, speech=speech))
    probe.speech = speech
    probe.start(until=(lambda: until(probe)) if until is not None else None)
    return probe


@pytest.fixture
def new_kiosk(live_center, tmp_path) -> Callable[..., Any]:
    made = []

    def build(orientation: str = "portrait", **kw: Any):
        probe = make_kiosk(live_center, tmp_path / f"kiosk-{len(made)}", orientation, **kw)
        made.append(probe)
        return probe

    yield build
    for probe in made:
        if probe.app.root is not None:
            probe.stop()


def identify(probe: Any, id_number: str, tail: str = WANG_TAIL) -> None:
    """The card on the reader (a keyboard wedge), then the phone's last four on the keypad."""
    probe.scan(id_number)
    probe.keypad(tail)
