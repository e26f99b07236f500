"""The community kiosk app: composition only (the kit's channel app → look → shell →
controller), plus what only a kiosk has: touch for a shaky hand (:mod:`.touch`, :mod:`.shell`),
keyboard-wedge scanners and card readers (:mod:`.scanner`, :mod:`.id_reader`), and a session
that belongs to whoever stands in front of it — identified first, wiped when left alone.

It runs as a kiosk: full screen without window chrome; Escape, Back and Alt-F4 do not close
it (only the admin's gesture and PIN do); ``onekey kiosk`` restarts it after a crash to the
welcome screen, with anything not yet delivered still in its outbox.
"""
from __future__ import annotations

import dataclasses
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window

from accessibility.hosts import abilities_for, load_host
from personal_data.names import PEOPLE
from shared_ui.client import CenterClient, CenterError
from shared_ui.flow import FlowEngine, Screen, device_place
from shared_ui.flow.screens import Item
from shared_ui.kivy_kit.channel_app import ChannelApp
from shared_ui.preferences import own_preferences

from . import strings as S
from .config import DEFAULT_CENTER, KioskSettings
from .controller import KioskController
from .id_reader import SimulatedReader, WedgeIdReader
from .look import KioskLook, build_look
from .scanner import KeyBurst
from .shell import KioskShell
from .touch import TapTracker
from .views.all import REGISTRY

log = logging.getLogger(__name__)
RETRY_S = 5.0
UNBOUND_RETRY_S = 60.0
UNBOUND_SCREEN = "kiosk:unbound"


def _private_tmp() -> str | None:
    """Memory-backed when the system has it: nothing of a person reaches the disk."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() else None
ENTER_KEYS = (13, 271)
F5 = 286


class KioskApp(ChannelApp):
    def __init__(self, settings: KioskSettings, **kw: Any):
        super().__init__(settings, REGISTRY, **kw)
        self.host_config = load_host("kiosk")
        self.admin_exit = False
        self.wipes = 0
        self.private_dir: Path | None = None
        self.slips = None   # pre-rendered slips of this person's confirmed requests (printing)

    # -- Kivy ---------------------------------------------------------------------------------
    def build(self) -> KioskShell:
        settings: KioskSettings = self.settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        settings.data_dir.chmod(0o700)
        if settings.keep_window:
            settings.size = settings.window_size
        elif settings.fullscreen:
            Window.borderless = True
            Window.fullscreen = "auto"
        elif tuple(Window.size) != tuple(settings.window_size):
            Window.size = settings.window_size
        self.prepare()
        self.tracker = TapTracker(self.look.tap_slop, settings.repeat_tap_s)
        self.shell = KioskShell(self.view, self.tracker, on_tap=lambda t: self.controller.on_tap(t),
                           on_hold=lambda t: self.controller.on_hold(t),
                           on_hold_short=lambda t, lifted: self.controller.on_hold_short(t, lifted),
                           on_admin=self.ask_admin_pin, hold_s=settings.sos_hold_s, tap_s=settings.sos_tap_s)
        self.controller = KioskController(self.shell, self.speech, self.strings,
                                          guard_s=max(settings.screen_guard_s, settings.repeat_tap_s),
                                          hold_s=settings.sos_hold_s, on_wipe=self.wipe,
                                          on_person=self.serve)
        self.wedge = WedgeIdReader()
        self.wedge.start(self.controller.on_card)
        self.reader = SimulatedReader(lambda call, delay: Clock.schedule_once(lambda _dt: call(), delay)) \
            if settings.simulated_reader else None
        if self.reader is not None:
            self.reader.start(self.controller.on_card)
        self.keys = KeyBurst(self._scanned, self.controller.on_typed, gap_s=settings.scanner_gap_s)
        self._tick = Clock.schedule_interval(lambda _dt: self.keys.tick(), settings.scanner_gap_s)
        Window.bind(on_key_down=self._key_down, on_textinput=self._text, on_request_close=self._close_request)
        return self.mount(self.shell)

    def on_start(self) -> None:
        self._connect()

    def on_stop(self) -> None:
        Window.unbind(on_key_down=self._key_down, on_textinput=self._text, on_request_close=self._close_request)
        self._tick.cancel()
        if getattr(self, "_retry", None) is not None:
            self._retry.cancel()
        super().on_stop()
        if self.slips is not None:
            self.slips.close()
        if self.private_dir is not None:
            shutil.rmtree(self.private_dir, ignore_errors=True)

    # -- the kit's hooks ----------------------------------------------------------------------------
    def make_look(self, font: str, theme: str, natural_line: float, font_scale: float) -> KioskLook:
        s: KioskSettings = self.settings
        return build_look(self.window_size(), font, theme, orientation=s.orientation, natural_line=natural_line,
                          font_scale=font_scale, tap_slop_mm=s.tap_slop_mm)

    def redraw(self) -> None:
        self.shell.redraw()

    @property
    def screen(self) -> Screen | None:
        return self.shell.screen

    # -- keys: scanners, readers, a volunteer's keyboard; nothing quits --------------------------
    def _key_down(self, _window: Any, key: int, _scancode: int, _codepoint: str | None, modifiers: list) -> bool:
        if key in ENTER_KEYS:
            self.keys.enter()
            return True
        if key == F5 and self.reader is not None:
            demo = getattr(self, "demo_card", None)
            if demo:
                self.reader.present(demo)
            return True
        if key == 27:
            return True   # Escape (and Android's Back) never close a kiosk
        return False

    def _text(self, _window: Any, text: str) -> bool:
        for char in text:
            self.keys.key(char)
        return True

    def _scanned(self, text: str) -> None:
        if not self.wedge.offer(text):
            self.controller.on_slip(text)

    def _close_request(self, *_args: Any, **_kw: Any) -> bool:
        """Alt-F4, the window manager, Escape: refused, unless the admin signed off."""
        return not self.admin_exit

    def ask_admin_pin(self) -> None:
        from .admin import AdminPin

        self.shell.open_overlay(AdminPin(self.strings, self.settings.admin_pin, on_done=self._admin_done))

    def _admin_done(self, ok: bool) -> None:
        self.shell.close_overlay()
        if ok:
            self.admin_exit = True
            self.stop()
        elif self.shell.screen is not None:
            self.shell.redraw()

    # -- the session ----------------------------------------------------------------------------------
    def _standalone(self, words: str) -> Screen:
        t = self.strings.t
        return Screen("kiosk:connecting", "notice", t(S.WELCOME_TITLE), body=words,
                      nav=[Item("repeat", t(S.REPEAT), t(S.REPEAT))])

    def _connect(self) -> None:
        s: KioskSettings = self.settings
        client = self.make_client(s.center_url or DEFAULT_CENTER, s.token)
        if self.host is None and (self.shell.screen is None or self.shell.screen.id != UNBOUND_SCREEN):
            words = self.strings.t(S.STARTING)
            self.controller.show_standalone(self._standalone(words), words)
        self.background.submit(lambda: (client.me(), self._printer_here()),
                               then=lambda got: self._start_flow(client, *got), failed=self._connect_failed)

    def _printer_here(self) -> bool:
        """Worker thread: whether this station has a printer that takes slips (its queue, or
        CUPS's default, known to CUPS) — 打印凭条 is offered only then."""
        from accessibility.slips import SlipPrinter

        return self.settings.printer != "" and SlipPrinter(self.settings.printer).available()

    def _connect_failed(self, exc: BaseException) -> None:
        if isinstance(exc, CenterError) and exc.status == 401:
            log.error("the centre does not know this kiosk's token (unbound from its station?)")
            self.unbound()
            return
        words = self.strings.t(S.OFFLINE)
        log.warning("kiosk: the centre is not answering (%s); retrying", exc)
        if self.host is None:
            self.controller.show_standalone(self._standalone(words), words)
        self._retry = Clock.schedule_once(lambda _dt: self._connect(), RETRY_S)

    def unbound(self) -> None:
        """Unbound from its station (or started with a token the centre does not know): nothing
        of the last person stays, and the screen says the kiosk is out of service, with 120 and
        the hotline. A kiosk has no pairing of its own — its token is set up by the station's
        admin — so it only asks again now and then (a centre restored from a backup)."""
        if self.shell.screen is None or self.shell.screen.id != UNBOUND_SCREEN:  # said once, not every retry
            self.wipe()
            t = self.strings.t
            words = t(S.UNBOUND)
            self.controller.show_standalone(Screen(UNBOUND_SCREEN, "notice", t(S.UNBOUND_TITLE), body=words,
                                                   status="failed", nav=[Item("repeat", t(S.REPEAT), t(S.REPEAT))]),
                                            words)
        self._retry = Clock.schedule_once(lambda _dt: self._connect(), UNBOUND_RETRY_S)

    def run_intent(self, client: CenterClient, intent: Any) -> Any:
        answer = super().run_intent(client, intent)
        if intent.op == "create_request" and answer.ok and isinstance(answer.data, dict):
            session = self.host.session if self.host is not None else None
            self.prerender(answer.data, session.elder if session is not None else None)
        return answer

    def _start_flow(self, client: CenterClient, me: dict[str, Any], printer_here: bool = True) -> None:
        if self.host is not None:
            return
        self.station = (me.get("device") or {}).get("station") or ""
        place = device_place(me)
        abilities = abilities_for("kiosk")
        if not printer_here:  # no printer here (none set, or no queue answers): 发给家人 instead
            abilities = dataclasses.replace(abilities, prints=False)
        engine = FlowEngine(self.spec, "kiosk", self.settings.locale, abilities, self.strings, place=place)
        self._slips().warm_up()   # the first person's slip is ready as soon as they confirm
        self.controller.attach(self.start_session(client, engine, self.controller.on_step, None, [],
                                                  self.look.paging()))

    def serve(self, elder: dict[str, Any] | None) -> None:
        """Someone was identified (their text size, theme and voice), or nobody is served any
        more (the kiosk's own, the volume back to the kiosk's: ADA §707.5)."""
        prefs = own_preferences(elder)  # hers; the kiosk's own settings for the rest (and after her)
        session = self.host.session if self.host is not None else None
        # A look chosen at the welcome before she said who she is (看得清听得清) stays the session's.
        self.look_chosen({**prefs, **(session.look if session is not None else {})})

    def _defaults(self) -> dict[str, Any]:
        speech = self.host_config.speech
        # The pace too: a rate the last person chose is not the next one's (None kept the last).
        return {"theme": self.settings.theme, "font_scale": self.settings.font_scale, "locale": self.settings.locale,
                "speech_rate": speech.speech_rate if speech else "normal", "volume": speech.volume if speech else None}

    def look_chosen(self, preferences: dict[str, Any]) -> None:
        """Her look and voice over the kiosk's own — the volume too, reset after each person
        (ADA §707.5): what she did not choose is the kiosk's, never the last person's."""
        self.apply_preferences({**self._defaults(), **preferences})

    def device_look(self) -> dict[str, Any]:
        from accessibility.speech import resolve_volume

        volume = self.host_config.speech.volume if self.host_config.speech else None
        return {**super().device_look(), "volume": int(round(resolve_volume(volume) * 100))}

    # -- paper ------------------------------------------------------------------------------------
    def device_ops(self) -> dict[str, Any]:
        return {"print_slip": self._print_slip, "identify_by_slip": self._identify_by_slip}

    def _identify_by_slip(self, client: CenterClient, args: dict[str, Any]) -> dict[str, Any]:
        """Worker thread: the scanned QR's signature is checked here (a forged or edited slip
        is refused before any lookup: ``SlipReferenceError`` says why), then the centre is
        asked for the request's elder with the phone tail."""
        from accessibility.slips import SlipConfig
        from accessibility.slips.reference import open_reference

        reference = open_reference(args["reference"], SlipConfig.from_env().secret)
        return client.identify_by_request(reference.record_id, args["phone_tail"])

    def _slips(self) -> Any:
        if self.slips is None:
            from accessibility.slips import SlipCache

            self.slips = SlipCache(layouts=(self.settings.slip_layout,))
        return self.slips

    def _print_slip(self, client: CenterClient, args: dict[str, Any]) -> dict[str, Any]:
        """Worker thread: the request's slip (pre-rendered when it was confirmed) to the printer;
        what the printer said, in words for the screen and the voice."""
        from accessibility.slips import SlipPrinter

        request = client.get_request(args["request_id"]).as_dict()
        elder = client.elder(request["elder_id"]).as_dict()
        slip = self._slips().get(request, elder, self.settings.slip_layout, self.settings.locale)
        outcome = SlipPrinter(self.settings.printer).print(slip)
        log.info("slip %s: %s (%s)", request["id"], outcome.code, outcome.printer)
        return {"ok": outcome.ok, "code": outcome.code, "message": self.strings.t(outcome.message)}

    def prerender(self, request: dict[str, Any], elder: dict[str, Any] | None) -> None:
        """A request was confirmed here: its slip is made now, so 打印凭条 is instant."""
        from accessibility.slips import SlipCache

        if SlipCache.wants(request):
            self._slips().observe(request, elder, locale=self.settings.locale)

    def make_speech(self):
        """Sentences made on the fly (a name, a booking) are kept in a private folder that is
        emptied after each person; the prebuilt prompts are shared and hold nobody's data."""
        from shared_ui.kivy_kit.speech import speaker_sink

        self.private_dir = Path(tempfile.mkdtemp(prefix="onekey-kiosk-", dir=_private_tmp()))
        return speaker_sink(self.settings.locale, private_dir=self.private_dir / "speech")

    def wipe(self) -> None:
        """The engine wiped the session (idle, or 退出; the engine ends the grant): nothing of
        the person stays — not their look or volume, their sentences and audio, their slips,
        nor a delivered entry of the outbox."""
        self.wipes += 1
        self.serve(None)
        self.speech.forget()
        PEOPLE.forget()  # the names its lines kept whole (hers, her contacts'): told again by the next answers
        if self.slips is not None:
            self.slips.forget_all()
        if self.alarms is not None:
            self.alarms.outbox.prune(keep_days=0)
