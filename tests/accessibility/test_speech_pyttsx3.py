"""The in-process pyttsx3/libespeak engine speaks every call with that call's own voice and rate
and keeps all of its audio, whatever the shared library did before (the CLI is the reference).

libespeak is process-global: these tests run it as another part of the product would, through
pyttsx3's own binding, to put a foreign rate and utterance in its queue right before our call.
"""
import ctypes
import threading

import pytest

from accessibility.speech import EspeakEngine, Pyttsx3Engine, verify_wav
from accessibility.speech.pyttsx3_engine import _espeak_tap

SENTENCE = "您的挂号已成功，十一月二十五日上午九点三十分"
TEXTS = {"zh_CN": SENTENCE, "en": "Your appointment is confirmed for nine thirty tomorrow morning.",
         "yue": "您好，欢迎使用一键通"}


def cli_duration(tmp_path, text, locale, rate):
    out = tmp_path / f"cli-{locale}-{rate}.wav"
    EspeakEngine().synthesize(text, locale, rate, out)
    return verify_wav(out)


def test_each_call_is_spoken_at_its_own_rate_and_voice(tmp_path):
    # Before the fix a call could come out at the previous call's rate (pyttsx3's runAndWait
    # cancelled libespeak while our rate was still queued): 1.15 after 1.0 gave 1.0's length.
    engine = Pyttsx3Engine()
    calls = [("zh_CN", 1.0), ("zh_CN", 1.15), ("en", 1.0), ("zh_CN", 0.9), ("yue", 1.0), ("zh_CN", 1.3),
             ("zh_CN", 1.0)]
    for i, (locale, rate) in enumerate(calls):
        out = tmp_path / f"p{i}.wav"
        engine.synthesize(TEXTS[locale], locale, rate, out)
        expected = cli_duration(tmp_path, TEXTS[locale], locale, rate)
        assert verify_wav(out) == pytest.approx(expected, rel=0.03), (locale, rate)


def test_a_rate_left_in_the_library_by_someone_else_does_not_leak(tmp_path):
    import pyttsx3
    from pyttsx3.drivers import _espeak

    other = pyttsx3.init("espeak")             # another user of the process-wide library
    # Their rate, then their utterance (one queued command), still being spoken by libespeak's
    # thread when our call starts. Before the fix ours could come out at their rate (2.09 s).
    _espeak.SetParameter(_espeak.RATE, 400, 0)
    _espeak.Key(b"someone else is saying this through the same library")
    out = tmp_path / "p.wav"
    Pyttsx3Engine().synthesize(SENTENCE, "zh_CN", 1.0, out)
    assert verify_wav(out) == pytest.approx(cli_duration(tmp_path, SENTENCE, "zh_CN", 1.0), rel=0.03)

    # Between our calls, buffers still reach pyttsx3's own driver: its API keeps working.
    finished = threading.Event()
    token = other.connect("finished-utterance", lambda name=None, completed=True: finished.set())
    try:
        other.save_to_file("您好", str(tmp_path / "other.wav"))
        other.runAndWait()
        assert finished.wait(10)
    finally:
        other.disconnect(token)
    assert verify_wav(tmp_path / "other.wav") > 0.3


def test_audio_delivered_with_the_end_of_an_utterance_is_kept():
    # espeak-ng 1.51's queue sends the end event in an empty buffer, but the API lets the last
    # buffer carry both samples and the end (pyttsx3's driver dropped those samples).
    from pyttsx3.drivers import _espeak

    Pyttsx3Engine()._init()
    tap = _espeak_tap()
    events = (_espeak.EVENT * 3)()
    events[0].type, events[0].unique_identifier = _espeak.EVENT_WORD, 4242
    events[1].type, events[1].unique_identifier = _espeak.EVENT_MSG_TERMINATED, 4242
    events[2].type, events[2].unique_identifier = _espeak.EVENT_LIST_TERMINATED, 4242
    samples = (ctypes.c_short * 300)(*range(300))
    tap.collect(samples, 300, events)
    utterance = tap.take(4242)
    assert utterance.ended
    assert b"".join(utterance.chunks) == bytes(samples)
