"""The TV set-top-box app: composition only (the kit's channel app → look → shell → controller
→ boot).

What every Kivy front end needs comes from ``shared_ui.kivy_kit`` (the channel app with its
session parts: flow host, durable alarms, pushes, device events; labels, tiles, fact rows, the
settings file). The TV's own parts: keys in :mod:`.keymap` / :mod:`.remote`, focus in
:mod:`.focus` / :mod:`.shell`, routing in :mod:`.controller`, start-up and pairing in
:mod:`.boot`, drawing in :mod:`.views`. Back never quits the app: Escape and Android's BACK
are consumed by the remote and ``exit_on_escape`` is off.
"""
from __future__ import annotations

from typing import Any

from kivy.core.window import Window

from accessibility.hosts import abilities_for
from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine, Screen
from shared_ui.kivy_kit.background import kivy_schedule
from shared_ui.kivy_kit.channel_app import ChannelApp
from shared_ui.kivy_kit.settings_file import SettingsFile
from shared_ui.preferences import own_preferences

from .boot import Boot
from .config import TvSettings
from .controller import TvController
from .look import Look, build_look
from .remote import Remote
from .shell import Shell
from .views.all import REGISTRY


class TvApp(ChannelApp):
    def __init__(self, settings: TvSettings, **kw: Any):
        super().__init__(settings, REGISTRY, **kw)

    def build(self) -> Shell:
        if tuple(Window.size) != tuple(self.settings.size) and not (self.settings.fullscreen
                                                                    or self.settings.keep_window):
            Window.size = self.settings.size
        self.prepare()
        self.shell = Shell(self.view, on_focus=lambda tile, speak: self.controller.on_focus(tile, speak))
        self.controller = TvController(self.shell, self.speech, self.strings, guard_s=self.settings.screen_guard_s)
        self.remote = Remote(self.controller.on_action, kivy_schedule, long_press_s=self.settings.long_press_s)
        Window.bind(on_key_down=self._key_down, on_key_up=self._key_up, on_request_close=self._close_request)
        self.boot = Boot(self.settings, SettingsFile(self.settings.config_path), self.polls, self.controller,
                         self.make_client, self._start_flow, self.refresh_people,
                         on_unbound=self._unbound_at_start)
        return self.mount(self.shell)

    def on_start(self) -> None:
        self.boot.run()

    def on_stop(self) -> None:
        Window.unbind(on_key_down=self._key_down, on_key_up=self._key_up, on_request_close=self._close_request)
        super().on_stop()

    # -- the kit's hooks ----------------------------------------------------------------------------
    def make_look(self, font: str, theme: str, natural_line: float, font_scale: float) -> Look:
        return build_look(self.window_size(), font, theme, natural_line=natural_line, font_scale=font_scale)

    def redraw(self) -> None:
        self.shell.redraw()

    def unbound(self) -> None:
        """Unbound by the centre: back to a pairing code (tv_app/boot.py)."""
        self.boot.unbound()

    def _unbound_at_start(self) -> None:
        """Home was drawn from the stored household, and the centre refuses the token."""
        self.end_session()
        self.unbound()

    @property
    def screen(self) -> Screen | None:
        return self.shell.screen

    # -- keys ---------------------------------------------------------------------------------------
    def _key_down(self, _window: Any, key: int, _scancode: int, *_args: Any) -> bool:
        return self.remote.key_down(key)

    def _key_up(self, _window: Any, key: int, *_args: Any) -> bool:
        return self.remote.key_up(key)

    @staticmethod
    def _close_request(_window: Any, source: str | None = None, *_args: Any) -> bool:
        return source == "keyboard"  # Escape/BACK never close the app; the window manager may

    # -- the session ----------------------------------------------------------------------------------
    def _start_flow(self, client: CenterClient, elder: dict[str, Any], household: list[dict[str, Any]]) -> None:
        self.apply_preferences(own_preferences(elder))
        engine = FlowEngine(self.spec, "tv", self.strings.locale, abilities_for("tv"), self.strings)
        self.controller.attach(self.start_session(client, engine, self.controller.on_step, elder, household,
                                                  self.look.paging()))
