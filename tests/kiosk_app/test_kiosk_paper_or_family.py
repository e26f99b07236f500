"""Where her slip goes, for every station and every elder: 打印凭条 only where a printer answers
(the kiosk asks CUPS when it starts), 发给家人 up front whenever the centre knows someone bound
to receive it, and — with neither — the station's staff or volunteer, never a button that is
not there (nor "copy the screen", where a number to ring is masked). The tester's 欧阳 (no
family, a kiosk whose printer never answered) was told 可以按"发给家人" and then 您还没有绑定
家人，发不出去; a later trial was offered 打印凭条 at a station with no printer, and 发给家人
only after the print had failed."""
from __future__ import annotations

import pytest

from .conftest import ARTIFACTS, identify

pytestmark = [pytest.mark.ui, pytest.mark.integration]

# elder key → (her phone's last four, whether a family member is bound to see her requests: demo data)
ELDERS = {"zhang": ("1546", True), "wang": ("5871", False)}
STAFF = "驿站的工作人员或志愿者"


@pytest.fixture(scope="module")
def cups():
    from tests.print_server import start_print_server

    server = start_print_server()
    yield server
    server.stop()


def _book(kiosk, live_center, elder: str):
    identify(kiosk, live_center.id_numbers[elder], tail=ELDERS[elder][0])
    assert kiosk.app.host.session.elder["family_receives_slips"] is ELDERS[elder][1]
    kiosk.tap("registration")
    kiosk.tap("confirm")
    assert kiosk.screen.kind == "result"


def _said(kiosk) -> str:
    return " ".join(kiosk.screen.notes) + " " + (kiosk.speech.last or "")


@pytest.mark.parametrize("elder", list(ELDERS))
def test_a_printer_that_prints(new_kiosk, live_center, cups, monkeypatch, elder):
    monkeypatch.setenv("CUPS_SERVER", cups.socket)
    kiosk = new_kiosk(printer="slip")
    _book(kiosk, live_center, elder)
    family = ELDERS[elder][1]
    assert kiosk.tile("print") and (kiosk.app.shell.tile("share") is not None) is family   # both up front
    kiosk.tap("print")
    kiosk.wait_until(lambda: "取走" in " ".join(kiosk.screen.notes), 30, "printed")
    assert "发给家人" not in _said(kiosk) and STAFF not in _said(kiosk)


@pytest.mark.parametrize("elder", list(ELDERS))
def test_a_printer_that_never_answers(new_kiosk, live_center, monkeypatch, tmp_path, elder):
    """The demo's station: printing is set up, but no CUPS queue answers — found when the kiosk
    starts, so 打印凭条 is not offered to fail."""
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cups.sock"))
    monkeypatch.delenv("ONEKEY_PRINTER", raising=False)
    kiosk = new_kiosk()
    _book(kiosk, live_center, elder)
    family = ELDERS[elder][1]
    assert kiosk.app.shell.tile("print") is None and "打印凭条" not in _said(kiosk)
    assert (kiosk.app.shell.tile("share") is not None) is family   # up front, not after a failed print
    kiosk.screenshot(ARTIFACTS / f"no-printer-{'family' if family else 'no-family'}.png")
    if family:
        assert kiosk.tile("share").fill_role == "primary"      # a way to her slip, not a cancellation's orange
        kiosk.tap("share")
        kiosk.wait_until(lambda: "凭条已经发给您的" in " ".join(kiosk.screen.notes), 30, "sent to the family")
        assert STAFF not in _said(kiosk)                        # sent: nobody to ask for it
        kiosk.screenshot(ARTIFACTS / "no-printer-sent.png")


@pytest.mark.parametrize("elder", list(ELDERS))
def test_no_printer_at_the_station(new_kiosk, live_center, elder):
    kiosk = new_kiosk(printer="")
    _book(kiosk, live_center, elder)
    family = ELDERS[elder][1]
    assert kiosk.app.shell.tile("print") is None
    assert (kiosk.app.shell.tile("share") is not None) is family
    assert "发给家人" not in _said(kiosk) or family
    kiosk.screenshot(ARTIFACTS / f"no-printer-station-{'family' if family else 'no-family'}.png")
