"""Every hold-to-confirm control of the kiosk, each the same way: home's 紧急求助 tile, the fixed
row's 紧急求助 key (every screen) and 陪诊's 急病叫救护车 answer. For each —

- a short tap is told how to hold it (请按住…), never 松手了 (a tap's lift reached the controller's
  branch for a tap: the shell ended every touch on a held tile as a hold let go, and the test
  that tapped it could not tell, both sentences say 按住);
- a tap that slid a few px (a shaky finger), and a tremor's second touch of it, are one tap;
- a clean finger lifted before the bar filled let go too soon: 松手了，没有呼叫救援;
- a second finger (a palm, a lean) spoils a hold: how to hold, no alarm;
- a hold whose finger trembles a few px on the way raises the alarm, once;
- a tap whose lift waits in the input queue while a frame stalls is still a tap (the bar's
  end is taken only after the frame's input is read; how long the finger was down is the
  touch's own times).

Real windows (offscreen SDL), real touch events, a real centre. What is timed is the
finger, never a frame: a tap's down and lift reach the app back to back; a hold let go "too
soon" is held for real with a bar made too long to fill meanwhile."""
from __future__ import annotations

import time

import pytest

from kiosk_app import strings as S

from .conftest import ARTIFACTS, identify

# Kivy's window and what imports it come inside the tests, after conftest made the run's one
# window its size (tests/ui_window.py): imported here, it would open at Kivy's default size.

pytestmark = [pytest.mark.ui, pytest.mark.integration]

# Where each held control is, and how to reach it from home.
CONTROLS = {
    "home tile": ((), "emergency"),
    "fixed row": ((), "nav:sos"),
    "fixed row on a form": (("menu:more", "escort"), "nav:sos"),
    "escort's ambulance answer": (("menu:more", "escort"), "emergency"),
}


def open_alarms(kiosk, live_center) -> list:
    client = kiosk.app.host.client
    return [a for a in client.open_alarms() if a["elder_id"] == live_center.elders["wang"]]


def hints_seen(kiosk, item_id: str) -> tuple[list[str], list[str]]:
    """Record every label ``item_id``'s tile shows from now on, and every hint the shell is
    asked to show on it (the hint is shown for a few seconds: watched as it comes, never looked
    for after a wait, which a loaded machine can stretch past it)."""
    labels: list[str] = []
    hints: list[str] = []
    tile, shell = kiosk.tile(item_id), kiosk.app.shell
    tile.bind(label=lambda _tile, label: labels.append(label))
    hint = shell.hint
    shell.hint = lambda on, words: (hints.append(words) if on is tile else None, hint(on, words))[1]
    return labels, hints


def said_after(kiosk, before: int) -> list[str]:
    return kiosk.speech.said[before:]


def test_every_held_control_is_in_the_table(new_kiosk, live_center):
    """Each screen's held tiles are the ones tested below (a new one is added to CONTROLS)."""
    from kiosk_app.views.base import KioskHoldTile

    kiosk = new_kiosk()
    identify(kiosk, live_center.id_numbers["wang"])
    found = {("home", t.item_id) for t in kiosk.app.shell.touchables() if isinstance(t, KioskHoldTile)}
    for item_id in ("menu:more", "escort"):
        kiosk.tap(item_id)
    found |= {("escort", t.item_id) for t in kiosk.app.shell.touchables() if isinstance(t, KioskHoldTile)}
    table = {("escort" if path else "home", item_id) for path, item_id in CONTROLS.values()}
    assert found == table


@pytest.mark.parametrize("control", sorted(CONTROLS))
def test_a_held_control_tells_a_tap_a_let_go_a_lean_and_a_hold_apart(new_kiosk, live_center, control):
    from kiosk_app.probe import Finger
    from kiosk_app.views.base import KioskHoldTile

    path, item_id = CONTROLS[control]
    kiosk = new_kiosk()
    identify(kiosk, live_center.id_numbers["wang"])
    for step in path:
        kiosk.tap(step)
    screen = kiosk.screen.id
    assert isinstance(kiosk.tile(item_id), KioskHoldTile)
    shell = kiosk.app.shell

    # A short tap: how to hold it, said, shown over the title and on the tile itself.
    labels, hints = hints_seen(kiosk, item_id)
    before = len(kiosk.speech.said)
    kiosk.tap(item_id)
    assert said_after(kiosk, before) == [S.SOS_HOLD], control
    assert shell.caption_shown is not None and shell.caption_shown.words == S.SOS_HOLD
    assert labels[:1] == [S.HOLD_SHOWN] and hints == [S.HOLD_SHOWN] and kiosk.screen.id == screen

    # A shaky finger's tap (slides within the slop), then the tremor's second touch at once:
    # one tap, told once. (After the last tap's window: not a repeat of that one.)
    kiosk.pause(kiosk.app.settings.repeat_tap_s)
    before = len(kiosk.speech.said)
    x, y = kiosk.centre_of(item_id)
    kiosk.touch(x, y, moves=kiosk.wobble(kiosk.app.look.tap_slop * 0.7))
    kiosk.touch(x + 3, y - 2)
    kiosk.settle()
    assert said_after(kiosk, before) == [S.SOS_HOLD], control
    assert kiosk.screen.id == screen and open_alarms(kiosk, live_center) == []

    # Held, and let go before the bar filled (a bar far too long to fill meanwhile, however
    # slowly this machine draws): 松手了, and how, on the tile.
    kiosk.pause(kiosk.app.settings.repeat_tap_s)
    shell.hold_s = 600.0
    hints.clear()
    before = len(kiosk.speech.said)
    kiosk.hold(item_id, kiosk.app.settings.sos_tap_s + 0.2)
    assert said_after(kiosk, before) == [S.SOS_LET_GO], control
    assert hints == [S.HOLD_SHOWN] and shell.holding is None and kiosk.tile(item_id).hold == 0

    # A lean: a second finger on the screen while one holds — spoiled, told how, nothing sent.
    before = len(kiosk.speech.said)
    palm, other = Finger(x, y), Finger(x + 200, y + 150)
    palm.down()
    kiosk.pause(kiosk.app.settings.sos_tap_s + 0.1)   # past a tap: a hold under way
    assert shell.holding is kiosk.tile(item_id)
    other.down()
    kiosk.frames(2)
    assert shell.holding is None
    other.up()
    palm.up()
    kiosk.settle()
    assert said_after(kiosk, before) == [S.SOS_HOLD] and hints[-1:] == [S.HOLD_SHOWN], control
    assert kiosk.screen.id == screen and open_alarms(kiosk, live_center) == []

    # Held to the end by a trembling finger: the alarm, once.
    shell.hold_s = kiosk.app.settings.sos_hold_s
    kiosk.hold(item_id, wobble=kiosk.app.look.tap_slop * 0.7)
    kiosk.wait_until(lambda: kiosk.screen.kind == "alarm" and kiosk.screen.status == "raised", 15, "the alarm")
    kiosk.screenshot(ARTIFACTS / f"held-{control.replace(' ', '-')}.png")
    assert S.SOS_LET_GO not in kiosk.speech.said[before:]
    mine = open_alarms(kiosk, live_center)
    assert len(mine) == 1 and mine[0]["channel"] == "kiosk"
    kiosk.tap("im_ok")
    kiosk.wait_until(lambda: open_alarms(kiosk, live_center) == [], 15, "the centre to cancel")


def test_a_tap_lifted_during_a_stalled_frame_is_a_tap_not_a_hold(new_kiosk, live_center):
    """The finger comes down and is lifted 0.1 s later, while the app is stalled for longer
    than the whole hold: the lift waits in the input queue, as a provider leaves it. The
    frame's clock tick finds the bar's time gone; the lift, read in the same frame, is a tap."""
    from kivy.base import EventLoop

    from kiosk_app.probe import Finger

    kiosk = new_kiosk()
    identify(kiosk, live_center.id_numbers["wang"])
    kiosk.wait_guard()
    x, y = kiosk.centre_of("emergency")
    before = len(kiosk.speech.said)
    finger = Finger(x, y)
    finger.down()
    assert kiosk.app.shell.holding is not None
    time.sleep(kiosk.app.settings.sos_hold_s + 0.2)         # the app stalls: no frame runs
    finger.time_end = finger.time_start + 0.1               # the provider read the lift at 0.1 s
    EventLoop._dispatch_input("end", finger)                # queued for the next frame's input
    kiosk.frames(1)
    kiosk.settle()
    assert kiosk.screen.kind != "alarm" and open_alarms(kiosk, live_center) == []
    assert said_after(kiosk, before) == [S.SOS_HOLD]
