"""The values speech produces: audio clips, notices the screen can show, errors."""
from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Notice:
    """A short sentence an elder can read, with a code for machines."""

    code: str
    message: str


_UNAVAILABLE = {
    "zh_CN": "现在不能播放声音，请看屏幕上的文字。",
    "yue": "现在不能播放声音，请看屏幕上的文字。",
    "en": "Sound is not available right now. Please read the text on the screen.",
}


def speech_unavailable(locale: str = "zh_CN") -> Notice:
    return Notice("speech_unavailable", _UNAVAILABLE.get(locale, _UNAVAILABLE["zh_CN"]))


@dataclass(frozen=True)
class Audio:
    """A finished WAV file and what it says."""

    path: Path
    duration_s: float
    engine: str
    voice: str
    text: str


class SynthesisError(Exception):
    """An engine could not make audio. `code` is for machines; `message` for logs."""

    def __init__(self, code: str, message: str, engine: str = ""):
        super().__init__(f"{engine}: {code}: {message}" if engine else f"{code}: {message}")
        self.code = code
        self.message = message
        self.engine = engine


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / float(w.getframerate())


def verify_wav(path: Path, engine: str = "") -> float:
    """Check that `path` is a complete PCM WAV with sound in it; return its duration.

    An engine that returns before its writer has finished leaves a header whose frame count
    does not match the data on disk (or no file at all); such audio is never cached or played.
    """
    try:
        size = path.stat().st_size
        with wave.open(str(path), "rb") as w:
            frames, width, channels, rate = w.getnframes(), w.getsampwidth(), w.getnchannels(), w.getframerate()
    except (OSError, EOFError, wave.Error) as exc:
        raise SynthesisError("incomplete_audio", f"{path.name}: {exc}", engine) from exc
    if frames == 0 or rate <= 0:
        raise SynthesisError("empty_audio", f"{path.name} has no sound", engine)
    if size < 44 + frames * width * channels:
        raise SynthesisError("incomplete_audio", f"{path.name} is shorter than its header says", engine)
    return frames / float(rate)
