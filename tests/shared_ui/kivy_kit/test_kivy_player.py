"""The Kivy player really plays through SDL (the dummy audio driver: no sound card here): a new
clip stops the old one, queued clips follow, and Kivy's on_stop for a halted clip starts nothing.
Run in a child process so the audio driver is chosen before Kivy starts and no other test's
Kivy state is touched."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui

SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from kivy.clock import Clock
    from accessibility.speech.audio import Audio
    from shared_ui.kivy_kit.kivy_player import KivyPlayer

    long, short, after = (Audio(Path(p), 0.0, "sox", "-", name) for p, name in zip(sys.argv[1:4], ("long", "short", "after")))

    def step_until(condition, seconds=10.0):
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit("timed out")
            Clock.tick()

    player = KivyPlayer(volume=0.7)
    player.play(long)
    first = player.current_sound
    assert first.state == "play" and abs(first.volume - 0.7) < 1e-6
    player.play(short)                      # interrupts
    assert first.state == "stop", first.state
    assert player.current is short and player.current_sound.state == "play"
    player.play(after, interrupt=False)     # queued behind "short"
    assert player.current is short
    step_until(lambda: player.current is after)
    assert player.current_sound.state == "play"
    step_until(lambda: not player.is_playing)
    player.play(long)
    player.stop()
    assert not player.is_playing
    print("OK")
""")


def test_kivy_player_interrupts_and_queues(tmp_path):
    clips = []
    for name, seconds in (("long", 3.0), ("short", 0.3), ("after", 0.3)):
        path = tmp_path / f"{name}.wav"
        subprocess.run(["sox", "-n", "-r", "22050", "-c", "1", "-b", "16", str(path), "synth", str(seconds), "sine", "440"],
                       check=True)
        clips.append(str(path))
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy", "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1",
           "KIVY_NO_FILELOG": "1", "KIVY_HOME": str(tmp_path / "kivy-home"), "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, *clips], capture_output=True, text=True, env=env,
                          cwd=root, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("OK")


def test_speech_modules_do_not_import_kivy():
    code = ("import sys, accessibility.speech, accessibility.speech_text, accessibility.audit, "
            "accessibility.hosts, accessibility.themes, accessibility.cli, accessibility.speech.prebuild; "
            "assert 'kivy' not in sys.modules, 'kivy imported'; print('OK')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stderr
