"""Each engine makes a complete WAV (or fails fast with a code), never waits on a dead network,
and Mandarin is always the cmn-latn-pinyin voice."""
import subprocess
import wave

import pytest

from accessibility.speech import (EspeakEngine, GttsEngine, Pyttsx3Engine, SynthesisError, TextOnlyEngine,
                                  spoken_locale, verify_wav)
from accessibility.speech.espeak import ssml_with_chinese
from accessibility.speech.locales import UnknownLocale

from .conftest import chinese_chars

SENTENCE = "您的挂号已成功，十一月二十五日上午九点三十分"


def test_mandarin_is_never_the_plain_cmn_voice():
    engine = EspeakEngine()
    for locale in ("zh_CN", "zh", "zh-CN", "zh_Hans", "cmn"):
        assert engine.voice_for(locale) == "cmn-latn-pinyin"
    cmd, _ = engine.command(SENTENCE, "zh_CN", 1.0, "x.wav")
    assert cmd[cmd.index("-v") + 1] == "cmn-latn-pinyin"
    assert engine.voice_for("yue") == "yue" and engine.voice_for("zh_HK") == "yue"
    assert engine.voice_for("en_US") == "en"
    with pytest.raises(UnknownLocale):
        spoken_locale("fr")


def test_espeak_writes_a_complete_wav_of_sentence_length(tmp_path):
    out = tmp_path / "s.wav"
    EspeakEngine().synthesize(SENTENCE, "zh_CN", 1.0, out)
    duration = verify_wav(out)
    per_second = chinese_chars(SENTENCE) / duration
    assert 2.5 <= per_second <= 4.0, (duration, per_second)   # ~150–240 characters a minute
    with wave.open(str(out)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2


def test_espeak_speaks_cantonese_and_english(tmp_path):
    engine = EspeakEngine()
    engine.synthesize("您好，欢迎使用一键通", "yue", 1.0, tmp_path / "yue.wav")
    engine.synthesize("Welcome to One-Key.", "en", 1.0, tmp_path / "en.wav")
    assert verify_wav(tmp_path / "yue.wav") > 1.0
    assert verify_wav(tmp_path / "en.wav") > 0.8


def test_chinese_names_in_english_are_spoken_in_mandarin(tmp_path):
    text = "Your appointment at 第六人民医院 is confirmed & paid."
    engine = EspeakEngine()
    cmd, payload = engine.command(text, "en", 1.0, tmp_path / "x.wav")
    assert "-m" in cmd and payload == ssml_with_chinese(text)
    phonemes = subprocess.run(["espeak-ng", "-q", "-x", "-m", "-v", "en"], input=payload.encode(),
                              capture_output=True, check=True).stdout.decode()
    assert "tS'aIni:z" not in phonemes            # not "Chinese letter" six times
    assert "z.'@35n" in phonemes                   # 人 (ren2) in Mandarin
    engine.synthesize(text, "en", 1.0, tmp_path / "x.wav")
    assert verify_wav(tmp_path / "x.wav") > 2.0


def test_faster_rate_gives_shorter_audio(tmp_path):
    engine = EspeakEngine()
    engine.synthesize(SENTENCE, "zh_CN", 0.9, tmp_path / "slow.wav")
    engine.synthesize(SENTENCE, "zh_CN", 1.15, tmp_path / "fast.wav")
    assert verify_wav(tmp_path / "slow.wav") > verify_wav(tmp_path / "fast.wav") * 1.15


def test_espeak_missing_is_an_error_value(tmp_path):
    engine = EspeakEngine(binary=str(tmp_path / "no-espeak"))
    with pytest.raises(SynthesisError) as err:
        engine.synthesize(SENTENCE, "zh_CN", 1.0, tmp_path / "x.wav")
    assert err.value.code == "engine_missing"


def test_verify_rejects_a_truncated_wav(tmp_path):
    out = tmp_path / "s.wav"
    EspeakEngine().synthesize(SENTENCE, "zh_CN", 1.0, out)
    data = out.read_bytes()
    out.write_bytes(data[: len(data) // 2])   # what a reader sees before the writer is done
    with pytest.raises(SynthesisError) as err:
        verify_wav(out)
    assert err.value.code == "incomplete_audio"
    (tmp_path / "none.wav").write_bytes(b"")
    with pytest.raises(SynthesisError):
        verify_wav(tmp_path / "none.wav")


def test_pyttsx3_waits_for_the_whole_file(tmp_path, capsys):
    out = tmp_path / "p.wav"
    Pyttsx3Engine().synthesize(SENTENCE, "zh_CN", 1.0, out)
    duration = verify_wav(out)
    EspeakEngine().synthesize(SENTENCE, "zh_CN", 1.0, tmp_path / "c.wav")
    assert duration == pytest.approx(verify_wav(tmp_path / "c.wav"), rel=0.05)
    assert "Audio saved" not in capsys.readouterr().out   # pyttsx3's print is kept off stdout


def test_gtts_is_always_given_a_timeout():
    tts = GttsEngine(connect_timeout_s=1.0, read_timeout_s=2.0)._tts("你好", "zh-CN")
    assert tts.timeout == (1.0, 2.0)


def test_gtts_refused_connection_fails_with_a_code(tmp_path, closed_port):
    engine = GttsEngine(endpoint=f"http://127.0.0.1:{closed_port}", deadline_s=5)
    with pytest.raises(SynthesisError) as err:
        engine.synthesize("你好", "zh_CN", 1.0, tmp_path / "g.wav")
    assert err.value.code == "network" and err.value.engine == "gtts"


def test_gtts_on_a_silent_network_gives_up_at_its_deadline(tmp_path, silent_server):
    # Without a timeout gTTS would wait here forever (pytest-timeout would fail the test).
    engine = GttsEngine(endpoint=silent_server, connect_timeout_s=0.3, read_timeout_s=0.3, deadline_s=0.6)
    with pytest.raises(SynthesisError) as err:
        engine.synthesize("你好", "zh_CN", 1.0, tmp_path / "g.wav")
    assert err.value.code in ("timeout", "network")


def test_gtts_decodes_the_mp3_it_receives_into_a_wav(tmp_path, fake_google_tts):
    engine = GttsEngine(endpoint=fake_google_tts.url)
    engine.synthesize("您好", "zh_CN", 1.0, tmp_path / "g.wav")
    assert 0.6 < verify_wav(tmp_path / "g.wav") < 1.2
    (request,) = fake_google_tts.handler.requests
    assert request.startswith("/_/TranslateWebserverUi/data/batchexecute")
    assert "zh-CN" in request


def test_text_only_engine_makes_no_sound(tmp_path):
    engine = TextOnlyEngine()
    assert engine.produces_audio is False
    with pytest.raises(SynthesisError) as err:
        engine.synthesize("你好", "zh_CN", 1.0, tmp_path / "t.wav")
    assert err.value.code == "speech_unavailable"
