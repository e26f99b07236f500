"""Speech configuration, read when a Speaker is built (never at import time).

Environment (all optional):
  ONEKEY_SPEECH_ENGINES   engine chain, e.g. "espeak,text" (default) or "gtts,espeak,text"
  ONEKEY_SPEECH_ONLINE    "1" puts gtts first when the chain is the default
  ONEKEY_SPEECH_CACHE     cache directory (default: var/speech-cache in the repo)
  ONEKEY_SPEECH_CACHE_MB  size bound of the unpinned cache (default 256)
  ONEKEY_GTTS_ENDPOINT    base URL of a reachable Google TTS mirror
  ONEKEY_GTTS_TIMEOUT     overall gTTS deadline in seconds (default 4)
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .cache import AudioCache
from .engine import Engine
from .espeak import EspeakEngine
from .gtts_engine import GttsEngine
from .player import Player, RecordingPlayer
from .pyttsx3_engine import Pyttsx3Engine
from .speaker import Speaker
from .text_only import TextOnlyEngine

ENGINE_NAMES = ("espeak", "pyttsx3", "gtts", "text")
_REPO = Path(__file__).resolve().parents[2]


def default_cache_dir() -> Path:
    if (_REPO / "pyproject.toml").exists():
        return _REPO / "var" / "speech-cache"
    return Path.home() / ".cache" / "onekey" / "speech-cache"


class SpeechSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    engines: list[str] = Field(default_factory=lambda: ["espeak", "text"])
    online: bool = False
    cache_dir: Path = Field(default_factory=default_cache_dir)
    cache_max_mb: int = Field(256, ge=1)
    gtts_endpoint: str | None = None
    gtts_deadline_s: float = Field(4.0, gt=0, le=30)
    speech_rate: str | float | None = None
    volume: str | float | None = None

    @field_validator("engines")
    @classmethod
    def _known(cls, names: list[str]) -> list[str]:
        unknown = [n for n in names if n not in ENGINE_NAMES]
        if unknown or not names:
            raise ValueError(f"engines must be some of {ENGINE_NAMES}, got {names}")
        return names

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> "SpeechSettings":
        env = os.environ if env is None else env
        values: dict = {}
        if env.get("ONEKEY_SPEECH_ENGINES"):
            values["engines"] = [n.strip() for n in env["ONEKEY_SPEECH_ENGINES"].split(",") if n.strip()]
        if env.get("ONEKEY_SPEECH_ONLINE"):
            values["online"] = env["ONEKEY_SPEECH_ONLINE"].lower() in ("1", "true", "yes")
        if env.get("ONEKEY_SPEECH_CACHE"):
            values["cache_dir"] = Path(env["ONEKEY_SPEECH_CACHE"])
        if env.get("ONEKEY_SPEECH_CACHE_MB"):
            values["cache_max_mb"] = int(env["ONEKEY_SPEECH_CACHE_MB"])
        if env.get("ONEKEY_GTTS_ENDPOINT"):
            values["gtts_endpoint"] = env["ONEKEY_GTTS_ENDPOINT"]
        if env.get("ONEKEY_GTTS_TIMEOUT"):
            values["gtts_deadline_s"] = float(env["ONEKEY_GTTS_TIMEOUT"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def chain(self) -> list[str]:
        names = list(self.engines)
        if self.online and "gtts" not in names:
            names.insert(0, "gtts")
        if "text" not in names:
            names.append("text")  # speech never fails without telling the screen
        return names


def build_engine(name: str, settings: SpeechSettings) -> Engine:
    if name == "espeak":
        return EspeakEngine()
    if name == "pyttsx3":
        return Pyttsx3Engine()
    if name == "gtts":
        deadline = settings.gtts_deadline_s
        return GttsEngine(connect_timeout_s=min(1.5, deadline), read_timeout_s=deadline,
                          deadline_s=deadline, endpoint=settings.gtts_endpoint)
    if name == "text":
        return TextOnlyEngine()
    raise ValueError(f"unknown engine {name!r}")


def build_speaker(settings: SpeechSettings | None = None, player: Player | None = None,
                  lru_dir: Path | None = None) -> Speaker:
    """A Speaker wired from settings; `player` defaults to a RecordingPlayer (no sound);
    ``lru_dir``: keep sentences made on the fly there, apart from the prebuilt prompts."""
    settings = settings or SpeechSettings.from_env()
    engines = [build_engine(n, settings) for n in settings.chain()]
    cache = AudioCache(settings.cache_dir, settings.cache_max_mb * 1024 * 1024, lru_root=lru_dir)
    return Speaker(engines, cache, player or RecordingPlayer(),
                   rate=settings.speech_rate, volume=settings.volume)
