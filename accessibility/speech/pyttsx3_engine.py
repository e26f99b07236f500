"""pyttsx3 (in-process espeak-ng on Linux, SAPI5/NSSS elsewhere).

pyttsx3 2.99's espeak driver returns from `runAndWait()` before `save_to_file` has written
the WAV, so this engine waits for the `finished-utterance` callback (with a deadline) and
the Speaker then verifies the file. The driver is process-global (one libespeak, one
callback), so calls are serialised with a lock. The driver prints "Audio saved to …" from
its callback, possibly after `runAndWait()` has returned, so that module's `print` is
pointed at the log instead of stdout (a CLI's stdout must stay the CLI's). `EspeakEngine`
is the default because it needs none of this.
"""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from .audio import SynthesisError
from .locales import spoken_locale
from .rates import espeak_speed, units_per_minute

_LOCK = threading.Lock()
log = logging.getLogger(__name__)


def _quiet_driver(driver: str) -> None:
    module = sys.modules.get(f"pyttsx3.drivers.{driver}")
    if module is not None:
        module.print = lambda *args, **kwargs: log.debug(" ".join(map(str, args)))


class Pyttsx3Engine:
    name = "pyttsx3"
    produces_audio = True
    cooldown_s = 0.0

    def __init__(self, driver: str = "espeak", timeout_s: float = 10.0):
        self.driver = driver
        self.timeout_s = timeout_s
        self._engine = None
        self._finished = threading.Event()

    def _init(self):
        if self._engine is None:
            try:
                import pyttsx3
            except ImportError as exc:
                raise SynthesisError("engine_missing", "pyttsx3 is not installed", self.name) from exc
            try:
                engine = pyttsx3.init(self.driver)
            except Exception as exc:  # the driver's own errors vary by platform
                raise SynthesisError("engine_missing", f"pyttsx3 driver {self.driver}: {exc}", self.name) from exc
            engine.connect("finished-utterance", self._on_finished)
            _quiet_driver(self.driver)
            self._engine = engine
        return self._engine

    def _on_finished(self, name=None, completed=True):
        self._finished.set()

    def voice_for(self, locale: str) -> str:
        return spoken_locale(locale).espeak_voice

    def speed(self, locale: str, rate: float) -> int:
        loc = spoken_locale(locale)
        return espeak_speed(loc.espeak_voice, units_per_minute(loc.code, rate))

    def rate_token(self, locale: str, rate: float) -> str:
        return f"s{self.speed(locale, rate)}"

    def synthesize(self, text: str, locale: str, rate: float, out: Path) -> None:
        with _LOCK:
            engine = self._init()
            self._finished.clear()
            try:
                engine.setProperty("voice", self.voice_for(locale))
                engine.setProperty("rate", self.speed(locale, rate))
                engine.setProperty("volume", 1.0)
                engine.save_to_file(text, str(out))
                engine.runAndWait()
            except (RuntimeError, ValueError, OSError) as exc:
                raise SynthesisError("engine_failed", str(exc), self.name) from exc
            if not self._finished.wait(self.timeout_s):
                raise SynthesisError("timeout", "no finished-utterance callback", self.name)
