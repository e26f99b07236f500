"""Rate and volume presets for old listeners, and the espeak mapping that realises them."""
import pytest

from accessibility.speech import EspeakEngine, verify_wav
from accessibility.speech.rates import (ESPEAK_CALIBRATION, RATE_MAX, RATE_MIN, BadPreference, espeak_speed,
                                        resolve_rate, resolve_volume)
from accessibility.speech_text import normalise

from .conftest import chinese_chars

SENTENCES = [
    "您的挂号已成功，11月25日上午9:30，请提前30分钟到达医院。",
    "出租车已经出发，车牌号沪A12345，大约5分钟后到达您家楼下。",
    "请按遥控器上的确认键开始呼叫，工作人员会马上为您服务。",
]


def test_presets_and_bounds():
    assert resolve_rate(None) == 1.0 and resolve_rate("normal") == 1.0
    assert RATE_MIN <= resolve_rate("slow") < 1.0 < resolve_rate("fast") <= RATE_MAX
    assert resolve_rate(0.1) == RATE_MIN and resolve_rate("2.5") == RATE_MAX
    assert resolve_volume("loud") == 1.0 and resolve_volume(None) == 0.8 and resolve_volume(0.5) == 0.5
    for bad in ("quick", True, float("nan")):
        with pytest.raises(BadPreference):
            resolve_rate(bad)


def test_the_central_apis_units_are_understood():
    # The centre stores speech_rate in characters a minute and volume in percent.
    assert resolve_rate(190) == 1.0 and resolve_rate("171") == pytest.approx(0.9)
    assert resolve_rate(120) == RATE_MIN and resolve_rate(300) == RATE_MAX
    assert resolve_volume(90) == pytest.approx(0.9) and resolve_volume("100") == 1.0 and resolve_volume(0) == 0.0


@pytest.mark.parametrize("voice", list(ESPEAK_CALIBRATION))
def test_espeak_speed_is_monotonic(voice):
    speeds = [espeak_speed(voice, target) for target in range(120, 320, 10)]
    assert speeds == sorted(speeds)


@pytest.mark.parametrize("locale", ["zh_CN", "yue"])
def test_default_chinese_rate_is_180_to_200_characters_a_minute(tmp_path, locale):
    engine = EspeakEngine()
    chars = seconds = 0.0
    for i, text in enumerate(SENTENCES):
        spoken = normalise(text, locale)
        out = tmp_path / f"{i}.wav"
        engine.synthesize(spoken, locale, 1.0, out)
        seconds += verify_wav(out)
        chars += chinese_chars(spoken) + spoken.count("A")
    per_minute = chars / seconds * 60
    assert 170 <= per_minute <= 215, per_minute   # ELDER_UI.md: ~180–200, measured with pauses


def test_english_default_rate_is_a_calm_pace(tmp_path):
    text = "Your registration is confirmed for twenty five November at nine thirty in the morning."
    EspeakEngine().synthesize(text, "en", 1.0, tmp_path / "en.wav")
    words_per_minute = len(text.split()) / verify_wav(tmp_path / "en.wav") * 60
    assert 120 <= words_per_minute <= 170, words_per_minute
