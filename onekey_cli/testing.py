"""`onekey test`: the whole suite, with the environment the UI and browser tests need."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent

# Kivy renders real pixels offscreen through Mesa EGL; no X server is needed for UI tests.
TEST_ENV = {
    "SDL_VIDEODRIVER": "offscreen",
    # No sound card on build machines: speech is tested through files, not playback.
    "SDL_AUDIODRIVER": "dummy",
    "KIVY_NO_ARGS": "1",
    "KIVY_NO_CONSOLELOG": "1",
    "KIVY_NO_FILELOG": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
}


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def test(pytest_args: tuple[str, ...]) -> None:
    """Run the test suite (extra arguments go to pytest, e.g. `onekey test -k speech`)."""
    env = {**os.environ, **TEST_ENV}
    kivy_home = Path(env.setdefault("KIVY_HOME", str(ROOT / "var" / "kivy-home")))
    kivy_home.mkdir(parents=True, exist_ok=True)  # Kivy refuses a KIVY_HOME that does not exist
    cmd = [sys.executable, "-m", "pytest", *pytest_args]
    raise SystemExit(subprocess.call(cmd, cwd=ROOT, env=env))
