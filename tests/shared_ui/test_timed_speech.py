"""A screen that acts by itself after a while says what it is about to do in less time than it
waits: measured on real espeak audio, in every catalog language, at the slowest rate an elder
may choose (speech_rate 120 → RATE_MIN). A sentence cut off by the alarm it announced is the
defect this guards (the first 'SOS window' sentence ran 11.9 s in a 5 s window)."""
from __future__ import annotations

from pathlib import Path

import pytest

from accessibility.hosts import abilities_for
from accessibility.speech import EspeakEngine, verify_wav
from accessibility.speech.rates import RATE_MIN
from accessibility.speech_text import normalise

from .scripted import Scripted
from .test_red_key_everywhere import walk
from .test_start_and_idle import FOUND, KIOSK, VALID_ID

LOCALES = ("zh_CN", "en")
MARGIN_S = 0.1


def tv_arming(locale: str) -> Scripted:
    s = Scripted("tv", abilities=abilities_for("tv"), locale=locale)
    s.send("select", "emergency")
    return s


def kiosk_identified(locale: str) -> Scripted:
    s = Scripted("kiosk", abilities=KIOSK, locale=locale)
    s.answers.update(identify_elder=FOUND, end_grant={"ended": True})
    s.send("select", "id_number")
    s.send("input", VALID_ID)
    s.send("input", "5678")
    return s


def kiosk_idle_warning(locale: str) -> Scripted:
    s = kiosk_identified(locale)
    s.send("timeout")
    return s


def kiosk_paused(locale: str) -> Scripted:
    s = Scripted("kiosk", abilities=KIOSK, locale=locale)
    s.answers["identify_elder"] = {"_error": {"code": "not_found", "status": 404, "message": "没有核对成功。"}}
    s.send("select", "id_number")
    s.send("input", VALID_ID)
    for _ in range(5):
        if s.send("input", "0000").screen.id == "identify:recheck":
            s.send("select", "keep_id")  # the ID number kept: only the tail again
    return s


TIMED = {"tv: OK on the SOS tile": tv_arming, "kiosk: idle warning": kiosk_idle_warning,
         "kiosk: five misses pause": kiosk_paused}
SHORT_WINDOW_S = 30   # a screen that acts within this long is a "window", not an idle policy


def test_every_timed_screen_of_the_tvs_flows_is_one_of_those_measured():
    timed = {key[0] for key, s in walk("answers").items()
             if s.screen.idle_after_s is not None and s.screen.idle_after_s <= SHORT_WINDOW_S}
    arming = tv_arming("zh_CN").screen
    assert timed <= {arming.id}, timed


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", sorted(TIMED))
def test_a_timed_screen_says_its_sentence_within_its_window(name, locale, tmp_path: Path):
    s = TIMED[name](locale)
    window = s.screen.idle_after_s
    assert window is not None, f"{name}: not a timed screen any more"
    spoken = normalise(s.step.speech, locale)
    out = tmp_path / "said.wav"
    EspeakEngine().synthesize(spoken, locale, RATE_MIN, out)
    seconds = verify_wav(out)
    assert seconds + MARGIN_S <= window, (
        f"{name} ({locale}): {s.step.speech!r} takes {seconds:.2f} s at the slowest rate, "
        f"in a {window} s window")


@pytest.mark.parametrize("name", sorted(TIMED))
def test_a_timed_screen_shows_its_seconds_counting_down(name):
    """A screen that acts by itself (the TV's SOS window, the kiosk's idle warning, its pause)
    carries its window as ``countdown_s`` — the renderers count it down where she reads it — and
    shows no sentence with a number of seconds that would go stale."""
    s = TIMED[name]("zh_CN")
    top = s.screen.popup or s.screen
    assert top.countdown_s == int(s.screen.idle_after_s), name
    assert f"{top.countdown_s}秒" not in (top.body or "") + top.title, name
