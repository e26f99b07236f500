"""Playback: one clip at a time, a new utterance interrupts the old one.

`QueuedPlayer` holds the rules every backend shares (interrupt or queue, stop clears the
queue, volume); a backend only starts and halts one clip and reports when a clip ends.
`RecordingPlayer` plays nothing and logs every call, so the flow engine's and the apps'
tests can assert on what would have been said (like Toga's dummy backend).
The Kivy backend is `shared_ui.kivy_kit.kivy_player`, imported only by the Kivy apps.
"""
from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import deque

from .audio import Audio


class Player(ABC):
    volume: float

    @abstractmethod
    def play(self, audio: Audio, *, interrupt: bool = True) -> None:
        """Play `audio`; with `interrupt` stop whatever is playing, else queue after it."""

    @abstractmethod
    def stop(self) -> None:
        """Stop the current clip and forget the queue."""

    @property
    @abstractmethod
    def is_playing(self) -> bool: ...


class QueuedPlayer(Player):
    def __init__(self, volume: float = 0.8):
        self.volume = volume
        self._current: Audio | None = None
        self._queue: deque[Audio] = deque()
        self._lock = threading.RLock()

    @property
    def current(self) -> Audio | None:
        return self._current

    @property
    def is_playing(self) -> bool:
        return self._current is not None

    def play(self, audio: Audio, *, interrupt: bool = True) -> None:
        with self._lock:
            if interrupt:
                self._queue.clear()
                self._halt_current()
            elif self._current is not None:
                self._queue.append(audio)
                return
            self._current = audio
            self._start(audio)

    def stop(self) -> None:
        with self._lock:
            self._queue.clear()
            self._halt_current()

    def _halt_current(self) -> None:
        if self._current is not None:
            audio, self._current = self._current, None
            self._halt(audio)

    def clip_finished(self, audio: Audio) -> None:
        """Backends call this when `audio` ended by itself; the next queued clip starts."""
        with self._lock:
            if audio is not self._current:
                return  # a clip we already halted
            self._current = None
            if self._queue:
                self._current = self._queue.popleft()
                self._start(self._current)

    @abstractmethod
    def _start(self, audio: Audio) -> None: ...

    @abstractmethod
    def _halt(self, audio: Audio) -> None: ...


class RecordingPlayer(QueuedPlayer):
    """Logs ("play", text) and ("stop", text) events; `finish()` ends the current clip."""

    def __init__(self, volume: float = 0.8):
        super().__init__(volume)
        self.events: list[tuple[str, str]] = []
        self.played: list[Audio] = []

    def _start(self, audio: Audio) -> None:
        self.events.append(("play", audio.text))
        self.played.append(audio)

    def _halt(self, audio: Audio) -> None:
        self.events.append(("stop", audio.text))

    def finish(self) -> None:
        """Pretend the current clip played to its end."""
        if self._current is not None:
            self.events.append(("end", self._current.text))
            self.clip_finished(self._current)

    @property
    def spoken(self) -> list[str]:
        return [text for kind, text in self.events if kind == "play"]
