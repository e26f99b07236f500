"""What every speech engine offers the Speaker.

An engine turns normalised text into a WAV file at a given path, or raises SynthesisError.
Caching, verification of the file, fallback and playback are the Speaker's job, so an engine
stays a thin adapter (the way Toga backends only draw what the core has decided).
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable


@runtime_checkable
class Engine(Protocol):
    name: str
    produces_audio: bool
    cooldown_s: float   # after a failure, skip this engine for this long (network engines)

    def voice_for(self, locale: str) -> str:
        """The engine's voice id for one of our spoken locales (zh_CN, yue, en)."""

    def rate_token(self, locale: str, rate: float) -> str:
        """What `rate` means to this engine, as part of the cache key (e.g. espeak `-s`)."""

    def synthesize(self, text: str, locale: str, rate: float, out: Path) -> None:
        """Write `text` spoken in `locale` at `rate` (multiplier of normal) to the WAV `out`."""
