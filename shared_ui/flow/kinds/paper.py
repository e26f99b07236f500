"""A slip on paper, where the channel has a printer beside the screen (a kiosk): confirmed
requests offer 打印凭条 on their result and in 我的服务, and what the printer answers (printed,
no paper — tell the volunteer, no printer) is shown and said. The printing itself is the
device's (``print_slip`` is answered by the host, not the centre); a slip not printed now can
be printed later from 我的服务."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..build import Outcome, Reply
from ..events import Answer
from ..frames import DetailFrame, ResultFrame
from ..screens import Item

if TYPE_CHECKING:
    from ..engine import FlowEngine
    from ..session import Session

PRINTABLE = ("confirmed", "completed")


def printable(flow: "FlowEngine", record: dict) -> bool:
    return flow.abilities.prints and record.get("status") in PRINTABLE and bool(record.get("id"))


def item(flow: "FlowEngine") -> Item:
    return Item("print", flow.s("print.slip"), flow.s("print.slip"), colour="primary")


def send(flow: "FlowEngine", session: "Session", frame: ResultFrame | DetailFrame) -> Outcome:
    frame.busy_speech = flow.s("print.busy")
    return [flow.intent(session, frame, "print_slip", "printed", None, request_id=frame.record["id"])]


def printed(flow: "FlowEngine", session: "Session", frame: ResultFrame | DetailFrame, answer: Answer) -> Outcome:
    data = answer.data if answer.ok and isinstance(answer.data, dict) else {}
    frame.printed = data.get("message") or answer.problem.get("message") or flow.s("error.network")
    return Reply(speech=frame.printed)
