"""From power-on to home: the stored token or a pairing code, the household's elder, the flow.

A box that was bound before starts from the elder it keeps in its per-box file, so home (and
the SOS key) works at once even when the centre is not answering; the profile is refreshed
in the background. A token the centre no longer knows (box unbound) starts pairing again.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Any, Callable

from kivy.clock import Clock

from shared_ui.client import CenterClient, CenterError
from shared_ui.flow.screens import Item, Screen
from shared_ui.kivy_kit.background import Background
from shared_ui.kivy_kit.settings_file import SettingsFile

from . import strings as S
from .config import DEFAULT_CENTER, TvSettings
from .controller import TvController
from .pairing import Pairing

log = logging.getLogger(__name__)
RETRY_S = 5.0


def token_digest(token: str) -> str:
    """What the settings file keeps of a refused ``--token``: enough to know it again."""
    return hashlib.sha256(token.encode()).hexdigest()


class Boot:
    def __init__(self, settings: TvSettings, store: SettingsFile, background: Background,
                 controller: TvController, make_client: Callable[[str, str | None], CenterClient],
                 start_flow: Callable[[CenterClient, dict[str, Any], list[dict[str, Any]]], None],
                 refresh_elder: Callable[[dict[str, Any], list[dict[str, Any]]], None],
                 on_unbound: Callable[[], None] = lambda: None):
        self.settings = settings
        self.store = store
        self.background = background
        self.controller = controller
        self.make_client = make_client
        self.start_flow = start_flow
        self.refresh_elder = refresh_elder
        self.on_unbound = on_unbound  # the app: end the session, then :meth:`unbound`
        self.strings = controller.strings
        self.pairing: Pairing | None = None
        self.url = DEFAULT_CENTER
        self.started = False
        self.was_unbound = False  # the next code shown says first that the box was unbound

    def run(self) -> None:
        data = self.store.load()
        self.url = self.settings.center_url or data.get("center_url") or DEFAULT_CENTER
        token = self.settings.token or data.get("device_token")
        if token and token == self.settings.token and data.get("refused_token") == token_digest(token):
            token = data.get("device_token")  # paired since the centre refused the fixed one
        if token:
            self._connect(token, data.get("elder"), data.get("household") or [])
        else:
            self._pair()

    # -- pairing ------------------------------------------------------------------------------
    def _screen(self, title: str, body: str, kind: str = "busy", notes: list[str] | None = None) -> Screen:
        repeat = Item("repeat", self.strings.t(S.REPEAT), self.strings.t(S.REPEAT))
        return Screen(f"boot:{kind}", kind, title, body=body, notes=notes or [], nav=[repeat])

    def _pair(self) -> None:
        t = self.strings.t
        self.controller.show_standalone(self._screen(t(S.PAIRING_TITLE), t(S.CONNECTING_BODY)),
                                        t(S.CONNECTING_BODY))
        self.pairing = Pairing(self.make_client(self.url, None), self.background, self.settings.box_name,
                               self.settings.poll_pairing_s, on_code=self._show_code,
                               on_paired=self._paired, on_offline=self._pairing_offline)
        self.pairing.start()

    def _show_code(self, code: str, renewed: bool) -> None:
        t = self.strings.t
        notes = [t(S.PAIRING_BODY), t(S.PAIRING_WAITING)]
        before = t(S.PAIRING_EXPIRED) if renewed else t(S.PAIRING_UNBOUND) if self.was_unbound else ""
        if self.was_unbound:
            notes.insert(0, t(S.PAIRING_UNBOUND))
        self.was_unbound = False
        speech = before + t(S.PAIRING_SPEAK, digits=self.strings.digit_by_digit(code))
        self.controller.show_standalone(self._screen(t(S.PAIRING_TITLE), code, "pairing", notes), speech)

    def _pairing_offline(self) -> None:
        t = self.strings.t
        self.controller.show_standalone(self._screen(t(S.OFFLINE_TITLE), t(S.PAIRING_OFFLINE), "notice"),
                                        t(S.PAIRING_OFFLINE))

    def _paired(self, status: dict[str, Any]) -> None:
        device = status.get("device") or {}
        token = status["device_token"]
        self.store.save(center_url=self.url, device_token=token, device_id=device.get("id"),
                        household_id=device.get("household_id"))
        self.controller.say(self.strings.t(S.PAIRING_DONE))
        self._connect(token, None, [])

    # -- the elder ----------------------------------------------------------------------------
    def _connect(self, token: str, cached: dict[str, Any] | None,
                 household: list[dict[str, Any]]) -> None:
        client = self.make_client(self.url, token)
        if cached and not self.started:
            self.started = True
            self.start_flow(client, cached, household)
        elif not self.started:
            t = self.strings.t
            self.controller.show_standalone(self._screen(t(S.CONNECTING_TITLE), t(S.CONNECTING_BODY)),
                                            t(S.CONNECTING_BODY))
        self.background.submit(self._household, client, then=lambda found: self._have_elder(client, *found),
                               failed=lambda exc: self._connect_failed(token, cached, household, exc))

    @staticmethod
    def _household(client: CenterClient) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The household's elders, each with their own profile. The box acts for the first
        (the one the agent bound it to: alarms, lists, pushes); services ask "为谁办理" when
        there are two (shared_ui.flow's WhoFrame), so each gets their own defaults."""
        household = [e.as_dict() for e in client.household()]
        if not household:
            raise CenterError("no_elder", "这台电视还没有绑定老人。", 404)
        return household[0], household

    def _have_elder(self, client: CenterClient, elder: dict[str, Any],
                    household: list[dict[str, Any]]) -> None:
        self.store.save(elder=elder, household=household)
        if self.started:
            self.refresh_elder(elder, household)
        else:
            self.started = True
            self.start_flow(client, elder, household)

    def unbound(self) -> None:
        """The centre no longer knows this box (an agent unbound it, the box was sold or moved):
        it forgets its token and household and shows a new pairing code, as a new box would.
        The app has ended the session already (the kit's ``ChannelApp.end_session``)."""
        if self.pairing is not None and not self.pairing.done:
            return  # showing a code already
        log.warning("the centre no longer knows this box's token; pairing again")
        self.store.save(device_token=None, device_id=None, household_id=None, elder=None, household=None)
        self.started = False
        self.was_unbound = True
        self._pair()

    def _connect_failed(self, token: str, cached: dict[str, Any] | None,
                        household: list[dict[str, Any]], exc: BaseException) -> None:
        if isinstance(exc, CenterError) and exc.status == 401:
            # Refused, fixed or stored: retrying would say "offline" for ever; pair again. A
            # refused --token is remembered (its digest), so the token paired next wins at the
            # next start although the command line still names the old one.
            if token == self.settings.token:
                self.store.save(refused_token=token_digest(token))
            if self.started:  # home drawn from the stored household: the session ends first
                self.on_unbound()
            else:
                self.unbound()
            return
        if not self.started:
            t = self.strings.t
            self.controller.show_standalone(self._screen(t(S.OFFLINE_TITLE), t(S.OFFLINE_BODY), "notice"),
                                            t(S.OFFLINE_BODY))
        Clock.schedule_once(lambda _dt: self._connect(token, cached, household), RETRY_S)
