"""一键救援 (seed 000 §三(一)3): raise the alarm, show and say what the centre's escalation is
doing, and 我没事 one press away. The escalation itself runs in the centre."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...client import new_idempotency_key
from ..build import Outcome, Reply, nav, numbered
from ..events import Answer, Event
from ..frames import AlarmFrame, NoticeFrame
from ..screens import Item, Screen
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine

# The elder may still need help: the screen stays. "cancelling" is open too: until the centre
# says the alarm is closed, it is not (its escalation goes on).
OPEN = ("raising", "queued", "raised", "failed", "cancelling")
# Over: "cancelled" was withdrawn (我没事 — by her, her family or an agent — or never sent);
# "over" the centre handled it and closed it (or says it was over already).
ENDED = ("cancelled", "over")
# A press kept in an outbox is asked after this often while the screen shows it (the TV's
# outbox worker also says when it went; a phone's page has only this).
KEPT_REFRESH_S = 5.0


def open_alarm(session: Session) -> AlarmFrame | None:
    return next((f for f in reversed(session.stack) if isinstance(f, AlarmFrame) and f.state in OPEN), None)


def for_another(flow: "FlowEngine") -> bool:
    """The user acts for someone else (a family member in the mini-program): raising help
    for a parent is asked once more, and what the screen says is about the parent."""
    return flow.abilities.start == "choose_elder"


def ok_words(flow: "FlowEngine") -> str:
    """我没事 for the elder; for a parent (the family's phone) 老人没事（已联系上）: the one who
    pressed is not the one who may be in trouble."""
    return flow.s("alarm.ok.for_another" if for_another(flow) else "alarm.ok")


def raise_alarm(flow: "FlowEngine", session: Session, from_tile: bool = False) -> Outcome:
    """The red key raises at once. OK on the SOS tile too — after a short spoken window in
    which any key cancels (``abilities.sos_tile_window_s``; docs/accidental-alarms.md): most
    accidental alarms are a thumb resting on OK, and waiting costs a deliberate press nothing.
    For someone else (the family's tile) it is a question — 确定呼救 or 不用呼叫 — with no timer:
    a tap on a phone's menu must not send the parent's rescue chain on its way."""
    if session.elder is None:
        # Nobody identified (a kiosk's welcome): no one to raise it for — the numbers to call.
        words = flow.s("alarm.anonymous")
        session.stack.append(NoticeFrame(title=flow.s("alarm.title"), body=words, speech=words, status="failed"))
        return []
    top = session.top
    if isinstance(top, AlarmFrame) and top.state == "arming":
        return fire(flow, session, top)  # the red key (or a long OK) while the window is open
    if open_alarm(session) is not None:
        return []  # a double press is one alarm
    frame = AlarmFrame(idempotency_key=new_idempotency_key())
    session.stack.append(frame)
    if from_tile and (flow.abilities.sos_tile_window_s > 0 or for_another(flow)):
        frame.state, frame.focus = "arming", "not_now"
        return []
    return fire(flow, session, frame)


def fire(flow: "FlowEngine", session: Session, frame: AlarmFrame) -> Outcome:
    frame.state, frame.focus = "raising", None
    return [flow.intent(session, frame, "raise_alarm", "alarm", frame.idempotency_key,
                        elder_id=session.elder["id"], channel=flow.channel)]


def build(flow: "FlowEngine", session: Session, frame: AlarmFrame) -> tuple[Screen, str]:
    window = flow.abilities.sos_tile_window_s
    asking = frame.state == "arming" and for_another(flow)
    if asking:
        who = (session.elder or {}).get("name") or ""
        title, message = flow.s("alarm.confirm.title", name=who), flow.s("alarm.confirm", name=who)
        items = [Item("raise", flow.s("alarm.confirm.raise"), flow.s("alarm.confirm.raise"), colour="danger"),
                 Item("not_now", flow.s("alarm.not_now"), flow.s("alarm.not_now"), colour="success")]
    elif frame.state == "arming":
        # Said with the seconds once; shown without them, beside the seconds counting down.
        title, message = flow.s("alarm.arming.title"), flow.s("alarm.arming", n=int(window))
        items = [Item("not_now", flow.s("alarm.not_now"), flow.s("alarm.not_now"), colour="success")]
    elif frame.state in ENDED:
        # Withdrawn (她的我没事, or nothing was sent) or over (the centre handled and closed it):
        # a handled alarm is never called 撤销 — she withdrew nothing.
        title = flow.s(f"alarm.{frame.state}.title")
        message = frame.message or flow.s(f"alarm.{frame.state}")
        items = [Item("home", flow.s("result.home"), flow.s("result.home"))]
    elif frame.state == "cancelling":
        title, message = flow.s("alarm.cancelling.title"), frame.message or flow.s("alarm.cancelling")
        items = [Item("im_ok", ok_words(flow), ok_words(flow), colour="success")]
    elif frame.state == "failed":
        # Nothing reached the centre, and nothing is trying again: say so, and offer it.
        title, message = flow.s("alarm.failed.title"), frame.message or flow.s("alarm.not_sent")
        items = [Item("retry", flow.s("error.retry"), flow.s("error.retry"), colour="danger"),
                 Item("im_ok", ok_words(flow), ok_words(flow), colour="success")]
    else:
        # The headline says what is true: calling, or (the centre has it) help is on its way.
        title = flow.s("alarm.title" if frame.state in ("raising", "queued") else "alarm.raised.title")
        message = frame.message or flow.s("alarm.raising")
        items = [Item("im_ok", ok_words(flow), ok_words(flow), colour="success")]
    numbered(flow, items)
    counting = frame.state == "arming" and not asking
    screen = Screen("alarm", "alarm", title, items, "not_now" if asking else items[0].id,
                    body=flow.s("alarm.arming.shown") if counting else message,
                    status=frame.state, service="emergency", record_id=frame.alarm.get("id"),
                    can_back=frame.state in ENDED or asking, nav=nav(flow, frame.state in ENDED or asking),
                    idle_after_s=window if counting else None, countdown_s=int(window) if counting else None,
                    refresh_after_s=KEPT_REFRESH_S if frame.state == "queued" else None)
    return screen, message


def on_event(flow: "FlowEngine", session: Session, frame: AlarmFrame, event: Event) -> Outcome:
    """While the window is open any key but the red one cancels; while the alarm is open the
    screen stays (Back and Home say so) with 我没事 focused; once it is over, as anywhere."""
    from . import nav as navigation

    if frame.state == "arming" and for_another(flow):
        if event.kind == "sos" or (event.kind == "select" and event.value == "raise"):
            return fire(flow, session, frame)
        if event.kind in ("timeout", "refresh", "repeat"):
            return []  # a question waits for its answer
        session.stack.remove(frame)
        if event.kind == "help":  # 找人工 instead: not a rescue, a person
            from ..table import EVENTS

            return EVENTS[("*", "help")](flow, session, session.top, event)
        return Reply(speech=flow.s("alarm.arming.cancelled"))
    if frame.state == "arming":
        if event.kind in ("sos", "timeout"):
            return fire(flow, session, frame)
        session.stack.remove(frame)
        return Reply(speech=flow.s("alarm.arming.cancelled"))
    if frame.state in OPEN and event.kind in ("back", "home", "help"):
        return Reply(speech=flow.s("alarm.stay.for_another" if for_another(flow) else "alarm.stay"))
    if frame.state in OPEN and event.kind == "timeout":
        return navigation.repeat(flow, session, frame, event)
    if event.kind == "select":
        return select(flow, session, frame, event)
    if event.kind == "refresh":
        if frame.state == "queued" and not frame.pending:  # has the centre got it by now?
            return Reply([flow.intent(session, frame, "queued_alarm", "alarm", alarm_key=frame.idempotency_key)],
                         speech="")  # asked quietly: only news is said
        return navigation.ignore(flow, session, frame, event)  # nothing else here goes stale
    from ..table import EVENTS  # every other key means here what it means anywhere

    return EVENTS[("*", event.kind)](flow, session, frame, event)


def resume(flow: "FlowEngine", session: Session, alarm: dict[str, Any], queued: bool = False) -> bool:
    """An alarm still open when the device starts (at the centre, or kept in the outbox):
    shown at once, before anything else (pop-ups wait behind it)."""
    if open_alarm(session) is not None or session.elder is None:
        return False
    frame = AlarmFrame(state="queued" if queued else "raised", alarm=dict(alarm))
    frame.message = flow.s("alarm.queued") if queued else flow.from_centre(alarm.get("speech")) or flow.s("alarm.raised")
    session.stack.append(frame)
    return True


def select(flow: "FlowEngine", session: Session, frame: AlarmFrame, event: Event) -> Outcome:
    if event.value == "im_ok":
        return im_ok(flow, session, frame)
    if event.value == "retry" and frame.state == "failed":
        return fire(flow, session, frame)  # the same key: the centre makes one alarm of it
    if event.value == "home":
        del session.stack[1:]
    return []


def im_ok(flow: "FlowEngine", session: Session, frame: AlarmFrame) -> Outcome:
    """我没事. The screen says 已撤销 only when it is true: the centre closed the alarm, or it
    never had it (the device's outbox gave it back unsent, or nothing was sent at all). Until
    then it says 正在撤销 and the alarm is open; if the cancel does not get through, the
    screen says so (the agent's call-back still comes) and 我没事 can be pressed again."""
    if frame.state == "cancelling":
        return Reply(speech=flow.s("alarm.cancelling"))
    if frame.state == "failed":
        frame.state, frame.message = "cancelled", flow.s("alarm.cancelled")  # nothing was raised
        return []
    frame.state, frame.message = "cancelling", flow.s("alarm.cancelling")
    if frame.alarm.get("id"):
        return [cancel(flow, session, frame)]
    if frame.pending:  # the press is on its way: cancel what it raises once it is answered
        frame.cancel_when_raised = True
        return []
    return [withdraw(flow, session, frame)]


def cancel(flow: "FlowEngine", session: Session, frame: AlarmFrame):
    return flow.intent(session, frame, "cancel_alarm", "alarm_cancel", new_idempotency_key(),
                       alarm_id=frame.alarm["id"])


def withdraw(flow: "FlowEngine", session: Session, frame: AlarmFrame):
    """The press kept in the device's outbox: taken back if still unsent, else cancelled at
    the centre (:func:`shared_ui.flow.runner.durable_intent_runner`)."""
    return flow.intent(session, frame, "withdraw_alarm", "alarm_cancel", new_idempotency_key(),
                       alarm_key=frame.idempotency_key)


def raised(flow: "FlowEngine", session: Session, frame: AlarmFrame, answer: Answer) -> Outcome:
    error = answer.problem
    if frame.cancel_when_raised:
        frame.cancel_when_raised = False
        if answer.ok:
            frame.alarm = dict(answer.data or {})
            return [cancel(flow, session, frame)]
        if error.get("queued"):
            return [withdraw(flow, session, frame)]
        frame.state, frame.message = "cancelled", flow.s("alarm.cancelled")  # it never arrived
        return []
    if answer.ok:
        frame.state, frame.alarm = "raised", dict(answer.data or {})
        if for_another(flow):  # the centre's words are the elder's ("马上有人联系您")
            frame.message = flow.s("alarm.raised.for_another", name=(session.elder or {}).get("name") or "")
        else:
            frame.message = flow.from_centre(frame.alarm.get("speech")) or flow.s("alarm.raised")  # the centre's words first
    elif error.get("queued"):  # kept on the device, retried until the centre has it
        still = frame.state == "queued"  # asked again (refresh): nothing new to say
        frame.state = "queued"
        frame.message = flow.s("alarm.queued")
        if still:
            return Reply(speech="")
    else:
        frame.state = "failed"
        if error.get("status", 0) == 0:  # not reached, and nothing keeps it: say so
            frame.message = flow.s("alarm.not_sent")
        else:  # refused: the centre's reason, and what to do now
            words = error.get("message", "")
            frame.message = words if "拨打" in words else flow.marks.sentences(words, flow.s("alarm.call_now"))
    return []


def cancel_answered(flow: "FlowEngine", session: Session, frame: AlarmFrame, answer: Answer) -> Outcome:
    """The centre closed it (or the outbox gave it back unsent); or it was over already — the
    one refusal a cancel meets for a closed alarm; else it is still open."""
    if answer.ok:
        if isinstance(answer.data, dict) and answer.data.get("id"):
            frame.alarm = {**frame.alarm, **answer.data}
        frame.state, frame.message = "cancelled", flow.s("alarm.cancelled")
        return []
    if answer.problem.get("code") == "invalid_transition":  # over already (handled, or withdrawn)
        frame.state, frame.message = "over", answer.problem.get("message", "")
        return []
    # Not through (the centre away, or refused): the alarm is open and its call-back will come.
    frame.state = "raised" if frame.alarm.get("id") else "queued"
    frame.message = flow.s("alarm.cancel_failed")
    return []


def update(flow: "FlowEngine", session: Session, alarm: dict[str, Any], message: str | None) -> bool:
    """A pushed alarm status (event stream) for the alarm on screen; False when none is."""
    frame = next((f for f in reversed(session.stack) if isinstance(f, AlarmFrame)), None)
    if frame is None or frame.alarm.get("id") not in (None, alarm.get("id")):
        return False
    frame.alarm = {**frame.alarm, **alarm}
    if alarm.get("status") == "cancelled":
        frame.state = "cancelled"
    elif alarm.get("status") in ("resolved", "closed"):
        frame.state = "over"
    elif frame.state == "cancelling":
        return True  # the cancel is on its way: the screen keeps saying so
    elif frame.state in ("queued", "failed", "raising") and alarm.get("id"):
        frame.state = "raised"  # kept on the device while the centre was away; it has it now
    if message:
        frame.message = flow.from_centre(message)
    return True
