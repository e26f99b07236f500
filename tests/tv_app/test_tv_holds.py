"""The TV's hold-to-confirm: a long OK on the SOS tile (the red key needs none: one press, and
held it is still one alarm). Each way a hand meets it, on the real app with a real centre:

- a short OK opens the spoken window (any key cancels it; the red key or the window's end
  raises), never the alarm at once;
- OK held but let go before ``long_press_s`` is the same short OK: no long OK;
- OK held through ``long_press_s`` raises at once, one alarm;
- a shaky hand: SDL's repeats while OK is held are not second presses; another key pressed while
  OK is held (a thumb resting on OK) acts — it cancels the window — and spoils the hold: OK held
  on afterwards raises nothing (it did, 1.5 s later, from home);
- the red key held (SDL's repeats) is one alarm.

What the screen went through is recorded as it comes (the window closes by itself after a few
seconds, which a loaded machine's settling can outlast); the long OK's time is set per case so
that no frame, however slow, decides it: where it must not come, it is out of reach and its
timer is looked at."""
from __future__ import annotations

import pytest

from shared_ui.client import CenterClient

from .test_tv_ui import bound_tv, close_open_alarms, focus_on

pytestmark = [pytest.mark.ui, pytest.mark.integration]
OK, BACK = 13, 27


@pytest.fixture(scope="module")
def box(live_center, tmp_path_factory):
    probe = bound_tv(live_center, "tv_li", tmp_path_factory.mktemp("tv-holds"))
    shown: list[tuple[str, str | None]] = []
    show = probe.app.shell.show
    probe.app.shell.show = lambda screen: (shown.append((screen.kind, screen.status)), show(screen))[1]
    probe.shown = shown
    yield probe
    if probe.app.root is not None:
        probe.stop()


@pytest.fixture
def at_sos(box, live_center):
    close_open_alarms(live_center, "tv_li")
    if box.screen.kind == "alarm" and box.screen.status not in ("cancelled", "over"):
        box.press("ok")
    box.press("home")
    while box.app.controller.popup is not None:
        box.press("back")
    focus_on(box, "emergency", "left")
    box.shown.clear()
    box.app.remote.history.clear()
    return box


def alarms(live_center) -> list:
    return CenterClient(live_center.url, live_center.tokens["tv_li"]).open_alarms()


def statuses(box) -> list:
    return [status for kind, status in box.shown if kind == "alarm"]


def test_a_short_ok_opens_the_window_and_a_key_cancels_it(at_sos, live_center):
    box = at_sos
    box.app.remote.long_press_s = 600.0     # no long OK, however slow the frames
    box.press("ok")
    box.press("back")
    assert statuses(box)[:1] == ["arming"] and "raising" not in statuses(box)
    assert "long_ok" not in box.app.remote.history
    assert box.screen.kind != "alarm" and alarms(live_center) == []


def test_ok_held_and_let_go_early_is_a_short_ok(at_sos, live_center):
    box = at_sos
    box.app.remote.long_press_s = 600.0
    box.key_down(OK)
    for _ in range(5):                      # held: SDL repeats
        box.frames(1)
        box.key_down(OK)
    box.key_up(OK)
    box.settle()
    box.press("back")
    assert "long_ok" not in box.app.remote.history and box.app.remote.history.count("ok") == 1
    assert statuses(box)[:1] == ["arming"] and "raising" not in statuses(box)
    assert alarms(live_center) == []


def test_ok_held_through_raises_once(at_sos, live_center):
    box = at_sos
    box.app.remote.long_press_s = box.app.settings.long_press_s
    box.key_down(OK)
    box.wait_until(lambda: "long_ok" in box.app.remote.history, 15, "the long OK")
    box.key_down(OK)                        # still held
    box.key_up(OK)
    box.wait_until(lambda: box.screen.status == "raised", 15, "the alarm")
    assert box.app.remote.history.count("long_ok") == 1 and len(alarms(live_center)) == 1
    box.press("ok")                         # 我没事
    box.wait_until(lambda: alarms(live_center) == [], 15, "the centre to cancel")


def test_another_key_while_ok_is_held_cancels_and_spoils_the_hold(at_sos, live_center):
    box = at_sos
    box.app.remote.long_press_s = 600.0     # the long OK is not timed out here: its timer is looked at
    box.key_down(OK)                        # the window opens, the long OK is armed
    box.frames(1)
    assert box.app.remote._long_timer is not None
    box.key_down(BACK)                      # the hand presses on: the window is cancelled
    box.key_up(BACK)
    box.settle()
    assert box.app.remote._long_timer is None   # and the hold spoiled: OK held on raises nothing
    box.key_down(OK)                        # OK still held, repeating
    box.key_up(OK)
    box.settle()
    assert list(box.app.remote.history) == ["ok", "back"]
    assert statuses(box)[:1] == ["arming"] and "raising" not in statuses(box)
    assert box.screen.kind != "alarm" and alarms(live_center) == []


def test_the_red_key_held_is_one_alarm(at_sos, live_center):
    box = at_sos
    box.press("sos", repeats=5)
    box.wait_until(lambda: box.screen.status == "raised", 15, "the alarm")
    assert box.app.remote.history.count("sos") == 1 and len(alarms(live_center)) == 1
    box.press("ok")
    box.wait_until(lambda: alarms(live_center) == [], 15, "the centre to cancel")
