"""What a Kivy front end says, behind one small interface the app is given (never builds itself).

Apps call :meth:`SpeechSink.speak` for every focus change and every result; a new sentence
interrupts the one still playing (ADA §707.5.1: speech can be interrupted), and ``repeat``
says the last one again. Tests inject :class:`RecordingSpeech` and assert on what was said;
the product injects the accessibility Speaker through :func:`speaker_sink`.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

log = logging.getLogger(__name__)


@runtime_checkable
class SpeechSink(Protocol):
    def speak(self, text: str) -> None:
        """Say ``text`` now, cutting off whatever is being said."""

    def repeat(self) -> None:
        """Say the last sentence again."""

    def stop(self) -> None:
        """Be quiet (and release audio resources)."""

    def forget(self) -> None:
        """The person has gone: nothing of theirs may be said again or stay on disk."""


class RecordingSpeech:
    """A sink that keeps every sentence in order: what tests and benchmarks read back."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self._lock = threading.Lock()

    def speak(self, text: str) -> None:
        if text:
            with self._lock:
                self.said.append(text)

    def repeat(self) -> None:
        with self._lock:
            if self.said:
                self.said.append(self.said[-1])

    def stop(self) -> None:
        pass

    def forget(self) -> None:
        """Like the real sink: what was said to the person who left is gone (counted)."""
        with self._lock:
            self.said.clear()
        self.forgotten = getattr(self, "forgotten", 0) + 1

    @property
    def last(self) -> str:
        with self._lock:
            return self.said[-1] if self.said else ""

    def since(self, mark: int) -> list[str]:
        with self._lock:
            return self.said[mark:]

    def mark(self) -> int:
        with self._lock:
            return len(self.said)


class SpeakerSink:
    """Drives an accessibility ``Speaker`` without ever blocking a frame or raising.

    Synthesis (espeak: tens of milliseconds, more for a long confirmation) runs on one speech
    thread; only the newest sentence matters, so one that was overtaken while it was being
    made is dropped. Playback then starts on the UI thread from the warm cache (Kivy's sound
    providers are not thread-safe). Speech is help, not a gate: a failing engine or sound card
    is logged and the screen still shows everything.
    """

    def __init__(self, speaker: Any, locale: str = "zh_CN"):
        self.speaker = speaker
        self.locale = locale
        self._wanted: str | None = None
        self._cond = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._synthesize_loop, name="speech", daemon=True)
        self._thread.start()

    def speak(self, text: str) -> None:
        if not text:
            return
        with self._cond:
            self._wanted = text
            self._cond.notify()

    def _synthesize_loop(self) -> None:
        while True:
            with self._cond:
                while self._wanted is None and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                text, self._wanted = self._wanted, None
            try:
                self.speaker.prepare(text, self.locale)
            except Exception:  # noqa: BLE001 — speech never breaks the screen
                log.exception("speech synthesis failed")
                continue
            with self._cond:
                overtaken = self._wanted is not None
            if not overtaken:
                self._play_on_ui_thread(text)

    def _play_on_ui_thread(self, text: str) -> None:
        from kivy.clock import Clock

        Clock.schedule_once(lambda _dt: self._safe("speak", text, self.locale), 0)

    def _safe(self, name: str, *args: Any) -> None:
        try:
            getattr(self.speaker, name)(*args)
        except Exception:  # noqa: BLE001 — speech never breaks the screen
            log.exception("speech %s failed", name)

    def repeat(self) -> None:
        self._safe("repeat")

    def forget(self) -> None:
        with self._cond:
            self._wanted = None
        self._safe("forget")

    def stop(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._safe("stop")


def speaker_sink(locale: str = "zh_CN", preferences: dict | None = None,
                 private_dir: Path | None = None) -> SpeechSink:
    """The product's sink: the accessibility Speaker (settings from the environment) playing
    through Kivy's audio. ``private_dir``: sentences made on the fly go there (a kiosk: a
    private temporary folder, emptied after each person), prebuilt prompts stay shared."""
    from accessibility.speech import build_speaker
    from .kivy_player import KivyPlayer

    speaker = build_speaker(player=KivyPlayer(), lru_dir=private_dir)
    if preferences:
        speaker.set_preferences(preferences.get("speech_rate"), preferences.get("volume"))
    return SpeakerSink(speaker, locale)


class SilentSpeech:
    """Speech switched off (``--no-speech``): the screen still shows every word."""

    def speak(self, text: str) -> None:
        pass

    def repeat(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def forget(self) -> None:
        pass
