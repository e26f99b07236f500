"""我的服务 and 消息: a list of the elder's requests or messages, one in full (detail), and the
yes/no question before a booking is cancelled (the safe answer focused)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...client import new_idempotency_key
from ...confirmation import (confirmation_speech, ended_undone, ended_words, fact_value, format_value, render_facts,
                             request_data, stage_of)
from ...i18n import N_
from ...lines import as_value, summary
from . import paper
from ..acting import BOOK, acts_for_another, may, may_answer
from ..build import (Outcome, Reply, busy, clamp_page, focus_of, list_pages, nav, numbered, paginate, paginate_list,
                     paging, spoken)
from ..events import Answer, Event
from ..frames import ConfirmFrame, DetailFrame, ListFrame, NoticeFrame
from ..screens import FactView, Item, Screen
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine

CANCELLABLE = {"submitted", "accepted", "in_progress", "confirmed"}
# 投诉 / 异议 (seed 001 五（三）): about a provider's service that was booked or done. What was
# wrong is one press from a fixed list (never a text box on a TV), or 请人工回电.
COMPLAINABLE = {"confirmed", "completed"}
COMPLAINT_REASONS = ("late", "rude", "wrong_fee", "other")
CALL_BACK = "call_back"


def complainable(flow: "FlowEngine", record: dict) -> bool:
    service = flow.spec.services.get(record.get("service", ""))
    return record.get("status") in COMPLAINABLE and service is not None and service.fulfilled_by == "provider"


def cancellable(record: dict) -> bool:
    """Open, and not refused by the centre beforehand (a refill's parcel on its way)."""
    return record.get("status") in CANCELLABLE and record.get("cancellable", True) is not False


# -- the list -------------------------------------------------------------------------------
def load(flow: "FlowEngine", session: Session, frame: ListFrame) -> list:
    frame.busy_speech = flow.s("loading.speak")
    frame.records, frame.loaded = [], False
    if frame.list_kind == "requests":
        # A shared box shows the whole household's requests: what was booked for 陈志明
        # is "ours" too, and is found where the result screen's 查看我的服务 leads.
        people = [e["id"] for e in session.household] if len(session.household) > 1 else [session.elder["id"]]
        return [flow.intent(session, frame, "requests", "list", elder_id=elder_id) for elder_id in people]
    return [flow.intent(session, frame, "messages", "list", elder_id=session.elder["id"])]


def open_request(flow: "FlowEngine", session: Session, request_id: str) -> list:
    """我的服务 with one request open on it (查看进度): back from it is the list."""
    frame = ListFrame(list_kind="requests", open_id=request_id, focus=request_id)
    session.stack.append(frame)
    return load(flow, session, frame)


def build_list(flow: "FlowEngine", session: Session, frame: ListFrame) -> tuple[Screen, str]:
    is_requests = frame.list_kind == "requests"
    whom = flow.for_another(session.elder)  # a family member's list is hers: 王秀英的服务
    title = flow.s("requests.title.for_another", elder=whom) if is_requests and whom else \
        flow.s("requests.title" if is_requests else "messages.title")
    if frame.pending or not frame.loaded:
        return busy(flow, frame, title)
    items = numbered(flow, paginate_list(flow, list_rows(flow, session, frame), frame.page,
                                         paging(flow, session, "list")))
    body = None if frame.records else flow.s("list.empty")
    screen = Screen(f"list:{frame.list_kind}", "list", title, items, focus_of(frame, items), body=body,
                    nav=nav(flow, True))
    count = flow.t(N_("共{n}项。"), n=len(frame.records))
    return screen, spoken(flow, screen, flow.marks.sentences(title, count if frame.records else body or ""))


def list_rows(flow: "FlowEngine", session: Session, frame: ListFrame) -> list[Item]:
    """The list's rows, every one (the page shown is cut from them: build.list_pages)."""
    names = {e.get("id"): e.get("name", "") for e in session.household} if len(session.household) > 1 else {}
    return [request_item(flow, r, names.get(r.get("elder_id"))) if frame.list_kind == "requests"
            else message_item(flow, r) for r in frame.records]


def _page_of(flow: "FlowEngine", session: Session, frame: ListFrame, page: int, record_id: str | None = None) -> int:
    """``page`` kept within the list's pages; with ``record_id``, the page that shows it."""
    pages = list_pages(list_rows(flow, session, frame), paging(flow, session, "list"))
    if record_id is not None:
        page = next((n for n, rows in enumerate(pages) if any(r.id == record_id for r in rows)), page)
    return max(0, min(page, len(pages) - 1))


def request_item(flow: "FlowEngine", r: dict, whose: str | None = None) -> Item:
    """One row of 我的服务: title · status, and what the service declares as its summary (when,
    where). ``whose``: the elder's name, on a device a household shares."""
    service = flow.spec.services.get(r.get("service", ""))
    wanted = service.summary if service else []
    formats = {f.key: f.format for f in service.confirmation.facts} if service and service.confirmation else {}
    names = {f.key: flow.t(f.label) for f in service.confirmation.facts} if service and service.confirmation else {}
    data = request_data(flow.spec, r, flow.locale)
    # A row has room for the short form of a time (明天 上午9:30), never a cut long one; where two
    # values read alike (审核中 审核中) each says whose it is (lines.summary).
    shown = [(names.get(k, ""), format_value(fact_value(data, k, formats.get(k, "text"), locale=flow.locale, short=True),
                                             "day_time" if formats.get(k) == "datetime" else formats.get(k, "text"),
                                             flow.locale)) for k in wanted]
    detail = summary(shown, english=flow.locale.startswith("en")) or None
    if ended_undone(r):
        detail = None  # its time and place no longer stand: the row says only where it ended
    title = flow.service_title(r["service"])
    status = flow.record_status(r)
    label = f"{whose} · {title} · {status}" if whose else f"{title} · {status}"
    said = flow.t(N_("{name}的{service}"), name=whose, service=title) if whose else title
    m = flow.marks
    return Item(r["id"], label, m.sentences(m.sentence(m.clauses(said, status)), detail or ""), kind="record",
                detail=detail)


def message_item(flow: "FlowEngine", m: dict) -> Item:
    badge = flow.s("messages.unread") if not m.get("read_at") else None
    title = flow.from_centre(m["title"])
    return Item(m["id"], title, flow.marks.clauses(badge or "", title), kind="record",
                detail=format_value(m.get("due_at") or m.get("created_at"), "day_time", flow.locale), badge=badge)


def select_list(flow: "FlowEngine", session: Session, frame: ListFrame, event: Event) -> Outcome:
    item_id = event.value
    if item_id in ("page:next", "page:prev"):
        page = frame.page + (1 if item_id == "page:next" else -1)
        frame.page = _page_of(flow, session, frame, page)
        frame.focus = item_id if item_id == "page:prev" else None
        return []
    record = next((r for r in frame.records if r["id"] == item_id), None)
    if record is None:
        return []
    kind = "request" if frame.list_kind == "requests" else "message"
    session.stack.append(DetailFrame(detail_kind=kind, record=record))
    return []


def listed(flow: "FlowEngine", session: Session, frame: ListFrame, answer: Answer) -> Outcome:
    if not answer.ok:
        session.stack.remove(frame)
        return flow.fail(session, answer.problem, None)
    records = [*frame.records, *(answer.data or [])] if frame.list_kind == "requests" else list(answer.data or [])
    if frame.pending:  # more of the household's lists to come
        frame.records = records
        return Reply(speech="")
    if frame.list_kind == "messages":
        # What asks her something first (it waits on her answer), then the unread; order kept.
        records.sort(key=lambda m: (not m.get("answers"), m.get("read_at") is not None))
    elif len(session.household) > 1:
        records.sort(key=lambda r: r.get("created_at") or "", reverse=True)  # newest first, as each list is
    frame.records, frame.loaded = records, True
    frame.page = _page_of(flow, session, frame, frame.page)
    opened = next((r for r in records if r.get("id") == frame.open_id), None) if frame.open_id else None
    frame.open_id = None
    if opened is not None:
        frame.page = _page_of(flow, session, frame, frame.page, opened.get("id"))
        session.stack.append(DetailFrame(detail_kind="request", record=opened))
    return []


# -- one record -----------------------------------------------------------------------------
def build_detail(flow: "FlowEngine", session: Session, frame: DetailFrame) -> tuple[Screen, str]:
    r = frame.record
    if frame.pending:
        return busy(flow, frame, flow.s("messages.title" if frame.detail_kind == "message" else "print.slip"))
    if frame.detail_kind == "message":
        from .popup import answer_items

        answers = answer_items(flow, r) if may_answer(session.elder, r) else []
        items = numbered(flow, [*answers,
                                Item("ack", flow.s("messages.ack"), flow.s("messages.ack"), colour="success")])
        # Where the message says what OK does (同意请按确定), OK does it here too, as on its
        # pop-up — not 知道了, which left the question unanswered. Else (解除绑定, 回访's 满意) an
        # answer is never the default: 知道了.
        from .popup import told_answer

        said = told_answer(r, answers)
        title, body = flow.message_text(r["title"]), flow.message_body(r)
        # A family member answering a return visit for her answers as her (亲友代办): said so.
        notes = [flow.s("visit.for_another", elder=flow.for_another(session.elder))] \
            if answers and r.get("kind") == "return_visit" and acts_for_another(session.elder) else []
        screen = Screen("detail:message", "detail", title, items, focus_of(frame, items, "ack", told=said),
                        body=body, record_id=r["id"], nav=nav(flow, True), notes=notes)
        # The centre's speech already begins with the title (挂号成功。王阿姨…), as a pop-up says it.
        return screen, flow.message_speech(r)
    whom = flow.owner_named(session, _elder_of_record(session, r))  # her name, to her family or spouse
    public = flow.abilities.public_screen  # others see it: numbers to call masked, given on paper
    facts = [FactView(f.label, f.value, f.emphasis) for f in render_facts(flow.spec, r, flow.locale, whom, public)]
    status = flow.record_status(r)
    items = []
    items += paper.items(flow, session, frame)
    if cancellable(r) and may(_elder_of_record(session, r), BOOK):
        items.append(Item("cancel_request", flow.s("requests.cancel"), flow.s("requests.cancel"), colour="warning"))
    if complainable(flow, r) and may(_elder_of_record(session, r), BOOK):
        items.append(Item("complain", flow.s("requests.complain"), flow.s("requests.complain")))
    items.append(Item("back", flow.s("nav.back"), flow.s("nav.back")))
    numbered(flow, items)

    title = flow.service_title(r["service"])
    failure = (r.get("failure") or {}).get("message")
    reach = paper.reach(flow, session, frame) if r["status"] in ("confirmed", "completed") else None
    ended = ended_words(flow.spec, r, flow.locale)  # where it ended first, never its old booking
    body = "\n".join(x for x in (ended, failure, frame.printed, reach) if x) or None
    screen = Screen("detail:request", "detail", f"{title} · {status}", items, focus_of(frame, items, "back"),
                    facts=facts, status=r["status"], service=r["service"], body=body, record_id=r["id"],
                    nav=nav(flow, True))
    said = confirmation_speech(flow.spec, r, flow.locale, whom, public) \
        if r["status"] in ("confirmed", "completed") or stage_of(flow.spec, r) else ""
    m = flow.marks
    return screen, m.sentences(m.sentence(m.clauses(title, status)), ended, said or failure or "", reach or "")


def _elder_of_record(session: Session, record: dict) -> dict | None:
    return next((e for e in session.household if str(e.get("id")) == str(record.get("elder_id"))), session.elder)


def select_detail(flow: "FlowEngine", session: Session, frame: DetailFrame, event: Event) -> Outcome:
    from .nav import back, reload

    if event.value == "cancel_request":
        session.stack.append(ConfirmFrame(purpose="cancel_request", record=frame.record, focus="no"))
        return []
    if event.value == "complain":
        session.stack.append(ConfirmFrame(purpose="complain", record=frame.record))
        return []
    if str(event.value).startswith("answer:"):
        from .popup import answer_intent, answer_opens

        opens = answer_opens(flow, frame.record, str(event.value))
        if opens is not None:
            return flow.open_service(session, opens)

        frame.busy_speech = flow.s("busy.speak")
        return [answer_intent(flow, session, frame, "answer_detail", frame.record, event.value)]
    if event.value == "ack":
        if frame.record.get("read_at"):
            session.stack.pop()
            return reload(flow, session)
        frame.idempotency_key = frame.idempotency_key or new_idempotency_key()
        frame.busy_speech = flow.s("busy.speak")
        return [flow.intent(session, frame, "ack_message", "ack", frame.idempotency_key,
                            message_id=frame.record["id"])]
    if event.value == "back":
        return back(flow, session, frame, Event("back"))
    return paper.select(flow, session, frame, event.value) or []


def acknowledged(flow: "FlowEngine", session: Session, frame: DetailFrame, answer: Answer) -> Outcome:
    from .nav import reload

    if not answer.ok:
        return flow.fail(session, answer.problem, None)
    session.stack.remove(frame)
    return reload(flow, session)


def answered_in_detail(flow: "FlowEngine", session: Session, frame: DetailFrame, answer: Answer) -> Outcome:
    """An answer given from 消息 (同意, 解除绑定 …): back to the list, saying what the centre said."""
    if not answer.ok:
        return flow.fail(session, answer.problem, None)
    session.stack.remove(frame)
    answered_in_list(session, frame.record.get("id"))
    said = (answer.data or {}).get("speech") if isinstance(answer.data, dict) else None
    return Reply(speech=said or "")


def answered_in_list(session: Session, message_id: str | None) -> None:
    """The list under the answer shows it answered (no reload: the centre's words are said,
    not drowned by the list's); the next visit to 消息 loads it afresh."""
    for frame in session.stack:
        if isinstance(frame, ListFrame) and frame.list_kind == "messages":
            for record in frame.records:
                if record.get("id") == message_id:
                    record["answers"] = []
                    record["read_at"] = record.get("read_at") or "answered"


# -- cancel? --------------------------------------------------------------------------------
def naming(flow: "FlowEngine", r: dict) -> str:
    """What names this booking so it is not mistaken for another (the service's ``names``, else
    its summary): 12月7日（周一）上午10:00 上海市第六人民医院 心内科."""
    service = flow.spec.services.get(r.get("service", ""))
    keys = (service.names or service.summary) if service else []
    formats = {f.key: f.format for f in service.confirmation.facts} if service and service.confirmation else {}
    data = request_data(flow.spec, r, flow.locale)
    return " ".join(v for k in keys if (v := format_value(
        fact_value(data, k, formats.get(k, "text"), locale=flow.locale, short=True), formats.get(k, "text"), flow.locale)))


def _trips(flow: "FlowEngine", trips: list) -> str:
    return flow.marks.items(t.get("words") for t in trips)


def build_confirm(flow: "FlowEngine", session: Session, frame: ConfirmFrame) -> tuple[Screen, str]:
    if frame.purpose == "complain":
        return build_complain(flow, session, frame)
    if frame.pending:
        return busy(flow, frame, flow.s("requests.cancel"))
    items = numbered(flow, [Item("yes", flow.s("requests.cancel.yes"), flow.s("requests.cancel.yes"), colour="danger"),
                            Item("no", flow.s("requests.cancel.no"), flow.s("requests.cancel.no"))])
    title = flow.service_title(frame.record.get("service", ""))
    what = naming(flow, frame.record)
    named = flow.t(N_("{service}：{what}"), service=title, what=as_value(what)) if what else title
    linked = frame.record.get("linked") or []
    # A car or a companion going to this visit goes with it: she is told so before she says yes.
    along = flow.t(N_("去这次看病的{trips}也一起取消。"), trips=_trips(flow, linked)) if linked else ""
    body = "\n".join(x for x in (named, along) if x)
    screen = Screen("confirm:cancel", "confirm", flow.s("requests.cancel.ask"), items, focus_of(frame, items, "no"),
                    body=body, record_id=frame.record.get("id"), nav=nav(flow, True))
    return screen, flow.marks.sentences(flow.s("requests.cancel.ask"), flow.marks.sentence(named), along)


def _also(frame: ConfirmFrame) -> list[str]:
    return [str(t["id"]) for t in frame.record.get("linked") or [] if t.get("id")]


def select_confirm(flow: "FlowEngine", session: Session, frame: ConfirmFrame, event: Event) -> Outcome:
    if event.value == "no":
        session.stack.pop()
        return []
    if frame.purpose == "complain":
        return select_complain(flow, session, frame, event)
    frame.idempotency_key = frame.idempotency_key or new_idempotency_key()
    frame.busy_speech = flow.s("busy.speak")
    args = {"request_id": frame.record["id"], **({"also": _also(frame)} if _also(frame) else {})}
    return [flow.intent(session, frame, "cancel_request", "cancel", frame.idempotency_key, **args)]


def cancelled(flow: "FlowEngine", session: Session, frame: ConfirmFrame, answer: Answer) -> Outcome:
    if not answer.ok:
        return flow.fail(session, answer.problem, {"op": "cancel_request", "purpose": "cancel_retry",
                                                   "key": frame.idempotency_key,
                                                   "args": {"request_id": frame.record["id"],
                                                            **({"also": _also(frame)} if _also(frame) else {})}})
    return _show_cancelled(flow, session, frame.record, answer.data)


def cancel_retried(flow: "FlowEngine", session: Session, frame, answer: Answer) -> Outcome:
    """The 再试一次 of a cancel that did not get through."""
    if not answer.ok:
        frame.message = answer.problem.get("message") or frame.message
        return []
    asked = next((f for f in reversed(session.stack) if isinstance(f, ConfirmFrame)), None)
    return _show_cancelled(flow, session, asked.record if asked else {}, answer.data)


def cancelled_words(flow: "FlowEngine", record: dict, answered: object, whom: str | None = None) -> str:
    """已为您取消。, with the trips to the visit cancelled along and those still coming (the
    centre's answer lists what is still linked): never a car left coming unsaid."""
    still = list((answered or {}).get("linked") or []) if isinstance(answered, dict) else []
    kept = {t.get("id") for t in still}
    along = [t for t in record.get("linked") or [] if t.get("id") not in kept]
    words = [flow.s("requests.cancelled.for_another", elder=whom) if whom else flow.s("requests.cancelled")]
    if along:
        words.append(flow.t(N_("去这次看病的{trips}也一起取消了。"), trips=_trips(flow, along)))
    if still:
        words.append(flow.t(N_("去这次看病的{trips}还约着，不用的话请在我的服务里取消。"), trips=_trips(flow, still)))
    return flow.marks.sentences(*words)


def _show_cancelled(flow: "FlowEngine", session: Session, record: dict | None = None,
                    answered: object = None) -> Outcome:
    """Back to the list the request was chosen from, with "已为您取消" over it."""
    while len(session.stack) > 1 and not isinstance(session.top, ListFrame):
        session.stack.pop()
    whom = flow.for_another(_elder_of_record(session, record or {}))
    done = cancelled_words(flow, record or {}, answered, whom)
    session.stack.append(NoticeFrame(title=flow.status_word("cancelled"), body=done, speech=done, status="cancelled"))
    return []


# -- 投诉 -------------------------------------------------------------------------------------
def build_complain(flow: "FlowEngine", session: Session, frame: ConfirmFrame) -> tuple[Screen, str]:
    """What was wrong with this service: one question, drawn as every channel draws a form's
    choices (options, paged at her text size); Back (返回) is the way out without complaining."""
    title = flow.s("complain.ask")
    if frame.pending:
        return busy(flow, frame, title)
    items = [Item(f"reason:{c}", flow.s(f"answer.{c}"), flow.s(f"answer.{c}"), kind="option")
             for c in (*COMPLAINT_REASONS, CALL_BACK)]
    fit = paging(flow, session, "field")
    frame.page = clamp_page(frame.page, len(items), fit)
    shown = numbered(flow, paginate(flow, items, frame.page, fit))
    what = naming(flow, frame.record)
    service = flow.service_title(frame.record.get("service", ""))
    named = flow.t(N_("{service}：{what}"), service=service, what=as_value(what)) if what else service
    whom = flow.for_another(_elder_of_record(session, frame.record))
    body = flow.s("complain.body.for_another", elder=whom) if whom else flow.s("complain.body")
    screen = Screen("field:complain:reason", "field", title, shown, focus_of(frame, shown),
                    body=body, service=frame.record.get("service"), record_id=frame.record.get("id"),
                    nav=nav(flow, True))
    m = flow.marks
    return screen, spoken(flow, screen, m.sentences(title, m.sentence(named), body))


def select_complain(flow: "FlowEngine", session: Session, frame: ConfirmFrame, event: Event) -> Outcome:
    if event.value in ("page:next", "page:prev"):
        fit = paging(flow, session, "field")
        frame.page = clamp_page(frame.page + (1 if event.value == "page:next" else -1), 5, fit)
        frame.focus = None
        return []
    chosen = str(event.value).removeprefix("reason:")
    if chosen not in (*COMPLAINT_REASONS, CALL_BACK):
        return []
    frame.idempotency_key = frame.idempotency_key or new_idempotency_key()
    frame.busy_speech = flow.s("busy.speak")
    reasons = [] if chosen == CALL_BACK else [chosen]
    return [flow.intent(session, frame, "file_complaint", "complained", frame.idempotency_key,
                        request_id=frame.record["id"], reasons=reasons, call_back=chosen == CALL_BACK)]


def complained(flow: "FlowEngine", session: Session, frame: ConfirmFrame, answer: Answer) -> Outcome:
    """Back to the request, with the centre's words over it (收到了，…处理结果会告诉您)."""
    if not answer.ok:
        return flow.fail(session, answer.problem, None)
    if frame in session.stack:
        session.stack.remove(frame)
    said = flow.from_centre((answer.data or {}).get("speech") if isinstance(answer.data, dict) else "")
    said = said or flow.s("complain.filed")
    session.stack.append(NoticeFrame(title=flow.s("complain.filed.title"), body=said, speech=said))
    return []
