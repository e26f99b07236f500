"""The flow engine: spec + session + input event → next screen, words to say, API intents.

Plain Python: no Kivy, no Flask, no I/O. Hosts run the returned intents through
:class:`shared_ui.client.CenterClient` (see :mod:`shared_ui.flow.runner`) and feed the answers
back as ``result`` events. That is what makes TV, kiosk and mini-program behave the same and
lets every service be tested without a window.
"""
from __future__ import annotations

from typing import Any

from ..client import new_idempotency_key
from ..i18n import translate
from ..spec.models import Form, Service, Spec
from . import choices as ch
from .render import Renderer
from .screens import Event, Intent, Screen, Step
from .session import (
    AlarmFrame,
    ConfirmFrame,
    DetailFrame,
    ErrorFrame,
    FormFrame,
    Frame,
    ListFrame,
    MenuFrame,
    NoticeFrame,
    Paging,
    ResultFrame,
    Session,
    WhoFrame,
)

CANCELLABLE = {"submitted", "accepted", "in_progress", "confirmed"}


class FlowEngine:
    def __init__(self, spec: Spec, channel: str, locale: str = "zh_CN"):
        self.spec = spec
        self.channel = channel
        self.locale = locale
        self.render = Renderer(self)

    # -- helpers ----------------------------------------------------------------------------
    def t(self, text: str, **kw: Any) -> str:
        out = translate(text, self.locale)
        values = {**self.spec.contact.model_dump(), **kw}
        return out.format(**values) if "{" in out else out

    def s(self, key: str, **kw: Any) -> str:
        return self.t(self.spec.strings[key], **kw)

    def form_of(self, frame: FormFrame) -> Form:
        service = self.spec.services[frame.service_id]
        return self.spec.forms[service.form or ""]

    # -- entry points -----------------------------------------------------------------------
    def start(self, elder: dict[str, Any], locale: str | None = None,
              paging: dict[str, Paging] | None = None,
              household: list[dict[str, Any]] | None = None) -> tuple[Session, Step]:
        """``paging``: how many choices a screen of the channel holds (see :class:`Paging`);
        ``household``: every elder a shared device serves (profiles), ``elder`` among them."""
        session = Session(self.channel, locale or self.locale, elder, paging=dict(paging or {}),
                          household=list(household or []))
        session.stack.append(MenuFrame("menu", menu_id=self.spec.menus[self.channel].home))
        return session, self._step(session)

    def handle(self, session: Session, event: Event) -> Step:
        handler = getattr(self, f"_on_{event.kind}", None)
        if handler is None:
            return self._step(session)
        result = handler(session, event)
        if isinstance(result, Step):
            session.last_speech = result.speech or session.last_speech
            return result
        return self._step(session, intents=result or [])

    def current(self, session: Session) -> Step:
        """The screen as it stands, without speaking anything new."""
        screen, _ = self.render.screen(session)
        return Step(screen, "")

    def _step(self, session: Session, intents: list[Intent] | None = None,
              speech: str | None = None) -> Step:
        screen, said = self.render.screen(session)
        text = said if speech is None else speech
        session.last_speech = text or session.last_speech
        return Step(screen, text, intents or [])

    def _intent(self, session: Session, frame: Frame, op: str, purpose: str,
                key: str | None = None, **args: Any) -> Intent:
        intent = Intent(session.next_intent_id(), op, args, key)
        frame.pending[intent.id] = purpose
        return intent

    # -- global events ----------------------------------------------------------------------
    def _on_home(self, session: Session, event: Event):
        del session.stack[1:]
        return []

    def _on_back(self, session: Session, event: Event):
        frame = session.top
        if isinstance(frame, FormFrame) and not frame.pending:
            if frame.stage == "review" and not frame.reached_review_directly:
                frame.stage, frame.index = "field", len(self.form_of(frame).fields) - 1
                return []
            if frame.stage == "field" and frame.index > 0:
                frame.index -= 1
                return []
        if len(session.stack) == 1:
            # Back never leaves home (and never quits the app): say where the elder is.
            step = self._step(session)
            return Step(step.screen, self.s("home.where"))
        session.stack.pop()
        return self._reload(session)

    def _on_repeat(self, session: Session, event: Event):
        screen, said = self.render.screen(session)
        return Step(screen, session.last_speech or said)

    def _on_timeout(self, session: Session, event: Event):
        # Nothing disappears while the elder reads; a timeout only repeats the prompt.
        return self._on_repeat(session, event)

    def _on_focus(self, session: Session, event: Event):
        frame = session.top
        screen, _ = self.render.screen(session)
        item = screen.item(str(event.value))
        if item is None:
            return Step(screen, "")
        self._remember_focus(frame, item.id)
        screen.focus = item.id
        return Step(screen, item.speak or item.label)

    def _remember_focus(self, frame: Frame, item_id: str) -> None:
        frame.focus = item_id
        if isinstance(frame, FormFrame) and frame.stage == "field":
            frame.focus_by_field[self.form_of(frame).fields[frame.index].id] = item_id

    def _on_digit(self, session: Session, event: Event):
        screen, _ = self.render.screen(session)
        try:
            n = int(event.value)
        except (TypeError, ValueError):
            return Step(screen, "")
        item = next((i for i in screen.items if i.digit == n), None)
        if item is None:
            return Step(screen, "")
        return self._on_select(session, Event("select", item.id))

    def _on_confirm(self, session: Session, event: Event):
        screen, _ = self.render.screen(session)
        target = screen.focus or (screen.items[0].id if screen.items else None)
        if target is None:
            return Step(screen, "")
        return self._on_select(session, Event("select", target))

    def _on_help(self, session: Session, event: Event):
        """The "call a person" entry, the same on every screen (seed 004: one-key human agent)."""
        from_screen = self.render.screen_id(session)
        frame = NoticeFrame("notice", title=self.s("help.done.title"))
        session.stack.append(frame)
        frame.busy_speech = self.s("busy.speak")
        return [self._intent(session, frame, "create_request", "help", new_idempotency_key(),
                             elder_id=session.elder["id"], service="help", mode="call",
                             channel=self.channel,
                             form={"topic": "help", "callback_window": "asap",
                                   "note": f"screen:{from_screen}"})]

    def _on_sos(self, session: Session, event: Event):
        return self._open_service(session, self.spec.services["emergency"])

    def _on_refresh(self, session: Session, event: Event):
        return self._reload(session)

    def _reload(self, session: Session) -> list[Intent]:
        """Fetch again what the top frame shows (lists go stale while the elder is away)."""
        frame = session.top
        if isinstance(frame, ListFrame) and not frame.pending:
            return self._load_list(session, frame)
        return []

    # -- select -------------------------------------------------------------------------------
    def _on_select(self, session: Session, event: Event):
        frame = session.top
        item_id = str(event.value)
        screen, _ = self.render.screen(session)
        if screen.item(item_id) is None or frame.pending:
            return Step(screen, "")
        self._remember_focus(frame, item_id)
        handler = getattr(self, f"_select_{frame.kind}")
        return handler(session, frame, item_id)

    def _select_menu(self, session: Session, frame: MenuFrame, item_id: str):
        if item_id.startswith("menu:"):
            session.stack.append(MenuFrame("menu", menu_id=item_id[5:]))
            return []
        return self._open_service(session, self.spec.services[item_id])

    def _open_service(self, session: Session, service: Service):
        if service.kind == "alarm":
            return self._raise_alarm(session)
        if service.kind in ("requests_list", "messages"):
            frame = ListFrame("list", list_kind="requests" if service.kind == "requests_list" else "messages")
            session.stack.append(frame)
            return self._load_list(session, frame)
        if len(session.household) > 1:
            session.stack.append(WhoFrame("who", service_id=service.id))
            return []
        return self._open_form(session, service, None)

    def _open_form(self, session: Session, service: Service, elder: dict[str, Any] | None):
        form = self.spec.forms[service.form or ""]
        frame = FormFrame("form", service_id=service.id, mode=service.modes[0], auto=form.quick_review,
                          elder=elder)
        session.stack.append(frame)
        return self._advance_form(session, frame)

    def _select_who(self, session: Session, frame: WhoFrame, item_id: str):
        elder = next(e for e in session.household if e.get("id") == item_id)
        return self._open_form(session, self.spec.services[frame.service_id], elder)

    @staticmethod
    def elder_of(session: Session, frame: Frame) -> dict[str, Any]:
        """The elder a frame acts for: whom its form is for, else the device's elder."""
        return getattr(frame, "elder", None) or session.elder

    # -- forms --------------------------------------------------------------------------------
    def _advance_form(self, session: Session, frame: FormFrame) -> list[Intent]:
        """Load what the current field needs; while resolving defaults, skip answered fields."""
        form = self.form_of(frame)
        while frame.index < len(form.fields):
            fld = form.fields[frame.index]
            if fld.id not in frame.loaded:
                reads = ch.reads_for(fld, frame.values, self.elder_of(session, frame))
                if reads:
                    frame.loaded[fld.id] = {}
                    frame.busy_speech = self.s("loading.speak")
                    return [self._intent(session, frame, op, f"load:{fld.id}:{op}", **args)
                            for op, args in reads]
                frame.loaded[fld.id] = {}
            if not frame.auto:
                return []
            options = self.render.options(session, frame, fld)
            default = ch.default_option(fld, options, self.elder_of(session, frame))
            if default is None:
                frame.auto = False
                return []
            self._choose(frame, fld.id, default)
            frame.index += 1
        frame.stage = "review"
        frame.reached_review_directly = frame.auto
        frame.auto = False
        frame.focus = "confirm"
        return []

    def _choose(self, frame: FormFrame, field_id: str, option: ch.Option) -> None:
        form = self.form_of(frame)
        changed = frame.values.get(field_id) != option.value
        frame.values[field_id] = option.value
        # Addresses read better with the place and the address together: 家（长宁区…）.
        with_detail = field_id.endswith("address") and option.detail and option.detail != option.label
        frame.labels[field_id] = f"{option.label}（{option.detail}）" if with_detail else option.label
        if field_id == "destination_address":
            frame.values["_destination_meta"] = option.meta
        if changed:
            # Later answers may depend on this one (departments of a hospital): ask again.
            ids = [f.id for f in form.fields]
            for fid in ids[ids.index(field_id) + 1:]:
                frame.loaded.pop(fid, None)
                frame.page_by_field.pop(fid, None)
                if not frame.auto:
                    frame.values.pop(fid, None)
                    frame.labels.pop(fid, None)

    def _select_form(self, session: Session, frame: FormFrame, item_id: str):
        form = self.form_of(frame)
        if frame.stage == "review":
            if item_id == "confirm":
                return self._submit(session, frame)
            if item_id == "edit":
                frame.stage, frame.index, frame.auto = "field", 0, False
                return self._advance_form(session, frame)
            if item_id == "cancel":
                session.stack.pop()
                return []
            return []
        fld = form.fields[frame.index]
        if item_id in ("page:next", "page:prev"):
            frame.page_by_field[fld.id] = frame.page_by_field.get(fld.id, 0) + (1 if item_id == "page:next" else -1)
            frame.focus_by_field.pop(fld.id, None)
            return []
        options = self.render.options(session, frame, fld)
        option = next((o for o in options if str(o.value) == item_id), None)
        if option is None:
            return []
        self._choose(frame, fld.id, option)
        frame.index += 1
        return self._advance_form(session, frame)

    def _on_input(self, session: Session, event: Event):
        """Typed input (kiosk keyboard, H5 form) for the current field."""
        frame = session.top
        if not isinstance(frame, FormFrame) or frame.stage != "field":
            return []
        fld = self.form_of(frame).fields[frame.index]
        value = str(event.value or "").strip()[: fld.max_length]
        if not value:
            return []
        if fld.type == "count":
            if not value.isdigit() or not (fld.min or 1) <= int(value) <= (fld.max or 9):
                return []
            self._choose(frame, fld.id, ch.Option(int(value), value))
        else:
            self._choose(frame, fld.id, ch.Option(value, value))
        frame.index += 1
        return self._advance_form(session, frame)

    def submission(self, frame: FormFrame) -> dict[str, Any]:
        return {k: v for k, v in frame.values.items() if not k.startswith("_")}

    def _submit(self, session: Session, frame: FormFrame) -> list[Intent]:
        frame.stage = "submitting"
        frame.idempotency_key = frame.idempotency_key or new_idempotency_key()
        service = self.spec.services[frame.service_id]
        frame.busy_speech = self.t(service.submit_speak or self.spec.strings["busy.speak"])
        return [self._intent(session, frame, "create_request", "submit", frame.idempotency_key,
                             elder_id=self.elder_of(session, frame)["id"], service=frame.service_id,
                             mode=frame.mode, channel=self.channel, form=self.submission(frame))]

    # -- lists and details ----------------------------------------------------------------------
    def _load_list(self, session: Session, frame: ListFrame) -> list[Intent]:
        frame.busy_speech = self.s("loading.speak")
        if frame.list_kind == "requests":
            # A shared box shows the whole household's requests: what was booked for 陈志明
            # is "ours" too, and is found where the result screen's 查看我的服务 leads.
            people = [e["id"] for e in session.household] if len(session.household) > 1 else [session.elder["id"]]
            frame.records, frame.loaded = [], False
            return [self._intent(session, frame, "requests", "list", elder_id=elder_id) for elder_id in people]
        return [self._intent(session, frame, "messages", "list", elder_id=session.elder["id"])]

    def _select_list(self, session: Session, frame: ListFrame, item_id: str):
        if item_id in ("page:next", "page:prev"):
            frame.page += 1 if item_id == "page:next" else -1
            frame.focus = item_id if item_id == "page:prev" else None
            return []
        record = next((r for r in frame.records if r["id"] == item_id), None)
        if record is None:
            return []
        detail = DetailFrame("detail", detail_kind="request" if frame.list_kind == "requests" else "message",
                             record=record)
        session.stack.append(detail)
        return []

    def _select_detail(self, session: Session, frame: DetailFrame, item_id: str):
        if item_id == "cancel_request":
            session.stack.append(ConfirmFrame("confirm", purpose="cancel_request", record=frame.record,
                                              focus="no"))
            return []
        if item_id == "ack":
            if frame.record.get("read_at"):
                session.stack.pop()
                return self._reload(session)
            frame.idempotency_key = frame.idempotency_key or new_idempotency_key()
            frame.busy_speech = self.s("busy.speak")
            return [self._intent(session, frame, "ack_message", "ack", frame.idempotency_key,
                                 message_id=frame.record["id"])]
        if item_id == "back":
            return self._on_back(session, Event("back"))
        return []

    def _select_confirm(self, session: Session, frame: ConfirmFrame, item_id: str):
        if item_id == "no":
            session.stack.pop()
            return []
        frame.idempotency_key = frame.idempotency_key or new_idempotency_key()
        frame.busy_speech = self.s("busy.speak")
        return [self._intent(session, frame, "cancel_request", "cancel", frame.idempotency_key,
                             request_id=frame.record["id"])]

    def _select_result(self, session: Session, frame: ResultFrame, item_id: str):
        if item_id == "home":
            return self._on_home(session, Event("home"))
        if item_id == "my_requests":
            del session.stack[1:]
            return self._open_service(session, self.spec.services["my_requests"])
        return []

    def _select_notice(self, session: Session, frame: NoticeFrame, item_id: str):
        return self._on_home(session, Event("home")) if item_id == "home" else self._on_back(session, Event("back"))

    def _select_error(self, session: Session, frame: ErrorFrame, item_id: str):
        if item_id == "retry" and frame.retry:
            retry = frame.retry
            frame.busy_speech = self.s("busy.speak")
            return [self._intent(session, frame, retry["op"], retry["purpose"], retry.get("key"),
                                 **retry["args"])]
        if item_id == "help":
            return self._on_help(session, Event("help"))
        if item_id == "home":
            return self._on_home(session, Event("home"))
        return self._on_back(session, Event("back"))

    # -- emergency ------------------------------------------------------------------------------
    def _raise_alarm(self, session: Session) -> list[Intent]:
        top = session.top
        if isinstance(top, AlarmFrame) and top.state in ("raising", "queued", "raised"):
            return []  # a double press is one alarm
        frame = AlarmFrame("alarm", idempotency_key=new_idempotency_key())
        session.stack.append(frame)
        return [self._intent(session, frame, "raise_alarm", "alarm", frame.idempotency_key,
                             elder_id=session.elder["id"], channel=self.channel)]

    def _select_alarm(self, session: Session, frame: AlarmFrame, item_id: str):
        if item_id == "im_ok":
            frame.state = "cancelled"
            intents = []
            if frame.alarm.get("id"):
                intents.append(self._intent(session, frame, "cancel_alarm", "alarm_cancel",
                                            new_idempotency_key(), alarm_id=frame.alarm["id"]))
            return intents
        if item_id == "home":
            return self._on_home(session, Event("home"))
        return []

    # -- results --------------------------------------------------------------------------------
    def _on_result(self, session: Session, event: Event):
        payload = event.value or {}
        intent_id = payload.get("intent")
        frame = next((f for f in reversed(session.stack) if intent_id in f.pending), None)
        if frame is None:
            return Step(self.render.screen(session)[0], "")  # an answer for a screen already left
        purpose = frame.pending.pop(intent_id)
        if not frame.pending:
            frame.busy_speech = None
        ok = payload.get("ok", False)
        data = payload.get("data")
        error = payload.get("error") or {}
        if purpose.startswith("load:"):
            return self._loaded(session, frame, purpose, ok, data, error)
        return getattr(self, f"_done_{purpose}")(session, frame, ok, data, error)

    def _loaded(self, session, frame: FormFrame, purpose: str, ok: bool, data: Any, error: dict):
        _, field_id, op = purpose.split(":")
        if not ok:
            frame.pending.clear()
            frame.loaded.pop(field_id, None)
            return self._fail(session, error, retry=None)
        frame.loaded.setdefault(field_id, {})[op] = data
        if frame.pending:
            return Step(self.render.screen(session)[0], "")
        fld = self.form_of(frame).fields[frame.index]
        if not self.render.options(session, frame, fld) and fld.type not in ("text", "address"):
            frame.auto = False
        return self._advance_form(session, frame)

    def _fail(self, session: Session, error: dict, retry: dict | None) -> list[Intent]:
        message = error.get("message") or self.s("error.network")
        session.stack.append(ErrorFrame("error", message=message, code=error.get("code", ""),
                                        retry=retry, focus="retry" if retry else "help"))
        return []

    def _done_submit(self, session, frame: FormFrame, ok, data, error):
        if not ok:
            frame.stage = "review"
            if error.get("status", 0) == 0 or error.get("code") == "network":
                retry = {"op": "create_request", "purpose": "submit_retry", "key": frame.idempotency_key,
                         "args": {"elder_id": self.elder_of(session, frame)["id"],
                                  "service": frame.service_id,
                                  "mode": frame.mode, "channel": self.channel,
                                  "form": self.submission(frame)}}
                return self._fail(session, error, retry)
            if error.get("code") == "slot_full":
                # Pick another time: go back to the slot field with fresh choices.
                frame.idempotency_key = None
                frame.stage, frame.auto = "field", False
                frame.index = next(i for i, f in enumerate(self.form_of(frame).fields) if f.type == "time_slot")
                frame.loaded.pop(self.form_of(frame).fields[frame.index].id, None)
                intents = self._advance_form(session, frame)
                return self._fail_keep(session, error, intents)
            frame.idempotency_key = None
            return self._fail(session, error, None)
        return self._show_result(session, frame.service_id, data)

    def _fail_keep(self, session, error, intents):
        session.stack.append(ErrorFrame("error", message=error.get("message", ""), code=error.get("code", ""),
                                        focus="back"))
        return intents

    def _done_submit_retry(self, session, frame: ErrorFrame, ok, data, error):
        if not ok:
            frame.message = error.get("message") or frame.message
            return []
        session.stack.pop()  # the error
        form = session.top
        return self._show_result(session, getattr(form, "service_id", data.get("service")), data)

    def _show_result(self, session: Session, service_id: str, record: dict) -> list[Intent]:
        while len(session.stack) > 1 and isinstance(session.top, (FormFrame, ErrorFrame)):
            session.stack.pop()
        if record.get("status") == "failed":
            failure = record.get("failure") or {}
            return self._fail(session, {"message": failure.get("message"), "code": failure.get("code")}, None)
        session.stack.append(ResultFrame("result", service_id=service_id, record=record, focus="home"))
        return []

    def _done_help(self, session, frame: NoticeFrame, ok, data, error):
        if not ok:
            session.stack.pop()
            return self._fail(session, error, {"op": "create_request", "purpose": "help_retry",
                                               "key": new_idempotency_key(),
                                               "args": {"elder_id": session.elder["id"], "service": "help",
                                                        "mode": "call", "channel": self.channel,
                                                        "form": {"topic": "help", "callback_window": "asap"}}})
        frame.body = self.s("help.done.speak")
        frame.speech = frame.body
        return []

    def _done_help_retry(self, session, frame: ErrorFrame, ok, data, error):
        if not ok:
            return []
        session.stack.pop()
        session.stack.append(NoticeFrame("notice", title=self.s("help.done.title"),
                                         body=self.s("help.done.speak"), speech=self.s("help.done.speak")))
        return []

    def _done_list(self, session, frame: ListFrame, ok, data, error):
        if not ok:
            session.stack.pop()
            return self._fail(session, error, None)
        records = [*frame.records, *(data or [])] if frame.list_kind == "requests" else list(data or [])
        if frame.pending:  # more of the household's lists to come
            frame.records = records
            return []
        if frame.list_kind == "messages":
            records.sort(key=lambda m: m.get("read_at") is not None)  # unread first, order kept
        elif len(session.household) > 1:
            records.sort(key=lambda r: r.get("created_at") or "", reverse=True)  # newest first, as each list is
        frame.records, frame.loaded = records, True
        return []

    def _done_cancel(self, session, frame: ConfirmFrame, ok, data, error):
        if not ok:
            return self._fail(session, error, {"op": "cancel_request", "purpose": "cancel",
                                               "key": frame.idempotency_key,
                                               "args": {"request_id": frame.record["id"]}})
        while len(session.stack) > 1 and not isinstance(session.top, ListFrame):
            session.stack.pop()
        session.stack.append(NoticeFrame("notice", title=self.s("status.cancelled"),
                                         body=self.s("requests.cancelled"),
                                         speech=self.s("requests.cancelled"), status="cancelled"))
        return []

    def _done_ack(self, session, frame: DetailFrame, ok, data, error):
        if not ok:
            return self._fail(session, error, None)
        session.stack.pop()
        return self._reload(session)

    def _done_alarm(self, session, frame: AlarmFrame, ok, data, error):
        if ok:
            frame.state, frame.alarm = "raised", dict(data or {})
            frame.message = frame.alarm.get("speech") or self.s("alarm.raised")  # the centre's words first
        elif error.get("status", 0) == 0 or error.get("queued"):
            frame.state = "queued"
            frame.message = self.s("alarm.queued")
        else:
            frame.state = "failed"
            frame.message = f"{error.get('message', '')}{self.s('alarm.queued')}"
        return []

    def _done_alarm_cancel(self, session, frame: AlarmFrame, ok, data, error):
        frame.message = self.s("alarm.cancelled") if ok else error.get("message", "")
        return []

    def alarm_update(self, session: Session, alarm: dict[str, Any], message: str | None = None) -> Step:
        """A pushed alarm status (event stream) updates the emergency screen."""
        frame = next((f for f in reversed(session.stack) if isinstance(f, AlarmFrame)), None)
        if frame is None:
            return self.current(session)
        frame.alarm = {**frame.alarm, **alarm}
        if alarm.get("status") in ("cancelled", "resolved", "closed"):
            frame.state = "cancelled"
        if message:
            frame.message = message
        return self._step(session)

    # Screens the renderer needs ---------------------------------------------------------------
    def cancellable(self, record: dict) -> bool:
        return record.get("status") in CANCELLABLE
