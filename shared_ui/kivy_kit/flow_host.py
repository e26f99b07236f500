"""The flow engine inside a Kivy app: the engine on the UI thread, its intents on workers.

Every user event goes through :meth:`FlowHost.send` (checked by the engine: a user may not
send an answer); every intent the engine asks for runs in the background (through the durable
runner, so an alarm is kept on the device until the centre has it) and its answer comes back
on the UI thread through ``engine.resolve``. What the centre pushes comes in through
:meth:`offer` and :meth:`alarm_update`. Each resulting step goes to ``on_step`` — the app
draws its screen and says its sentence.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from shared_ui.client import CenterClient
from shared_ui.flow import Answer, Event, FlowEngine, Intent, Paging, Session, Step
from shared_ui.flow.runner import IntentRunner

from .background import Background, kivy_schedule


class FlowHost:
    def __init__(self, engine: FlowEngine, client: CenterClient, run_intent: IntentRunner,
                 background: Background, on_step: Callable[[Step, str], None],
                 schedule: Callable[[Callable[[], None], float], Callable[[], None]] | None = None,
                 on_look: Callable[[dict[str, Any]], None] | None = None):
        """``schedule(callback, delay)`` runs the screen's timer (``Screen.idle_after_s``: the
        SOS tile's window, a kiosk's idle warning) and returns its cancel; Kivy's clock by default.
        ``on_look(preferences)``: a step changed the look and voice (看得清听得清): the app applies
        them before the step is drawn and said."""
        self.engine = engine
        self.schedule = schedule or kivy_schedule
        self._timer: Callable[[], None] | None = None
        self._timed_step: Step | None = None   # the step whose timer runs (still_here starts it again)
        self.client = client
        self.run_intent = run_intent
        self.background = background
        self.on_step = on_step
        self.session: Session | None = None
        self.step: Step | None = None
        self.pending = 0  # intents sent and not yet answered
        self.closed = False
        self.on_look = on_look
        self._looking = False  # the app applies a step's look: its relayout waits for the step

    def start(self, elder: dict[str, Any] | None, paging: dict[str, Paging] | None = None,
              household: list[dict[str, Any]] | None = None) -> Step:
        self.session, step = self.engine.start(elder, paging=paging, household=household)
        self._apply(step, "start")
        return step

    def relayout(self, paging: dict[str, Paging]) -> None:
        """The room on screen changed (the user's text size): show the current screen again
        with as many choices as now fit, saying nothing new."""
        if self.session is not None and self.session.paging != paging:
            self.session.paging = dict(paging)
            if not self._looking:
                self._apply(self.engine.current(self.session), "relayout")

    def reword(self, locale: str) -> None:
        """The language changed (her preference): the current screen again in ``locale``,
        saying nothing new. The engine is stateless but for its words: its strings (shared
        with the views) and its session follow."""
        self.engine.locale = locale
        self.engine.strings.locale = locale
        if self.session is not None:
            self.session.locale = locale
            if not self._looking:
                self._apply(self.engine.current(self.session), "relayout")

    @property
    def started(self) -> bool:
        return self.session is not None

    @property
    def idle(self) -> bool:
        return self.pending == 0

    def send(self, kind: str, value: Any = None) -> Step | None:
        """A user event (EventRefused for anything a user may not send)."""
        if self.session is None:
            return None
        step = self.engine.handle(self.session, Event(kind, value))
        self._apply(step, kind)
        return step

    def sign_out(self) -> None:
        """The person is done (a kiosk's 办完了): wiped now, not after the idle minute."""
        if self.session is not None:
            self._apply(self.engine.sign_out(self.session), "sign_out")

    def offer(self, message: dict[str, Any] | list[dict[str, Any]]) -> None:
        """Messages or a check-in prompt the centre pushed (the engine decides when they pop up)."""
        if self.session is not None:
            self._apply(self.engine.offer(self.session, message), "offer")

    def alarm_update(self, alarm: dict[str, Any], message: str | None = None) -> None:
        if self.session is not None:
            self._apply(self.engine.alarm_update(self.session, alarm, message), "alarm_update")

    def update_people(self, elder: dict[str, Any], household: list[dict[str, Any]]) -> None:
        """Fresh profiles from the centre (preferences, favourites) for the running session."""
        if self.session is not None and self.session.elder is not None:
            self.session.elder = elder
            self.session.household = household

    def resume_alarm(self, alarm: dict[str, Any], queued: bool = False) -> None:
        """An alarm still open at start-up (the centre's, or one waiting in the outbox)."""
        if self.session is not None:
            self._apply(self.engine.resume_alarm(self.session, alarm, queued), "resume_alarm")

    def close(self) -> None:
        """The app is stopping: no timer fires and no late answer draws anything after it
        (a kiosk's idle warning would otherwise open on whatever app runs next)."""
        self.closed = True
        if self._timer is not None:
            self._timer()
            self._timer = None

    def _apply(self, step: Step, cause: str) -> None:
        if self.closed:
            return
        # A kiosk's grant follows the session: calls made beside the engine (the event stream,
        # pushes, an open alarm's refresh) act for the identified elder, and for nobody after
        # the wipe (docs/central-api.md §Kiosk grants).
        if self.client is not None:
            self.client.grant = ((self.session.grant if self.session is not None else None) or {}).get("token")
        if step.look is not None and self.on_look is not None and self.session is not None:
            # Her new size, colours and voice first: the screen is built again at the new size
            # (as many choices as now fit), then drawn and its sentence said in the new voice.
            self._looking = True
            try:
                self.on_look(step.look)
            finally:
                self._looking = False
            step = replace(step, screen=self.engine.current(self.session).screen)
        self.step = step
        self._time(step)
        self.on_step(step, cause)
        for intent in step.intents:
            self.pending += 1
            self.background.submit(self.run_intent, self.client, intent,
                                   then=self._answered, failed=lambda exc, i=intent: self._crashed(i, exc))

    def still_here(self) -> None:
        """A touch the view answered itself (a kiosk's keypad key, until 确定): the person is
        there, so the screen's idle timer starts again — 18 digits typed slowly met the idle
        warning half-way, counted from when the keypad was shown."""
        step = self._timed_step
        if not self.closed and self._timer is not None and step is not None and step.screen.idle_after_s:
            self._time(step)

    def _time(self, step: Step) -> None:
        """The host's part of the engine's timeouts: one timer, the latest screen's."""
        if self._timer is not None:
            self._timer()
            self._timer = None
        self._timed_step = step
        delay = step.screen.idle_after_s
        if delay:
            self._timer = self.schedule(self._timed_out, delay)
        elif step.screen.refresh_after_s:
            self._timer = self.schedule(self._refresh, step.screen.refresh_after_s)

    def _timed_out(self) -> None:
        self._timer = None
        if not self.closed:
            self.send("timeout")

    def _refresh(self) -> None:
        self._timer = None
        if not self.closed and self.idle:
            self.send("refresh")

    def _answered(self, answer: Answer) -> None:
        self.pending -= 1
        if self.session is not None:
            self._apply(self.engine.resolve(self.session, answer), "answer")

    def _crashed(self, intent: Intent, exc: BaseException) -> None:
        """A runner bug, not a centre answer: still an error the user can hear, never a hang."""
        error = {"code": "internal", "message": self.engine.s("error.network"), "status": 0}
        self._answered(Answer(intent.id, False, error=error))
