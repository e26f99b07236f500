"""Turn the top frame of a session into a :class:`Screen` and the sentence that goes with it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import N_
from ..confirmation import confirmation_notes, confirmation_speech, format_value, render_facts
from ..spec.models import MAX_ITEMS_PER_SCREEN, FormField
from . import choices as ch
from .screens import FactView, Item, Screen
from .session import (
    AlarmFrame,
    ConfirmFrame,
    DetailFrame,
    ErrorFrame,
    FormFrame,
    ListFrame,
    MenuFrame,
    NoticeFrame,
    Paging,
    ResultFrame,
    Session,
    WhoFrame,
)

if TYPE_CHECKING:
    from .engine import FlowEngine

SERVICE_NAMES = {"help": N_("找人工")}


class Renderer:
    def __init__(self, engine: "FlowEngine"):
        self.e = engine

    # -- shared pieces ----------------------------------------------------------------------
    def nav(self, can_back: bool) -> list[Item]:
        s = self.e.s
        items = [Item("repeat", s("nav.repeat"), s("nav.repeat")),
                 Item("help", s("nav.help"), s("nav.help.speak"))]
        if can_back:
            items.insert(0, Item("back", s("nav.back"), s("nav.back")))
        return items

    def options(self, session: Session, frame: FormFrame, fld: FormField) -> list[ch.Option]:
        loaded = frame.loaded.get(fld.id, {})
        return ch.build_options(fld, self.e.elder_of(session, frame), frame.values, loaded, session.locale)

    def screen_id(self, session: Session) -> str:
        return self.screen(session)[0].id

    def _busy(self, frame, title: str, service: str | None = None) -> tuple[Screen, str]:
        speech = frame.busy_speech or self.e.s("busy.speak")
        return Screen("busy", "busy", title, body=speech, service=service, can_back=True,
                      nav=self.nav(True)), speech

    @staticmethod
    def paging(session: Session, kind: str) -> Paging:
        return session.paging.get(kind) or Paging(MAX_ITEMS_PER_SCREEN, MAX_ITEMS_PER_SCREEN - 2)

    def paginate(self, items: list[Item], page: int, paging: Paging) -> tuple[list[Item], int]:
        """All the items when they fit one screen; else a page of them and the way to the
        pages before and after (MIIT 适老化: few choices per screen, six at most)."""
        if len(items) <= paging.fits:
            return items, 0
        size = paging.page_size
        pages = -(-len(items) // size)
        page = max(0, min(page, pages - 1))
        visible = items[page * size:(page + 1) * size]
        if page > 0:
            visible.append(Item("page:prev", self.e.t(N_("上一页")), self.e.t(N_("上一页")), kind="page"))
        if page < pages - 1:
            visible.append(Item("page:next", self.e.t(N_("下一页")), self.e.t(N_("下一页")), kind="page"))
        return visible, page

    @staticmethod
    def _numbered(items: list[Item]) -> list[Item]:
        for n, item in enumerate(items, start=1):
            if n <= 9:
                item.digit = n
        return items

    @staticmethod
    def _focus(frame, items: list[Item], preferred: str | None = None) -> str | None:
        ids = [i.id for i in items]
        for candidate in (frame.focus, preferred):
            if candidate in ids:
                return candidate
        return ids[0] if ids else None

    def screen(self, session: Session) -> tuple[Screen, str]:
        frame = session.top
        return getattr(self, f"_{frame.kind}")(session, frame)

    # -- per frame kind ----------------------------------------------------------------------
    def _who(self, session: Session, frame: WhoFrame) -> tuple[Screen, str]:
        """Whom the service is for, by name: the elders who share the device (an option screen,
        so every channel draws it as it draws a form field)."""
        e = self.e
        title = f"{self._service_title(frame.service_id)} · {e.s('who.title')}"
        items = self._numbered([Item(str(p.get("id")), p.get("name", ""), p.get("name", ""), kind="option")
                                for p in session.household])
        focus = self._focus(frame, items)
        screen = Screen(f"who:{frame.service_id}", "field", title, items, focus,
                        service=frame.service_id, nav=self.nav(True))
        focused = screen.item(focus) if focus else None
        return screen, e.s("who.speak") + (focused.speak if focused else "")

    def _menu(self, session: Session, frame: MenuFrame) -> tuple[Screen, str]:
        e = self.e
        menu = e.spec.menus[e.channel].menus[frame.menu_id]
        items = []
        for entry in menu.items:
            if entry.startswith("menu:"):
                sub = e.spec.menus[e.channel].menus[entry[5:]]
                items.append(Item(entry, e.t(sub.title), e.t(sub.speak), kind="menu"))
                continue
            svc = e.spec.services[entry]
            items.append(Item(svc.id, e.t(svc.title), e.t(svc.speak), kind="service",
                              icon=svc.icon, colour=svc.colour))
        self._numbered(items)
        focus = self._focus(frame, items)
        is_home = len(session.stack) == 1
        screen = Screen(frame.menu_id if is_home else f"menu:{frame.menu_id}", "menu", e.t(menu.title),
                        items, focus, can_back=not is_home, nav=self.nav(not is_home))
        focused = screen.item(focus) if focus else None
        return screen, f"{e.t(menu.speak)}{focused.speak if focused else ''}"

    def _form(self, session: Session, frame: FormFrame) -> tuple[Screen, str]:
        e = self.e
        service = e.spec.services[frame.service_id]
        form = e.form_of(frame)
        title = e.t(service.title)
        if frame.pending or frame.stage == "submitting":
            return self._busy(frame, title, service.id)
        if frame.stage == "review":
            facts = [FactView(e.t(f.label), frame.labels.get(f.id, ""), emphasis=True)
                     for f in form.fields if f.id in frame.values]
            items = [Item("confirm", e.s("review.confirm"), e.s("review.confirm"), colour="success"),
                     Item("edit", e.s("review.edit"), e.s("review.edit")),
                     Item("cancel", e.s("review.cancel"), e.s("review.cancel"))]
            self._numbered(items)
            summary = "，".join(f"{f.label}{f.value}" for f in facts)
            screen = Screen(f"review:{service.id}", "review", f"{title} · {e.s('review.title')}", items,
                            self._focus(frame, items, "confirm"), facts=facts, service=service.id,
                            nav=self.nav(True))
            return screen, f"{title}。{summary}。{e.s('review.speak')}"
        fld = form.fields[frame.index]
        options = self.options(session, frame, fld)
        every = [Item(str(o.value), o.label, o.speak or (f"{o.label}，{o.detail}" if o.detail else o.label),
                      kind="option", detail=o.detail) for o in options]
        remembered = frame.focus_by_field.get(fld.id)
        current = str(frame.values[fld.id]) if fld.id in frame.values else None
        default = ch.default_option(fld, options, self.e.elder_of(session, frame))
        wanted = [c for c in (remembered, current, str(default.value) if default else None) if c]
        paging = self.paging(session, "field")
        page = frame.page_by_field.get(fld.id)
        if page is None:  # open on the page that holds the answer we would focus
            ids = [i.id for i in every]
            page = next((ids.index(c) // paging.page_size for c in wanted if c in ids), 0)
        items, frame.page_by_field[fld.id] = self.paginate(every, page, paging)
        self._numbered(items)
        focus = next((c for c in wanted if c in {i.id for i in items}), items[0].id if items else None)
        typed = fld.type if session.channel in ("kiosk", "miniprogram") and fld.type in (
            "address", "text", "phone", "count") else None
        body = None if items else e.s("error.no_options")
        screen = Screen(f"field:{service.id}:{fld.id}", "field", f"{title} · {e.t(fld.label)}", items, focus,
                        body=body, service=service.id, progress=(frame.index + 1, len(form.fields)),
                        accepts_input=typed, nav=self.nav(True))
        focused = screen.item(focus) if focus else None
        speech = e.t(fld.prompt) + (focused.speak if focused else (body or ""))
        return screen, speech

    def _list(self, session: Session, frame: ListFrame) -> tuple[Screen, str]:
        e = self.e
        is_requests = frame.list_kind == "requests"
        title = e.s("requests.title" if is_requests else "messages.title")
        if frame.pending or not frame.loaded:
            return self._busy(frame, title)
        names = {e.get("id"): e.get("name", "") for e in session.household} if len(session.household) > 1 else {}
        records = [self._request_item(r, names.get(r.get("elder_id"))) if is_requests else self._message_item(r)
                   for r in frame.records]
        items, frame.page = self.paginate(records, frame.page, self.paging(session, "list"))
        self._numbered(items)
        focus = self._focus(frame, items)
        body = None if frame.records else e.s("list.empty")
        screen = Screen(f"list:{frame.list_kind}", "list", title, items, focus, body=body, nav=self.nav(True))
        focused = screen.item(focus) if focus else None
        count = e.t(N_("共{n}项。"), n=len(frame.records))
        return screen, f"{title}。{count if frame.records else body}{focused.speak if focused else ''}"

    def _service_title(self, service_id: str) -> str:
        svc = self.e.spec.services.get(service_id)
        return self.e.t(svc.title) if svc else self.e.t(SERVICE_NAMES.get(service_id, service_id))

    def _status(self, status: str) -> str:
        key = f"status.{status}"
        return self.e.s(key) if key in self.e.spec.strings else status

    def _request_item(self, r: dict, whose: str | None = None) -> Item:
        """``whose``: the elder's name, on a device a household shares."""
        res = r.get("result") or {}
        when = res.get("start") or res.get("pickup_time")
        bits = [format_value(when, "datetime", self.e.locale) if when else "",
                res.get("hospital_name") or res.get("destination_address") or ""]
        detail = " ".join(b for b in bits if b) or None
        title = self._service_title(r["service"])
        status = self._status(r["status"])
        label = f"{whose} · {title} · {status}" if whose else f"{title} · {status}"
        said = self.e.t(N_("{name}的{service}"), name=whose, service=title) if whose else title
        speak = f"{said}，{status}。"
        return Item(r["id"], label, f"{speak}{detail or ''}", kind="record", detail=detail)

    def _message_item(self, m: dict) -> Item:
        unread = not m.get("read_at")
        badge = self.e.s("messages.unread") if unread else None
        return Item(m["id"], m["title"], f"{badge + '，' if badge else ''}{m['title']}", kind="record",
                    detail=format_value(m.get("due_at") or m.get("created_at"), "datetime", self.e.locale),
                    badge=badge)

    def _detail(self, session: Session, frame: DetailFrame) -> tuple[Screen, str]:
        e = self.e
        r = frame.record
        if frame.pending:
            return self._busy(frame, e.s("messages.title"))
        if frame.detail_kind == "message":
            items = [Item("ack", e.s("messages.ack"), e.s("messages.ack"), colour="success")]
            self._numbered(items)
            screen = Screen("detail:message", "detail", r["title"], items, "ack", body=r["body"],
                            nav=self.nav(True))
            return screen, f"{r['title']}。{r.get('speech') or r['body']}"
        facts = [FactView(f.label, f.value, f.emphasis) for f in render_facts(e.spec, r, e.locale)]
        status = self._status(r["status"])
        items = []
        if e.cancellable(r):
            items.append(Item("cancel_request", e.s("requests.cancel"), e.s("requests.cancel"), colour="warning"))
        items.append(Item("back", e.s("nav.back"), e.s("nav.back")))
        self._numbered(items)
        title = self._service_title(r["service"])
        failure = (r.get("failure") or {}).get("message")
        screen = Screen(f"detail:request", "detail", f"{title} · {status}", items, self._focus(frame, items, "back"),
                        facts=facts, status=r["status"], service=r["service"], body=failure, nav=self.nav(True))
        said = confirmation_speech(e.spec, r, e.locale) if r["status"] in ("confirmed", "completed") else ""
        return screen, f"{title}，{status}。{said or failure or ''}"

    def _confirm(self, session: Session, frame: ConfirmFrame) -> tuple[Screen, str]:
        e = self.e
        if frame.pending:
            return self._busy(frame, e.s("requests.cancel"))
        items = [Item("yes", e.s("requests.cancel.yes"), e.s("requests.cancel.yes"), colour="danger"),
                 Item("no", e.s("requests.cancel.no"), e.s("requests.cancel.no"))]
        self._numbered(items)
        title = self._service_title(frame.record.get("service", ""))
        screen = Screen("confirm:cancel", "confirm", e.s("requests.cancel.ask"), items,
                        self._focus(frame, items, "no"), body=title, nav=self.nav(True))
        return screen, f"{e.s('requests.cancel.ask')}{title}。"

    def _result(self, session: Session, frame: ResultFrame) -> tuple[Screen, str]:
        e = self.e
        r = frame.record
        svc = e.spec.services[frame.service_id]
        facts = [FactView(f.label, f.value, f.emphasis) for f in render_facts(e.spec, r, e.locale)]
        notes = confirmation_notes(e.spec, r, e.locale)
        items = [Item("home", e.s("result.home"), e.s("result.home")),
                 Item("my_requests", e.s("result.more"), e.s("result.more"))]
        self._numbered(items)
        title = e.t(svc.confirmation.title) if svc.confirmation else self._status(r["status"])
        screen = Screen(f"result:{svc.id}", "result", title, items, self._focus(frame, items, "home"),
                        facts=facts, notes=notes, status=r.get("status"), service=svc.id, nav=self.nav(True))
        return screen, confirmation_speech(e.spec, r, e.locale) + "".join(notes)

    def _notice(self, session: Session, frame: NoticeFrame) -> tuple[Screen, str]:
        e = self.e
        if frame.pending:
            return self._busy(frame, frame.title)
        items = [Item("home", e.s("result.home"), e.s("result.home"))]
        self._numbered(items)
        screen = Screen("notice", "notice", frame.title, items, "home", body=frame.body, status=frame.status,
                        nav=self.nav(True))
        return screen, frame.speech or frame.body

    def _error(self, session: Session, frame: ErrorFrame) -> tuple[Screen, str]:
        e = self.e
        if frame.pending:
            return self._busy(frame, e.s("error.title"))
        items = []
        if frame.retry:
            items.append(Item("retry", e.s("error.retry"), e.s("error.retry"), colour="primary"))
        else:
            items.append(Item("back", e.s("nav.back"), e.s("nav.back")))
        items += [Item("help", e.s("nav.help"), e.s("nav.help.speak")),
                  Item("home", e.s("result.home"), e.s("result.home"))]
        self._numbered(items)
        screen = Screen(f"error:{frame.code or 'unknown'}", "error", e.s("error.title"), items,
                        self._focus(frame, items), body=frame.message, nav=self.nav(True))
        return screen, frame.message

    def _alarm(self, session: Session, frame: AlarmFrame) -> tuple[Screen, str]:
        e = self.e
        message = frame.message or e.s("alarm.raising")
        if frame.state == "cancelled":
            items = [Item("home", e.s("result.home"), e.s("result.home"))]
        else:
            items = [Item("im_ok", e.s("alarm.ok"), e.s("alarm.ok"), colour="success")]
        self._numbered(items)
        screen = Screen("alarm", "alarm", e.s("alarm.title"), items, items[0].id, body=message,
                        status=frame.state, service="emergency", can_back=True, nav=self.nav(True))
        return screen, message
