"""What a Kivy app of 一键通 sets before Kivy starts: its window, keys that never quit, and
a sound output that exists.

Called by the TV's and the kiosk's command lines before anything imports Kivy's window or
audio. On a machine with no sound card (a server running the demo, a box whose HDMI audio
is off) SDL's ALSA driver fails at every clip: Kivy logged a CRITICAL line at the first and a
WARNING for every sentence said after it. There SDL gets its dummy driver instead — clips
still "play" for their length, so whatever waits for a sentence to end still waits — and the
app says once, at INFO, that nothing will be heard.
"""
from __future__ import annotations

import os
from pathlib import Path

CARDS = Path("/proc/asound/cards")


def sound_output(cards: Path = CARDS, env: dict[str, str] | None = None) -> bool:
    """Whether this machine has somewhere to play sound: an ALSA card, or a sound server
    (PulseAudio, PipeWire) this user can reach. No /proc/asound is no sound driver at all
    (a container, a server): only a sound server could play then."""
    env = os.environ if env is None else env
    if env.get("PULSE_SERVER"):
        return True
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and any((Path(runtime) / name).exists() for name in ("pulse/native", "pipewire-0")):
        return True
    try:
        listed = cards.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "no soundcards" not in listed and bool(listed.strip())


def prepare(size: tuple[int, int], fullscreen: bool, *, borderless: bool = False) -> None:
    """Set Kivy's configuration for one of our apps (before its window exists). Where a
    window goes is the desktop's business (or ``KCFG_GRAPHICS_*``: the demo's side by side)."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")  # our options are not Kivy's
    silent = "SDL_AUDIODRIVER" not in os.environ and not sound_output()
    if silent:
        os.environ["SDL_AUDIODRIVER"] = "dummy"
    from kivy.config import Config
    from kivy.logger import Logger

    if silent:
        Logger.info("Audio: no sound output on this machine: speech is shown, not heard")

    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "borderless", "1" if borderless else "0")
    Config.set("kivy", "exit_on_escape", "0")  # Back never quits (the TV's remote, the kiosk)
    Config.set("input", "mouse", "mouse,disable_multitouch")
