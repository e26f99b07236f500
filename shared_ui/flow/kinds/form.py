"""A service's form: one field a screen, defaults from the profile, then a review (WCAG 3.3.4)
before anything is booked. With ``quick_review`` a form whose every field has a default goes
straight to the review: the common path is the tile and 确认办理."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...client import new_idempotency_key
from ...confirmation import said_fact
from ...i18n import N_
from ...spec.models import Form, FormField
from .. import choices as ch
from ..build import Outcome, Reply, busy, focus_of, nav, numbered, page_count, paginate, paging, spoken
from ..events import Answer, Event
from ..frames import ErrorFrame, FormFrame
from ..screens import FactView, InputHints, Item, Screen
from ..session import Session

if TYPE_CHECKING:
    from ..engine import FlowEngine

KEYPADS = {"count": "digits", "phone": "phone", "address": "text", "text": "text", "choice": "text",
           "date": "text", "time_slot": "text"}
PHONE = r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}"


def form_of(flow: "FlowEngine", frame: FormFrame) -> Form:
    return flow.spec.forms[flow.spec.services[frame.service_id].form or ""]


def current_field(flow: "FlowEngine", frame: FormFrame) -> FormField:
    return form_of(flow, frame).fields[frame.index]


def options(flow: "FlowEngine", session: Session, frame: FormFrame, fld: FormField) -> list[ch.Option]:
    return ch.build_options(fld, flow.elder_of(session, frame), frame.values, frame.meta,
                            frame.loaded.get(fld.id, {}), session.locale, here=flow.place)


def input_hints(flow: "FlowEngine", fld: FormField) -> InputHints | None:
    if fld.type not in flow.abilities.typed_input:
        return None
    if fld.type == "count":
        lo, hi = fld.min or 1, fld.max or 9
        return InputHints("digits", len(str(hi)), r"\d+", lo, hi)
    if fld.type == "phone":
        return InputHints("phone", 13, fld.pattern or PHONE)
    return InputHints(KEYPADS[fld.type], fld.max_length, fld.pattern)  # type: ignore[arg-type]


# -- the screens ----------------------------------------------------------------------------
def build(flow: "FlowEngine", session: Session, frame: FormFrame) -> tuple[Screen, str]:
    service = flow.spec.services[frame.service_id]
    form = form_of(flow, frame)
    title = flow.t(service.title)
    if frame.pending or frame.stage == "submitting":
        return busy(flow, frame, title, service.id)
    if frame.stage == "review":
        # A fork with one answer that stays is not a fact of the request: being here is the
        # answer (陪诊's 约人陪我看病); one with several (特殊用车: stairs, wheelchair …) is.
        facts = [FactView(flow.t(f.label), frame.labels.get(f.id, ""), emphasis=True)
                 for f in form.fields if f.id in frame.values and not is_bare_fork(f)]
        items = numbered(flow, [
            Item("confirm", flow.s("review.confirm"), flow.s("review.confirm"), colour="success"),
            Item("edit", flow.s("review.edit"), flow.s("review.edit")),
            Item("cancel", flow.s("review.cancel"), flow.s("review.cancel"))])
        # one fact a clause (；), each with its one colon (lines.labelled)
        between = "；" if flow.marks.colon == "：" else "; "
        summary = between.join(said_fact(f.label, f.value, flow.strings.locale) for f in facts)
        screen = Screen(f"review:{service.id}", "review", f"{title} · {flow.s('review.title')}", items,
                        focus_of(frame, items, "confirm"), facts=facts, service=service.id, nav=nav(flow, True))
        return screen, flow.marks.sentences(title, summary, flow.s('review.speak'))
    fld = form.fields[frame.index]
    every = [option_item(flow, o) for o in options(flow, session, frame, fld)]
    wanted = wanted_focus(flow, session, frame, fld)
    fit = paging(flow, session, "field")
    items = numbered(flow, paginate(flow, every, shown_page(flow, session, frame, fld, every), fit))
    focus = next((c for c in wanted if c in {i.id for i in items}), items[0].id if items else None)
    hints = input_hints(flow, fld)
    if hints is not None and frame.hint and frame.typed:   # refused: hers to correct, not to retype
        hints = replace(hints, value=frame.typed[:hints.max_length])
    body = frame.hint or (None if items or hints else
                          flow.t(fld.empty) if fld.empty else flow.s("error.no_options"))
    screen = Screen(f"field:{service.id}:{fld.id}", "field", f"{title} · {flow.t(fld.label)}", items, focus,
                    body=body, service=service.id, progress=progress(form, frame),
                    input=hints, nav=nav(flow, True))
    whom = flow.for_another(flow.elder_of(session, frame))  # 请选择在哪里接王秀英 to her daughter
    lead = flow.marks.sentences(frame.hint or "", flow.for_reader(fld.prompt, whom, "prompt"))
    if items:
        return screen, spoken(flow, screen, lead)
    return screen, flow.marks.sentences(lead, "" if frame.hint or hints else body or "")


def progress(form: Form, frame: FormFrame) -> tuple[int, int] | None:
    """Where this question is among the questions this walk puts to her — counted from the
    screens she is shown, never from the form's fields: those she was shown on this walk, this
    one, and those still to come (on the way to a quick review the asked ones, less any an
    earlier answer gave — 躺担架 answers 上下楼 —; walking the form, every one). A lone question
    has no counter, rather than 第1步，共4步 before the review. The review has none."""
    ids = [f.id for f in form.fields]
    walked = set(frame.shown) | {ids[frame.index]}
    step = sum(1 for i in range(frame.index + 1) if ids[i] in walked)
    later = sum(1 for i in range(frame.index + 1, len(ids)) if ids[i] in walked or will_ask(form.fields[i], frame))
    total = step + later
    return (step, total) if total >= 2 else None


def will_ask(fld: FormField, frame: FormFrame) -> bool:
    """Will this walk put ``fld`` to her (as :func:`advance` decides, as far as it can be known
    before its answers load)?"""
    if not frame.auto:
        return True
    return (fld.asked or is_fork(fld)) and fld.id not in frame.implied


def option_item(flow: "FlowEngine", o: ch.Option) -> Item:
    """An answer as an item. The answers to one question are peers and share one fill: a filled
    one among plain ones reads as the chosen (focused) one — 出院回家 drawn solid yellow on a
    high-contrast TV did. One that hands over to another service shows that service's icon;
    only an alarm's (急病叫救护车, 一键救援 itself) keeps its colour, as the SOS tile everywhere."""
    opened = flow.spec.services.get(o.opens or "")
    return Item(str(o.value), o.label, o.speak or flow.marks.clauses(o.label, o.detail or ""),
                kind="option", detail=o.detail, icon=opened.icon if opened else None,
                colour=opened.colour if opened and opened.kind == "alarm" else None)


def is_fork(fld: FormField) -> bool:
    """An answer of this field may leave the form for another service."""
    return any(o.opens for o in fld.options)


def is_bare_fork(fld: FormField) -> bool:
    """A fork whose only answer that stays in the form says nothing the review must show."""
    return is_fork(fld) and sum(1 for o in fld.options if not o.opens) <= 1


def last_asked_index(form: Form, skip: "set[str] | frozenset[str]" = frozenset()) -> int | None:
    """The last field put to the user even on a quick review (a fork, or one marked asked);
    ``skip``: fields an earlier answer gave (not put to her)."""
    return next((i for i in reversed(range(len(form.fields)))
                 if (form.fields[i].asked or is_fork(form.fields[i])) and form.fields[i].id not in skip), None)


UNSURE = "unknown"  # the option value meaning 不清楚 in every spec form


def wanted_focus(flow: "FlowEngine", session: Session, frame: FormFrame, fld: FormField) -> list[str]:
    """Where focus goes on a field, best first: where the user was, the answer, the default."""
    offered = options(flow, session, frame, fld)
    default = ch.default_option(fld, offered, flow.elder_of(session, frame))
    current = str(frame.values[fld.id]) if fld.id in frame.values else None
    # A question one may not know the answer to (家庭经济情况: 低保、低收入…) waits on 不清楚: OK
    # pressed through must not declare something (the first option) she never chose.
    unsure = next((str(o.value) for o in offered if str(o.value) == UNSURE), None)
    return [c for c in (frame.focus_by_field.get(fld.id), current, str(default.value) if default else None,
                        unsure) if c]


def shown_page(flow: "FlowEngine", session: Session, frame: FormFrame, fld: FormField,
               every: list[Item]) -> int:
    """The page chosen by the user, else the one holding the answer the focus would go to."""
    if fld.id in frame.page_by_field:
        return frame.page_by_field[fld.id]
    fit = paging(flow, session, "field")
    ids = [i.id for i in every]
    return next((ids.index(c) // fit.page_size for c in wanted_focus(flow, session, frame, fld) if c in ids
                 and len(ids) > fit.fits), 0)


# -- moving through the form ----------------------------------------------------------------
def advance(flow: "FlowEngine", session: Session, frame: FormFrame) -> list:
    """Load what the current field needs; while resolving defaults, skip answered fields."""
    form = form_of(flow, frame)
    elder = flow.elder_of(session, frame)
    while frame.index < len(form.fields):
        fld = form.fields[frame.index]
        if fld.id not in frame.loaded:
            reads = ch.reads_for(fld, frame.values, frame.meta, elder)
            frame.loaded[fld.id] = {}
            if reads:
                frame.busy_speech = flow.s("loading.speak")
                return [flow.intent(session, frame, op, f"load:{fld.id}:{op}", **args) for op, args in reads]
        if not frame.auto or ((fld.asked or is_fork(fld)) and fld.id not in frame.values):
            if fld.id not in frame.shown:
                frame.shown.append(fld.id)  # put to her on this walk (the counter counts it)
            return []
        every = options(flow, session, frame, fld)
        # No default, but answered before (walked back from a quick review): keep that answer.
        default = ch.default_option(fld, every, elder) or next(
            (o for o in every if fld.id in frame.values and o.value == frame.values[fld.id]), None)
        if default is None:
            frame.auto = False
            if fld.id not in frame.shown:
                frame.shown.append(fld.id)
            return []
        choose(flow, frame, fld, default)
        frame.index += 1
    frame.stage = "review"
    frame.reached_review_directly = frame.auto
    frame.auto = False
    frame.focus = "confirm"
    return []


def choose(flow: "FlowEngine", frame: FormFrame, fld: FormField, option: ch.Option) -> None:
    changed = frame.values.get(fld.id) != option.value
    frame.values[fld.id] = option.value
    frame.meta[fld.id] = dict(option.meta)
    frame.hint, frame.typed = None, ""
    # An address reads better with the place and the address together: 家（长宁区…）; a
    # time that starts a window with the window: 上午8:00（8:00到10:00之间）.
    with_detail = (fld.type == "address" or option.meta.get("window")) and option.detail \
        and option.detail != option.label
    frame.labels[fld.id] = f"{option.label}（{option.detail}）" if with_detail else option.label
    if changed:
        # Later answers may depend on this one (departments of a hospital): ask again.
        ids = [f.id for f in form_of(flow, frame).fields]
        for later in ids[ids.index(fld.id) + 1:]:
            frame.loaded.pop(later, None)
            frame.page_by_field.pop(later, None)
            if not frame.auto or frame.implied.get(later) == fld.id:
                for answers in (frame.values, frame.labels, frame.meta):
                    answers.pop(later, None)
                frame.implied.pop(later, None)
    imply(flow, frame, fld, option)


def imply(flow: "FlowEngine", frame: FormFrame, fld: FormField, option: ch.Option) -> None:
    """The later answers this one gives (躺担架 → 要人背我上下楼): set, and not asked on the way
    to the review; asked again, like any answer, when she walks back through the form."""
    chosen = next((o for o in fld.options if o.value == str(option.value)), None)
    for target, value in (chosen.implies.items() if chosen else ()):
        later = next(f for f in form_of(flow, frame).fields if f.id == target)
        answer = next(o for o in later.options if o.value == value)
        frame.values[target] = answer.value
        frame.labels[target] = flow.t(answer.label)
        frame.meta[target] = {}
        frame.implied[target] = fld.id


def select(flow: "FlowEngine", session: Session, frame: FormFrame, event: Event) -> Outcome:
    item_id = event.value
    if frame.stage == "review":
        if item_id == "confirm":
            return submit(flow, session, frame)
        if item_id == "edit":
            frame.stage, frame.index, frame.auto = "field", 0, False
            frame.shown = []  # a new walk: the counter counts its own questions
            return advance(flow, session, frame)
        if item_id == "cancel":
            session.stack.pop()
        return []
    fld = current_field(flow, frame)
    if item_id in ("page:next", "page:prev"):
        every = options(flow, session, frame, fld)
        page = shown_page(flow, session, frame, fld, [Item(str(o.value), o.label) for o in every])
        page += 1 if item_id == "page:next" else -1
        frame.page_by_field[fld.id] = max(0, min(page, page_count(len(every), paging(flow, session, "field")) - 1))
        frame.focus_by_field.pop(fld.id, None)
        return []
    option = next((o for o in options(flow, session, frame, fld) if str(o.value) == item_id), None)
    if option is None:
        return []
    if option.opens and option.opens in flow.spec.services:
        # The form stays below: 不用呼叫 comes back to the question.
        return flow.open_service(session, flow.spec.services[option.opens], from_tile=True)
    choose(flow, frame, fld, option)
    frame.index += 1
    return advance(flow, session, frame)


def typed(flow: "FlowEngine", session: Session, frame: FormFrame, event: Event) -> Outcome:
    """Typed input (kiosk keypad, H5 form) for the current field; a refusal is said and shown."""
    if frame.stage != "field" or frame.pending:
        return Reply(speech="")
    fld = current_field(flow, frame)
    hints = input_hints(flow, fld)
    if hints is None:
        return Reply(speech="")
    value = re.sub(r"\s+", "" if hints.keypad in ("digits", "phone") else " ", event.value).strip()
    problem = refusal(flow, fld, hints, value)
    if problem:
        frame.hint, frame.typed = problem, value
        return []
    answer: Any = int(value) if fld.type == "count" else value
    choose(flow, frame, fld, ch.Option(answer, flow.t(N_("{n}人"), n=answer) if fld.type == "count" else value))
    frame.index += 1
    return advance(flow, session, frame)


def refusal(flow: "FlowEngine", fld: FormField, hints: InputHints, value: str) -> str | None:
    if not value:
        return flow.s("input.empty")
    if len(value) > hints.max_length:
        return flow.s("input.too_long", n=hints.max_length)
    if hints.pattern and not re.fullmatch(hints.pattern, value):
        return flow.s("input.phone" if hints.keypad == "phone" else "input.pattern")
    if hints.keypad == "digits" and (hints.min is not None and hints.max is not None) \
            and not hints.min <= int(value) <= hints.max:
        return flow.s("input.range", min=hints.min, max=hints.max)
    return None


def back(flow: "FlowEngine", session: Session, frame: FormFrame, event: Event) -> Outcome:
    if not frame.pending:
        asked = last_asked_index(form_of(flow, frame), skip=set(frame.implied))
        if frame.stage == "review" and frame.reached_review_directly and asked is not None:
            # Defaults answered the rest: back is the last question that was asked (特殊用车's
            # 上下楼 after 怎么坐车); back again walks to the one before.
            frame.stage, frame.index, frame.auto = "field", asked, True
            return []
        if frame.stage == "review" and not frame.reached_review_directly:
            frame.stage, frame.index = "field", len(form_of(flow, frame).fields) - 1
            return []
        if frame.stage == "field" and frame.index > 0:
            frame.index -= 1
            frame.hint, frame.typed = None, ""
            return []
    from .nav import back as leave

    return leave(flow, session, frame, event)


def submission(frame: FormFrame) -> dict[str, Any]:
    return dict(frame.values)


def submitted_as(flow: "FlowEngine", frame: FormFrame) -> str:
    """The centre's service the request is (a service may be another way into one)."""
    return flow.spec.services[frame.service_id].submits_as or frame.service_id


def request_args(flow: "FlowEngine", session: Session, frame: FormFrame) -> dict[str, Any]:
    return flow.request_args(session, flow.elder_of(session, frame), submitted_as(flow, frame), frame.mode,
                             submission(frame), dict(frame.labels))


def submit(flow: "FlowEngine", session: Session, frame: FormFrame) -> list:
    frame.stage = "submitting"
    frame.idempotency_key = frame.idempotency_key or new_idempotency_key()
    service = flow.spec.services[frame.service_id]
    whom = flow.for_another(session.elder)  # her name, when a family member sends it for her
    frame.busy_speech = (flow.said_for(service.submit_speak, whom) if service.submit_speak
                         else flow.s("busy.speak"))
    return [flow.intent(session, frame, "create_request", "submit", frame.idempotency_key,
                        **request_args(flow, session, frame))]


def precheck(flow: "FlowEngine", session: Session, frame: FormFrame) -> list:
    """Before the first question: may she file it now? (the centre's dry run of the refusals
    its filing would give for a reason known already)."""
    frame.stage = "precheck"
    frame.busy_speech = flow.s("loading.speak")
    return [flow.intent(session, frame, "precheck", "precheck", elder_id=flow.elder_of(session, frame)["id"],
                        service=submitted_as(flow, frame))]


# -- answers --------------------------------------------------------------------------------
def prechecked(flow: "FlowEngine", session: Session, frame: FormFrame, answer: Answer) -> Outcome:
    """Refused: said at once, in the centre's words (what she has, where it stands, what to do),
    with 查看进度 when she has one. Allowed, or the centre could not say (unreachable): the
    form opens — the filing checks again, and its refusal is the safety net."""
    data = answer.data if answer.ok and isinstance(answer.data, dict) else {}
    if answer.ok and data.get("may_file") is False:
        session.stack.remove(frame)
        session.stack.append(ErrorFrame(message=flow.from_centre(data.get("message")) or flow.s("error.network"),
                                        code=data.get("code") or "", service_id=frame.service_id,
                                        request_id=data.get("request_id"),
                                        focus="progress" if data.get("request_id") else "back"))
        return []
    frame.stage = "field"
    return advance(flow, session, frame)


def loaded(flow: "FlowEngine", session: Session, frame: FormFrame, answer: Answer, purpose: str) -> Outcome:
    _, field_id, op = purpose.split(":")
    if not answer.ok:
        frame.pending.clear()
        frame.loaded.pop(field_id, None)
        return flow.fail(session, answer.problem, retry=None)
    frame.loaded.setdefault(field_id, {})[op] = answer.data
    if frame.pending:
        return Reply(speech="")
    fld = current_field(flow, frame)
    if not options(flow, session, frame, fld) and input_hints(flow, fld) is None:
        frame.auto = False
    return advance(flow, session, frame)


def submitted(flow: "FlowEngine", session: Session, frame: FormFrame, answer: Answer) -> Outcome:
    if answer.ok:
        return flow.show_result(session, submitted_as(flow, frame), answer.data)
    error = answer.problem
    frame.stage = "review"
    if error.get("status", 0) == 0 or error.get("code") == "network":
        retry = {"op": "create_request", "purpose": "submit_retry", "key": frame.idempotency_key,
                 "args": request_args(flow, session, frame)}
        return flow.fail(session, error, retry)
    ask_again = flow.spec.services[frame.service_id].ask_again.get(error.get("code", ""))
    frame.idempotency_key = None
    if ask_again:
        # A refusal a new answer can fix (the slot was taken): that field, with fresh choices.
        fields = [f.id for f in form_of(flow, frame).fields]
        frame.stage, frame.auto, frame.index = "field", False, fields.index(ask_again)
        frame.loaded.pop(ask_again, None)
        frame.page_by_field.pop(ask_again, None)
        intents = advance(flow, session, frame)
        session.stack.append(ErrorFrame(message=error.get("message", ""), code=error.get("code", ""), focus="back"))
        return intents
    return flow.fail(session, error, None)


def submit_retried(flow: "FlowEngine", session: Session, frame: ErrorFrame, answer: Answer) -> Outcome:
    if not answer.ok:
        frame.message = answer.problem.get("message") or frame.message
        return []
    session.stack.remove(frame)
    form = session.top
    return flow.show_result(session, getattr(form, "service_id", (answer.data or {}).get("service")), answer.data)
