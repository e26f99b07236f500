"""What each remote action does, given what is on screen.

Routing only: the flow engine decides what comes next (pop-ups included: it owns their queue),
the shell moves the focus ring, the sink speaks. SOS always goes straight to the engine,
whatever is open. OK and the digit keys are ignored for a moment after a new screen or pop-up
appears (or one closes), so a press meant for the last screen (a double press from a shaking
hand) never confirms a booking on the next one.
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Callable

from shared_ui.flow.screens import Screen, Step
from shared_ui.kivy_kit.controller import ChannelController
from shared_ui.kivy_kit.speech import SpeechSink
from shared_ui.strings import Strings

from . import strings as S
from .views.base import NAV_PREFIX, FocusTile
from .views.parts import FACTS_PAGE

if TYPE_CHECKING:

    from .shell import Shell

log = logging.getLogger(__name__)
SOS_TILE = "emergency"
NAV_EVENTS = {"back": "back", "repeat": "repeat", "help": "help", "home": "home"}
ENGINE_GROUPS = ("items", "popup")  # tiles whose focus the engine remembers and words
VIEW_PREFIX = "view:"  # a tile of the view's own (the next page of facts)


class TvController(ChannelController):
    def __init__(self, shell: "Shell", speech: SpeechSink, strings: Strings, *, guard_s: float = 0.4,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(shell, speech, strings, guard_s=guard_s, clock=clock)
        self._ok_on: str | None = None
        self._behind_sos: tuple[Screen, str] | None = None  # the app's screen under the numbers to call

    # -- engine steps -------------------------------------------------------------------------
    def on_step(self, step: Step, cause: str) -> None:
        if cause == "focus":
            self.say(step.speech)
            return
        self.show_step(step)
        self.say(step.speech)

    def on_focus(self, tile: FocusTile, speak: bool) -> None:
        if not speak:
            return
        if tile.group in ENGINE_GROUPS and not tile.item_id.startswith(VIEW_PREFIX) \
                and self.host is not None and self.host.started:
            self.host.send("focus", tile.item_id)  # the engine remembers it and gives the sentence
        else:
            self.say(tile.speak or tile.label)

    # -- remote actions -----------------------------------------------------------------------
    def on_action(self, action: str) -> None:
        if action in ("up", "down", "left", "right"):
            tile, moved = self.shell.move(action)
            if not moved and tile is not None:
                self.say(tile.speak or tile.label)  # nothing that way: say where the ring is
            return
        if action == "long_ok":
            # The press began on the SOS tile and did not raise the alarm (ignored by the
            # screen guard, say): holding it does. If it did, the held key does nothing more.
            screen = self.shell.screen
            if self._ok_on == SOS_TILE and (screen is None or screen.kind != "alarm" or screen.status == "arming"):
                self._sos()  # held: deliberate — no window
            return
        if action == "ok":
            self._ok_on = self.shell.focused.item_id if self.shell.focused else None
        if action == "sos":
            self._sos()
            return
        if self.guarded() and (action == "ok" or action.startswith("digit:")):
            log.info("ignored %s %.2fs after a new screen", action, self.clock() - self._shown_at)
            return
        if self.host is None or not self.host.started:
            self._standalone_action(action)
        else:
            self._flow_action(action)

    def _send(self, kind: str, value: Any = None) -> None:
        if self.host is not None and self.host.started:
            self.host.send(kind, value)

    def _sos(self) -> None:
        if self.host is None or not self.host.started:
            # Not bound yet, or no elder to raise an alarm for: the phone numbers, shown and said.
            if self._behind_sos is None and self.shell.screen is not None:
                self._behind_sos = (self.shell.screen, self.standalone_speech)
            words = self.strings.t(S.UNBOUND_SOS)
            numbers = Screen("boot:sos", "notice", self.strings.t(S.UNBOUND_SOS_TITLE), body=words,
                             status="failed")
            self.show_standalone(numbers, words)
            return
        self.host.send("sos")

    def _flow_action(self, action: str) -> None:
        if action == "ok":
            item_id = self._ok_on or ""
            if item_id.startswith(NAV_PREFIX):
                self._send(NAV_EVENTS.get(item_id[len(NAV_PREFIX):], "repeat"))
            elif item_id.startswith(VIEW_PREFIX):
                view = self.shell.view
                self.say(view.act(item_id) or "")
                if item_id == FACTS_PAGE and self.shell.screen is not None and view.seen_every_page:
                    self.shell.focus(self.shell.screen.focus, speak=False)  # all seen: now 确认, 回到首页
            elif item_id:
                self._send("select", item_id)
            else:
                self._send("confirm")
        elif action.startswith("digit:"):
            self._send("digit", int(action.split(":")[1]))
        elif action in NAV_EVENTS:
            self._send(NAV_EVENTS[action])

    def _standalone_action(self, action: str) -> None:
        if self._behind_sos is not None and action != "repeat":
            screen, speech = self._behind_sos  # any key: back to the pairing code
            self._behind_sos = None
            self.show_standalone(screen, speech)
            return
        if action in ("ok", "repeat", "help", "back", "home"):
            self.say(self.standalone_speech)
