"""Events that mean the same on every screen: home, back, repeat, focus, digits, OK, help,
SOS, refresh. A frame kind overrides one in the table when it means something else there."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...client import new_idempotency_key
from ..build import Outcome, Reply
from ..events import Answer, Event
from ..frames import Frame, ListFrame, NoticeFrame
from ..screens import first_safe
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine


def home(flow: "FlowEngine", session: Session, frame: Frame, event: Event) -> Outcome:
    del session.stack[1:]
    return []


def back(flow: "FlowEngine", session: Session, frame: Frame, event: Event) -> Outcome:
    if len(session.stack) == 1:
        # Back never leaves the first screen (and never quits the app): say where the user is.
        return Reply(speech=flow.s("home.where") if session.elder else flow.screen(session)[1])
    session.stack.pop()
    return reload(flow, session)


def repeat(flow: "FlowEngine", session: Session, frame: Frame, event: Event) -> Outcome:
    return Reply(speech=session.last_speech or flow.screen(session)[1])


def focus(flow: "FlowEngine", session: Session, frame: Frame, event: Event) -> Outcome:
    item = flow.screen(session)[0].top.item(event.value)
    if item is None:
        return Reply(speech="")
    flow.remember_focus(session, frame, item.id)
    return Reply(speech=item.speak or item.label)


def digit(flow: "FlowEngine", session: Session, frame: Frame, event: Event) -> Outcome:
    item = next((i for i in flow.screen(session)[0].top.items if i.digit == event.value), None)
    if item is None:
        return Reply(speech="")
    return flow.dispatch(session, Event("select", item.id))


def confirm(flow: "FlowEngine", session: Session, frame: Frame, event: Event) -> Outcome:
    screen = flow.screen(session)[0].top
    # Nothing focused: the first item that records nothing — never an answer or a complaint's
    # reason (a screen of nothing else says itself again, as 重听 would).
    target = screen.focus or first_safe([i.id for i in screen.items])
    if target is None:
        return repeat(flow, session, frame, event) if screen.items else Reply(speech="")
    return flow.dispatch(session, Event("select", target))


def ignore(flow: "FlowEngine", session: Session, frame: Frame, event: Event) -> Outcome:
    return Reply(speech="")


def help_(flow: "FlowEngine", session: Session, frame: Frame, event: Event) -> Outcome:
    """The "call a person" entry, the same on every screen (seed 004: one-key human agent)."""
    from ..acting import BOOK, may

    if not may(session.elder, BOOK):
        return Reply(speech="")  # not offered to whoever may only look (see ..acting)
    if session.elder is None:
        # Nobody identified yet (a kiosk's welcome): there is no one to call back.
        session.stack.append(NoticeFrame(title=flow.s("help.anonymous.title"), body=flow.s("help.anonymous"),
                                          speech=flow.s("help.anonymous")))
        return []
    from_screen = flow.screen(session)[0].title
    notice = NoticeFrame(title=flow.s("help.done.title"))
    session.stack.append(notice)
    notice.busy_speech = flow.s("busy.speak")
    return [flow.intent(session, notice, "create_request", "help", new_idempotency_key(),
                        **flow.help_request(session, from_screen))]


def sos(flow: "FlowEngine", session: Session, frame: Frame, event: Event) -> Outcome:
    from ..acting import BOOK, may
    from . import alarm

    if not may(session.elder, BOOK):
        return Reply(speech="")
    return alarm.raise_alarm(flow, session)


def refresh(flow: "FlowEngine", session: Session, frame: Frame, event: Event) -> Outcome:
    return reload(flow, session)


def reload(flow: "FlowEngine", session: Session) -> Outcome:
    """Fetch again what the top frame shows (lists go stale while the user is away)."""
    top = session.top
    if isinstance(top, ListFrame) and not top.pending:
        from . import records

        return records.load(flow, session, top)
    return []


def help_answered(flow: "FlowEngine", session: Session, frame: NoticeFrame, answer: Answer) -> Outcome:
    if not answer.ok:
        session.stack.remove(frame)
        return flow.fail(session, answer.problem, {"op": "create_request", "purpose": "help_retry",
                                                   "key": new_idempotency_key(),
                                                   "args": flow.help_request(session, None)})
    frame.body = frame.speech = flow.s("help.done.speak")
    from .popup import told

    return told(flow, session, answer.data if isinstance(answer.data, dict) else None)


def help_retried(flow: "FlowEngine", session: Session, frame: Frame, answer: Answer) -> Outcome:
    if not answer.ok:
        return []
    session.stack.remove(frame)
    done = flow.s("help.done.speak")
    session.stack.append(NoticeFrame(title=flow.s("help.done.title"), body=done, speech=done))
    from .popup import told

    return told(flow, session, answer.data if isinstance(answer.data, dict) else None)


def detached_ack(flow: "FlowEngine", session: Session, frame: Any, answer: Answer) -> Outcome:
    """A message marked read with nobody waiting on screen: refresh a list that shows it."""
    return Reply(intents=list(reload(flow, session)) if answer.ok else [], speech="")


def quiet(flow: "FlowEngine", session: Session, frame: Any, answer: Answer) -> Outcome:
    """An answer nobody waits for on screen (a message marked read in passing, a grant ended)."""
    return Reply(speech="")
