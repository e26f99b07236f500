"""How things ended: a result (what was booked, in facts and words), a notice, an error with
its way on (再试一次 / 找人工 / 回到首页)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...confirmation import confirmation_notes, confirmation_speech, ended_words, render_facts
from ...lines import sentences_once
from ..build import Outcome, busy, focus_of, nav, numbered
from . import paper
from ..events import Event
from ..frames import ErrorFrame, NoticeFrame, ResultFrame
from ..screens import FactView, Item, Screen
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine


def build_result(flow: "FlowEngine", session: Session, frame: ResultFrame) -> tuple[Screen, str]:
    r = frame.record
    svc = flow.spec.services[frame.service_id]
    # her name, when a family member booked it for her or a shared box booked it for one of two
    whom = flow.owner_named(session, next((e for e in session.household if str(e.get("id")) == str(r.get("elder_id"))),
                                          session.elder))
    public = flow.abilities.public_screen  # others see it: numbers to call masked, given on paper
    facts = [FactView(f.label, f.value, f.emphasis) for f in render_facts(flow.spec, r, flow.locale, whom, public)]
    notes = confirmation_notes(flow.spec, r, flow.locale, whom, public)
    ended = ended_words(flow.spec, r, flow.locale)  # cancelled or failed as it was booked: said first
    notes = [ended, *notes] if ended else notes
    reach = paper.reach(flow, session, frame)
    notes = [*notes, reach] if reach else notes
    more = flow.s("result.more.for_another", elder=whom) if whom and flow.for_another(session.elder) \
        else flow.s("result.more")
    items = [Item("home", flow.s("result.home"), flow.s("result.home")),
             Item("my_requests", more, more)]
    items[1:1] = paper.items(flow, session, frame)
    notes = sentences_once([*notes, frame.printed] if frame.printed else notes)   # each sentence once
    numbered(flow, items)
    if frame.pending:
        return busy(flow, frame, flow.s("print.slip"))
    if ended:  # never 挂号成功 over a booking that no longer stands
        title = f"{flow.service_title(svc.id)} · {flow.record_status(r)}"
    else:
        title = flow.t(svc.confirmation.title) if svc.confirmation else flow.status_word(r["status"])
    screen = Screen(f"result:{svc.id}", "result", title, items, focus_of(frame, items, "home"), facts=facts,
                    notes=notes, status=r.get("status"), service=svc.id, record_id=r.get("id"), nav=nav(flow, True))
    said = confirmation_speech(flow.spec, r, flow.locale, whom, public)
    return screen, flow.marks.sentences(said, *(n for n in notes if n not in said))  # no sentence twice


def select_result(flow: "FlowEngine", session: Session, frame: ResultFrame, event: Event) -> Outcome:
    if event.value == "home":
        del session.stack[1:]
        return []
    if event.value == "my_requests":
        del session.stack[1:]
        return flow.open_service(session, flow.service_of_kind("requests_list"))
    return paper.select(flow, session, frame, event.value) or []


def build_notice(flow: "FlowEngine", session: Session, frame: NoticeFrame) -> tuple[Screen, str]:
    if frame.pending:
        return busy(flow, frame, frame.title)
    items = numbered(flow, [Item("home", flow.s("result.home"), flow.s("result.home"))])
    screen = Screen("notice", "notice", frame.title, items, "home", body=frame.body, status=frame.status,
                    nav=nav(flow, True))
    return screen, frame.speech or frame.body


def select_notice(flow: "FlowEngine", session: Session, frame: NoticeFrame, event: Event) -> Outcome:
    from .nav import back

    if event.value == "home":
        del session.stack[1:]
        return []
    return back(flow, session, frame, Event("back"))


def build_error(flow: "FlowEngine", session: Session, frame: ErrorFrame) -> tuple[Screen, str]:
    if frame.pending:
        return busy(flow, frame, flow.s("error.title"))
    items = []
    if frame.request_id:
        # What she already has: its progress, one press away, where 返回 stands on the others
        # (返回 stays in the nav row): three answers, as every error has, fit a TV's row whole.
        items.append(Item("progress", flow.s("precheck.progress"), flow.s("precheck.progress"), colour="primary"))
    elif frame.retry:
        items.append(Item("retry", flow.s("error.retry"), flow.s("error.retry"), colour="primary"))
    else:
        items.append(Item("back", flow.s("nav.back"), flow.s("nav.back")))
    items += [Item("help", flow.s("nav.help"), flow.s("nav.help.speak")),
              Item("home", flow.s("result.home"), flow.s("result.home"))]
    numbered(flow, items)
    # Refused before its form: the service's own title (申请一键通), not 没有办成 — nothing was tried.
    title = flow.service_title(frame.service_id) if frame.service_id else flow.s("error.title")
    message = hers(flow, session, frame.message)
    screen = Screen(f"error:{frame.code or 'unknown'}", "error", title, items,
                    focus_of(frame, items), body=message, service=frame.service_id, nav=nav(flow, True))
    return screen, flow.marks.sentences(title, message) if frame.service_id else message


def hers(flow: "FlowEngine", session: Session, text: str | None) -> str | None:
    """The centre's sentence pointing to her list by its tile (可以在“我的服务”里查看), to one
    acting for her: the tile as that reader sees it (“王秀英的服务”)."""
    whom = flow.for_another(session.elder)
    if not text or not whom:
        return text
    return text.replace(flow.s("requests.title"), flow.s("requests.title.for_another", elder=whom))


def select_error(flow: "FlowEngine", session: Session, frame: ErrorFrame, event: Event) -> Outcome:
    from .nav import back, help_

    if event.value == "retry" and frame.retry:
        retry = frame.retry
        frame.busy_speech = flow.s("busy.speak")
        return [flow.intent(session, frame, retry["op"], retry["purpose"], retry.get("key"), **retry["args"])]
    if event.value == "help":
        return help_(flow, session, frame, Event("help"))
    if event.value == "home":
        del session.stack[1:]
        return []
    if event.value == "progress" and frame.request_id:
        from .records import open_request

        session.stack.remove(frame)
        return open_request(flow, session, frame.request_id)
    return back(flow, session, frame, Event("back"))
