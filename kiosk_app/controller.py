"""What each touch does, given what is on screen (routing only: the flow engine decides).

A tap on a tile selects it; the nav row sends Home, Back, 重听 and 找人工; a key of the keypad
edits the typed value until 确定 sends it; the SOS tile answers a tap with how to hold it and a
full hold with the alarm. Taps in the first moments after a new screen or pop-up are dropped
(a double touch meant for the last screen). Keys from a keyboard are sorted into a scanner's
burst (a slip's QR, an ID card) and a person's typing (:mod:`.scanner`).
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Callable

from shared_ui.flow.screens import Step
from shared_ui.kivy_kit.controller import ChannelController
from shared_ui.kivy_kit.speech import SpeechSink
from shared_ui.strings import Strings

from . import strings as S
from .views.base import NAV_PREFIX, VIEW_PREFIX, KioskHoldTile, KioskTile

if TYPE_CHECKING:

    from .shell import KioskShell

log = logging.getLogger(__name__)


class KioskController(ChannelController):
    def __init__(self, shell: "KioskShell", speech: SpeechSink, strings: Strings, *, guard_s: float,
                 hold_s: float, on_wipe: Callable[[], None],
                 on_person: Callable[[dict[str, Any] | None], None] = lambda elder: None,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(shell, speech, strings, guard_s=guard_s, clock=clock)
        self.hold_s = hold_s
        self.on_wipe = on_wipe
        self.on_person = on_person
        self._person: str | None = None
        self.taps = 0   # taps taken (benchmarks count them)

    # -- engine steps -------------------------------------------------------------------------
    def on_step(self, step: Step, cause: str) -> None:
        if cause == "focus":
            return
        self.show_step(step)
        if step.wipe:
            self.on_wipe()
        elder = self.host.session.elder if self.host is not None and self.host.session is not None else None
        if (elder or {}).get("id") != self._person:
            self._person = (elder or {}).get("id")
            self.on_person(elder)   # their own text size, theme and voice; the kiosk's after them
        super().say(step.speech)   # the screen reading itself out: it shows what it says

    def say(self, text: str) -> None:
        """Said — and, where the screen does not show it, shown over the title while it is
        said (kiosk_app/caption.py): everything else the kiosk says comes through here."""
        super().say(text)
        self.shell.caption_unless_shown(text)

    # -- touches --------------------------------------------------------------------------------
    def on_tap(self, tile: KioskTile) -> None:
        if self.guarded():
            log.info("ignored a tap on %s %.2fs after a new screen", tile.item_id, self.clock() - self._shown_at)
            return
        self.taps += 1
        item_id = tile.item_id
        if not tile.enabled:
            return
        if self.host is None or not self.host.started:
            self.say(self.standalone_speech)
            return
        if isinstance(tile, KioskHoldTile):
            # A tap (the shell's: lifted within ``sos_tap_s``) is not a call for help: how to hold.
            self.say(self.strings.t(S.SOS_HOLD))
            self.shell.hint(tile, self.strings.t(S.HOLD_SHOWN))   # and seen, on the tile itself
        elif item_id.startswith(NAV_PREFIX):
            self.host.send(item_id[len(NAV_PREFIX):])
        elif item_id.startswith(VIEW_PREFIX):
            layer = self.shell.layer
            outcome = layer.act(item_id) if layer is not None else None
            if not isinstance(outcome, tuple):
                self.host.still_here()   # a key typed: she is there, the idle timer starts again
            if outcome == ("sign_out", None):
                self.host.sign_out()
            elif isinstance(outcome, tuple):
                self.host.send(*outcome)
            elif outcome:
                self.say(outcome)
        else:
            self.host.send("select", item_id)

    def on_hold(self, tile: KioskTile) -> None:
        """The SOS tile held to the end: the alarm, at once (through the outbox)."""
        self.taps += 1
        if self.host is not None and self.host.started:
            self.host.send("sos")
        else:
            self.say(self.standalone_speech)  # no session to raise it in: the numbers to call

    def on_hold_short(self, tile: KioskTile, lifted: bool) -> None:
        """A hold that ended before its bar filled: ``lifted``, her finger let go too soon (no
        help was called: said so); else a second finger, a palm or a slide off spoiled it —
        she let nothing go, and is told how to hold, as after a tap."""
        self.say(self.strings.t(S.SOS_LET_GO if lifted else S.SOS_HOLD))
        self.shell.hint(tile, self.strings.t(S.HOLD_SHOWN))

    def on_typed(self, text: str) -> None:
        """A person typing on a keyboard (a volunteer, the admin): into what is shown, if it
        takes text; Enter is 确定."""
        layer = self.shell.layer
        outcome = layer.typed(text) if hasattr(layer, "typed") else None
        if isinstance(outcome, tuple) and self.host is not None and self.host.started:
            self.host.send(*outcome)
        elif isinstance(outcome, str) and outcome:
            self.say(outcome)
        if not isinstance(outcome, tuple) and self.host is not None and self.host.started:
            self.host.still_here()   # keys typed: she is there

    def on_card(self, number: str) -> None:
        """An ID card read: its number goes into identification (the phone tail is still asked)."""
        if self._identifying():
            if self.shell.screen.id == "identify:recheck":  # a card answers 重新输入身份证号 itself
                self.host.send("select", "retype_id")
            elif self.shell.screen.id != "identify:id_number":
                self.host.send("select", "id_number")
            self.host.send("input", number)

    def on_slip(self, reference: str) -> None:
        """The QR of an earlier slip, scanned."""
        if self._identifying():
            if self.shell.screen.id != "identify:slip":
                self.host.send("select", "slip")
            self.host.send("input", reference.strip())

    def _identifying(self) -> bool:
        screen = self.shell.screen
        if self.host is None or not self.host.started or screen is None:
            return False
        if not screen.id.startswith("identify") or screen.popup is not None:
            log.info("a card or a slip scanned outside identification was ignored")
            return False
        return True
