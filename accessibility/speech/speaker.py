"""The Speaker: what the apps call to say something.

`speak(text, locale)` normalises the text, finds it in the cache or synthesizes it with the
first engine of the chain that works, and plays it; `repeat()` (重听 / 再听一遍, ELDER_UI.md
Speech: "replay on every screen") plays the last utterance again. When no engine can make
sound the result carries a notice the screen shows instead: speech failing never breaks a
screen. Calls are synchronous; espeak takes tens of milliseconds, gTTS at most its deadline.
"""
from __future__ import annotations

import threading
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from accessibility.speech_text import normalise

from .audio import Audio, Notice, SynthesisError, speech_unavailable, verify_wav, wav_duration
from .cache import AudioCache
from .engine import Engine
from .locales import spoken_locale
from .player import Player
from .rates import resolve_rate, resolve_volume


@dataclass(frozen=True)
class Utterance:
    text: str                    # as shown
    spoken: str                  # as said (normalised)
    locale: str
    audio: Audio | None = None
    notice: Notice | None = None
    cached: bool = False
    failures: tuple[SynthesisError, ...] = field(default=())

    @property
    def has_sound(self) -> bool:
        return self.audio is not None


@dataclass(frozen=True)
class Rendering:
    audio: Audio | None
    cached: bool
    failures: tuple[SynthesisError, ...]


class Speaker:
    def __init__(self, engines: Sequence[Engine], cache: AudioCache, player: Player, *,
                 rate: str | float | None = None, volume: str | float | None = None,
                 normaliser: Callable[[str, str], str] = normalise,
                 clock: Callable[[], float] = time.monotonic):
        if not engines:
            raise ValueError("a Speaker needs at least one engine")
        self.engines = list(engines)
        self.cache = cache
        self.player = player
        self.rate = resolve_rate(rate)
        self.player.volume = resolve_volume(volume)
        self._normalise = normaliser
        self._clock = clock
        self._down_until: dict[str, float] = {}
        self._last: Utterance | None = None
        self._lock = threading.Lock()

    # -- preferences ------------------------------------------------------------------------
    def set_preferences(self, speech_rate: str | float | None = None, volume: str | float | None = None) -> None:
        """Apply an elder's `speech_rate` / `volume` preferences (preset names or numbers)."""
        if speech_rate is not None:
            self.rate = resolve_rate(speech_rate)
        if volume is not None:
            self.player.volume = resolve_volume(volume)

    # -- synthesis --------------------------------------------------------------------------
    def normalise(self, text: str, locale: str = "zh_CN") -> str:
        return self._normalise(text, spoken_locale(locale).code)

    def render(self, spoken: str, locale: str, *, rate: float | None = None, pinned: bool = False,
               engines: Sequence[Engine] | None = None) -> Rendering:
        """Audio for already-normalised text: from the cache, else from the first working engine.

        Any engine's cached clip is used before any engine synthesizes, so a prebuilt prompt
        starts at once even when the preferred engine is a network one (gTTS) that would
        first have to answer or time out; gTTS is then used for sentences not yet cached.
        """
        rate = self.rate if rate is None else rate
        audible = []
        for engine in engines or self.engines:
            if not engine.produces_audio:
                break
            audible.append(engine)
        failures: list[SynthesisError] = []
        keys: dict[str, tuple[str, str]] = {}
        for engine in audible:
            try:
                voice = engine.voice_for(locale)
                keys[engine.name] = (voice, self.cache.key(engine.name, voice, engine.rate_token(locale, rate), spoken))
            except SynthesisError as exc:
                failures.append(exc)
                continue
            hit = self.cache.get(keys[engine.name][1])
            if hit is None:
                continue
            try:
                if pinned:
                    hit = self.cache.pin(keys[engine.name][1])
                duration = wav_duration(hit)
            except (OSError, EOFError, wave.Error):
                continue  # evicted or replaced by another process just now: synthesize again
            return Rendering(Audio(hit, duration, engine.name, voice, spoken), True, tuple(failures))
        for engine in audible:
            if engine.name not in keys or self._down_until.get(engine.name, 0.0) > self._clock():
                continue
            voice, key = keys[engine.name]
            staged = self.cache.staging_path()
            try:
                engine.synthesize(spoken, locale, rate, staged)
                duration = verify_wav(staged, engine.name)
                path = self.cache.put(key, staged, pinned=pinned)
                return Rendering(Audio(path, duration, engine.name, voice, spoken), False, tuple(failures))
            except SynthesisError as exc:
                failures.append(exc)
                if engine.cooldown_s:
                    self._down_until[engine.name] = self._clock() + engine.cooldown_s
            finally:
                staged.unlink(missing_ok=True)
        return Rendering(None, False, tuple(failures))

    def prepare(self, text: str, locale: str = "zh_CN", *, rate: float | None = None) -> Utterance:
        """Normalise and synthesize without playing (the CLI and prebuild use this)."""
        code = spoken_locale(locale).code
        spoken = self._normalise(text, code)
        if not spoken:
            return Utterance(text, spoken, code)
        result = self.render(spoken, code, rate=rate)
        notice = None if result.audio else speech_unavailable(code)
        return Utterance(text, spoken, code, result.audio, notice, result.cached, result.failures)

    # -- what the apps call -----------------------------------------------------------------
    def speak(self, text: str, locale: str = "zh_CN", interrupt: bool = True) -> Utterance:
        """Say `text`; with `interrupt` cut off whatever is being said, else say it after."""
        utterance = self.prepare(text, locale)
        with self._lock:
            self._last = utterance
        if utterance.audio is not None:
            self.player.play(utterance.audio, interrupt=interrupt)
        elif interrupt:
            self.player.stop()
        return utterance

    def repeat(self) -> Utterance | None:
        """Say the last utterance again (重听); None if nothing has been said yet."""
        with self._lock:
            last = self._last
        if last is None:
            return None
        if last.audio is not None and Path(last.audio.path).exists():
            self.player.play(last.audio, interrupt=True)
            return last
        return self.speak(last.text, last.locale)  # evicted from the cache, or had no sound

    def stop(self) -> None:
        self.player.stop()

    def forget(self) -> int:
        """Nothing said to the last person stays: no 重听 of it, no audio of it on disk."""
        self.player.stop()
        with self._lock:
            self._last = None
        return self.cache.forget_unpinned()

    @property
    def last(self) -> Utterance | None:
        return self._last
