"""Kivy playback (SoundLoader). Imported only by the Kivy apps: it imports Kivy.

Kivy reports `on_stop` both when a clip ends and when we stop it; `QueuedPlayer` ignores the
report for a clip it has already halted, so an interruption never starts the queue.
"""
from __future__ import annotations

from kivy.core.audio import SoundLoader

from accessibility.speech.audio import Audio
from accessibility.speech.player import QueuedPlayer


class KivyPlayer(QueuedPlayer):
    def __init__(self, volume: float = 0.8):
        super().__init__(volume)
        self._sounds: dict[int, object] = {}

    def _start(self, audio: Audio) -> None:
        sound = SoundLoader.load(str(audio.path))
        if sound is None:
            self._current = None
            return
        sound.volume = self.volume
        self._sounds[id(audio)] = sound
        sound.bind(on_stop=lambda *_: self._ended(audio))
        sound.play()

    def _ended(self, audio: Audio) -> None:
        sound = self._sounds.pop(id(audio), None)
        self.clip_finished(audio)
        if sound is not None:
            sound.unload()

    def _halt(self, audio: Audio) -> None:
        sound = self._sounds.pop(id(audio), None)
        if sound is not None:
            sound.stop()
            sound.unload()

    @property
    def current_sound(self):
        """The Kivy Sound of the clip playing now, or None."""
        return self._sounds.get(id(self._current)) if self._current is not None else None
