"""`onekey speak` and `onekey speech prebuild` as a person runs them."""
import re
import subprocess

import pytest
from click.testing import CliRunner

from accessibility.cli import speak, speech
from accessibility.speech import verify_wav

from .conftest import assert_mandarin_phonemes, chinese_chars

BRIEF = "您的挂号已成功，11月25日上午9:30"


def _speak(args, env=None):
    return CliRunner().invoke(speak, args, env=env, catch_exceptions=False)


def test_speak_writes_a_wav_of_the_sentence_length_and_says_the_normalised_text(tmp_path):
    out = tmp_path / "out.wav"
    result = _speak([BRIEF, "-o", str(out), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    spoken = re.search(r"^text: (.*)$", result.output, re.M).group(1)
    assert spoken == "您的挂号已成功，十一月二十五日上午九点三十分"
    printed = float(re.search(r"^duration: ([\d.]+) s$", result.output, re.M).group(1))
    # measured by sox, independently of our own wave reading
    measured = float(subprocess.run(["soxi", "-D", str(out)], capture_output=True, text=True, check=True).stdout)
    assert measured == pytest.approx(printed, abs=0.01)
    assert 2.5 <= chinese_chars(spoken) / measured <= 4.0        # characters a second
    assert_mandarin_phonemes(spoken)


def test_speak_in_english_and_cantonese(tmp_path):
    for locale, text in (("en", "Your booking is confirmed for 25 November at 9:30."), ("yue", "拨打120")):
        out = tmp_path / f"{locale}.wav"
        result = _speak([text, "--locale", locale, "-o", str(out), "--cache-dir", str(tmp_path / "c")])
        assert result.exit_code == 0, result.output
        assert verify_wav(out) > 1.0
    assert "text: 拨打一二零" in result.output


def test_speak_text_engine_prints_the_notice(tmp_path):
    result = _speak([BRIEF, "--engine", "text", "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0
    assert "notice: speech_unavailable: 现在不能播放声音" in result.output
    result = _speak([BRIEF, "--engine", "text", "-o", str(tmp_path / "x.wav"), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 1 and not (tmp_path / "x.wav").exists()


def test_speak_gtts_offline_falls_back_to_espeak(tmp_path, closed_port):
    out = tmp_path / "g.wav"
    result = CliRunner(mix_stderr=False).invoke(
        speak, ["您好", "--engine", "gtts", "-o", str(out), "--cache-dir", str(tmp_path / "c")],
        env={"ONEKEY_GTTS_ENDPOINT": f"http://127.0.0.1:{closed_port}"})
    assert result.exit_code == 0, result.output
    assert "engine: espeak" in result.stdout and "gtts failed (network" in result.stderr
    assert verify_wav(out) > 0.3


def test_speak_rejects_a_bad_rate(tmp_path):
    result = _speak(["您好", "--rate", "very-slow", "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 2


@pytest.mark.slow
def test_every_spec_prompt_is_synthesizable_in_chinese_and_english(tmp_path):
    from shared_ui.i18n import translate
    from shared_ui.spec import load_spec

    from accessibility.speech import AudioCache, EspeakEngine
    from accessibility.speech_text import normalise

    cache_dir = tmp_path / "c"
    result = CliRunner().invoke(speech, ["prebuild", "--locale", "zh_CN", "--locale", "en",
                                         "--cache-dir", str(cache_dir)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    prompts = list(load_spec().iter_prompts())
    assert f"{2 * len(prompts)} clips" in result.output and "0 failed" in result.output

    cache, engine = AudioCache(cache_dir), EspeakEngine()
    for prompt_id, zh in prompts:
        spoken = normalise(zh, "zh_CN")
        key = cache.key("espeak", "cmn-latn-pinyin", engine.rate_token("zh_CN", 1.0), spoken)
        path = cache.get(key)
        assert path is not None and "pinned" in path.parts, prompt_id
        seconds = verify_wav(path)
        assert 1.5 <= chinese_chars(spoken) / seconds <= 4.5, (prompt_id, spoken, seconds)
        assert_mandarin_phonemes(spoken)

        en = normalise(translate(zh, "en"), "en")
        key = cache.key("espeak", "en", engine.rate_token("en", 1.0), en)
        assert cache.get(key) is not None and verify_wav(cache.get(key)) > 0.2, prompt_id

    again = CliRunner().invoke(speech, ["prebuild", "--locale", "zh_CN", "--cache-dir", str(cache_dir)])
    assert f"0 built, {len(prompts)} already cached" in again.output


def test_speech_info(tmp_path):
    result = CliRunner().invoke(speech, ["info", "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0 and "pinned (prebuilt prompts): 0 files" in result.output
