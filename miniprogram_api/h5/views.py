"""The H5 pages. Each asks the centre as the signed-in member (``g.member.centre``); what the
centre refuses is shown as its own sentence on an error page."""
from __future__ import annotations

from typing import Any

from flask import (Response, flash, g, get_flashed_messages, make_response, redirect, render_template,
                   request, session, url_for)
from flask_babel import gettext as _

from accessibility.slips.reference import ReferenceExpired, ReferenceTampered, SlipReferenceError
from accessibility.slips.renderer import SlipError
from shared_ui.client import CenterError, new_idempotency_key
from shared_ui.flow.events import EventRefused
from shared_ui.flow.json_entry import UnknownSession
from shared_ui.flow.kinds import records
from shared_ui.flow.kinds.menu import offered_to, services_under
from shared_ui.punctuation import marks
from shared_ui.spec import load_spec

from .. import parents, slips
from ..backend import backend, centre_call, from_centre
from ..errors import ApiError
from ..flows import json_flow
from ..i18n import current_locale
from ..logins.errors import LoginError
from . import display, look
from .blueprint import COOKIE, bp, error_page, page, safe_next, signed_in
from .forms import CODE_FORM, RELATIONS, ActionForm, BindForm, CodeForm, ContactForm, NoteForm, ProfileForm

PRESETS = ("visit_sunday", "call_me", "take_medicine", "eat_well", "love_you")


def _flow():
    return json_flow(backend().database, g.login.id, g.member.centre, current_locale(), backend().sos)


def _render(template: str, **context: Any) -> Any:
    response = make_response(render_template(template, **context))
    for key in ("fs", "theme", "lang"):
        value = request.args.get(key)
        if value and look.valid(key, value):
            response.set_cookie(key, value, max_age=365 * 86400, samesite="Lax", httponly=True)
    return response


# -- signing in -------------------------------------------------------------------------------
@bp.get("/")
def root() -> Any:
    return redirect(url_for("h5.home"), 302)


@bp.get("/h5/login")
def login() -> Any:
    if signed_in() is not None:
        return redirect(safe_next(request.args.get("next")), 303)
    return _render("h5/login.html", next=safe_next(request.args.get("next")),
                   ssb=backend().ssb is not None, for_slip=request.args.get("why") == "slip")


@bp.get("/h5/login/ssb")
def ssb_begin() -> Any:
    ssb = backend().ssb
    if ssb is None:
        return error_page(404, _("这个服务没有开通随申办登录。"))
    auth = ssb.begin(url_for("h5.ssb_callback", _external=True))
    session["oauth"] = {"state": auth.state, "verifier": auth.code_verifier,
                        "next": safe_next(request.args.get("next"))}
    return redirect(auth.url, 303)


@bp.get("/h5/login/ssb/callback")
def ssb_callback() -> Any:
    b = backend()
    waiting = session.pop("oauth", None) or {}
    if b.ssb is None:
        return error_page(404)
    try:
        who = b.ssb.finish(request.args.get("code", ""), url_for("h5.ssb_callback", _external=True),
                           waiting.get("verifier"), request.args.get("state"),
                           expected_state=waiting.get("state") or "")
    except LoginError as exc:
        return error_page(exc.status, exc.message)
    login_row, token, _family = centre_call(b.members.sign_in, "ssb", who.subject, name=who.name,
                                            phone=who.phone)
    response = redirect(safe_next(waiting.get("next")), 303)
    response.set_cookie(COOKIE, token, max_age=b.settings.login_ttl_s, httponly=True, samesite="Lax",
                        secure=b.settings.cookie_always_secure or request.is_secure)
    return response


@bp.post("/h5/logout")
@page
def logout() -> Any:
    backend().members.sign_out(g.login)
    response = redirect(url_for("h5.login"), 303)
    response.delete_cookie(COOKIE)
    return response


# -- the member and their parents ---------------------------------------------------------------
@bp.get("/h5/")
@page
def home() -> Any:
    me = centre_call(g.member.centre.family_me)
    if not me.get("name"):
        return redirect(url_for("h5.profile"), 303)
    cards = []
    for b in me["bindings"]:
        if b["status"] != "active":
            continue
        state = centre_call(g.member.centre.checkin, b["elder_id"])
        alarms = centre_call(g.member.centre.alarms_of, b["elder_id"], "open", 5)
        cards.append({"binding": b, "checkin": state, "checkin_words": parents.checkin_words(state),
                      "alarms": alarms})
    waiting = [b for b in me["bindings"] if b["status"] == "pending"]
    return _render("h5/home.html", me=me, cards=cards, waiting=waiting)


@bp.route("/h5/profile", methods=["GET", "POST"])
@page
def profile() -> Any:
    form = ProfileForm()
    if form.validate_on_submit():
        centre_call(g.member.centre.update_family_me, name=form.name.data.strip())
        backend().members.update(g.login, name=form.name.data.strip())
        return redirect(url_for("h5.home"), 303)
    if request.method == "GET" and g.login.name:
        form.name.data = g.login.name
    return _render("h5/profile.html", form=form), 200 if request.method == "GET" else 422


@bp.get("/h5/bind")
@page
def bind_form() -> Any:
    # ?how=code: back from showing the code on the TV, the code's field is the one shown.
    how = request.args.get("how") if request.args.get("how") in ("phone", "code") else "phone"
    return _render("h5/bind.html", form=BindForm(formdata=None, data={"how": how}),
                   code_form=CodeForm(formdata=None, prefix=CODE_FORM))


@bp.post("/h5/bind")
@page
def bind_submit() -> Any:
    form = BindForm()
    if not form.validate():
        return _render("h5/bind.html", form=form, code_form=CodeForm(formdata=None, prefix=CODE_FORM)), 422
    permissions = ["view", "book", "alerts"] if form.book.data == "yes" else ["view", "alerts"]
    try:
        if form.how.data == "code":
            found, _new = g.member.centre.start_binding(
                form.relation.data, code="".join(form.code.data.split()), permissions=permissions)
        else:
            found, _new = g.member.centre.start_binding(
                form.relation.data, elder_phone=form.elder_phone.data,
                elder_name=form.elder_name.data.strip(), permissions=permissions)
    except CenterError as exc:  # a refusal is shown on the form, in the centre's words
        form.how.errors = [exc.message]
        return _render("h5/bind.html", form=form, code_form=CodeForm(formdata=None, prefix=CODE_FORM)), \
            exc.status if 400 <= exc.status < 500 else 503
    return redirect(url_for("h5.binding", binding_id=found["id"]), 303)


@bp.post("/h5/bind/code")
@page
def bind_code() -> Any:
    form = CodeForm(prefix=CODE_FORM)
    if not form.validate():
        return _render("h5/bind.html", form=BindForm(formdata=None, data={"how": "code"}), code_form=form), 422
    centre_call(g.member.centre.show_family_code, form.elder_phone.data, form.elder_name.data.strip())
    flash(_("如果手机号和姓名都对，老人的电视上已经显示了绑定码（10分钟内有效）。请老人把码告诉您，填在下面。"))
    return redirect(url_for("h5.bind_form", how="code"), 303)


@bp.get("/h5/bindings/<binding_id>")
@page
def binding(binding_id: str) -> Any:
    found = centre_call(g.member.centre.binding, binding_id)
    template = "h5/_binding_state.html" if request.args.get("partial") else "h5/binding.html"
    return _render(template, b=found, form=ActionForm())


@bp.post("/h5/bindings/<binding_id>/revoke")
@page
def revoke(binding_id: str) -> Any:
    centre_call(g.member.centre.revoke_binding, binding_id, "家属在网页上解除", new_idempotency_key())
    return redirect(url_for("h5.binding", binding_id=binding_id), 303)


# -- one parent -----------------------------------------------------------------------------------
def _binding_of(elder_id: str, needs: str = "view") -> dict[str, Any]:
    """The member's active binding to the elder, carrying ``needs``. Pages offer only what the
    binding allows; this answers a hand-typed address the same way the centre would."""
    for b in centre_call(g.member.centre.family_me)["bindings"]:
        if b["elder_id"] == elder_id and b["status"] == "active":
            if not parents.may(b, needs):
                raise ApiError(403, "forbidden", _("绑定时您选了“只查看”，不能替老人办理或修改。"))
            return b
    raise ApiError(403, "forbidden", _("您还没有绑定这位老人，或者老人还没有同意。"))


@bp.get("/h5/elders/<elder_id>")
@page
def elder(elder_id: str) -> Any:
    b = _binding_of(elder_id)
    found = parents.status(g.member, elder_id)
    try:
        page = max(0, int(request.args.get("page", "1")) - 1)
    except ValueError:
        page = 0
    # As the flow holds her, acting for her: the per-elder rules of the channels' menus apply to
    # the page's 帮老人办 too (no 申请一键通 once her package is installed).
    acting = parents.as_acting(centre_call(g.member.centre.elder, elder_id).as_dict(), b, g.member) \
        if parents.may(b, "book") else None
    return _render("h5/elder.html", b=b, s=found, progress=look.progress(found["requests"], page),
                   visits=parents.visits(found, b["elder_name"]), acting=acting)


@bp.post("/h5/elders/<elder_id>/call")
@page
def call_parent(elder_id: str) -> Any:
    _binding_of(elder_id, "book")
    _found, created = parents.ask_for_a_call(g.member, elder_id)
    flash(_("已请话务员给老人打电话，接通后会在办理进度里告诉您。") if created else
          _("已经请话务员给老人打电话了，正在安排，接通后会在办理进度里告诉您。"))
    return redirect(safe_next(request.form.get("next")) if request.form.get("next")
                    else url_for("h5.elder", elder_id=elder_id), 303)


@bp.get("/h5/elders/<elder_id>/do/<service>")
@page
def start_service(elder_id: str, service: str) -> Any:
    """Open a service for the parent: the engine's home for them, then its tile."""
    b = _binding_of(elder_id, "book")
    elder_profile = parents.as_acting(centre_call(g.member.centre.elder, elder_id).as_dict(), b, g.member)
    flow = _flow()
    started = flow.start(elder_profile, household=[elder_profile], locale=current_locale())
    spec = load_spec()
    if service in spec.services and not offered_to(elder_profile, spec.services[service]):
        # Not offered to her (an older page, a typed address): said why, never a menu without it.
        return error_page(409, _not_offered_why(elder_id, service, b["elder_name"]))
    path = _tiles_to(started["screen"]["items"], service)
    if path is None:
        return error_page(404)
    step = started
    for tile in path:  # through 更多服务 when the service sits in it
        step = flow.send(step["session"], {"kind": "select", "value": tile})
    _said(step)
    return redirect(url_for("h5.flow_screen", key=step["session"]), 303)


def _not_offered_why(elder_id: str, service: str, name: str) -> str:
    """Why a service is not offered to her, in the centre's words when it has a refusal for
    her (家里已经装了一键通（套餐B），不用再申请了。), else that she has it already."""
    try:
        found = g.member.centre.precheck(elder_id, service)
    except CenterError:
        found = {}
    return found.get("message") or _("%(name)s已经有了，不用再办。", name=name)


def _tiles_to(home: list[dict[str, Any]], service: str) -> list[str] | None:
    """The tiles to press from home to open ``service`` (a sub-menu's, then its own)."""
    tiles = {i["id"] for i in home}
    if service in tiles:
        return [service]
    menus = load_spec().menus["miniprogram"]
    return next(([m, service] for m in tiles if m.startswith("menu:") and service in services_under(menus, m[5:])),
                None)


def _said(step: dict[str, Any]) -> None:
    if step.get("speech"):
        flash(step["speech"], "speech")


@bp.get("/h5/flow/<key>")
@page
def flow_screen(key: str) -> Any:
    flow = _flow()
    try:
        step = flow.screen(key)
        if step["screen"].get("refresh_after_s"):  # it waits on the centre: ask, then show
            step = flow.send(key, {"kind": "refresh"})
    except UnknownSession:
        return error_page(404, _("页面已过期，请重新打开。"))
    speech = " ".join(get_flashed_messages(category_filter=["speech"]))
    return _render("h5/screen.html", key=key, screen=step["screen"], speech=speech, form=ActionForm(),
                   elder=step.get("elder"))


@bp.post("/h5/flow/<key>")
@page
def flow_event(key: str) -> Any:
    kind = request.form.get("kind", "")
    value: Any = request.form.get("value")
    if kind == "input":
        value = request.form.get("text", "")
    try:
        step = _flow().send(key, {"kind": kind, "value": value})
    except UnknownSession:
        return error_page(404, _("页面已过期，请重新打开。"))
    except EventRefused:
        return error_page(422, _("这个操作现在不能用。"))
    _said(step)
    return redirect(url_for("h5.flow_screen", key=step["session"]), 303)


@bp.get("/h5/requests/<request_id>")
@page
def request_page(request_id: str) -> Any:
    record = parents.request_of(g.member, request_id)
    elder_profile = centre_call(g.member.centre.elder, record["elder_id"]).as_dict()
    b = _binding_of(record["elder_id"])
    return _render("h5/request.html", r=record, elder=elder_profile, form=ActionForm(),
                   facts=look.request_facts(record, elder_profile), said=look.request_said(record, elder_profile),
                   ended=look.request_ended(record),
                   steps=look.request_steps(record),
                   cancellable=records.cancellable(record) and parents.may(b, "book"))


def _trips(linked: list[dict]) -> str:
    """The trips to a visit in the page's language (the centre's structured words), joined with its
    marks: 出租车（车牌沪A·12345，上午9点来接）、陪诊 / Taxi (…), escort."""
    from shared_ui.message_words import trip

    locale = current_locale()
    return marks(locale).items(trip(t, locale) for t in linked)


@bp.get("/h5/requests/<request_id>/cancel")
@page
def cancel_confirm(request_id: str) -> Any:
    """确定要取消吗？ — with what would be cancelled; 不取消 is the first, safe answer."""
    record = parents.request_of(g.member, request_id)
    _binding_of(record["elder_id"], "book")
    if not records.cancellable(record):
        return redirect(url_for("h5.request_page", request_id=request_id), 303)
    elder_profile = centre_call(g.member.centre.elder, record["elder_id"]).as_dict()
    return _render("h5/cancel.html", r=record, elder=elder_profile, form=ActionForm(),
                   facts=look.request_facts(record, elder_profile), trips=_trips(record.get("linked") or []))


@bp.post("/h5/requests/<request_id>/cancel")
@page
def cancel_request(request_id: str) -> Any:
    record = parents.request_of(g.member, request_id)
    _binding_of(record["elder_id"], "book")
    # The trips to this visit the page showed go with it; any still linked are said.
    shown = {t.get("id") for t in record.get("linked") or []}
    also = [i for i in request.form.getlist("also") if i in shown]
    answered = centre_call(g.member.centre.cancel_request, request_id, new_idempotency_key(), also or None).as_dict()
    still = answered.get("linked") or []
    kept = {t.get("id") for t in still}
    along = [t for t in record.get("linked") or [] if t.get("id") in also and t.get("id") not in kept]
    words = _("已取消。")
    if along:
        words = marks(current_locale()).sentences(
            words, _("去这次看病的{trips}也一起取消了。").format(trips=_trips(along)))
    if still:
        words = marks(current_locale()).sentences(
            words, _("去这次看病的{trips}还约着，不用的话请在我的服务里取消。").format(trips=_trips(still)))
    flash(words)
    return redirect(url_for("h5.request_page", request_id=request_id), 303)


@bp.get("/h5/requests/<request_id>/slip.pdf")
@page
def slip(request_id: str) -> Any:
    layout = request.args.get("layout", "a5")
    if layout not in slips.LAYOUTS:
        return error_page(422)
    record = parents.request_of(g.member, request_id)
    elder_profile = centre_call(g.member.centre.elder, record["elder_id"]).as_dict()
    try:
        pdf = slips.slip_pdf(record, elder_profile, layout, current_locale())
    except SlipError as exc:
        return error_page(503, exc.message)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="onekey-{request_id}-{layout}.pdf"'})


@bp.get("/r/<reference>")
def slip_link(reference: str) -> Any:
    """A slip's QR code: the request it was printed for, for a member bound to that elder. What
    cannot be opened says why: not a slip of ours (or damaged), edited, too old, not signed in,
    or not a parent of this member's."""
    try:
        found = slips.open_slip(reference)
    except ReferenceExpired as exc:
        return _slip_page(exc.status, _("这张单子已经过期"),
                          _("这张单子是%(day)s打的，单子上的二维码只能用一年。办理记录还在，请在“我的老人”里查看。",
                            day=exc.issued_on.strftime("%Y-%m-%d")), "home")
    except ReferenceTampered as exc:
        return _slip_page(exc.status, _("二维码核对不上"),
                          _("这张单子的二维码和一键通打出的对不上，可能被改过或者弄脏了。请在“我的老人”里查看办理记录。"),
                          "home")
    except SlipReferenceError as exc:
        return _slip_page(exc.status, _("这不是一键通的单子"),
                          _("这个二维码不是一键通的单子，或者已经损坏。"), "home")
    target = url_for("h5.request_page", request_id=found.record_id)
    if signed_in() is None:
        return redirect(url_for("h5.login", next=target, why="slip"), 303)
    try:
        record = g.member.centre.get_request(found.record_id).as_dict()
    except CenterError as exc:
        if exc.status in (403, 404):
            return _slip_page(403, _("这张单子不是您能看的"),
                              _("这张单子是另一位老人的，或者您还没有绑定这位老人、老人还没有同意。"
                                "绑定并经老人同意后，就能看老人的单子了。"), "bind")
        raise from_centre(exc) from exc
    return redirect(url_for("h5.request_page", request_id=record["id"]), 303)


def _slip_page(status: int, title: str, message: str, action: str) -> tuple[str, int]:
    return render_template("h5/slip_link.html", title=title, message=message, action=action), status


# -- alarms -----------------------------------------------------------------------------------------
@bp.get("/h5/alarms/<alarm_id>")
@page
def alarm(alarm_id: str) -> Any:
    found = centre_call(g.member.centre.family_alarm, alarm_id)
    b = _binding_of(found["elder_id"])
    return _render("h5/alarm.html", a=found, b=b, form=ActionForm())


@bp.get("/h5/alarms/<alarm_id>/live")
@page
def alarm_live(alarm_id: str) -> Any:
    found = centre_call(g.member.centre.family_alarm, alarm_id)
    return _render("h5/_timeline.html", a=found, form=ActionForm())


@bp.post("/h5/alarms/<alarm_id>/answer")
@page
def answer_alarm(alarm_id: str) -> Any:
    answer = request.form.get("answer")
    if answer not in ("coming", "ok"):
        return error_page(422)
    centre_call(g.member.centre.answer_alarm, alarm_id, answer, "", new_idempotency_key())
    return redirect(url_for("h5.alarm", alarm_id=alarm_id), 303)


# -- notes to the TV, contacts -------------------------------------------------------------------------
@bp.route("/h5/elders/<elder_id>/notes", methods=["GET", "POST"])
@page
def notes(elder_id: str) -> Any:
    b = _binding_of(elder_id)
    form = NoteForm()
    status = 200
    if request.method == "POST":
        preset = form.preset.data if form.preset.data in PRESETS else None
        text = (form.text.data or "").strip() or None
        if form.validate() and (preset or text) and not (preset and text):
            centre_call(g.member.centre.send_family_message, elder_id, text=None if preset else text,
                        preset=preset, idempotency_key=new_idempotency_key())
            flash(_("已发送。老人的电视会弹出并读出这句话。"))
            return redirect(url_for("h5.notes", elder_id=elder_id), 303)
        form.text.errors = [*form.text.errors, _("请写一句话，或者选一句常用的话。")]
        status = 422
    sent = centre_call(g.member.centre.family_messages, elder_id)
    return _render("h5/notes.html", b=b, form=form, sent=sent, presets=look.presets(b)), status


@bp.route("/h5/elders/<elder_id>/contacts", methods=["GET", "POST"])
@page
def contacts(elder_id: str) -> Any:
    """The list and, to one allowed to change it, 添加. Every form on the page carries the
    list's version (a hidden field): a save made from a list someone has changed since is not
    saved; the page then shows the list as it is now, says so, and keeps what was typed."""
    b = _binding_of(elder_id, "book" if request.method == "POST" else "view")
    form = ContactForm()
    current, version = centre_call(g.member.centre.contacts_versioned, elder_id)
    if request.method == "GET":
        return _contacts_page(b, form, current, version)
    if not form.validate():
        return _contacts_page(b, form, current, version, 422)
    wanted = [{"id": c["id"]} for c in current] + [
        {"name": form.name.data.strip(), "relation": form.relation.data.strip(), "phone": form.phone.data.strip()}]
    return _save_contacts(b, elder_id, wanted, form)


@bp.post("/h5/elders/<elder_id>/contacts/<contact_id>/<move>")
@page
def contact_move(elder_id: str, contact_id: str, move: str) -> Any:
    """上移 (called sooner) or 删除: the whole list goes back to the centre in its new order,
    made from the list the page showed (its version)."""
    b = _binding_of(elder_id, "book")
    current, version = centre_call(g.member.centre.contacts_versioned, elder_id)
    if move not in ("up", "remove"):
        return error_page(404)
    if _shown_version() != version:  # the list moved on (that contact may be gone): look first
        return _contacts_page(b, ContactForm(formdata=None), current, version, 409, stale=True)
    ids = [c["id"] for c in current]
    if contact_id not in ids:
        return error_page(404)
    at = ids.index(contact_id)
    if move == "remove":
        if len(ids) == 1:
            return error_page(422, _("至少要留一位紧急联系人。"))
        ids.pop(at)
    elif at > 0:
        ids[at - 1], ids[at] = ids[at], ids[at - 1]
    return _save_contacts(b, elder_id, [{"id": i} for i in ids], ContactForm(formdata=None))


def _save_contacts(b: dict[str, Any], elder_id: str, wanted: list[dict[str, Any]], form: ContactForm) -> Any:
    """Save the list made from the version the page showed; changed meanwhile (or a page from
    before versions, without one): the list as it is now, with the sentence, nothing saved."""
    shown = _shown_version()
    try:
        if shown is None:
            raise CenterError("precondition_required", "", 428)
        g.member.centre.replace_contacts(elder_id, wanted, shown, new_idempotency_key())
    except CenterError as exc:
        if exc.status not in (412, 428):
            raise from_centre(exc) from exc
        current, version = centre_call(g.member.centre.contacts_versioned, elder_id)
        return _contacts_page(b, form, current, version, 409, stale=True)
    return redirect(url_for("h5.contacts", elder_id=elder_id), 303)


def _shown_version() -> str | None:
    """The list's version the page was drawn with (its forms' hidden field)."""
    return (request.form.get("version") or "").strip() or None


def _contacts_page(b: dict[str, Any], form: ContactForm, current: list[dict[str, Any]], version: str | None,
                   status: int = 200, stale: bool = False) -> Any:
    return _render("h5/contacts.html", b=b, form=form, contacts=current, version=version or "",
                   action=ActionForm(), relations=RELATIONS, may_edit=parents.may(b, "book"),
                   stale=_("刚才有家人或客服改过紧急联系人，您这次的修改没有保存。请看一下现在的名单，再改一次。")
                   if stale else ""), status


# -- 显示设置: her text size, colours, language and voice on her TV --------------------------------------
@bp.route("/h5/elders/<elder_id>/display", methods=["GET", "POST"])
@page
def display_settings(elder_id: str) -> Any:
    """What her TV shows her and how it speaks, and, to one allowed to change it (代办), the form.
    A member who may only look sees the settings and why they cannot change them. The save names
    the version the page was drawn from: changed meanwhile (an agent on the phone with her,
    another child), nothing is saved and the page shows what is set now and says so."""
    b = _binding_of(elder_id, "book" if request.method == "POST" else "view")
    found, version = centre_call(g.member.centre.elder_versioned, elder_id)
    if request.method == "GET":
        return _display_page(b, found, version, display.DisplayForm(formdata=None).fill(found, version))
    form = display.DisplayForm().offer(found, sent=True)
    if not form.validate():
        return _display_page(b, found, version, form, 422)
    wanted = form.changes(found)
    if not wanted:
        flash(_("设置没有改动。"))
        return redirect(url_for("h5.display_settings", elder_id=elder_id), 303)
    try:
        if not (form.version.data or "").strip():
            raise CenterError("precondition_required", "", 428)
        g.member.centre.update_preferences(elder_id, new_idempotency_key(), version=form.version.data.strip(),
                                           **wanted)
    except CenterError as exc:
        if exc.status not in (412, 428):
            raise from_centre(exc) from exc
        found, version = centre_call(g.member.centre.elder_versioned, elder_id)
        return _display_page(b, found, version, display.DisplayForm(formdata=None).fill(found, version), 409,
                             stale=True)
    flash(_("已保存。%(name)s的电视几秒内会换成新的设置。", name=b["elder_name"]))
    return redirect(url_for("h5.display_settings", elder_id=elder_id), 303)


def _display_page(b: dict[str, Any], found: dict[str, Any], version: str | None, form: Any,
                  status: int = 200, stale: bool = False) -> Any:
    return _render("h5/display.html", b=b, form=form, shown=display.shown(found),
                   may_edit=parents.may(b, "book"),
                   stale=_("刚才有家人或客服改过老人的设置，您这次的修改没有保存。请看一下现在的设置，再改一次。")
                   if stale else ""), status


@bp.get("/h5/theme.css")
def theme_css() -> Response:
    return Response(look.theme_css(), mimetype="text/css",
                    headers={"Cache-Control": "public, max-age=3600"})
