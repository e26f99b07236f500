"""Routing of remote actions, without a window: the shell and engine host are recorded.

What pops up when is the engine's (tests/shared_ui/test_popups.py); here only how keys reach it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from shared_ui.flow.screens import Item, Screen, Step
from shared_ui.kivy_kit.speech import RecordingSpeech
from shared_ui.strings import Strings
from tv_app.controller import TvController


@dataclass
class Tile:
    item_id: str
    group: str = "items"
    speak: str = ""
    label: str = ""


@dataclass
class RecordingShell:
    """Draws nothing; keeps what it was asked to show (like Toga's dummy backend)."""

    screen: Screen | None = None
    focused: Tile | None = None
    shown: list = field(default_factory=list)

    def show(self, screen: Screen) -> bool:
        changed = self.screen is None or screen != self.screen
        top = screen.popup or screen
        current = (self.screen.popup or self.screen) if self.screen else None
        if current is None or top.id != current.id:
            self.focused = Tile(top.focus or "nav:repeat", "popup" if screen.popup else "items")
        self.screen = screen
        self.shown.append(screen)
        return changed

    def move(self, direction: str):
        return self.focused, False


class RecordingHost:
    started = True

    def __init__(self):
        self.sent: list = []
        self.pending = 0

    @property
    def idle(self) -> bool:
        return self.pending == 0

    def send(self, kind, value=None):
        self.sent.append((kind, value))


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


STRINGS = Strings("zh_CN", {"hotline": "12345", "ambulance": "120"})


def home_screen(popup: Screen | None = None) -> Screen:
    items = [Item("emergency", "紧急求助", "紧急求助。", digit=1), Item("registration", "预约挂号", digit=2)]
    return Screen("home", "menu", "一键通", items, "emergency", popup=popup)


def make(guard: float = 0.4):
    shell, speech, clock, host = RecordingShell(), RecordingSpeech(), Clock(), RecordingHost()
    controller = TvController(shell, speech, STRINGS, guard_s=guard, clock=clock)
    controller.attach(host)
    controller.on_step(Step(home_screen(), "一键通首页。"), "start")
    return controller, shell, speech, clock, host


def test_ok_right_after_a_new_screen_is_ignored_then_acts():
    controller, shell, speech, clock, host = make()
    controller.on_action("ok")
    assert host.sent == []  # a press meant for the last screen
    clock.now += 0.5
    controller.on_action("ok")
    assert host.sent == [("select", "emergency")]


def test_new_words_on_the_same_screen_do_not_restart_the_guard():
    controller, shell, _, clock, host = make()
    alarm = Screen("alarm", "alarm", "正在呼叫救援", [Item("im_ok", "我没事")], "im_ok", body="正在呼叫")
    controller.on_step(Step(alarm, "正在呼叫"), "sos")
    clock.now += 0.5
    controller.on_step(Step(Screen("alarm", "alarm", "正在呼叫救援", [Item("im_ok", "我没事")], "im_ok",
                                   body="正在联系您的家人"), "正在联系您的家人"), "alarm_update")
    shell.focused = Tile("im_ok")
    controller.on_action("ok")
    assert host.sent == [("select", "im_ok")]


def test_digits_are_guarded_too_but_sos_and_back_never_are():
    controller, _, _, _, host = make()
    controller.on_action("digit:2")
    controller.on_action("back")
    controller.on_action("sos")
    assert host.sent == [("back", None), ("sos", None)]


def test_long_ok_on_the_sos_tile_raises_the_alarm_when_the_press_itself_was_ignored():
    controller, _, _, _, host = make()
    controller.on_action("ok")  # within the guard: ignored
    controller.on_action("long_ok")
    assert host.sent == [("sos", None)]


def test_long_ok_after_the_alarm_is_up_does_nothing_more():
    controller, shell, _, clock, host = make()
    clock.now += 1
    controller.on_action("ok")
    controller.on_step(Step(Screen("alarm", "alarm", "正在呼叫救援", [Item("im_ok", "我没事")], "im_ok"), "…"), "result")
    controller.on_action("long_ok")
    assert host.sent == [("select", "emergency")]


def test_nav_keys_map_to_engine_events():
    controller, shell, _, clock, host = make()
    clock.now += 1
    for nav, event in (("nav:back", "back"), ("nav:repeat", "repeat"), ("nav:help", "help")):
        shell.focused = Tile(nav, "nav")
        controller.on_action("ok")
    assert host.sent == [("back", None), ("repeat", None), ("help", None)]


def test_a_pop_up_restarts_the_guard_and_ok_goes_to_its_focused_tile():
    controller, shell, _, clock, host = make()
    clock.now += 1
    popup = Screen("popup:message", "popup", "社区通知", [Item("ack", "知道了"), Item("repeat", "重听")], "ack",
                   record_id="m1")
    controller.on_step(Step(home_screen(popup), "您有一条新消息。"), "offer")
    controller.on_action("ok")
    assert host.sent == []  # the OK meant for home does not acknowledge the message
    clock.now += 0.5
    controller.on_action("ok")
    assert host.sent == [("select", "ack")]


def test_a_pop_up_closing_restarts_the_guard_too():
    controller, shell, _, clock, host = make()
    popup = Screen("popup:message", "popup", "社区通知", [Item("ack", "知道了")], "ack", record_id="m1")
    controller.on_step(Step(home_screen(popup), "…"), "offer")
    clock.now += 1
    controller.on_step(Step(home_screen(), "预约挂号"), "select")
    controller.on_action("ok")
    assert host.sent == []  # a second quick OK lands nowhere


def test_focus_on_a_pop_up_tile_is_worded_by_the_engine():
    controller, _, speech, _, host = make()
    controller.on_focus(Tile("repeat", "popup", "重听"), True)
    controller.on_focus(Tile("nav:back", "nav", "返回"), True)
    assert host.sent == [("focus", "repeat")] and speech.last == "返回"


def test_before_the_box_is_bound_sos_says_the_numbers_to_call():
    shell, speech = RecordingShell(), RecordingSpeech()
    controller = TvController(shell, speech, STRINGS, guard_s=0)
    controller.show_standalone(Screen("boot:pairing", "pairing", "绑定这台电视", body="483920"), "请打电话…")
    controller.on_action("sos")
    assert "120" in speech.last and "12345" in speech.last and "没有绑定" in speech.last
    assert shell.screen.id == "boot:sos" and "120" in shell.screen.body  # shown, not only said
    controller.on_action("ok")
    assert shell.screen.id == "boot:pairing"  # any key: the code again
