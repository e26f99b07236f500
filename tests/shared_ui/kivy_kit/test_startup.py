"""A machine with no sound output gives SDL its dummy audio driver before Kivy starts
(trial of 6 December: the demo on a server logged a CRITICAL line and a WARNING for every
sentence said). Where sound can go — an ALSA card, a PulseAudio or PipeWire server — SDL
chooses as before; and a driver set by whoever started the app is never overridden."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared_ui.kivy_kit.startup import sound_output

NO_CARDS = "--- no soundcards ---\n"
ONE_CARD = " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n                      HDA Intel PCH at 0xf7f10000 irq 32\n"


@pytest.mark.parametrize("cards,env,expected", [
    (NO_CARDS, {}, False),
    ("", {}, False),
    (ONE_CARD, {}, True),
    (NO_CARDS, {"PULSE_SERVER": "unix:/run/pulse/native"}, True),
    (NO_CARDS, {"XDG_RUNTIME_DIR": "{runtime}"}, True),
    (None, {}, False),  # ALSA is there (/proc/asound) but lists nothing readable
], ids=["no cards", "empty list", "a card", "pulse server", "pipewire socket", "unreadable"])
def test_sound_output_is_found_where_it_is(tmp_path: Path, cards, env, expected):
    asound = tmp_path / "asound"
    asound.mkdir()
    if cards is not None:
        (asound / "cards").write_text(cards)
    runtime = tmp_path / "run"
    (runtime / "pipewire-0").parent.mkdir(parents=True)
    (runtime / "pipewire-0").touch()
    env = {k: v.format(runtime=runtime) for k, v in env.items()}
    assert sound_output(asound / "cards", env) is expected


def test_no_sound_driver_at_all_is_silent_unless_a_sound_server_answers(tmp_path: Path):
    assert sound_output(tmp_path / "nowhere" / "cards", {}) is False  # this container
    assert sound_output(tmp_path / "nowhere" / "cards", {"PULSE_SERVER": "tcp:speaker"}) is True


def _started(env: dict[str, str]) -> str:
    """The audio driver SDL is given, and what Kivy logged, in a fresh interpreter."""
    code = ("import os, sys\n"
            "from shared_ui.kivy_kit import startup\n"
            "startup.sound_output = lambda *a, **k: False\n"
            "startup.prepare((320, 240), False)\n"
            "from kivy.config import Config\n"
            "print('driver=' + os.environ.get('SDL_AUDIODRIVER', ''))\n"
            "print('escape=' + Config.get('kivy', 'exit_on_escape'))\n")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_a_silent_machine_gets_the_dummy_driver_and_says_so_once():
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_AUDIODRIVER", "KIVY_NO_CONSOLELOG")}
    out = _started(env)
    assert "driver=dummy" in out and "escape=0" in out
    assert out.count("speech is shown, not heard") == 1


def test_a_driver_given_by_whoever_started_the_app_is_kept():
    out = _started({**os.environ, "SDL_AUDIODRIVER": "pulseaudio"})
    assert "driver=pulseaudio" in out and "not heard" not in out
