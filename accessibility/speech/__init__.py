"""Speech for every screen: engines, cache, playback and the Speaker facade.

    from accessibility.speech import build_speaker
    speaker = build_speaker(player=KivyPlayer())   # shared_ui.kivy_kit.kivy_player, Kivy apps only
    speaker.speak("您的挂号已成功，11月25日上午9:30")
    speaker.repeat()

Nothing here imports Kivy; `shared_ui.kivy_kit.kivy_player` does.
"""
from .audio import Audio, Notice, SynthesisError, speech_unavailable, verify_wav, wav_duration
from .cache import AudioCache
from .engine import Engine
from .espeak import EspeakEngine
from .gtts_engine import GttsEngine
from .locales import LOCALES, UnknownLocale, spoken_locale
from .player import Player, QueuedPlayer, RecordingPlayer
from .pyttsx3_engine import Pyttsx3Engine
from .rates import RATE_PRESETS, VOLUME_PRESETS, resolve_rate, resolve_volume
from .settings import SpeechSettings, build_engine, build_speaker
from .speaker import Speaker, Utterance
from .text_only import TextOnlyEngine

__all__ = [
    "Audio", "AudioCache", "Engine", "EspeakEngine", "GttsEngine", "LOCALES", "Notice", "Player",
    "Pyttsx3Engine", "QueuedPlayer", "RATE_PRESETS", "RecordingPlayer", "Speaker", "SpeechSettings",
    "SynthesisError", "TextOnlyEngine", "UnknownLocale", "Utterance", "VOLUME_PRESETS",
    "build_engine", "build_speaker", "resolve_rate", "resolve_volume", "speech_unavailable",
    "spoken_locale", "verify_wav", "wav_duration",
]
