"""At the kiosk, the person identified is served in her own preferences — the language too
(``locale`` was ignored by every device) — and the kiosk's own settings come back for the next
person. A centre of its own (her preferences are changed), the real kiosk offscreen, by touch."""
from __future__ import annotations

import uuid

import pytest
import requests

from shared_ui.i18n import translate
from shared_ui.spec import load_spec

from .conftest import ARTIFACTS, identify, make_kiosk

pytestmark = [pytest.mark.ui, pytest.mark.integration]

HOME = load_spec().menus["kiosk"].menus["home"].title


@pytest.fixture(autouse=True)
def one_window():
    from tests.ui_window import window_size

    window_size()


def test_her_language_and_size_when_she_identifies_the_kiosks_after(make_live_center, tmp_path):
    centre = make_live_center()
    r = requests.patch(f"{centre.url}/v1/elders/{centre.elders['wang']}/preferences", json={"locale": "en"},
                       headers={**centre.headers("agent"), "Idempotency-Key": uuid.uuid4().hex}, timeout=10)
    assert r.status_code == 200, r.text
    kiosk = make_kiosk(centre, tmp_path / "kiosk")
    try:
        kiosk_scale = kiosk.app.look.font_scale
        assert kiosk.app.strings.locale == "zh_CN"
        identify(kiosk, centre.id_numbers["wang"])
        kiosk.wait_until(lambda: kiosk.screen.id == "home", 10, "her home")
        assert kiosk.app.strings.locale == "en" and kiosk.screen.title == translate(HOME, "en")
        assert kiosk.app.look.font_scale == 1.5 and kiosk.app.look.theme == "high_contrast"  # hers (demo)
        kiosk.screenshot(ARTIFACTS / "kiosk-preferences-en.png")
        kiosk.app.host.sign_out()  # 办完了: the next person gets the kiosk's own
        kiosk.wait_until(lambda: kiosk.screen.id == "identify", 10, "wiped")
        assert kiosk.app.strings.locale == "zh_CN" and kiosk.app.look.font_scale == kiosk_scale
        assert not any(ch.isascii() and ch.isalpha() for ch in kiosk.screen.title), kiosk.screen.title
    finally:
        kiosk.stop()
