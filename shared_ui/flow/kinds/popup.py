"""Pop-ups: messages the centre pushes, the daily check-in, a summary of several waiting.

One queue policy for every channel (ELDER_UI.md "accidental alarms", "timing"):
- a pop-up never covers the emergency screen, a result (it stays until the user leaves it), or
  a screen waiting for an answer; it comes when that screen is left;
- one at a time; the check-in first (the centre is waiting for it); when several wait they are
  shown as one summary ("您有3条新消息") that leads to 消息, never as a stack to click through;
- Back puts a pop-up aside (it stays unread in 消息); SOS always goes through, and the message
  comes back afterwards;
- a status message about a request whose result this device showed her, created up to that
  moment (and a reminder already due then), says what she saw: it is marked read quietly, whether it came before the result (it
  waited in the queue while the answer was awaited) or after; later news about it (a real
  change) pops up as any message, once she has left the result.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ...client import new_idempotency_key
from ..build import Outcome, Reply, focus_of, numbered
from ..events import Answer, Event
from ...confirmation import parse_time
from ..frames import AlarmFrame, NoticeFrame, PopupFrame, ResultFrame
from ..screens import Item, Screen
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine

CHECKIN = "checkin"


def offer(flow: "FlowEngine", session: Session, message: dict[str, Any]) -> list:
    """A message (or check-in prompt) the device was told about; queued unless already seen."""
    mid = str(message.get("id") or "")
    if not mid or mid in session.offered or message.get("read_at"):
        return []
    session.remember(session.offered, mid)
    if seen(session, message):
        return [quiet_ack(flow, session, message)]
    if message.get("kind") == CHECKIN:
        session.inbox.insert(0, dict(message))
    else:
        session.inbox.append(dict(message))
    return []


# The centre writes a request's status message in the same unit of work as the change it tells
# (call_center/fulfilment/notices.py), a moment after the request's updated_at and before it
# answers; a box's clock may be a little behind the centre's: what was written within this of
# the later of the two still counts as shown. A real change comes minutes later.
SAME_CHANGE = timedelta(seconds=5)


def told(flow: "FlowEngine", session: Session, record: dict[str, Any] | None) -> list:
    """This device has just shown her ``record``'s result (a booking's 叫车成功, 找人工's 已通知客服,
    已取消): its status messages created up to now say what she saw. Remembered for those
    still to come; those already waiting (pushed while the answer was awaited) are marked read
    quietly now. Returns the intents that mark them."""
    rid = str((record or {}).get("id") or "")
    if not rid:
        return []
    now = datetime.now(timezone.utc)
    changed = parse_time((record or {}).get("updated_at"))
    until = (max(now, changed) if changed is not None and changed.tzinfo else now) + SAME_CHANGE
    session.remember_told(rid, until.isoformat())
    shown = [m for m in session.inbox if seen(session, m)]
    session.inbox[:] = [m for m in session.inbox if m not in shown]
    return [quiet_ack(flow, session, m) for m in shown]


def seen(session: Session, message: dict[str, Any]) -> bool:
    """A message about a result this device showed, written and due up to when it showed it: its
    status message (挂号成功), and a reminder already due as it was booked (the evening before
    tomorrow's visit, booked at nine at night: 看病提醒 repeated the result she had just read).
    A reminder due later is news when it is due; a question (回访) is never answered for her."""
    until = session.told.get(str(message.get("request_id") or ""))
    if message.get("kind") not in ("status", "reminder") or not until or message.get("answers"):
        return False
    created = parse_time(message.get("created_at"))
    due = parse_time(message.get("due_at")) or created
    if created is None or created.tzinfo is None or due is None or due.tzinfo is None:
        return False  # when it was written unknown: shown, rather than news lost
    return max(created, due) <= datetime.fromisoformat(until)


def quiet_ack(flow: "FlowEngine", session: Session, message: dict[str, Any]):
    return flow.intent(session, None, "ack_message", "quiet_ack", new_idempotency_key(), message_id=str(message["id"]))


def clear_for_alarm(flow: "FlowEngine", session: Session) -> None:
    """The emergency screen is never covered: a pop-up open when it comes goes back to wait."""
    popup = session.popup
    if popup is None or not isinstance(session.top, AlarmFrame) or popup.popup_kind == "idle":
        return
    if popup.popup_kind in ("message", "checkin"):
        session.inbox.insert(0, popup.message)
    session.popup = None


def may_open(flow: "FlowEngine", session: Session) -> bool:
    if session.popup is not None or not session.inbox or session.elder is None:
        return False
    # A result (叫车成功) or a notice of one (已通知客服, 已取消) is read until she leaves it.
    return not (isinstance(session.top, (AlarmFrame, ResultFrame, NoticeFrame)) or session.busy)


def open_next(flow: "FlowEngine", session: Session) -> None:
    inbox = session.inbox
    checkin = next((m for m in inbox if m.get("kind") == CHECKIN), None)
    # A message that asks her something (a daughter asking to help: 同意 / 不同意) is never
    # folded into 您有N条新消息, where it would wait among the rest: it comes on its own, first.
    asking = next((m for m in inbox if asks(m)), None)
    if checkin is not None:
        inbox.remove(checkin)
        session.popup = PopupFrame(popup_kind="checkin", message=checkin, focus="ack")
    elif asking is not None:
        inbox.remove(asking)
        session.popup = PopupFrame(popup_kind="message", message=asking, focus=asking_focus(asking))
    elif len(inbox) >= flow.abilities.summary_from:
        session.popup = PopupFrame(popup_kind="summary", count=len(inbox), focus="open")
    else:
        message = inbox.pop(0)
        session.popup = PopupFrame(popup_kind="message", message=message,
                                   focus=asking_focus(message) if asks(message) else "ack")


def asking_focus(message: dict[str, Any]) -> str:
    """Where a question opens: on 重听, which commits nothing — a stray OK of a shaky hand gave
    回访 a 满意 she never said, 想办理 a call she never asked for, and, while a consent's words
    said 同意请按确定, a stranger access to her. No answer is ever the default, whatever the
    message says; where 重听 is not shown (a silent page) nothing is focused."""
    return "repeat"


def words(flow: "FlowEngine", frame: PopupFrame) -> str:
    """What the pop-up says (and says again on 重听)."""
    m = frame.message
    if frame.popup_kind == "summary":
        return flow.marks.sentences(flow.s("popup.summary.title", n=frame.count), flow.s("popup.summary.body"))
    if frame.popup_kind == "idle":
        return flow.marks.sentences(flow.s("idle.title"), flow.s("idle.body", n=int(flow.abilities.idle.warn_s)))
    return flow.message_speech(m)


def opening_words(flow: "FlowEngine", frame: PopupFrame) -> str:
    lead = flow.s("popup.new") if frame.popup_kind == "message" else ""
    return flow.marks.sentences(lead, words(flow, frame))


def build(flow: "FlowEngine", session: Session, frame: PopupFrame) -> Screen:
    m = frame.message
    s = flow.s
    if frame.popup_kind == "summary":
        title, body = s("popup.summary.title", n=frame.count), s("popup.summary.body")
        items = [Item("open", s("popup.summary.open"), s("popup.summary.open"), colour="primary"),
                 Item("later", s("popup.summary.later"), s("popup.summary.later"))]
    elif frame.popup_kind == "idle":
        # Shown without the number, which the renderer counts down beside it (countdown_s);
        # said with it, once, as the warning opens.
        title, body = s("idle.title"), s("idle.body_shown")
        items = [Item("continue", s("idle.continue"), s("idle.continue"), colour="success")]
    elif asks(m):
        title, body = flow.message_title(m), flow.message_body(m)
        items = [*answer_items(flow, m), Item("repeat", s("nav.repeat"), s("nav.repeat"), colour="primary")]
    else:
        title, body = flow.message_title(m), flow.message_body(m)
        ack = s("popup.checkin.ack") if frame.popup_kind == "checkin" else s("messages.ack")
        items = [Item("ack", ack, ack, colour="success"), Item("repeat", s("nav.repeat"), s("nav.repeat"),
                                                                colour="primary")]
    if not flow.abilities.speaks:
        items = [i for i in items if i.id != "repeat"]
    numbered(flow, items)
    hint = None
    # The check-in says itself what OK does (按确定键报平安): a second line saying OK means
    # 知道了 would give the one key two meanings.
    if frame.popup_kind == "message":
        hint = s("popup.answer.hint") if asks(m) else s("popup.hint")
    countdown = int(flow.abilities.idle.warn_s) if frame.popup_kind == "idle" else None
    return Screen(f"popup:{frame.popup_kind}", "popup", title, items, focus_of(frame, items), body=body,
                  notes=[hint] if hint else [], record_id=m.get("id"), can_back=True,
                  countdown_s=countdown)


# -- messages that ask (a family member wants to help: 同意 / 不同意, later 解除绑定; a policy
# she may apply for: 想办理 / 不需要) ----------------------------------------------------------
ANSWER_COLOURS = {"agree": "success", "decline": None, "revoke": "warning", "apply": "success", "not_needed": None,
                  # 回访: the words carry the meaning; colour only follows them (never the only signal)
                  "satisfied": "success", "so_so": None, "dissatisfied": "warning", "call_back": "primary"}


def asks(message: dict[str, Any]) -> bool:
    return bool(message.get("answers"))


def answer_items(flow: "FlowEngine", message: dict[str, Any]) -> list[Item]:
    """The answers the centre offers, labelled from the catalogs when known (``answer.<id>``)."""
    items = []
    for answer in message.get("answers") or []:
        key = f"answer.{answer.get('id')}"
        label = flow.s(key) if key in flow.spec.strings else str(answer.get("label") or answer.get("id"))
        items.append(Item(f"answer:{answer.get('id')}", label, label,
                          colour=ANSWER_COLOURS.get(str(answer.get("id")), "primary")))
    return items


def answer_opens(flow: "FlowEngine", message: dict[str, Any], item_id: str) -> Any:
    """The service an answer is given through on this channel (想办理 on a 一键通 policy: 申请一键通's
    form, whose filing answers the message), or None: the answer is sent as it is."""
    wanted = next((a.get("opens") for a in message.get("answers") or []
                   if f"answer:{a.get('id')}" == item_id), None)
    service = flow.spec.services.get(wanted or "")
    return service if service is not None and flow.channel in service.channels else None


def answer_intent(flow: "FlowEngine", session: Session, owner: Any, purpose: str, message: dict[str, Any],
                  item_id: str):
    return flow.intent(session, owner, "answer_message", purpose, new_idempotency_key(),
                       message_id=message.get("id"), answer=item_id.split(":", 1)[1])


def answered(flow: "FlowEngine", session: Session, frame: Any, answer: Answer) -> Outcome:
    """The centre took the elder's answer: say what it said back (or why it could not)."""
    from .records import answered_in_list

    if not answer.ok:
        return Reply(speech=answer.problem.get("message") or "")
    data = answer.data if isinstance(answer.data, dict) else {}
    answered_in_list(session, data.get("message_id"))
    return Reply(speech=flow.answer_speech(data))


# -- events -----------------------------------------------------------------------------------
def close(flow: "FlowEngine", session: Session) -> Reply:
    """The pop-up goes; the screen under it says where the focus is (or the next pop-up comes)."""
    session.popup = None
    screen, _ = flow.screen(session)
    focused = screen.item(screen.focus) if screen.focus else None
    return Reply(speech=focused.speak if focused else "")


def select(flow: "FlowEngine", session: Session, frame: PopupFrame, event: Event) -> Outcome:
    from . import idle

    if frame.popup_kind == "idle":
        return idle.keep_going(flow, session)
    choice = event.value
    if choice == "repeat":
        return Reply(speech=words(flow, frame))
    if frame.popup_kind == "summary":
        session.inbox.clear()  # they all wait, unread, in 消息
        reply = close(flow, session)
        if choice == "open":
            del session.stack[1:]
            return flow.open_service(session, flow.service_of_kind("messages"))
        return reply
    reply = close(flow, session)
    mid = frame.message.get("id")
    opens = answer_opens(flow, frame.message, str(choice)) if mid else None
    if opens is not None:
        del session.stack[1:]
        return flow.open_service(session, opens)
    if str(choice).startswith("answer:") and mid:
        reply.intents.append(answer_intent(flow, session, None, "answered", frame.message, choice))
        reply.speech = ""
    elif frame.popup_kind == "checkin":
        reply.intents.append(flow.intent(session, None, "check_in", "checked_in", new_idempotency_key(),
                                         elder_id=session.elder["id"]))
    elif mid:
        reply.intents.append(flow.intent(session, None, "ack_message", "popup_ack", new_idempotency_key(),
                                         message_id=mid))
    return reply


def back(flow: "FlowEngine", session: Session, frame: PopupFrame, event: Event) -> Outcome:
    """Not now: a message stays unread in 消息; a summary's messages too."""
    from . import idle

    if frame.popup_kind == "idle":
        return idle.keep_going(flow, session)
    if frame.popup_kind == "summary":
        session.inbox.clear()
    return close(flow, session)


def then(flow: "FlowEngine", session: Session, frame: PopupFrame, event: Event) -> Outcome:
    """Home or help while a pop-up is open: put it aside, then do that."""
    from . import idle, nav

    if frame.popup_kind == "idle":
        return idle.keep_going(flow, session)
    back(flow, session, frame, event)
    return (nav.home if event.kind == "home" else nav.help_)(flow, session, session.top, event)


def sos(flow: "FlowEngine", session: Session, frame: PopupFrame, event: Event) -> Outcome:
    """SOS always wins; the message comes back after the emergency."""
    from . import alarm

    if frame.popup_kind in ("message", "checkin"):
        session.inbox.insert(0, frame.message)
    session.popup = None
    return alarm.raise_alarm(flow, session)


def repeat(flow: "FlowEngine", session: Session, frame: PopupFrame, event: Event) -> Outcome:
    return Reply(speech=words(flow, frame))


def checked_in(flow: "FlowEngine", session: Session, frame: Any, answer: Answer) -> Outcome:
    """The centre has today's 平安: say its thanks."""
    from .nav import reload

    thanks = (answer.data or {}).get("speech") if answer.ok and isinstance(answer.data, dict) else None
    return Reply(intents=list(reload(flow, session)), speech=flow.from_centre(thanks))
