"""A session left alone (kiosk): warn visibly and aloud, let one press carry on, then wipe.

The host runs the timer: it sends ``timeout`` when the screen's ``idle_after_s`` has passed
without input. On a channel with an idle policy the first timeout opens the warning (继续
focused, any press carries on, as often as needed: MIIT §2.3); the second wipes the session —
screen, grant, volunteer, what was waiting — and the step says ``wipe`` so the host forgets
what it keeps too. Without a policy (the TV), a timeout only repeats the prompt: nothing
disappears while an elder reads.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...client import new_idempotency_key
from ..build import Outcome, Reply
from ..events import Event
from ..frames import Frame, PopupFrame
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine


def timeout(flow: "FlowEngine", session: Session, frame: Frame, event: Event) -> Outcome:
    from . import nav

    if flow.abilities.idle is None or not flow.personal(session):
        return nav.repeat(flow, session, frame, event)
    if session.popup is not None and session.popup.popup_kind == "idle":
        return wipe(flow, session)
    if session.popup is not None and session.popup.popup_kind in ("message", "checkin"):
        session.inbox.insert(0, session.popup.message)  # shown again if the user carries on
    from .popup import words

    session.popup = PopupFrame(popup_kind="idle", focus="continue")
    return Reply(speech=words(flow, session.popup))


def keep_going(flow: "FlowEngine", session: Session) -> Outcome:
    session.popup = None
    return Reply(speech=flow.s("idle.carry_on"))


def wipe(flow: "FlowEngine", session: Session, reason: str = "idle_wipe") -> Reply:
    """Forget the person; the centre ends their grant (``reason``: idle_wipe or sign_out).

    A volunteer who signed in stays for the next person after a sign-out (they help one elder
    after another); a kiosk left alone has nobody at it, so the idle wipe signs them out too."""
    grant, volunteer = session.grant, session.volunteer
    keep = volunteer if reason == "sign_out" else None
    flow.reset(session)
    session.volunteer = keep
    if keep:
        flow.reset_first_screen(session)
    intents = []
    if grant and grant.get("id"):
        intents.append(flow.intent(session, None, "end_grant", "grant_ended", new_idempotency_key(),
                                   grant_id=grant["id"], reason=reason))
    if volunteer and not keep and volunteer.get("shift_id"):
        intents.append(flow.intent(session, None, "end_shift", "grant_ended", new_idempotency_key(),
                                   shift_id=volunteer["shift_id"]))
    return Reply(intents=intents, speech=None, wipe=True)
