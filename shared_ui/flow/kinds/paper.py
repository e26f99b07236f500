"""A slip on paper, where the channel has a printer beside the screen (a kiosk): confirmed
requests offer 打印凭条 on their result and in 我的服务, and what the printer answers (printed,
no paper — tell the volunteer, no printer) is shown and said. The printing itself is the
device's (``print_slip`` is answered by the host, not the centre); a slip not printed now can
be printed later from 我的服务.

打印凭条 is offered only where a printer is (the kiosk asks CUPS at start: ``Abilities.prints``).
发给家人 sends the slip to the family bound to see the elder's requests (the centre's
``send-to-family``: the mini-program tells them, and its page opens the request and its slip) —
offered up front, printer or not, when the centre says someone is bound to receive it (her
profile's ``family_receives_slips``). With neither paper nor family, every sentence points her
to the station's staff or volunteer, never to a button not there; once the slip is printed or
sent, nothing says to ask for it. Both are ways to her slip, in the colour of an action
(primary), never in a cancellation's (warning).

A user trial: 打印凭条 at a station without a printer, an invitation to print on the detail,
发给家人 only after a failed print and in 取消这项服务's orange, "请找驿站的工作人员或志愿者帮忙"
twice in one message, and after 发给家人 had worked, still "ask the staff"."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..build import Outcome, Reply
from ..events import Answer
from ...client import new_idempotency_key
from ..frames import DetailFrame, ResultFrame
from ..screens import Item

if TYPE_CHECKING:
    from ..engine import FlowEngine
    from ..session import Session

PRINTABLE = ("confirmed", "completed")
# The printer's answers (accessibility/slips/printing.py) that offer 发给家人 → what is said
# instead where it is not offered.
NOT_PRINTED = {"no_printer": "print.no_printer.ask_staff", "print_failed": "print.failed.ask_staff"}


def printable(flow: "FlowEngine", record: dict) -> bool:
    return record.get("status") in PRINTABLE and bool(record.get("id"))


def family_receives(session: "Session", record: dict) -> bool:
    """Whether the centre knows someone bound to the elder the record is hers who would get 发给家人."""
    owner = next((e for e in session.household if str(e.get("id")) == str(record.get("elder_id"))), None)
    owner = owner or session.elder or {}
    return bool(owner.get("family_receives_slips"))


def items(flow: "FlowEngine", session: "Session", frame: ResultFrame | DetailFrame) -> list[Item]:
    """打印凭条 where there is a printer; 发给家人 where someone is bound to receive it (until it
    has gone to them)."""
    if not printable(flow, frame.record):
        return []
    offered = []
    if flow.abilities.prints:
        offered.append(Item("print", flow.s("print.slip"), flow.s("print.slip"), colour="primary"))
    if flow.abilities.shares_slips and not frame.shared and family_receives(session, frame.record):
        offered.append(Item("share", flow.s("print.share"), flow.s("print.share"), colour="primary"))
    return offered


def reach(flow: "FlowEngine", session: "Session", frame: ResultFrame | DetailFrame) -> str | None:
    """On a public screen (``Abilities.public_screen``) a number she must ring is masked: how
    she gets it whole — on the slip she takes home (where she will need it), or through her
    family's phone, or from the staff. Never said aloud to the room (an 11-digit number heard
    once is not remembered, and everyone near has heard it)."""
    from ...confirmation import contact_facts

    if not flow.abilities.public_screen or not contact_facts(flow.spec, frame.record):
        return None
    if frame.shared or (frame.printed and not frame.print_failed):
        return None   # the slip is in her hand or on her family's phone: what was said says so
    offered = {i.id for i in items(flow, session, frame)}
    if "print" in offered and not frame.print_failed:
        return flow.s("contact.on_slip")
    if "share" in offered:
        return flow.s("contact.share")
    return flow.s("contact.ask_staff")


def select(flow: "FlowEngine", session: "Session", frame: ResultFrame | DetailFrame, value: str) -> Outcome | None:
    """The answer to 打印凭条 / 发给家人, or None when ``value`` is neither (or not offered)."""
    if value not in {i.id for i in items(flow, session, frame)}:
        return None
    if value == "print":
        frame.busy_speech = flow.s("print.busy")
        return [flow.intent(session, frame, "print_slip", "printed", None, request_id=frame.record["id"])]
    frame.busy_speech = flow.s("print.share.busy")
    frame.share_key = frame.share_key or new_idempotency_key()
    return [flow.intent(session, frame, "send_to_family", "shared", frame.share_key,
                        request_id=frame.record["id"])]


def printed(flow: "FlowEngine", session: "Session", frame: ResultFrame | DetailFrame, answer: Answer) -> Outcome:
    data = answer.data if answer.ok and isinstance(answer.data, dict) else {}
    frame.printed = data.get("message") or answer.problem.get("message") or flow.s("error.network")
    frame.print_failed = not (answer.ok and data.get("ok", True))
    # The printer's sentence offers 发给家人 next; where that is not offered (nobody bound to
    # receive it), say what is: the station's staff or volunteer.
    instead = NOT_PRINTED.get(str(data.get("code") or ""))
    if frame.print_failed and instead and "share" not in {i.id for i in items(flow, session, frame)}:
        frame.printed = flow.s(instead)
    return Reply(speech=frame.printed)


def shared(flow: "FlowEngine", session: "Session", frame: ResultFrame | DetailFrame, answer: Answer) -> Outcome:
    data = answer.data if answer.ok and isinstance(answer.data, dict) else {}
    frame.printed = data.get("message") or answer.problem.get("message") or flow.s("error.network")
    frame.shared = bool(answer.ok and data.get("relations"))
    if answer.ok:
        frame.focus = "home" if isinstance(frame, ResultFrame) else "back"
    return Reply(speech=frame.printed)
