"""Routing of remote actions, without a window: the shell and engine host are recorded."""
from __future__ import annotations

from dataclasses import dataclass, field

from shared_ui.flow.screens import Item, Screen, Step
from shared_ui.kivy_kit.speech import RecordingSpeech
from tv_app.controller import TvController
from tv_app.strings import TvStrings


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
    overlays: list = field(default_factory=list)

    def show(self, screen: Screen) -> bool:
        changed = self.screen is None or screen != self.screen
        if self.screen is None or screen.id != self.screen.id:
            self.focused = Tile(screen.focus or "nav:repeat")
        self.screen = screen
        return changed

    def move(self, direction: str):
        return self.focused, False

    def open_overlay(self, popup) -> None:
        self.overlays.append(popup)
        self.focused = Tile("ack")

    def close_overlay(self) -> None:
        self.overlays.pop()
        self.focused = Tile(self.screen.focus if self.screen else "nav:repeat")


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


class Popup:
    def __init__(self, message):
        self.message = message
        self.speech = message.get("speech") or message["title"]


class Pushes:
    def __init__(self):
        self.acked: list = []

    def ack(self, message, then=None):
        self.acked.append(message["id"])

    def already_told(self, message):
        return message.get("request_id") == "told"


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def home_screen() -> Screen:
    items = [Item("emergency", "紧急求助", "紧急求助。", digit=1), Item("registration", "预约挂号", digit=2)]
    return Screen("home", "menu", "一键通", items, "emergency")


def make(guard: float = 0.4):
    shell, speech, clock, host, pushes = RecordingShell(), RecordingSpeech(), Clock(), RecordingHost(), Pushes()
    controller = TvController(shell, speech, TvStrings("zh_CN", {"hotline": "12345", "ambulance": "120"}),
                              Popup, guard_s=guard, clock=clock)
    controller.attach(host, pushes)
    controller.on_step(Step(home_screen(), "一键通首页。"), "start")
    return controller, shell, speech, clock, host, pushes


def test_ok_right_after_a_new_screen_is_ignored_then_acts():
    controller, shell, speech, clock, host, _ = make()
    controller.on_action("ok")
    assert host.sent == []  # a press meant for the last screen
    clock.now += 0.5
    controller.on_action("ok")
    assert host.sent == [("select", "emergency")]


def test_new_words_on_the_same_screen_do_not_restart_the_guard():
    controller, shell, _, clock, host, _ = make()
    alarm = Screen("alarm", "alarm", "正在呼叫救援", [Item("im_ok", "我没事")], "im_ok", body="正在呼叫")
    controller.on_step(Step(alarm, "正在呼叫"), "sos")
    clock.now += 0.5
    controller.on_step(Step(Screen("alarm", "alarm", "正在呼叫救援", [Item("im_ok", "我没事")], "im_ok",
                                   body="正在联系您的家人"), "正在联系您的家人"), "alarm_update")
    shell.focused = Tile("im_ok")
    controller.on_action("ok")
    assert host.sent == [("select", "im_ok")]


def test_digits_are_guarded_too_but_sos_and_back_never_are():
    controller, _, _, _, host, _ = make()
    controller.on_action("digit:2")
    controller.on_action("back")
    controller.on_action("sos")
    assert host.sent == [("back", None), ("sos", None)]


def test_long_ok_on_the_sos_tile_raises_the_alarm_when_the_press_itself_was_ignored():
    controller, _, _, _, host, _ = make()
    controller.on_action("ok")  # within the guard: ignored
    controller.on_action("long_ok")
    assert host.sent == [("sos", None)]


def test_long_ok_after_the_alarm_is_up_does_nothing_more():
    controller, shell, _, clock, host, _ = make()
    clock.now += 1
    controller.on_action("ok")
    controller.on_step(Step(Screen("alarm", "alarm", "正在呼叫救援", [Item("im_ok", "我没事")], "im_ok"), "…"), "result")
    controller.on_action("long_ok")
    assert host.sent == [("select", "emergency")]


def test_nav_keys_map_to_engine_events():
    controller, shell, _, clock, host, _ = make()
    clock.now += 1
    for nav, event in (("nav:back", "back"), ("nav:repeat", "repeat"), ("nav:help", "help")):
        shell.focused = Tile(nav, "nav")
        controller.on_action("ok")
    assert host.sent == [("back", None), ("repeat", None), ("help", None)]


def test_a_message_pops_up_is_spoken_and_ok_acknowledges_it():
    controller, shell, speech, clock, host, pushes = make()
    controller.on_message({"id": "m1", "kind": "notice", "title": "社区通知", "speech": "社区通知。量血压。"})
    assert shell.overlays and speech.last == "您有一条新消息。社区通知。量血压。"
    clock.now += 1
    controller.on_action("ok")
    assert pushes.acked == ["m1"] and not shell.overlays


def test_back_puts_a_message_aside_and_sos_always_wins_over_a_pop_up():
    controller, shell, _, clock, host, pushes = make()
    controller.on_message({"id": "m1", "kind": "notice", "title": "一"})
    clock.now += 1
    controller.on_action("back")
    assert not shell.overlays and pushes.acked == [] and host.sent == []
    controller.on_message({"id": "m2", "kind": "notice", "title": "二"})
    controller.on_action("sos")
    assert host.sent == [("sos", None)] and not shell.overlays
    assert controller.messages[0]["id"] == "m2"  # shown again after the emergency


def test_no_pop_up_over_the_emergency_screen_or_while_an_answer_is_awaited():
    controller, shell, _, _, host, _ = make()
    controller.on_step(Step(Screen("alarm", "alarm", "正在呼叫救援", [Item("im_ok", "我没事")], "im_ok"), "…"), "result")
    controller.on_message({"id": "m1", "kind": "notice", "title": "一"})
    assert not shell.overlays
    controller.on_step(Step(home_screen(), ""), "home")
    assert shell.overlays  # shown once the emergency screen is gone
    shell.overlays.clear()
    controller.popup = None
    host.pending = 1
    controller.on_message({"id": "m2", "kind": "notice", "title": "二"})
    assert not shell.overlays


def test_the_check_in_jumps_the_queue_and_a_result_just_heard_is_not_repeated():
    controller, shell, _, _, host, pushes = make()
    host.pending = 1
    controller.on_message({"id": "s1", "kind": "status", "title": "挂号成功", "request_id": "told"})
    controller.on_message({"id": "n1", "kind": "notice", "title": "通知"})
    controller.on_message({"id": "checkin:today", "kind": "checkin", "title": "今天身体好吗？按确定键报平安。"})
    host.pending = 0
    controller.on_step(Step(home_screen(), ""), "result")
    assert shell.overlays[-1].message["kind"] == "checkin"
    assert pushes.acked == []
    controller.popup = None
    shell.overlays.clear()
    controller._next_message()
    assert pushes.acked == ["s1"]  # marked read, not popped up again
    assert shell.overlays[-1].message["id"] == "n1"


def test_pop_ups_wait_while_a_result_is_read_out():
    controller, shell, speech, clock, host, _ = make()
    held = []
    controller.schedule = lambda callback, delay: held.append((callback, delay)) or "handle"
    result = Screen("result:registration", "result", "挂号成功", [Item("home", "回到首页")], "home")
    controller.on_step(Step(result, "您的挂号已成功。"), "result")
    controller.on_message({"id": "r1", "kind": "reminder", "title": "明天看病"})
    assert not shell.overlays and speech.last == "您的挂号已成功。"
    assert held and held[0][1] == 20.0
    clock.now += 21
    held[0][0]()  # the hold is over: shown even if the elder stays on the result
    assert shell.overlays and shell.overlays[-1].message["id"] == "r1"


def test_leaving_the_result_shows_what_was_held():
    controller, shell, _, _, _, _ = make()
    controller.on_step(Step(Screen("result:taxi", "result", "叫车成功", [Item("home", "回到首页")], "home"), "…"),
                       "result")
    controller.on_message({"id": "r1", "kind": "reminder", "title": "上车提醒"})
    assert not shell.overlays
    controller.on_step(Step(home_screen(), "一键通首页。"), "home")
    assert shell.overlays


def test_before_the_box_is_bound_sos_says_the_numbers_to_call():
    shell, speech = RecordingShell(), RecordingSpeech()
    controller = TvController(shell, speech, TvStrings("zh_CN", {"hotline": "12345", "ambulance": "120"}), Popup)
    controller.on_action("sos")
    assert "120" in speech.last and "12345" in speech.last
