"""The last link of every chain: no sound, and a notice the screen shows instead."""
from __future__ import annotations

from pathlib import Path

from .audio import SynthesisError


class TextOnlyEngine:
    """Produces no audio; the Speaker answers with `speech_unavailable` for the UI to show."""

    name = "text"
    produces_audio = False
    cooldown_s = 0.0

    def voice_for(self, locale: str) -> str:
        return "text"

    def rate_token(self, locale: str, rate: float) -> str:
        return "-"

    def synthesize(self, text: str, locale: str, rate: float, out: Path) -> None:
        raise SynthesisError("speech_unavailable", "text-only engine makes no sound", self.name)
