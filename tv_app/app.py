"""The TV set-top-box app: composition only (settings → look → shell → controller → boot).

What every Kivy front end needs comes from ``shared_ui.kivy_kit`` (the flow host, durable
alarms, pushes, the device event stream, labels, tiles, fact rows, the settings file). The
TV's own parts: keys in :mod:`.keymap` / :mod:`.remote`, focus in :mod:`.focus` /
:mod:`.shell`, routing in :mod:`.controller`, start-up and pairing in :mod:`.boot`, drawing in
:mod:`.views`. Back never quits the app: Escape and Android's BACK are consumed by the remote
and ``exit_on_escape`` is off.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.config import Config
from kivy.core.window import Window
from kivy.properties import ObjectProperty

from accessibility.hosts import abilities_for
from accessibility.themes import nearest_font_scale
from shared_ui.client import CenterClient
from shared_ui.device_events import EventRouter, EventStream
from shared_ui.flow import FlowEngine, Screen
from shared_ui.kivy_kit.alarm_delivery import AlarmDelivery
from shared_ui.kivy_kit.background import Background, on_ui_thread
from shared_ui.kivy_kit.flow_host import FlowHost
from shared_ui.kivy_kit.fonts import natural_line_height, register_sc_font, sc_font_files
from shared_ui.kivy_kit.pushes import MessagePushes
from shared_ui.kivy_kit.settings_file import SettingsFile
from shared_ui.kivy_kit.speech import SpeechSink, speaker_sink
from shared_ui.spec import load_spec
from shared_ui.strings import Strings

from .boot import Boot
from .config import TvSettings
from .controller import TvController
from .look import build_look
from .remote import Remote
from .shell import Shell
from .views.all import REGISTRY

log = logging.getLogger(__name__)


class TvApp(App):
    look = ObjectProperty(None)
    title = "一键通"

    def __init__(self, settings: TvSettings, *, speech: SpeechSink | None = None,
                 make_client: Callable[[str, str | None], CenterClient] | None = None, spec: Any = None,
                 **kw: Any):
        super().__init__(**kw)
        self.settings = settings
        self.speech = speech
        self.make_client = make_client or (lambda url, token: CenterClient(url, token))
        # Two pools: what the elder is waiting for (and SOS) never queues behind a poll that is
        # retrying against a centre that does not answer.
        self.background = Background(name="flow")
        self.polls = Background(workers=1, name="poll")
        self.spec = spec or load_spec()
        self.strings = Strings(settings.locale, self.spec.contact.model_dump())  # the engine's too
        self.host: FlowHost | None = None
        self.pushes: MessagePushes | None = None
        self.alarms: AlarmDelivery | None = None
        self.events: EventStream | None = None

    # -- Kivy -------------------------------------------------------------------------------------
    def build(self) -> Shell:
        Config.set("kivy", "exit_on_escape", "0")
        fonts = sc_font_files(self.settings.font_cache)
        font = register_sc_font(files=fonts)
        if tuple(Window.size) != tuple(self.settings.size) and not self.settings.fullscreen:
            Window.size = self.settings.size
        self.look = build_look(tuple(Window.size), font, self.settings.theme,
                               natural_line=natural_line_height(fonts.regular),
                               font_scale=self.settings.font_scale)
        if self.speech is None:
            self.speech = speaker_sink(self.settings.locale) if self.settings.speech else _Silent()
        self.shell = Shell(self._view, on_focus=lambda tile, speak: self.controller.on_focus(tile, speak))
        self.controller = TvController(self.shell, self.speech, self.strings, guard_s=self.settings.screen_guard_s)
        self.remote = Remote(self.controller.on_action, _kivy_schedule, long_press_s=self.settings.long_press_s)
        Window.bind(on_key_down=self._key_down, on_key_up=self._key_up, on_request_close=self._close_request)
        self.boot = Boot(self.settings, SettingsFile(self.settings.config_path), self.polls, self.controller,
                         self.make_client, self._start_flow, self._refresh_elder)
        return self.shell

    def on_start(self) -> None:
        self.boot.run()

    def on_stop(self) -> None:
        Window.unbind(on_key_down=self._key_down, on_key_up=self._key_up, on_request_close=self._close_request)
        for part in (self.pushes, self.alarms, self.events):
            if part is not None:
                part.stop()
        self.background.close()
        self.polls.close()
        if self.speech is not None:
            self.speech.stop()
        REGISTRY.unload()

    def open_settings(self, *_args: Any) -> bool:
        return False  # F1 is the SOS key here, never Kivy's settings panel

    # -- what probes read -------------------------------------------------------------------------
    @property
    def screen(self) -> Screen | None:
        return self.shell.screen

    def pools(self) -> list[Background]:
        return [self.background, self.polls]

    # -- keys ---------------------------------------------------------------------------------
    def _key_down(self, _window: Any, key: int, _scancode: int, *_args: Any) -> bool:
        return self.remote.key_down(key)

    def _key_up(self, _window: Any, key: int, *_args: Any) -> bool:
        return self.remote.key_up(key)

    @staticmethod
    def _close_request(_window: Any, source: str | None = None, *_args: Any) -> bool:
        return source == "keyboard"  # Escape/BACK never close the app; the window manager may

    # -- parts ----------------------------------------------------------------------------------
    def _view(self, screen: Any) -> Any:
        return REGISTRY.view_class(screen.kind)(screen, self.strings)

    def _start_flow(self, client: CenterClient, elder: dict[str, Any],
                    household: list[dict[str, Any]]) -> None:
        self._apply_preferences(elder.get("preferences") or {})
        engine = FlowEngine(self.spec, "tv", self.settings.locale, abilities_for("tv"), self.strings)
        self.alarms = AlarmDelivery(self.settings.outbox, client, self._alarm_delivered).start()
        self.host = FlowHost(engine, client, self.alarms.run_intent, self.background, self.controller.on_step)
        self.pushes = MessagePushes(client, self.polls, elder["id"], self.settings.poll_messages_s, self.host.offer,
                                    household_ids=[e["id"] for e in household] or None)
        self.controller.attach(self.host)
        self.host.start(elder, self.look.paging(), household)
        router = EventRouter(self.host.alarm_update, self.host.offer, self._request_changed,
                             self.pushes.check_in_state)
        self.events = EventStream(client, on_ui_thread(router)).start()
        self.pushes.start()

    def _refresh_elder(self, elder: dict[str, Any], household: list[dict[str, Any]]) -> None:
        if self.host is not None:
            self.host.update_people(elder, household)
        if self.pushes is not None and household:
            self.pushes.household_ids = [e["id"] for e in household]
        self._apply_preferences(elder.get("preferences") or {})

    def _apply_preferences(self, preferences: dict[str, Any]) -> None:
        """The elder's own theme, text size and speech rate/volume (set by family or an agent)
        win over the box's defaults."""
        theme = preferences.get("theme") or self.settings.theme
        font_scale = nearest_font_scale(preferences.get("font_scale") or self.settings.font_scale)
        if (theme, font_scale) != (self.look.theme, self.look.font_scale):
            self.look = build_look(tuple(Window.size), self.look.font, theme,
                                   natural_line=self.look.natural_line, font_scale=font_scale)
            self.shell.redraw()
            if self.host is not None:
                self.host.relayout(self.look.paging())  # fewer choices a screen at larger text
        set_preferences = getattr(getattr(self.speech, "speaker", None), "set_preferences", None)
        if set_preferences is not None:
            set_preferences(preferences.get("speech_rate"), preferences.get("volume"))

    def _alarm_delivered(self, alarm: dict[str, Any]) -> None:
        """An alarm kept in the outbox while the centre was away has reached it."""
        if self.host is not None:
            self.host.alarm_update(alarm, alarm.get("speech") or self.host.engine.s("alarm.raised"))

    def _request_changed(self, request: dict[str, Any]) -> None:
        screen = self.shell.screen
        if screen is not None and screen.id == "list:requests" and screen.popup is None:
            self.host.send("refresh")


class _Silent:
    """Speech switched off (``--no-speech``): the screen still shows every word."""

    def speak(self, text: str) -> None:
        pass

    def repeat(self) -> None:
        pass

    def stop(self) -> None:
        pass


def _kivy_schedule(callback: Callable[[], None], delay: float) -> Callable[[], None]:
    event = Clock.schedule_once(lambda _dt: callback(), delay)
    return event.cancel
