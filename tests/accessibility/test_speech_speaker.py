"""The Speaker: normalise → cache → synthesize → play; repeat; interrupt; fall back; never fail silently."""
import pytest

from accessibility.speech import (AudioCache, EspeakEngine, GttsEngine, RecordingPlayer, Speaker, SpeechSettings,
                                  TextOnlyEngine, build_speaker)
from accessibility.speech.rates import BadPreference


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def player():
    return RecordingPlayer()


@pytest.fixture
def speaker(cache_dir, player):
    return Speaker([EspeakEngine(), TextOnlyEngine()], AudioCache(cache_dir), player)


def test_speak_normalises_synthesizes_and_plays(speaker, player):
    u = speaker.speak("您的挂号已成功，11月25日上午9:30")
    assert u.spoken == "您的挂号已成功，十一月二十五日上午九点三十分"
    assert u.audio is not None and u.audio.engine == "espeak" and u.audio.voice == "cmn-latn-pinyin"
    assert u.audio.duration_s > 3 and not u.cached and u.notice is None
    assert player.spoken == [u.spoken]


def test_second_time_comes_from_the_cache(speaker):
    first = speaker.speak("请稍候")
    second = speaker.speak("请稍候")
    assert second.cached and second.audio.path == first.audio.path


def test_new_utterance_interrupts_the_previous_one(speaker, player):
    speaker.speak("第一句")
    speaker.speak("第二句")
    assert player.events == [("play", "第一句"), ("stop", "第一句"), ("play", "第二句")]


def test_without_interrupt_utterances_queue(speaker, player):
    speaker.speak("第一句")
    speaker.speak("第二句", interrupt=False)
    assert player.spoken == ["第一句"]
    player.finish()
    assert player.spoken == ["第一句", "第二句"]
    player.finish()
    assert not player.is_playing


def test_repeat_replays_the_last_utterance(speaker, player):
    assert speaker.repeat() is None
    u = speaker.speak("请按确定键")
    again = speaker.repeat()
    assert again is u
    assert player.events == [("play", "请按确定键"), ("stop", "请按确定键"), ("play", "请按确定键")]


def test_repeat_after_eviction_synthesizes_again(speaker, player):
    u = speaker.speak("请按确定键")
    u.audio.path.unlink()
    again = speaker.repeat()
    assert again.audio is not None and again.audio.path.exists()
    assert player.spoken[-1] == "请按确定键"


def test_when_no_engine_can_speak_the_screen_gets_a_notice(cache_dir, player):
    broken = EspeakEngine(binary="/nonexistent/espeak-ng")
    speaker = Speaker([broken, TextOnlyEngine()], AudioCache(cache_dir), player)
    speaker.speak("上一句")  # also broken: nothing plays
    u = speaker.speak("您好")
    assert u.audio is None
    assert u.notice.code == "speech_unavailable" and "屏幕" in u.notice.message
    assert [f.code for f in u.failures] == ["engine_missing"]
    assert not player.is_playing
    assert speaker.speak("Hello", "en").notice.message.startswith("Sound is not available")


def test_gtts_failure_falls_back_to_espeak_and_cools_down(cache_dir, player, closed_port):
    clock = FakeClock()
    gtts = GttsEngine(endpoint=f"http://127.0.0.1:{closed_port}", cooldown_s=60)
    speaker = Speaker([gtts, EspeakEngine(), TextOnlyEngine()], AudioCache(cache_dir), player, clock=clock)
    first = speaker.speak("您好")
    assert first.audio.engine == "espeak" and [f.engine for f in first.failures] == ["gtts"]
    second = speaker.speak("再见")
    assert second.audio.engine == "espeak" and second.failures == ()   # gtts skipped while down
    clock.now += 61
    third = speaker.speak("谢谢")
    assert [f.engine for f in third.failures] == ["gtts"]               # tried again later


def test_gtts_when_online(cache_dir, player, fake_google_tts):
    gtts = GttsEngine(endpoint=fake_google_tts.url)
    speaker = Speaker([gtts, EspeakEngine(), TextOnlyEngine()], AudioCache(cache_dir), player)
    u = speaker.speak("您好")
    assert u.audio.engine == "gtts" and u.audio.voice == "zh-CN"
    assert speaker.speak("您好").cached


def test_empty_text_says_nothing(speaker, player):
    u = speaker.speak("  ")
    assert u.audio is None and u.notice is None and player.spoken == []


def test_preferences_change_rate_and_volume(speaker, player):
    normal = speaker.speak("请稍候").audio
    speaker.set_preferences(speech_rate="slow", volume="loud")
    slow = speaker.speak("请稍候").audio
    assert player.volume == 1.0
    assert slow.path != normal.path and slow.duration_s > normal.duration_s
    speaker.set_preferences(speech_rate=0.5)          # clamped: never much slower than normal
    assert speaker.rate == pytest.approx(0.85)
    with pytest.raises(BadPreference):
        speaker.set_preferences(speech_rate="very slow")


def test_build_speaker_from_settings(cache_dir):
    speaker = build_speaker(SpeechSettings(cache_dir=cache_dir, online=True, speech_rate="fast", volume=0.5))
    assert [e.name for e in speaker.engines] == ["gtts", "espeak", "text"]
    assert speaker.rate == 1.15 and speaker.player.volume == 0.5
    offline = build_speaker(SpeechSettings.from_env({"ONEKEY_SPEECH_CACHE": str(cache_dir)}))
    assert [e.name for e in offline.engines] == ["espeak", "text"]
    assert offline.cache.root == cache_dir
    with pytest.raises(ValueError):
        SpeechSettings(engines=["festival"])


def test_a_cached_clip_starts_at_once_even_if_the_preferred_engine_is_online(cache_dir, player, fake_google_tts):
    Speaker([EspeakEngine()], AudioCache(cache_dir), player).speak("正在为您办理，请稍候。")   # e.g. prebuilt
    online = Speaker([GttsEngine(endpoint=fake_google_tts.url), EspeakEngine()], AudioCache(cache_dir), player)
    prompt = online.speak("正在为您办理，请稍候。")
    assert prompt.cached and prompt.audio.engine == "espeak"
    assert fake_google_tts.handler.requests == []          # the network was not even asked
    fresh = online.speak("新的一句话")
    assert fresh.audio.engine == "gtts" and len(fake_google_tts.handler.requests) == 1
