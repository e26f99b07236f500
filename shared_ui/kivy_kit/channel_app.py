"""What every Kivy front end's App does, whatever its input: the Chinese font and the look, the
speech sink, the background pools, the engine's strings, and — once it knows whom it serves —
the running parts of a session with the centre: durable alarms, the flow host, the message
poll and the device event stream. A channel (``tv_app.app.TvApp``) adds its input (remote,
touch), its screens and its start-up.

Two pools: what the user is waiting for (and SOS) never queues behind a poll that is retrying
against a centre that does not answer.
"""
from __future__ import annotations

import logging

from typing import Any, Callable

from kivy.app import App
from kivy.config import Config
from kivy.core.window import Window
from kivy.properties import ObjectProperty

from accessibility.line_breaks import SEGMENTER
from accessibility.speech_text import rare_characters
from accessibility.themes import nearest_font_scale
from shared_ui.client import CenterClient
from shared_ui.device_events import EventRouter, EventStream
from shared_ui.flow import Answer, FlowEngine, Screen, Step
from shared_ui.preferences import own_preferences
from shared_ui.spec import load_spec
from shared_ui.strings import Strings

from .alarm_delivery import AlarmDelivery
from .background import Background, on_ui_thread
from .flow_host import FlowHost
from .fonts import natural_line_height, register_sc_font, sc_font_files
from .pushes import MessagePushes
from .speech import SilentSpeech, SpeechSink, speaker_sink
from .views import ViewRegistry

log = logging.getLogger(__name__)
# Libraries that talk at length below WARNING (a font's tables, a slip's seven layout steps):
# Kivy opens the root logger to every level, so a box's terminal and log file filled with them.
CHATTY = ("fontTools", "weasyprint", "PIL", "urllib3", "jieba")


def quiet_libraries() -> None:
    """The app's own INFO and Kivy's stay; the libraries' chatter below WARNING does not."""
    if logging.getLogger().level < logging.INFO:
        logging.getLogger().setLevel(logging.INFO)
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.WARNING)


class ChannelApp(App):
    look = ObjectProperty(None)
    title = "一键通"

    def __init__(self, settings: Any, registry: ViewRegistry, *, speech: SpeechSink | None = None,
                 make_client: Callable[[str, str | None], CenterClient] | None = None, spec: Any = None,
                 **kw: Any):
        """``settings``: the channel's, with at least ``locale``, ``theme``, ``font_scale``,
        ``font_cache``, ``speech``, ``outbox`` and ``poll_messages_s``."""
        super().__init__(**kw)
        quiet_libraries()
        self.settings = settings
        self.registry = registry
        self.speech = speech
        self.make_client = make_client or (lambda url, token: CenterClient(url, token))
        self.background = Background(name="flow")
        self.polls = Background(workers=1, name="poll")
        self.spec = spec or load_spec()
        self.strings = Strings(settings.locale, self.spec.contact.model_dump())  # the engine's too
        self.host: FlowHost | None = None
        self.pushes: MessagePushes | None = None
        self.alarms: AlarmDelivery | None = None
        self.events: EventStream | None = None
        self.panel: Any = None   # the widget that is the app's screen (see mount)

    # -- what a channel gives ---------------------------------------------------------------------
    def make_look(self, font: str, theme: str, natural_line: float, font_scale: float) -> Any:
        raise NotImplementedError

    def redraw(self) -> None:
        """The look changed: build what is shown again."""
        raise NotImplementedError

    def device_ops(self) -> dict[str, Callable[[CenterClient, dict[str, Any]], Any]]:
        """Intents the device answers itself, not the centre (a kiosk's ``print_slip``)."""
        return {}

    def run_intent(self, client: CenterClient, intent: Any) -> Answer:
        """The engine's intents: the device's own ops here, everything else to the centre
        (alarms through the durable outbox)."""
        op = self.device_ops().get(intent.op)
        if op is None:
            return self.alarms.run_intent(client, intent)
        try:
            return Answer(intent.id, True, op(client, dict(intent.args)))
        except Exception as exc:  # noqa: BLE001 — a device fault is said, never a crash
            log.exception("device op %s failed", intent.op)
            message = self.strings.t(getattr(exc, "message", None) or self.spec.text("error.network", "tv"))
            return Answer(intent.id, False, error={"code": getattr(exc, "code", "device"), "message": message,
                                                   "status": 0})

    def unbound(self) -> None:
        """The centre no longer knows this device (an agent unbound it): the session has ended
        (:meth:`end_session`); show what an unbound device shows — a TV its pairing code."""
        raise NotImplementedError

    def make_speech(self) -> SpeechSink:
        """The voice (a channel that serves strangers keeps their sentences apart)."""
        return speaker_sink(self.settings.locale)

    @property
    def screen(self) -> Screen | None:
        """The screen shown now (probes and tests read it)."""
        raise NotImplementedError

    # -- Kivy ---------------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Font, look and speech: call first in ``build``."""
        Config.set("kivy", "exit_on_escape", "0")  # Back never quits
        SEGMENTER.warm_in_background()  # words for line breaks, never on the first screen's time
        fonts = sc_font_files(self.settings.font_cache)
        self.font = register_sc_font(files=fonts)
        self.natural_line = natural_line_height(fonts.regular)
        self.look = self.make_look(self.font, self.settings.theme, self.natural_line, self.settings.font_scale)
        if self.speech is None:
            self.speech = self.make_speech() if self.settings.speech else SilentSpeech()
            if self.settings.speech:
                rare_characters.warm_in_background()  # readings of rare name characters

    def on_stop(self) -> None:
        if self.host is not None:
            self.host.close()
        for part in (self.pushes, self.alarms, self.events):
            if part is not None:
                part.stop()
        self.background.close()
        self.polls.close()
        if self.speech is not None:
            self.speech.stop()
        self.registry.unload()

    def open_settings(self, *_args: Any) -> bool:
        return False  # F1 is an SOS key on remotes, never Kivy's settings panel

    def pools(self) -> list[Background]:
        return [self.background, self.polls]

    def view(self, screen: Screen) -> Any:
        return self.registry.view_class(screen.kind)(screen, self.strings)

    # -- a session with the centre ----------------------------------------------------------------
    def start_session(self, client: CenterClient, engine: FlowEngine, on_step: Callable[[Step, str], None],
                      elder: dict[str, Any] | None, household: list[dict[str, Any]], paging: Any) -> FlowHost:
        self.alarms = AlarmDelivery(self.settings.outbox, client, self._alarm_delivered).start()
        engine.device_look = {**self.device_look(), **engine.device_look}
        self.host = FlowHost(engine, client, self.run_intent, self.background, on_step, on_look=self.look_chosen)
        if elder is not None:
            self.pushes = MessagePushes(client, self.polls, elder["id"], self.settings.poll_messages_s,
                                        self.host.offer, household_ids=[e["id"] for e in household] or None)
        self.host.start(elder, paging, household)
        self._resume_alarm(client, elder)
        router = EventRouter(self.host.alarm_update, self.host.offer, self._request_changed,
                             self.pushes.check_in_state if self.pushes else lambda: None,
                             self._preferences_changed)
        self.events = EventStream(client, on_ui_thread(router), on_revoked=on_ui_thread(self._revoked)).start()
        if self.pushes is not None:
            self.pushes.start()
        return self.host

    def end_session(self) -> None:
        """Stop the session's running parts (the flow, pushes, alarm delivery, the event
        stream); the channel's controller then draws the app's own screens again. An alarm
        still in the outbox stays in its file."""
        if self.host is not None:
            self.host.close()
        for part in (self.pushes, self.alarms, self.events):
            if part is not None:
                part.stop()
        self.host = self.pushes = self.alarms = self.events = None
        controller = getattr(self, "controller", None)
        if controller is not None:
            controller.host = None

    def _revoked(self) -> None:
        """The event stream was refused its token: the device is unbound. One place for every
        channel: the session ends, the channel shows its unbound state."""
        if self.host is None:
            return  # ended already (a late second report)
        log.warning("this device was unbound by the centre: the session ends")
        self.end_session()
        self.unbound()

    def _resume_alarm(self, client: CenterClient, elder: dict[str, Any] | None) -> None:
        """A restart with an alarm open shows the emergency screen first: one still waiting in
        the outbox at once, else the centre's open alarm for this device's household."""
        if elder is None:
            return
        if any(e.op == "raise_alarm" for e in self.alarms.outbox.pending()):
            self.host.resume_alarm({}, queued=True)
            return
        self.background.submit(client.open_alarms, then=lambda found: found and self.host.resume_alarm(found[0]),
                               failed=lambda exc: None)

    def refresh_people(self, elder: dict[str, Any], household: list[dict[str, Any]]) -> None:
        """Fresh profiles from the centre: the session's people and their preferences."""
        if self.host is not None:
            self.host.update_people(elder, household)
        if self.pushes is not None and household:
            self.pushes.household_ids = [e["id"] for e in household]
        self.apply_preferences(own_preferences(elder))

    def apply_preferences(self, preferences: dict[str, Any]) -> None:
        """The elder's own theme, text size, language and speech rate/volume (set by her, her
        family or an agent: only those she chose, :func:`shared_ui.preferences.own_preferences`)
        win over the device's settings, which stay for the rest. The screen shown is laid out
        again at once, in her size and language."""
        theme = preferences.get("theme") or self.settings.theme
        font_scale = nearest_font_scale(preferences.get("font_scale") or self.settings.font_scale)
        locale = preferences.get("locale") or self.settings.locale
        reworded = locale != self.strings.locale
        if reworded:
            self.strings.locale = locale  # the views' words, and the engine's (one Strings)
            if hasattr(self.speech, "locale"):
                self.speech.locale = locale  # the voice speaks the language shown
            if self.host is not None:
                self.host.reword(locale)
        if (theme, font_scale) != (self.look.theme, self.look.font_scale):
            # Every view the shells dropped had its kv rules unbound then (discard.py): only
            # what is shown is bound to the look, so nothing dead is called (a ReferenceError
            # here, caught once, also left the live widgets after it in the list unchanged).
            self.look = self.make_look(self.font, theme, self.natural_line, font_scale)
            self.redraw()
            if self.host is not None and hasattr(self.look, "paging"):
                self.host.relayout(self.look.paging())  # fewer choices a screen at larger text
        set_preferences = getattr(getattr(self.speech, "speaker", None), "set_preferences", None)
        if set_preferences is not None:
            set_preferences(preferences.get("speech_rate"), preferences.get("volume"))

    def device_look(self) -> dict[str, Any]:
        """The device's own look and voice (its settings), for what she never chose: what
        看得清听得清 says is in use. A volume or pace left out is the spec's default."""
        return {"font_scale": nearest_font_scale(self.settings.font_scale), "theme": self.settings.theme}

    def look_chosen(self, preferences: dict[str, Any]) -> None:
        """Her look and voice as the session holds them now (看得清听得清 changed them, or the
        centre told of a change): applied at once, the device's own settings for the rest."""
        self.apply_preferences(preferences)

    def _preferences_changed(self, elder_id: str, data: dict[str, Any]) -> None:
        """Her family or an agent changed her preferences (the device event stream): her
        screen follows now, not at the next restart. Another elder's (a shared box's second
        person) are kept with her profile."""
        if self.host is None or self.host.session is None:
            return
        session = self.host.session
        update = {"preferences": data.get("preferences") or {}}
        if "preferences_set" in data:
            update["preferences_set"] = data["preferences_set"]
        household = [{**e, **update} if str(e.get("id")) == elder_id else e for e in session.household]
        elder = session.elder
        if elder is not None and str(elder.get("id")) == elder_id:
            elder = {**elder, **update}
            self.host.update_people(elder, household)
            self.look_chosen({**own_preferences(elder), **session.look})  # this session's own stay
        elif elder is not None:
            self.host.update_people(elder, household)

    def _alarm_delivered(self, alarm: dict[str, Any]) -> None:
        """An alarm kept in the outbox while the centre was away has reached it."""
        if self.host is not None:
            self.host.alarm_update(alarm, alarm.get("speech") or self.host.engine.s("alarm.raised"))

    def _request_changed(self, request: dict[str, Any]) -> None:
        screen = self.screen
        if self.host is not None and screen is not None and screen.id == "list:requests" and screen.popup is None:
            self.host.send("refresh")

    def window_size(self) -> tuple[int, int]:
        """The panel the app draws: the window, or with ``keep_window`` its own size inside a
        window made for others too (a test run draws a TV and a standing kiosk in one)."""
        if getattr(self.settings, "keep_window", False) and getattr(self.settings, "size", None):
            return tuple(self.settings.size)
        return tuple(Window.size)

    def mount(self, root: Any) -> Any:
        """The app's root as the window's content: all of it, or (``keep_window``) a panel of
        the app's own size at the window's lower left."""
        self.panel = root
        if not getattr(self.settings, "keep_window", False):
            return root
        from kivy.uix.floatlayout import FloatLayout

        holder = FloatLayout()
        root.size_hint = (None, None)
        root.size = self.window_size()
        root.pos = (0, 0)
        holder.add_widget(root)
        return holder
