"""Google TTS through gTTS: better voices, but only when online and asked for.

gTTS's default timeout is None, which waits forever on a network that drops packets, so
every request gets a short (connect, read) timeout and the whole call an overall deadline;
on any failure the Speaker falls straight back to the offline engine and skips this one
for `cooldown_s`. gTTS returns MP3; miniaudio decodes it to the WAV every player and the
cache expect. `endpoint` lets a deployment point at a reachable mirror (translate.google.com
is not reachable from many Chinese networks) and lets tests point at a local server.
"""
from __future__ import annotations

import io
import threading
import wave
from pathlib import Path

from .audio import SynthesisError
from .locales import spoken_locale

_PATH = "/_/TranslateWebserverUi/data/batchexecute"


class GttsEngine:
    name = "gtts"
    produces_audio = True

    def __init__(self, *, connect_timeout_s: float = 1.5, read_timeout_s: float = 3.0,
                 deadline_s: float = 4.0, endpoint: str | None = None, cooldown_s: float = 120.0):
        self.timeout = (connect_timeout_s, read_timeout_s)
        self.deadline_s = deadline_s
        self.endpoint = endpoint.rstrip("/") if endpoint else None
        self.cooldown_s = cooldown_s

    def voice_for(self, locale: str) -> str:
        return spoken_locale(locale).gtts_lang

    def rate_token(self, locale: str, rate: float) -> str:
        return "normal"  # gTTS only has normal and a much too slow "slow"

    def _tts(self, text: str, lang: str):
        try:
            from gtts import gTTS
        except ImportError as exc:
            raise SynthesisError("engine_missing", "gTTS is not installed", self.name) from exc
        endpoint = self.endpoint

        class _Tts(gTTS):
            def _prepare_requests(self):
                prepared = super()._prepare_requests()
                if endpoint:
                    for request in prepared:
                        request.prepare_url(endpoint + _PATH, None)
                return prepared

        return _Tts(text, lang=lang, lang_check=False, timeout=self.timeout)

    def fetch_mp3(self, text: str, locale: str) -> bytes:
        """The MP3 bytes, or SynthesisError within `deadline_s` whatever the network does."""
        tts = self._tts(text, self.voice_for(locale))
        buffer, failure = io.BytesIO(), []

        def run():
            try:
                tts.write_to_fp(buffer)
            except Exception as exc:  # gTTSError, requests errors, bad responses
                failure.append(exc)

        worker = threading.Thread(target=run, name="gtts-fetch", daemon=True)
        worker.start()
        worker.join(self.deadline_s)
        if worker.is_alive():
            raise SynthesisError("timeout", f"no answer within {self.deadline_s} s", self.name)
        if failure:
            raise SynthesisError("network", str(failure[0])[:200], self.name) from failure[0]
        data = buffer.getvalue()
        if not data:
            raise SynthesisError("empty_audio", "gTTS returned no audio", self.name)
        return data

    def synthesize(self, text: str, locale: str, rate: float, out: Path) -> None:
        mp3_to_wav(self.fetch_mp3(text, locale), out, engine=self.name)


def mp3_to_wav(data: bytes, out: Path, *, engine: str = "gtts") -> None:
    try:
        import miniaudio
    except ImportError as exc:
        raise SynthesisError("engine_missing", "miniaudio is not installed", engine) from exc
    try:
        decoded = miniaudio.decode(data, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1)
    except miniaudio.DecodeError as exc:
        raise SynthesisError("bad_audio", f"cannot decode MP3: {exc}", engine) from exc
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(decoded.sample_rate)
        w.writeframes(decoded.samples.tobytes())
