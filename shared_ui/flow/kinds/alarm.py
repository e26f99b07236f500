"""一键救援 (seed 000 §三(一)3): raise the alarm, show and say what the centre's escalation is
doing, and 我没事 one press away. The escalation itself runs in the centre."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...client import new_idempotency_key
from ..build import Outcome, nav, numbered
from ..events import Answer, Event
from ..frames import AlarmFrame, NoticeFrame
from ..screens import Item, Screen
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine

OPEN = ("raising", "queued", "raised")


def raise_alarm(flow: "FlowEngine", session: Session) -> Outcome:
    if session.elder is None:
        # Nobody identified (a kiosk's welcome): no one to raise it for — the numbers to call.
        words = flow.s("alarm.anonymous")
        session.stack.append(NoticeFrame(title=flow.s("alarm.title"), body=words, speech=words, status="failed"))
        return []
    top = session.top
    if isinstance(top, AlarmFrame) and top.state in OPEN:
        return []  # a double press is one alarm
    frame = AlarmFrame(idempotency_key=new_idempotency_key())
    session.stack.append(frame)
    return [flow.intent(session, frame, "raise_alarm", "alarm", frame.idempotency_key,
                        elder_id=session.elder["id"], channel=flow.channel)]


def build(flow: "FlowEngine", session: Session, frame: AlarmFrame) -> tuple[Screen, str]:
    message = frame.message or flow.s("alarm.raising")
    if frame.state == "cancelled":
        items = [Item("home", flow.s("result.home"), flow.s("result.home"))]
    else:
        items = [Item("im_ok", flow.s("alarm.ok"), flow.s("alarm.ok"), colour="success")]
    numbered(flow, items)
    screen = Screen("alarm", "alarm", flow.s("alarm.title"), items, items[0].id, body=message,
                    status=frame.state, service="emergency", record_id=frame.alarm.get("id"), can_back=True,
                    nav=nav(flow, True))
    return screen, message


def select(flow: "FlowEngine", session: Session, frame: AlarmFrame, event: Event) -> Outcome:
    if event.value == "im_ok":
        frame.state = "cancelled"
        if frame.alarm.get("id"):
            return [flow.intent(session, frame, "cancel_alarm", "alarm_cancel", new_idempotency_key(),
                                alarm_id=frame.alarm["id"])]
        return []
    if event.value == "home":
        del session.stack[1:]
    return []


def raised(flow: "FlowEngine", session: Session, frame: AlarmFrame, answer: Answer) -> Outcome:
    error = answer.problem
    if answer.ok:
        frame.state, frame.alarm = "raised", dict(answer.data or {})
        frame.message = frame.alarm.get("speech") or flow.s("alarm.raised")  # the centre's words first
    elif error.get("status", 0) == 0 or error.get("queued"):
        frame.state = "queued"
        frame.message = flow.s("alarm.queued")
    else:
        frame.state = "failed"
        frame.message = f"{error.get('message', '')}{flow.s('alarm.queued')}"
    return []


def cancel_answered(flow: "FlowEngine", session: Session, frame: AlarmFrame, answer: Answer) -> Outcome:
    frame.message = flow.s("alarm.cancelled") if answer.ok else answer.problem.get("message", "")
    return []


def update(flow: "FlowEngine", session: Session, alarm: dict[str, Any], message: str | None) -> bool:
    """A pushed alarm status (event stream) for the alarm on screen; False when none is."""
    frame = next((f for f in reversed(session.stack) if isinstance(f, AlarmFrame)), None)
    if frame is None or frame.alarm.get("id") not in (None, alarm.get("id")):
        return False
    frame.alarm = {**frame.alarm, **alarm}
    if alarm.get("status") in ("cancelled", "resolved", "closed"):
        frame.state = "cancelled"
    elif frame.state in ("queued", "failed", "raising") and alarm.get("id"):
        frame.state = "raised"  # kept on the device while the centre was away; it has it now
    if message:
        frame.message = message
    return True
