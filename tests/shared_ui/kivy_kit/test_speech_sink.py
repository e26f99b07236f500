"""The product's speech sink: the accessibility Speaker (espeak) behind SpeakerSink.

Synthesis runs off the UI thread, playback starts on it (Kivy's clock is ticked by hand
here), and a sentence overtaken while it was being made is never played.
"""
import threading
import time


from accessibility.speech import RecordingPlayer, SpeechSettings, build_speaker
from shared_ui.kivy_kit.speech import SpeakerSink



def tick_until(condition, timeout=15.0):
    from kivy.clock import Clock

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        Clock.tick()


class HeldFirstSentence:
    """The real Speaker, but the first synthesis waits until the test lets it finish."""

    def __init__(self, speaker):
        self.speaker = speaker
        self.started = threading.Event()
        self.release = threading.Event()

    def prepare(self, text, locale):
        if not self.started.is_set():
            self.started.set()
            self.release.wait(10)
        return self.speaker.prepare(text, locale)

    def __getattr__(self, name):
        return getattr(self.speaker, name)


def test_a_sentence_is_made_off_the_ui_thread_and_played_on_it(tmp_path):
    player = RecordingPlayer()
    sink = SpeakerSink(build_speaker(SpeechSettings(engines=["espeak"], cache_dir=tmp_path), player))
    try:
        sink.speak("预约挂号。按确定键，预约您常去的医院。")
        tick_until(lambda: player.spoken)
        assert player.spoken == ["预约挂号。按确定键，预约您常去的医院。"]
        assert player.played[-1].duration_s > 0.5  # a real clip, not silence
        sink.repeat()
        assert player.spoken[-1] == "预约挂号。按确定键，预约您常去的医院。"
    finally:
        sink.stop()


def test_only_the_newest_of_quick_focus_moves_is_heard(tmp_path):
    player = RecordingPlayer()
    held = HeldFirstSentence(build_speaker(SpeechSettings(engines=["espeak"], cache_dir=tmp_path), player))
    sink = SpeakerSink(held)
    try:
        sink.speak("紧急求助。")
        assert held.started.wait(10)
        sink.speak("预约挂号。")
        sink.speak("叫出租车。")  # three moves before the first sentence was ready
        held.release.set()
        tick_until(lambda: player.spoken)
        assert player.spoken == ["叫出租车。"]
    finally:
        sink.stop()
