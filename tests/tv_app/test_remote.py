"""Held and repeated keys act once; a long OK reports once; raw Android colour keys work."""
from tv_app.keymap import SDLK_SELECT
from tv_app.remote import Remote


class Timers:
    """A scheduler the test fires by hand (no sleeping)."""

    def __init__(self):
        self.pending = []

    def schedule(self, callback, delay):
        entry = [callback, delay, True]
        self.pending.append(entry)

        def cancel():
            entry[2] = False
        return cancel

    def fire_all(self):
        for entry in list(self.pending):
            if entry[2]:
                entry[2] = False
                entry[0]()


def make():
    actions, timers = [], Timers()
    return Remote(actions.append, timers.schedule, long_press_s=1.5), actions, timers


def test_a_held_arrow_moves_once():
    remote, actions, _ = make()
    for _ in range(10):  # SDL repeats while the key is held
        remote.key_down(274)
    remote.key_up(274)
    remote.key_down(274)
    assert actions == ["down", "down"]
    assert remote.ignored_repeats == 9


def test_a_held_ok_is_one_ok_then_one_long_ok():
    remote, actions, timers = make()
    remote.key_down(SDLK_SELECT)
    remote.key_down(SDLK_SELECT)
    timers.fire_all()
    timers.fire_all()
    remote.key_up(SDLK_SELECT)
    assert actions == ["ok", "long_ok"]


def test_a_short_ok_never_becomes_long():
    remote, actions, timers = make()
    remote.key_down(13)
    remote.key_up(13)
    timers.fire_all()
    assert actions == ["ok"]


def test_every_key_is_consumed_so_kivy_never_quits_on_escape():
    remote, actions, _ = make()
    assert remote.key_down(27) is True
    assert remote.key_down(ord("q")) is True
    assert actions == ["back"]


def test_raw_android_red_key_raises_sos():
    remote, actions, _ = make()
    assert remote.android_key(183)
    assert not remote.android_key(999)
    assert actions == ["sos"]


def test_release_all_forgets_a_key_whose_up_never_came():
    remote, actions, _ = make()
    remote.key_down(273)
    remote.release_all()
    remote.key_down(273)
    assert actions == ["up", "up"]


def test_another_key_while_ok_is_held_spoils_the_long_ok():
    """A thumb resting on OK while the hand presses another key: that key acts, no long OK —
    not even when OK goes on being held (with SDL's repeats) past the time."""
    remote, actions, timers = make()
    remote.key_down(13)
    remote.key_down(274)
    remote.key_up(274)
    remote.key_down(13)
    timers.fire_all()
    timers.fire_all()
    remote.key_up(13)
    assert actions == ["ok", "down"]
    remote.key_down(13)            # a new press is a new hold
    timers.fire_all()
    remote.key_up(13)
    assert actions == ["ok", "down", "ok", "long_ok"]
