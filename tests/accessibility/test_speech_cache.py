"""The audio cache: keyed by every input that changes the sound, bounded, LRU, pins prompts."""
import os
from pathlib import Path

import pytest

from accessibility.speech import AudioCache


def _staged(cache: AudioCache, size: int):
    path = cache.staging_path()
    path.write_bytes(b"x" * size)
    return path


def test_key_changes_with_engine_voice_rate_and_text():
    base = AudioCache.key("espeak", "cmn-latn-pinyin", "s159", "你好")
    assert base == AudioCache.key("espeak", "cmn-latn-pinyin", "s159", "你好")
    assert len({base,
                AudioCache.key("gtts", "cmn-latn-pinyin", "s159", "你好"),
                AudioCache.key("espeak", "yue", "s159", "你好"),
                AudioCache.key("espeak", "cmn-latn-pinyin", "s171", "你好"),
                AudioCache.key("espeak", "cmn-latn-pinyin", "s159", "您好")}) == 5


def test_put_then_get_and_staging_is_inside_the_cache(tmp_path):
    cache = AudioCache(tmp_path / "c")
    key = AudioCache.key("espeak", "v", "r", "t")
    assert cache.get(key) is None
    staged = _staged(cache, 10)
    assert staged.parent.parent == cache.root  # same filesystem: os.replace is atomic
    path = cache.put(key, staged)
    assert cache.get(key) == path and path.read_bytes() == b"x" * 10 and not staged.exists()


def test_least_recently_used_files_are_evicted_beyond_the_bound(tmp_path):
    cache = AudioCache(tmp_path / "c", max_bytes=350)   # evicts down to 90%: 315 bytes
    keys = [AudioCache.key("e", "v", "r", str(i)) for i in range(3)]
    for i, key in enumerate(keys):
        path = cache.put(key, _staged(cache, 100))
        os.utime(path, ns=(1_000_000_000 * (i + 1),) * 2)   # oldest first, without sleeping
    os.utime(cache.get(keys[0]), ns=(10_000_000_000,) * 2)  # key 0 used again: now the newest
    cache.put(AudioCache.key("e", "v", "r", "new"), _staged(cache, 100))
    assert cache.get(keys[1]) is None                       # the least recently used went
    assert cache.get(keys[0]) is not None and cache.get(keys[2]) is not None
    assert cache.stats().lru_bytes == 300


def test_a_cache_hit_marks_the_file_recently_used(tmp_path):
    cache = AudioCache(tmp_path / "c")
    key = AudioCache.key("e", "v", "r", "t")
    path = cache.put(key, _staged(cache, 10))
    os.utime(path, ns=(1_000_000_000,) * 2)
    cache.get(key)
    assert path.stat().st_mtime_ns > 1_000_000_000


def test_pinned_prompts_are_never_evicted(tmp_path):
    cache = AudioCache(tmp_path / "c", max_bytes=100)
    pinned_key = AudioCache.key("e", "v", "r", "prompt")
    cache.put(pinned_key, _staged(cache, 500), pinned=True)
    for i in range(5):
        cache.put(AudioCache.key("e", "v", "r", str(i)), _staged(cache, 60))
    assert cache.get(pinned_key) is not None
    stats = cache.stats()
    assert stats.pinned_files == 1 and stats.lru_bytes <= 100


def test_pin_moves_an_existing_entry(tmp_path):
    cache = AudioCache(tmp_path / "c")
    key = AudioCache.key("e", "v", "r", "t")
    cache.put(key, _staged(cache, 10))
    pinned = cache.pin(key)
    assert "pinned" in pinned.parts and cache.get(key) == pinned
    assert cache.stats().lru_files == 0


def test_bound_is_counted_across_instances(tmp_path):
    first = AudioCache(tmp_path / "c", max_bytes=250)
    for i in range(2):
        first.put(AudioCache.key("e", "v", "r", str(i)), _staged(first, 100))
    second = AudioCache(tmp_path / "c", max_bytes=250)   # another process, same directory
    second.put(AudioCache.key("e", "v", "r", "x"), _staged(second, 100))
    assert second.stats().lru_bytes <= 250


@pytest.mark.parametrize("size", [0, 1])
def test_stats_on_an_empty_cache(tmp_path, size):
    cache = AudioCache(tmp_path / f"c{size}")
    assert cache.stats().lru_files == 0 and cache.stats().pinned_files == 0


def test_a_kiosk_keeps_sentences_made_on_the_fly_apart_and_forgets_them(tmp_path):
    """Real espeak audio: a personal sentence lands in the private folder, never beside the
    prebuilt prompts, and forget() leaves no audio of it (and no 重听 of it)."""
    from accessibility.speech import EspeakEngine, RecordingPlayer, Speaker

    shared, private = tmp_path / "shared", tmp_path / "private"
    cache = AudioCache(shared, lru_root=private)
    speaker = Speaker([EspeakEngine()], cache, RecordingPlayer())
    speaker.prepare("欢迎使用一键通自助服务。")
    prompt_key = cache.key("espeak", EspeakEngine().voice_for("zh_CN"), EspeakEngine().rate_token("zh_CN", 1.0),
                           speaker.normalise("欢迎使用一键通自助服务。"))
    cache.pin(prompt_key)                                      # what prebuild does for fixed prompts
    said = speaker.speak("王阿姨，您好。您挂的是明天上午九点半的号。")
    assert said.audio is not None and Path(said.audio.path).is_relative_to(private)
    assert not [p for p in shared.rglob("*.wav") if "lru" in p.parts]
    assert speaker.forget() == 1
    assert not list(private.rglob("*.wav")) and speaker.last is None and speaker.repeat() is None
    assert list(shared.rglob("*.wav"))                         # the prebuilt prompt stays
