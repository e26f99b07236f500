"""pyttsx3 (in-process espeak-ng on Linux, SAPI5/NSSS elsewhere).

On Linux pyttsx3 2.99 is libespeak-ng, loaded once per process in its asynchronous
"retrieval" mode: settings and text go into one command queue that libespeak's own thread
works through, handing audio to one process-wide synth callback. The driver's loop
(`save_to_file` + `runAndWait`) is not safe to make files with, so for the espeak driver this
engine keeps pyttsx3's library and binding but collects the audio itself. Why:

- Settings were lost. `runAndWait()` runs the driver's `endLoop` right after queueing our
  rate, and `endLoop` calls `espeak_Cancel` whenever libespeak is still busy. espeak-ng's queue
  thread then deletes the next command it pops without running it (our rate, if it was still
  queued: likelier on a loaded machine), and Cancel puts back the last rate that was applied.
  The utterance came out at the driver's default 200 on the first call of a process (4.78 s
  where the CLI makes 6.33 s) or at the previous call's rate later. We never cancel (except
  our own utterance, on timeout), and set voice, rate, volume and pitch on every call, so
  nothing leaks from pyttsx3's defaults, the previous call or another user of the library.
- Buffers were not told apart. The driver appends whatever buffer arrives while it is
  speaking, whichever utterance it belongs to, and on `EVENT_MSG_TERMINATED` writes the WAV
  before appending the samples that came with that same buffer (espeak-ng 1.51 sends the end
  in an empty buffer, but the API allows samples there). Our callback keys every buffer by the
  id `espeak_Synth` gives the utterance, keeps the last one's samples, and ignores the rest.

The tap wraps the driver's callback rather than replacing it: while we are not speaking,
buffers go to pyttsx3's driver as before. The library is process-global, so calls are
serialised with a lock and start only when libespeak is idle; code that runs pyttsx3's own
loop *concurrently* with us can still cancel our utterance (we then fail with "timeout"). The
pyttsx3 engine is kept for the life of the process: dropping it would make the driver clear
the callback (`destroy`). Other drivers (SAPI5, NSSS) use `save_to_file` and wait for their
`finished-utterance` callback, which is also why the driver's `print` ("Audio saved to …") is
pointed at the log (a CLI's stdout must stay the CLI's). `EspeakEngine` (the CLI) stays the
default because it needs none of this.
"""
from __future__ import annotations

import atexit
import ctypes
import logging
import os
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

from .audio import SynthesisError
from .rates import EspeakVoicing

_LOCK = threading.Lock()
_ENGINES: dict[str, object] = {}   # pyttsx3 engines, one per driver, kept for the process
log = logging.getLogger(__name__)

_EVENT_SAMPLERATE = 8   # speak_lib.h espeakEVENT_SAMPLERATE (pyttsx3's binding lacks it)
_DEFAULT_PITCH = 50     # the espeak-ng CLI's -p default, so both engines sound the same
_IDLE_POLL_S = 0.005


def _quiet_driver(driver: str) -> None:
    module = sys.modules.get(f"pyttsx3.drivers.{driver}")
    if module is not None:
        module.print = lambda *args, **kwargs: log.debug(" ".join(map(str, args)))


class _Utterance:
    def __init__(self):
        self.chunks: list[bytes] = []
        self.sample_rate: int | None = None
        self.ended = False


class _EspeakTap:
    """libespeak's synth callback, wrapped: our utterances are collected, the rest forwarded."""

    def __init__(self, espeak, forward):
        self._es = espeak
        self.forward = forward                    # the driver's callback we were installed over
        self._cond = threading.Condition()
        self._collecting = False
        self._utterances: dict[int, _Utterance] = {}
        self._cfunc = espeak.t_espeak_callback(self._on_synth)   # kept alive as long as we are
        espeak.cSetSynthCallback(self._cfunc)

    def _on_synth(self, wav, numsamples, events) -> int:
        try:
            if not self._collecting:
                return self.forward(wav, numsamples, events) if self.forward else 0
            self.collect(wav, numsamples, events)
        except Exception:  # an exception here would only be printed by ctypes
            log.exception("espeak synth callback failed")
        return 0

    def collect(self, wav, numsamples: int, events) -> None:
        """Keep one buffer under its utterance id; the buffer that ends an utterance counts too."""
        i, ended, rate = 0, False, None
        while events[i].type != self._es.EVENT_LIST_TERMINATED:
            if events[i].type == self._es.EVENT_MSG_TERMINATED:
                ended = True
            elif events[i].type == _EVENT_SAMPLERATE:
                rate = events[i].id.number
            i += 1
        uid = events[i].unique_identifier          # the terminator carries it in every buffer
        with self._cond:
            utt = self._utterances.setdefault(uid, _Utterance())
            if numsamples > 0 and wav:
                utt.chunks.append(ctypes.string_at(wav, numsamples * ctypes.sizeof(ctypes.c_short)))
            if rate and utt.sample_rate is None:
                utt.sample_rate = rate
            if ended:
                utt.ended = True
                self._cond.notify_all()

    def _ended(self, uid: int) -> bool:
        return uid in self._utterances and self._utterances[uid].ended

    def take(self, uid: int) -> _Utterance | None:
        with self._cond:
            return self._utterances.pop(uid, None)

    def _wait_idle(self, deadline: float) -> None:
        while self._es.IsPlaying():                # someone else's utterance is still running
            if time.monotonic() > deadline:
                raise SynthesisError("timeout", "libespeak stayed busy", "pyttsx3")
            time.sleep(_IDLE_POLL_S)

    def speak(self, text: str, voice: str, speed: int, timeout_s: float) -> tuple[bytes, int]:
        es = self._es
        deadline = time.monotonic() + timeout_s
        self._wait_idle(deadline)
        with self._cond:
            self._utterances.clear()
            self._collecting = True
        try:
            if es.SetVoiceByName(voice.encode("utf-8")) != es.EE_OK:   # applied at once
                raise SynthesisError("engine_failed", f"libespeak has no voice {voice}", "pyttsx3")
            for parameter, value in ((es.RATE, speed), (es.VOLUME, 100), (es.PITCH, _DEFAULT_PITCH)):
                es.SetParameter(parameter, value, 0)                      # queued before the text
            payload = text.encode("utf-8")
            uid = ctypes.c_uint(0)
            status = es.cSynth(payload, len(payload) + 1, 0, es.POS_CHARACTER, 0,
                               es.CHARS_UTF8 | es.ENDPAUSE, ctypes.byref(uid), None)
            if status != es.EE_OK:
                raise SynthesisError("engine_failed", f"espeak_Synth returned {status}", "pyttsx3")
            with self._cond:
                left = max(0.0, deadline - time.monotonic())
                done = self._cond.wait_for(lambda: self._ended(uid.value), timeout=left)
            if not done:
                es.Cancel()
                raise SynthesisError("timeout", f"no end of speech within {timeout_s} s", "pyttsx3")
            utt = self.take(uid.value)
            return b"".join(utt.chunks), utt.sample_rate or es.dll.espeak_ng_GetSampleRate()
        finally:
            with self._cond:
                self._collecting = False
                self._utterances.clear()


_TAP: _EspeakTap | None = None


def _espeak_tap() -> _EspeakTap:
    """The tap over the driver's current callback (a rebuilt driver installs a new one)."""
    global _TAP
    from pyttsx3.drivers import _espeak
    if _TAP is None or _TAP.forward is not _espeak.SynthCallback:
        _TAP = _EspeakTap(_espeak, _espeak.SynthCallback)
    return _TAP


@atexit.register
def _release() -> None:
    """Hand the callback back and drop the engine while the interpreter can still run pyttsx3's
    `__del__` (at final teardown it fails noisily on stderr)."""
    global _TAP
    if _TAP is not None and _TAP.forward:
        _TAP._es.cSetSynthCallback(_TAP.forward)
    _TAP = None
    _ENGINES.clear()


def _write_wav(out: Path, pcm: bytes, sample_rate: int) -> None:
    """Write next to `out`, then rename: a reader never sees a half-written file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f, wave.open(f, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(sample_rate)
            w.writeframes(pcm)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Pyttsx3Engine(EspeakVoicing):
    name = "pyttsx3"
    produces_audio = True
    cooldown_s = 0.0

    def __init__(self, driver: str = "espeak", timeout_s: float = 10.0):
        self.driver = driver
        self.timeout_s = timeout_s

    def _init(self):
        engine = _ENGINES.get(self.driver)
        if engine is None:
            try:
                import pyttsx3
            except ImportError as exc:
                raise SynthesisError("engine_missing", "pyttsx3 is not installed", self.name) from exc
            try:
                engine = pyttsx3.init(self.driver)
            except Exception as exc:  # the driver's own errors vary by platform
                raise SynthesisError("engine_missing", f"pyttsx3 driver {self.driver}: {exc}", self.name) from exc
            _quiet_driver(self.driver)
            _ENGINES[self.driver] = engine
        return engine

    def synthesize(self, text: str, locale: str, rate: float, out: Path) -> None:
        out = Path(out)
        with _LOCK:
            engine = self._init()
            if self.driver == "espeak":
                voice, speed = self.voice_for(locale), self.speed(locale, rate)
                pcm, sample_rate = _espeak_tap().speak(text, voice, speed, self.timeout_s)
                if not pcm:
                    raise SynthesisError("engine_failed", "libespeak produced no audio", self.name)
                _write_wav(out, pcm, sample_rate)
            else:
                self._save_with_driver_loop(engine, text, locale, rate, out)

    def _save_with_driver_loop(self, engine, text: str, locale: str, rate: float, out: Path) -> None:
        """SAPI5/NSSS: their loop writes the file; wait for this utterance's end, then check it ended well."""
        finished = threading.Event()
        outcome = {}

        def on_finished(name=None, completed=True):
            outcome["completed"] = completed
            finished.set()

        token = engine.connect("finished-utterance", on_finished)
        try:
            engine.setProperty("voice", self.voice_for(locale))
            engine.setProperty("rate", self.speed(locale, rate))
            engine.setProperty("volume", 1.0)
            engine.save_to_file(text, str(out))
            engine.runAndWait()
            if not finished.wait(self.timeout_s):
                raise SynthesisError("timeout", "no finished-utterance callback", self.name)
        except (RuntimeError, ValueError, OSError) as exc:
            raise SynthesisError("engine_failed", str(exc), self.name) from exc
        finally:
            engine.disconnect(token)
        if not outcome.get("completed", True):
            raise SynthesisError("engine_failed", "the driver cancelled the utterance", self.name)
