"""The flow engine: spec + session + input → next screen, words to say, API intents.

Plain Python: no Kivy, no Flask, no I/O. Its public contract, the same for every channel:

- :meth:`FlowEngine.start` — a new session and its first screen;
- :meth:`FlowEngine.handle` — a user's event (:data:`~.events.USER_EVENTS` only; anything
  else raises :class:`~.events.EventRefused` and changes nothing);
- :meth:`FlowEngine.resolve` — the answer to an intent it issued, from the host that ran it;
- :meth:`FlowEngine.offer` / :meth:`FlowEngine.alarm_update` — what the centre pushed;
- :meth:`FlowEngine.current` — the screen as it stands (after a relayout).

Each returns a :class:`~.screens.Step`. Hosts run its intents through
:mod:`shared_ui.flow.runner` and feed the answers back; which code handles what is in
:mod:`shared_ui.flow.table`. That is what makes TV, kiosk and mini-program behave the same
and lets every service be tested without a window.
"""
from __future__ import annotations

from typing import Any

from personal_data.status_words import status_word
from personal_data.masking import scrub

from ..confirmation import record_status
from ..i18n import N_, translate
from ..punctuation import Marks, marks
from ..spec.models import Service, Spec
from ..strings import Strings
from . import acting, table
from .abilities import Abilities, Paging
from .build import Outcome, Reply
from .events import Answer, Event, EventRefused, user_event
from .frames import ChooseElderFrame, ErrorFrame, FormFrame, Frame, IdentifyFrame, ListFrame, MenuFrame, \
    Pending, ResultFrame, WhoFrame
from .kinds import alarm as alarm_kind
from .kinds import form as form_kind
from .kinds import menu as menu_kind
from .kinds import popup as popup_kind
from .kinds import records
from .screens import Intent, Screen, Step, once_each
from .session import Session

SERVICE_NAMES = {"help": N_("找人工")}


def device_place(me: dict[str, Any]) -> dict[str, str] | None:
    """Where the device answering ``GET /v1/me`` stands — a kiosk's station, the first place
    a trip is offered from — or None for a device that moves with nobody (a TV at home)."""
    device = me.get("device") or {}
    if not device.get("station_address"):
        return None
    return {"label": device.get("station") or "", "address": device["station_address"]}


class FlowEngine:
    def __init__(self, spec: Spec, channel: str, locale: str = "zh_CN", abilities: Abilities | None = None,
                 strings: Strings | None = None, place: dict[str, Any] | None = None,
                 device_look: dict[str, Any] | None = None):
        """``place``: where the device stands, ``{label, address}`` (a kiosk's station): the
        first place offered to set off from; None for devices that move with nobody.
        ``device_look``: the device's own settings (font_scale, theme, volume, speech_rate) —
        what it shows for a preference nobody chose (看得清听得清 says it as the one in use)."""
        self.spec = spec
        self.channel = channel
        self.locale = locale
        self.abilities = abilities or Abilities()
        self.strings = strings or Strings(locale, spec.contact.model_dump())
        self.place = place
        self.device_look = dict(device_look or {})

    # -- words ----------------------------------------------------------------------------------
    def t(self, text: str, **kw: Any) -> str:
        return self.strings.t(text, **kw)

    def s(self, key: str, **kw: Any) -> str:
        return self.strings.t(self.spec.text(key, self.channel), **kw)

    def from_centre(self, text: str | None) -> str:
        """A sentence the centre wrote, in this engine's language where the catalogs have it
        (its fixed sentences — an alarm's progress, the check-in — are marked for them); one
        with her details in it stays as the centre wrote it."""
        return translate(text, self.strings.locale) if text else ""

    def message_text(self, text: str | None) -> str:
        """A message the centre wrote (a reminder naming who comes and the number to expect,
        a family member's note) as this screen may show and say it: on a public screen (a
        kiosk's room: ``Abilities.public_screen``) every personal number in it masked, as a
        request's numbers are there (shared_ui/confirmation.py ``contact_number``); whole on
        her own TV and her family's phone."""
        shown = self.from_centre(text)
        return scrub(shown) if shown and self.abilities.public_screen else shown

    def message_body(self, m: dict[str, Any]) -> str:
        """A centre message's body as this screen shows it: rendered from its structured words
        in this engine's language (shared_ui/message_words.py), else as the centre wrote it;
        numbers masked on a public screen as :meth:`message_text` does."""
        from ..message_words import render

        rendered = render(m.get("words"), self.strings.locale)
        if rendered is None:
            return self.message_text(m.get("body"))
        return scrub(rendered) if self.abilities.public_screen else rendered

    def message_title(self, m: dict[str, Any]) -> str:
        """A centre message's title as this screen shows it: a title the centre composed (叫车已取消)
        rendered from its ``title_words`` in this engine's language, else the title translated
        where the catalogs have it (看病提醒), else as the centre wrote it."""
        from ..message_words import render

        rendered = render(m.get("title_words"), self.strings.locale)
        if rendered is None:
            return self.message_text(m.get("title"))
        return scrub(rendered) if self.abilities.public_screen else rendered

    def message_speech(self, m: dict[str, Any]) -> str:
        """What a message says: the centre's speech (its title and body, word for word) on a
        Chinese screen; on another, the title and body as this screen shows them."""
        from ..message_words import render

        # Words rendered in this language (even when all of them are as written: an agent's own
        # notice): title and body joined with this language's marks, not the centre's 。
        if render(m.get("words"), self.strings.locale) is not None or \
                render(m.get("title_words"), self.strings.locale) is not None:
            return self.marks.sentences(self.message_title(m), self.message_body(m))
        return self.message_text(m.get("speech")) or self.marks.sentences(self.message_text(m.get("title")),
                                                                          self.message_text(m.get("body")))

    def answer_speech(self, data: Any) -> str:
        """What the centre said back to an answer (同意, 想办理, 满意 …) as this screen says it:
        rendered from its ``speech_words`` in this engine's language, else its ``speech``
        (translated where the catalogs have it)."""
        from ..message_words import render

        if not isinstance(data, dict):
            return ""
        return render(data.get("speech_words"), self.strings.locale) or self.from_centre(data.get("speech")) or ""

    @property
    def marks(self) -> Marks:
        """The marks joining parts of a line in this engine's language (：，。 or : , .)."""
        return marks(self.strings.locale)

    def w(self, text: Any) -> str:
        """A spec wording (one sentence, or one a channel), on this channel, translated."""
        from ..spec.models import worded

        return self.t(worded(text, self.channel))

    # -- entry points ---------------------------------------------------------------------------
    def start(self, elder: dict[str, Any] | None = None, locale: str | None = None,
              paging: dict[str, Paging] | None = None,
              household: list[dict[str, Any]] | None = None) -> tuple[Session, Step]:
        """A new session. ``elder``: whom a bound device acts for (None on a kiosk, which
        identifies its users, and for a family choosing among ``household``); ``household``:
        everyone a shared device serves, or the elders bound to a family account; ``paging``:
        how many choices fit a screen of the channel as drawn now."""
        session = Session(self.channel, locale or self.locale, elder, paging=dict(paging or {}),
                          household=list(household or []))
        self._first_screen(session)
        return session, self._finish(session, [])

    def handle(self, session: Session, event: Event) -> Step:
        """A user's event; :class:`EventRefused` for anything a user may not send."""
        return self._finish(session, self.dispatch(session, user_event(event)))

    def resolve(self, session: Session, answer: Answer) -> Step:
        """The answer to an intent this engine issued and still waits for (once); an answer
        for a screen already left, or for no intent of ours, changes nothing."""
        owner, pending = self._pending(session, answer.intent)
        if pending is None:
            return Step(self.screen(session)[0], "")
        if owner is None:
            del session.detached[answer.intent]
        else:
            del owner.pending[answer.intent]
            if not owner.pending:
                owner.busy_speech = None
        base = pending.purpose.split(":")[0]
        handler = table.ANSWERS[base]
        outcome = handler(self, session, owner, answer, pending.purpose) if base == "load" \
            else handler(self, session, owner, answer)
        return self._finish(session, outcome)

    def offer(self, session: Session, message: dict[str, Any] | list[dict[str, Any]]) -> Step:
        """Messages or a check-in prompt the centre pushed: they pop up when the policy allows
        (see :mod:`.kinds.popup`). Offer what arrived together in one call: several waiting are
        then one summary, not a first pop-up with the rest behind it."""
        intents = [i for m in (message if isinstance(message, list) else [message])
                   for i in popup_kind.offer(self, session, m)]
        return self._finish(session, Reply(intents, speech=""))

    def alarm_update(self, session: Session, alarm: dict[str, Any], message: str | None = None) -> Step:
        """A pushed alarm status (event stream) for the emergency screen."""
        if not alarm_kind.update(self, session, alarm, message):
            return self.current(session)
        return self._finish(session, [])

    def resume_alarm(self, session: Session, alarm: dict[str, Any], queued: bool = False) -> Step:
        """An alarm still open when the device starts — the centre's, or one kept in the
        device's outbox (``queued``): the emergency screen comes first."""
        alarm_kind.resume(self, session, alarm, queued)
        return self._finish(session, [])

    def sign_out(self, session: Session) -> Step:
        """The person is done (a kiosk's 结束 button, the terminal's quit): the session is
        wiped as by the idle timeout, and the centre is told to end the grant."""
        from .kinds import idle

        return self._finish(session, idle.wipe(self, session, reason="sign_out"))

    def current(self, session: Session) -> Step:
        """The screen as it stands, saying nothing new."""
        return Step(self.screen(session)[0], "")

    # -- the machinery ----------------------------------------------------------------------------
    def dispatch(self, session: Session, event: Event) -> Outcome:
        """Send a checked event to the handler the table names for the frame that has focus."""
        frame = session.popup or session.top
        if event.kind == "select":
            screen = self.screen(session)[0].top
            # A press waits for the answer to the last one; on the alarm, 我没事 never waits.
            if screen.item(event.value) is None or (frame.pending and frame.kind != "alarm"):
                return Reply(speech="")
            self.remember_focus(session, frame, event.value)
        return table.event_handler(frame.kind, event.kind)(self, session, frame, event)

    def screen(self, session: Session) -> tuple[Screen, str]:
        """The top frame as a screen (with the open pop-up) and the sentence that goes with it."""
        screen, speech = table.BUILD[session.top.kind](self, session, session.top)
        if not acting.may(session.elder, acting.BOOK):  # 找人工 asks the centre for a call-back: a booking
            screen.nav = [i for i in screen.nav if i.id != "help"]
        screen = once_each(screen, self.abilities.fixed_row)  # each way out once (the kiosk's row)
        if session.popup is not None:
            screen.popup = popup_kind.build(self, session, session.popup)
        screen.idle_after_s = self._idle_after(session, screen)
        return screen, speech

    def _finish(self, session: Session, outcome: Outcome) -> Step:
        reply = outcome if isinstance(outcome, Reply) else Reply(list(outcome or []))
        popup_kind.clear_for_alarm(self, session)
        opened = popup_kind.may_open(self, session)
        if opened:
            popup_kind.open_next(self, session)
        menu_kind.forget_sos_focus(self, session)
        screen, said = self.screen(session)
        if opened:
            speech = popup_kind.opening_words(self, session.popup)
        else:
            speech = said if reply.speech is None else reply.speech
        if speech:
            session.last_speech = speech
        return Step(screen, speech, reply.intents, wipe=reply.wipe, look=reply.look)

    def _idle_after(self, session: Session, screen: Screen) -> float | None:
        policy = self.abilities.idle
        if screen.idle_after_s is not None:
            return screen.idle_after_s  # the screen's own (a pause after too many misses)
        if policy is None or not self.personal(session):
            return None
        if session.popup is not None and session.popup.popup_kind == "idle":
            return policy.warn_s
        return policy.after_s - policy.warn_s

    def _pending(self, session: Session, intent_id: str) -> tuple[Frame | None, Pending | None]:
        if intent_id in session.detached:
            return None, session.detached[intent_id]
        for frame in reversed(session.stack):
            if intent_id in frame.pending:
                return frame, frame.pending[intent_id]
        return None, None

    def _first_screen(self, session: Session) -> None:
        start = self.abilities.start
        if start == "identify" and session.elder is None:
            session.stack.append(IdentifyFrame())
        elif start == "choose_elder" and session.elder is None and len(session.household) != 1:
            session.stack.append(ChooseElderFrame())
        else:
            if session.elder is None and session.household:
                session.elder = session.household[0]
            if session.elder is None:
                raise ValueError(f"a {self.channel} session starts with an elder (start: {start})")
            session.stack.append(MenuFrame(menu_id=self.spec.menus[self.channel].home))

    def reset(self, session: Session) -> None:
        """Forget the person (kiosk idle wipe): back to the first screen, nothing kept."""
        session.elder, session.grant, session.volunteer, session.popup = None, None, None, None
        for bucket in (session.stack, session.inbox, session.offered, session.told, session.household):
            bucket.clear()
        session.look.clear()  # a look chosen for the session ends with it (the host's wipe restores its own)
        session.detached.clear()
        session.last_speech = ""
        self._first_screen(session)

    def reset_first_screen(self, session: Session) -> None:
        """The first screen again for what the session still holds (a volunteer on shift)."""
        session.stack.clear()
        self._first_screen(session)

    def personal(self, session: Session) -> bool:
        """Does the session hold anything of a person (what the idle wipe is for)?"""
        top = session.stack[0] if session.stack else None
        pristine = len(session.stack) == 1 and isinstance(top, IdentifyFrame) and top.stage == "choose" \
            and not top.hint
        return bool(session.elder or session.volunteer) or not pristine

    # -- what handlers share --------------------------------------------------------------------
    def intent(self, session: Session, owner: Frame | None, op: str, purpose: str, key: str | None = None,
               **args: Any) -> Intent:
        """An API call to run; its answer goes to ``owner`` (None: to nobody on screen). It
        carries the session's kiosk grant, if any."""
        grant = (session.grant or {}).get("token")
        intent = Intent(session.next_intent_id(), op, args, key, grant=grant)
        (session.detached if owner is None else owner.pending)[intent.id] = Pending(purpose, op)
        return intent

    def remember_focus(self, session: Session, frame: Frame, item_id: str) -> None:
        frame.focus = item_id
        if isinstance(frame, FormFrame) and frame.stage == "field":
            frame.focus_by_field[form_kind.current_field(self, frame).id] = item_id

    def fail(self, session: Session, error: dict, retry: dict | None) -> list:
        message = error.get("message") or self.s("error.network")
        session.stack.append(ErrorFrame(message=message, code=error.get("code", ""), retry=retry,
                                        focus="retry" if retry else "help"))
        return []

    def form_of(self, frame: FormFrame):
        return form_kind.form_of(self, frame)

    @staticmethod
    def elder_of(session: Session, frame: Frame) -> dict[str, Any]:
        """The elder a frame acts for: whom its form is for, else the session's elder."""
        return getattr(frame, "elder", None) or session.elder or {}

    def service_of_kind(self, kind: str) -> Service:
        return next(s for s in self.spec.services.values() if s.kind == kind and self.channel in s.channels)

    def for_another(self, elder: dict[str, Any] | None) -> str | None:
        """Her name when the one at the screen acts for her (a family member): what is said of
        her bookings names her (spec/models.py ``for_another``); None when she reads it herself."""
        if not acting.acts_for_another(elder):
            return None
        return (elder or {}).get("name") or (elder or {}).get("name_masked") or self.t(N_("老人"))

    def owner_named(self, session: Session, elder: dict[str, Any] | None) -> str | None:
        """Her name where the reader may not be the one a thing is hers: a family member acting
        for her, or a box a household shares (陈志明's taxi, read by 张桂兰, is his — never 您);
        None on a screen only she reads."""
        if acting.acts_for_another(elder):
            return self.for_another(elder)
        if elder and len(session.household) > 1:
            return elder.get("name") or elder.get("name_masked") or self.t(N_("老人"))
        return None

    def for_reader(self, text: str, whom: str | None, key: str = "speak") -> str:
        """A spec text (a tile's title or speech, a prompt, an answer) as its reader hears it
        (spec/models.py rule 5: her name where it says 您 or speaks as her, when ``whom``)."""
        from ..i18n import for_reader

        return for_reader(text, self.locale, whom, key)

    def said_for(self, text: str, whom: str | None) -> str:
        """A service's sentence (submit_speak …) as the reader hears it: the elder herself, or
        (``whom``: her name) someone acting for her (spec/models.py ``for_another``)."""
        from ..i18n import translate_for_another
        from ..spec.models import for_another

        if not whom:
            return self.t(text)
        if for_another(text) != text:
            return self.t(for_another(text), elder=whom)
        out = translate_for_another(text, self.locale)
        return out.format(**{**self.strings.contact, "elder": whom}) if "{" in out else out

    def service_title(self, service_id: str) -> str:
        svc = self.spec.services.get(service_id)
        return self.t(svc.title) if svc else self.t(SERVICE_NAMES.get(service_id, service_id))

    def status_word(self, status: str) -> str:
        """A lifecycle status in words (the one table, personal_data/status_words.py)."""
        return self.t(status_word(status)) if status_word(status) else status

    def record_status(self, record: dict[str, Any]) -> str:
        """Where a request stands: its service's stage (药品配送中) or else its status."""
        return record_status(self.spec, record, self.locale) or str(record.get("status") or "")

    def request_args(self, session: Session, elder: dict[str, Any], service: str, mode: str,
                     form: dict[str, Any], labels: dict[str, str] | None = None) -> dict[str, Any]:
        """``labels``: the words shown for the form's values (养老政策 for policy), which the
        centre shows its agents in place of the codes."""
        args = {"elder_id": elder["id"], "service": service, "mode": mode, "channel": self.channel, "form": form}
        shown = {k: v for k, v in (labels or {}).items() if k in form and v}
        if shown:
            args["labels"] = shown
        if session.volunteer and session.volunteer.get("id"):
            args["assisted_by"] = session.volunteer["id"]
        return args

    def help_request(self, session: Session, where: str | None) -> dict[str, Any]:
        """找人工: a call-back as soon as possible; ``where``: the title of the screen it was
        pressed on, so the agent knows what she was doing (None: a retry, the screen gone)."""
        note = self.s("help.note", screen=where) if where else self.s("help.note.retry")
        return self.request_args(session, session.elder or {}, "help", "call",
                                 {"topic": "help", "callback_window": "asap", "note": note},
                                 {"topic": self.s("nav.help"), "callback_window": self.s("help.callback")})

    def open_service(self, session: Session, service: Service, from_tile: bool = False) -> Outcome:
        if service.kind == "alarm":
            return alarm_kind.raise_alarm(self, session, from_tile=from_tile)
        if service.kind == "settings":
            from .kinds import settings

            return settings.open_(self, session, service)
        if service.kind in ("requests_list", "messages"):
            frame = ListFrame(list_kind="requests" if service.kind == "requests_list" else "messages")
            session.stack.append(frame)
            return records.load(self, session, frame)
        if len(session.household) > 1:
            session.stack.append(WhoFrame(service_id=service.id))
            return []
        return self.open_form(session, service, None)

    def open_form(self, session: Session, service: Service, elder: dict[str, Any] | None) -> Outcome:
        form = self.spec.forms[service.form or ""]
        frame = FormFrame(service_id=service.id, mode=service.modes[0], auto=form.quick_review, elder=elder)
        session.stack.append(frame)
        if service.precheck:
            # A refusal known at the start is said at the start (she has one open already),
            # not after every step of the form (shared_ui/flow/kinds/form.py: prechecked).
            return form_kind.precheck(self, session, frame)
        return form_kind.advance(self, session, frame)

    def show_result(self, session: Session, service_id: str, record: dict) -> Outcome:
        while len(session.stack) > 1 and isinstance(session.top, (FormFrame, ErrorFrame)):
            session.stack.pop()
        if record.get("status") == "failed":
            failure = record.get("failure") or {}
            return self.fail(session, {"message": failure.get("message"), "code": failure.get("code")}, None)
        session.stack.append(ResultFrame(service_id=service_id, record=record, focus="home"))
        return popup_kind.told(self, session, record)


__all__ = ["EventRefused", "FlowEngine"]
