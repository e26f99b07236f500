"""The key map as data: every remote can do everything, no key means two things."""
import pytest

from tv_app import keymap
from tv_app.keymap import ACTIONS, ALL_KEYS, action_for


def test_android_tv_select_and_back_arrive_as_sdl_keys():
    assert keymap.SDLK_SELECT == 1073741943
    assert keymap.SDLK_AC_BACK == 1073742094
    assert action_for(1073741943) == "ok"
    assert action_for(1073742094) == "back"


def test_escape_is_back_and_f1_is_sos_on_a_pc():
    assert action_for(27) == "back"
    assert action_for(282) == "sos"
    assert action_for(ord("5")) == "digit:5"
    assert action_for(ord("0")) is None  # no item has digit 0
    assert action_for(ord("q")) is None


@pytest.mark.parametrize("source", ["pc", "stb_ir"])
def test_every_action_has_a_key_on_keyboards_and_stb_remotes(source):
    actions = {k.action for k in ALL_KEYS if k.source == source}
    assert set(ACTIONS) <= actions


def test_android_tv_covers_all_but_the_colour_keys_which_come_as_raw_keycodes():
    actions = {k.action for k in ALL_KEYS if k.source == "android_tv"}
    missing = set(ACTIONS) - actions
    assert missing <= set(keymap.ANDROID_KEYCODES.values())
    assert keymap.ANDROID_KEYCODES[183] == "sos"  # KEYCODE_PROG_RED


def test_codes_are_unique_per_action_and_actions_are_known():
    seen = {}
    for key in ALL_KEYS:
        assert key.action in ACTIONS
        assert seen.setdefault(key.code, key.action) == key.action


def test_ir_bindings_only_use_keys_sdl_can_deliver():
    # KEY_OK (352) and KEY_RED..KEY_BLUE (398-401) have no SDL2 scancode; never bind to them.
    codes = {code for _, code in keymap.LINUX_IR_BINDINGS.values()}
    assert not codes & {352, 398, 399, 400, 401}
