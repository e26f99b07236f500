"""Who is in front of the screen (kiosk): an anonymous start with little typing.

By the ID number (GB 11643; a wrong check digit is explained aloud) and the registered phone's
last four digits; by the QR on an earlier slip (the scanner types it); or a volunteer signs in
first and then identifies each elder in turn. The centre answers with the elder and a short-
lived grant scoped to them; five misses in a row pause the screen and offer a person.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from personal_data.id_number import NOT_DIGITS, WRONG_LENGTH, id_number_problem
from personal_data.masking import mask_id_number
from personal_data.names import form_of_address, plain
from personal_data.written_numbers import plain_number

from ..build import Outcome, Reply, focus_of, nav, numbered
from ..events import Answer, Event
from ..frames import IdentifyFrame, MenuFrame
from ..screens import InputHints, Item, Screen
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine

MAX_FAILURES = 5
PAUSE_S = 30.0
ID_PATTERN = r"\d{17}[\dX]"
STAGES = {  # stage -> (title key, prompt key, keypad hints, step)
    "id_number": ("identify.id.title", "identify.id.prompt", InputHints("id_number", 18, ID_PATTERN), (1, 2)),
    "phone_tail": ("identify.tail.title", "identify.tail.prompt", InputHints("digits", 4, r"\d{4}"), (2, 2)),
    "slip": ("identify.slip.title", "identify.slip.prompt", InputHints("text", 200), None),
    "pin": ("identify.pin.title", "identify.pin.prompt", InputHints("digits", 6, r"\d{4,6}"), None),
}


def id_number_refusal(flow: "FlowEngine", typed: str) -> str | None:
    """Why ``typed`` is not a citizen ID number, as a sentence to say; None when it is one.

    A wrong check character is explained, but the character it should be is not offered: most
    often a middle digit was mistyped, and "correcting" the last one would make another
    person's valid number."""
    problem = id_number_problem(typed)
    if problem is None:
        return None
    if problem.code == NOT_DIGITS:
        return flow.s("identify.id.characters")
    if problem.code == WRONG_LENGTH:
        return flow.s("identify.id.length", n=problem.length)
    return flow.s("identify.id.check_digit")


def build(flow: "FlowEngine", session: Session, frame: IdentifyFrame) -> tuple[Screen, str]:
    s = flow.s
    if frame.pending:
        from ..build import busy

        return busy(flow, frame, s("identify.title"))
    if frame.stage == "paused":
        items = numbered(flow, [Item("help", s("nav.help"), s("nav.help.speak"), colour="primary")])
        body = s("identify.paused", n=MAX_FAILURES)
        return Screen("identify:paused", "notice", s("identify.title"), items, "help", body=body,
                      can_back=False, nav=nav(flow, False), idle_after_s=PAUSE_S, countdown_s=int(PAUSE_S)), body
    if frame.stage in STAGES:
        title, prompt, hints, step = STAGES[frame.stage]
        body = flow.marks.sentences(frame.hint or "", s(prompt))
        if frame.typed:   # refused: hers to correct, not to type again
            hints = replace(hints, value=frame.typed[:hints.max_length])
        screen = Screen(f"identify:{frame.stage}", "field", s(title), body=body, progress=step, input=hints,
                        nav=nav(flow, True))
        return screen, body
    if frame.stage == "recheck":
        # The ID number passed its check digit, so the four digits are the likelier slip: keep
        # the 18 digits (shown masked, in a public place) and ask only for the tail again.
        items = numbered(flow, [Item("keep_id", s("identify.keep_id"), s("identify.keep_id"), colour="primary"),
                                Item("retype_id", s("identify.retype_id"), s("identify.retype_id"))])
        body = flow.marks.sentences(frame.hint or "", s("identify.recheck", id=mask_id_number(frame.id_number)))
        return Screen("identify:recheck", "menu", s("identify.title"), items, focus_of(frame, items, "keep_id"),
                      body=body, nav=nav(flow, True)), body
    ways = {"id_number": "identify.by_id", "slip": "identify.by_slip", "volunteer": "identify.by_volunteer"}
    methods = [m for m in flow.abilities.identify_by if not (m == "volunteer" and session.volunteer)]
    items = [Item(m, s(ways[m]), s(ways[m]), colour="primary") for m in methods]
    # What a stranger may use before saying who she is (看得清听得清: the text she must read to
    # identify, for this session), below the ways to identify.
    for sid in welcome_services(flow):
        svc = flow.spec.services[sid]
        items.append(Item(sid, flow.t(svc.title), flow.w(svc.speak), kind="service", icon=svc.icon))
    items = numbered(flow, items)
    # The account names its role (志愿者 张建华); the sentence says it already: 志愿者张建华正在协助.
    notes = [s("identify.volunteer_on", name=plain(session.volunteer.get("name", "")))] if session.volunteer else []
    body = frame.hint or s("identify.body")
    screen = Screen("identify", "menu", s("identify.title"), items, focus_of(frame, items), body=body,
                    notes=notes, can_back=False, nav=nav(flow, False))
    return screen, flow.marks.sentences(frame.hint or s("identify.speak"), *notes)


def welcome_services(flow: "FlowEngine") -> list[str]:
    """The services the channel's welcome offers before anyone is identified (menus.yaml)."""
    menus = flow.spec.menus.get(flow.channel)  # type: ignore[call-overload]
    return [sid for sid in (menus.welcome if menus else []) if flow.channel in flow.spec.services[sid].channels]


def select(flow: "FlowEngine", session: Session, frame: IdentifyFrame, event: Event) -> Outcome:
    if frame.stage == "choose" and event.value in welcome_services(flow):
        return flow.open_service(session, flow.spec.services[event.value], from_tile=True)
    if frame.stage == "paused":
        from .nav import help_

        return help_(flow, session, frame, Event("help"))
    if event.value == "keep_id" and frame.stage == "recheck":
        frame.stage, frame.hint = "phone_tail", None   # the four digits she typed stay, to correct
        return []
    if event.value == "retype_id" and frame.stage == "recheck":
        frame.stage, frame.hint, frame.id_number, frame.typed = "id_number", None, "", ""
        return []
    if event.value in ("id_number", "slip"):
        frame.stage, frame.hint, frame.typed = event.value, None, ""
    elif event.value == "volunteer":
        frame.stage, frame.hint, frame.typed = "pin", None, ""
    return []


def typed(flow: "FlowEngine", session: Session, frame: IdentifyFrame, event: Event) -> Outcome:
    if frame.stage not in STAGES or frame.pending:
        return Reply(speech="")
    value = plain_number(event.value) if frame.stage != "slip" else event.value.strip()
    # Kept until the stage is passed: a refusal here or at the centre gives it back to correct.
    frame.typed = value if frame.stage != "slip" else ""
    if frame.stage == "id_number":
        frame.hint = id_number_refusal(flow, value)
        if frame.hint is None:
            frame.id_number, frame.stage, frame.typed = value, "phone_tail", ""
        return []
    if not value or not re.fullmatch(STAGES[frame.stage][2].pattern or r".+", value):
        frame.hint = flow.s("input.pattern")
        return []
    frame.hint = None
    frame.busy_speech = flow.s("identify.checking")
    if frame.stage == "phone_tail" and frame.reference:
        return [flow.intent(session, frame, "identify_by_slip", "identified", reference=frame.reference,
                            phone_tail=value)]
    if frame.stage == "phone_tail":
        return [flow.intent(session, frame, "identify_elder", "identified", id_number=frame.id_number,
                            phone_tail=value)]
    if frame.stage == "slip":
        # A slip found is not its owner: the phone's last four digits still, as with a card.
        frame.reference, frame.stage, frame.id_number = value, "phone_tail", ""
        frame.busy_speech = None
        return []
    return [flow.intent(session, frame, "volunteer_sign_in", "volunteer", pin=value)]


def back(flow: "FlowEngine", session: Session, frame: IdentifyFrame, event: Event) -> Outcome:
    if frame.stage == "phone_tail":
        frame.stage, frame.hint, frame.typed = ("slip" if frame.reference else "id_number"), None, ""
        frame.reference = ""
        return []
    if frame.stage in STAGES or frame.stage == "recheck":
        frame.stage, frame.hint, frame.id_number, frame.typed = "choose", None, "", ""
        return []
    return Reply(speech=flow.screen(session)[1])  # the first screen: say it again


def timeout(flow: "FlowEngine", session: Session, frame: IdentifyFrame, event: Event) -> Outcome:
    from .idle import timeout as idle_timeout

    if frame.stage == "paused":
        frame.stage, frame.failures, frame.hint, frame.typed = "choose", 0, None, ""
        return []
    return idle_timeout(flow, session, frame, event)


def _missed(flow: "FlowEngine", frame: IdentifyFrame, answer: Answer, stage: str) -> Outcome:
    frame.failures += 1
    if frame.failures >= MAX_FAILURES:
        frame.stage, frame.hint, frame.id_number, frame.reference, frame.typed = "paused", None, "", "", ""
        return []
    if stage == "slip":
        frame.typed = ""   # a new scan; a refused tail or PIN stays (号码没错，重输手机尾号: to correct)
    frame.stage = stage
    frame.hint = answer.problem.get("message") or flow.s("identify.not_found")
    return []


def identified(flow: "FlowEngine", session: Session, frame: IdentifyFrame, answer: Answer) -> Outcome:
    if not answer.ok:
        if frame.stage == "phone_tail" and frame.reference:
            frame.reference = ""     # scan the slip again (or use the card)
            return _missed(flow, frame, answer, "slip")
        return _missed(flow, frame, answer, "recheck" if frame.stage == "phone_tail" else frame.stage)
    data = answer.data or {}
    elder = data.get("elder") or data
    session.elder, session.household, session.grant = elder, [elder], data.get("grant")
    session.stack[:] = [MenuFrame(menu_id=flow.spec.menus[flow.channel].home)]
    # Said aloud in a public place: 王阿姨, not her name (nor a masked one: 王星号英).
    name = form_of_address(elder.get("name"), elder.get("gender"), flow.locale)
    greeting = flow.s("identify.welcome", name=name) if name else flow.s("identify.welcome.nameless")
    return Reply(speech=flow.marks.sentences(greeting, flow.screen(session)[1]))


def volunteer_signed_in(flow: "FlowEngine", session: Session, frame: IdentifyFrame, answer: Answer) -> Outcome:
    if not answer.ok:
        return _missed(flow, frame, answer, "pin")
    session.volunteer = dict(answer.data or {})
    frame.stage, frame.failures, frame.hint, frame.typed = "choose", 0, None, ""
    return []
