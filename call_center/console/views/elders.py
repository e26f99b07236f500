"""Elders: the profile (audited), revealing a phone number (audited), finding an elder who
phones in, and filing a request for them — the human channel seed 004 asks to keep
(保留人工服务; 一键进入老年人客服人工专席)."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from pydantic import ValidationError
from sqlalchemy import or_, select

from ... import devices, elder_preferences, pairing, versions
from ...centre import centre
from ...clock import now
from ...errors import ApiError
from ...fulfilment import intake
from ...fulfilment.handling import Refused
from ...fulfilment.registry import SERVICE_WORDS, handling_of
from personal_data.masking import mask_name
from personal_data.references import id_suffix, reference

from ...alarms import words as alarm_words
from ...models import Contact, Device, Elder, ServiceRequest
from ...models.alarms import Alarm
from ...schemas.service_requests import RequestCreate
from ...sealed import normalise, number_hash
from ...unit_of_work import session as db_session
from ...unit_of_work import writes
from .. import alarm_link, audit, labels, logins, people
from . import patrols
from .. import queue as live_queue
from ..blueprint import bp
from ..forms import FindElderForm, NewRequestForm, PairTvForm, RaiseAlarmForm, RevealForm, UnbindDeviceForm
from ..masked_text import Revealed
from ..preference_forms import PreferencesForm

RECENT_REQUESTS = 20
FOUND_AT_MOST = 20


def _elder(elder_id: str) -> Elder:
    elder = db_session().get(Elder, elder_id)
    if elder is None:
        abort(404)
    return elder


def refused_before_form(elder: Elder) -> dict[str, Refused]:
    """What she cannot file now, and why: the refusals each service declares known before its
    form (the channels ask GET …/precheck before they open one), so an agent on the phone
    hears it before asking her a single question, not after the last."""
    found = {}
    for service in SERVICE_WORDS:
        refusal = handling_of(service).refusal_before_form(db_session(), elder)
        if refusal is not None:
            found[service] = refusal[1]
    return found


def _page(elder: Elder, form: NewRequestForm | None = None, status: int = 200,
          error: str = "", pair_form: PairTvForm | None = None, paired: str = "",
          unbind_error: tuple[str, str] | None = None, patrol_form: Any = None,
          patrol_error: str = "", prefs_form: Any = None, prefs_error: str = "") -> tuple[str, int]:
    closed = refused_before_form(elder)
    form = form or NewRequestForm(formdata=None)
    form.close({service: refused.message for service, refused in closed.items()})
    boxes = devices.listed(db_session(), household_id=elder.household_id)
    recent = db_session().scalars(
        select(ServiceRequest).where(ServiceRequest.elder_id == elder.id)
        .order_by(ServiceRequest.created_at.desc()).limit(RECENT_REQUESTS))
    return render_template(
        "console/elder.html", elder=elder, profile=people.profile(elder),
        requests=[live_queue.request_row(r, elder) for r in recent],
        form=form, error=error,
        closed=[{"service": labels.service(service), "why": refused.message,
                 "href": url_for("console.request_detail", request_id=refused.request_id)
                 if refused.request_id else ""} for service, refused in closed.items()],
        alarms_available=alarm_link.available(),
        alarms=alarm_link.recent_alarms_of(db_session(), elder.id),
        alarm_words=alarm_link.status_words, raise_form=RaiseAlarmForm(formdata=None),
        devices=boxes, unbinders=people.agent_names(db_session(), [d.unbound_by for d in boxes if d.unbound_by]),
        unbind_error=unbind_error, pair_form=pair_form or PairTvForm(formdata=None), paired=paired,
        patrol=patrols.plan_card(elder, patrol_form, patrol_error),
        prefs={"shown": elder_preferences.shown(elder), "error": prefs_error,
               "form": prefs_form.offer(elder, sent=True) if prefs_form is not None
               else PreferencesForm(formdata=None).fill(elder)}), status


@bp.get("/elders/<elder_id>")
@writes
def elder_detail(elder_id: str) -> Any:
    elder = _elder(elder_id)
    audit.record("view_elder", "elder", elder.id, "查看档案", elder_id=elder.id)
    return _page(elder)


@bp.post("/elders/<elder_id>/reveal")
def elder_reveal(elder_id: str) -> Any:
    """One full number, for one call. JSON for the page's button; a small page without JS."""
    elder = _elder(elder_id)
    form = RevealForm()
    if not form.validate_on_submit():
        abort(422)
    if form.what.data == "elder":
        label, number = f"{elder.name}本人", elder.phone
    else:
        contact = db_session().get(Contact, form.what.data.split(":", 1)[1])
        if contact is None or contact.elder_id != elder.id:
            abort(404)
        label, number = f"{contact.name}（{contact.relation}，第{contact.priority}联系人）", contact.phone
    audit.record("reveal_phone", "elder", elder.id, f"{label}，尾号{number[-4:]}",
                 elder_id=elder.id)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(label=label, phone=number)
    return render_template("console/revealed.html", elder=elder, label=label, phone=Revealed(number))


@bp.route("/find", methods=["GET", "POST"])
def find_elder() -> Any:
    """Search by POST, so a name, phone or ID number never lands in a URL or a log."""
    form = FindElderForm()
    if request.method == "GET":
        return render_template("console/find.html", form=form, found=None, slips=None)
    if not form.validate_on_submit():
        return render_template("console/find.html", form=form, found=None, slips=None), 422
    text = form.query.data.strip()
    digits = normalise(text)
    number = number_hash(db_session(), digits)  # numbers are sealed: found by keyed hash
    stmt = select(Elder).where(or_(
        Elder.id == text, Elder.phone_hash == number, Elder.id_number_hash == number,
        Elder.name.contains(text),
        Elder.id.in_(select(Contact.elder_id).where(Contact.phone_hash == number)),
    )).order_by(Elder.name).limit(FOUND_AT_MOST)
    found = [people.profile(e) for e in db_session().scalars(stmt)]
    slips = by_reference(text)
    kind = ("身份证号" if len(digits) == 18 else "电话" if digits.isdigit() else "姓名")
    audit.record("search_elder", "search", "", f"按受理号查找，找到{len(slips)}单" if slips is not None
                 else f"按{kind}查找，找到{len(found)}位")
    return render_template("console/find.html", form=form, found=found, slips=slips,
                           reference=reference(f"_{id_suffix(text)}") if slips is not None else "")


def by_reference(typed: str) -> list[dict[str, Any]] | None:
    """The requests and alarms a slip's 受理号 names (personal_data/references.py: nine digits
    derived from the id; two may share one, so every match is listed with its elder); None when
    what was typed is no 受理号."""
    suffix = id_suffix(typed)
    if suffix is None:
        return None
    db = db_session()
    rows: list[dict[str, Any]] = []
    for req in db.scalars(select(ServiceRequest).where(ServiceRequest.id.endswith(suffix))
                          .order_by(ServiceRequest.created_at.desc()).limit(FOUND_AT_MOST)):
        elder = db.get(Elder, req.elder_id)
        rows.append({"what": labels.service(req.service), "status": labels.request_status(req),
                     "elder": mask_name(elder.name) if elder else "", "at": req.created_at,
                     "href": url_for("console.request_detail", request_id=req.id)})
    for alarm in db.scalars(select(Alarm).where(Alarm.id.endswith(suffix))
                            .order_by(Alarm.raised_at.desc()).limit(FOUND_AT_MOST)):
        elder = db.get(Elder, alarm.elder_id)
        rows.append({"what": "紧急求助", "status": alarm_words.STATUS_WORDS.get(alarm.status, ""),
                     "elder": mask_name(elder.name) if elder else "", "at": alarm.pressed,
                     "href": url_for("console.alarm_detail", alarm_id=alarm.id)})
    return [r for r in rows if r["href"]]


@bp.post("/elders/<elder_id>/requests")
def elder_new_request(elder_id: str) -> Any:
    """An elder on the phone: the agent files a call-mode request on the phone channel."""
    elder = _elder(elder_id)
    form = NewRequestForm()
    if not form.validate_on_submit():
        return _page(elder, form, 422, "有些内容填得不对，请看红字说明。")
    refused = refused_before_form(elder).get(form.service.data)
    if refused is not None:  # closed since the page was drawn, or a hand-made POST
        return _page(elder, form, 409, refused.message)
    c = centre()
    try:
        body = RequestCreate(elder_id=elder.id, service=form.service.data, mode="call",
                             channel="phone", form=form.as_request_form(), labels=form.labels(),
                             note=(form.note.data or "").strip() or None)
        req = intake.create(db_session(), logins.current().caller, elder, body, c.providers,
                            c.settings)
        db_session().flush()
    except ValidationError:
        return _page(elder, form, 422, "有些内容填得不对，请检查一下。")
    except ApiError as error:
        db_session().rollback()
        return _page(_elder(elder_id), form, error.status_code, error.message)
    audit.record("request_created", "request", req.id,
                 f"电话受理：{labels.service(req.service)}", elder_id=elder.id)
    return redirect(url_for("console.request_detail", request_id=req.id), 303)



@bp.post("/elders/<elder_id>/pair")
def elder_pair_tv(elder_id: str) -> Any:
    """On the phone with the household: the code on their new box binds it to this elder's
    household; the box picks its token up on its next poll and opens home by itself."""
    elder = _elder(elder_id)
    form = PairTvForm()
    if not form.validate_on_submit():
        return _page(elder, status=422, pair_form=form)
    try:
        found, device = pairing.confirm(db_session(), form.code.data,
                                        elder.household, logins.current().caller.actor)
    except ApiError as error:
        form.code.errors = [error.message]
        return _page(elder, status=error.status_code, pair_form=form)
    audit.record("pair_device", "device", device.id,
                 f"配对码{found.code}：{device.name}绑定到这户", elder_id=elder.id)
    return _page(elder, paired=f"已绑定：{device.name}（配对码 {found.code}）。电视几秒内会自动进入首页。")


@bp.post("/elders/<elder_id>/devices/<device_id>/unbind")
def elder_unbind_device(elder_id: str, device_id: str) -> Any:
    """A box of this household sold, broken or moved: unbound at once (its token dies, it goes
    back to its pairing code); an alarm it raised escalates to the end. Audited, with why."""
    elder = _elder(elder_id)
    device = db_session().get(Device, device_id)
    if device is None or device.household_id != elder.household_id:
        abort(404)
    form = UnbindDeviceForm()
    if not form.validate_on_submit():
        return _page(elder, status=422, unbind_error=(device.id, (form.note.errors or [""])[0]))
    done = devices.unbind(db_session(), device, logins.current().caller.actor, form.note.data.strip(), now())
    if not done.changed:
        return _page(elder, paired=f"{device.name}已经解绑过了。")
    audit.record("unbind_device", "device", device.id, devices.words(device), elder_id=elder.id)
    return _page(elder, paired=f"已解绑：{device.name}。它马上回到配对码，不能再替这户办事；"
                               "它发出的求助照常处理到底。")


@bp.post("/elders/<elder_id>/visit-plan")
def elder_visit_plan(elder_id: str) -> Any:
    """巡视探访 on her page: back to the rule, or on/off, how often, who visits (an agent's plan
    wins over the rule); her planned visits follow at once (call_center/patrols/schedule.py)."""
    from ...patrols import plans, schedule
    from ..patrol_forms import VisitPlanForm
    from .patrols import visitor_choices

    elder = _elder(elder_id)
    form = VisitPlanForm()
    visitor_choices(form)
    if not form.validate_on_submit():
        return _page(elder, status=422, patrol_error="有些内容填得不对，请看红字说明。", patrol_form=form)
    db = db_session()
    kind, _, vid = (form.visitor.data or "").partition(":")
    try:
        if form.state.data == "rule":
            plans.clear_plan(db, elder)
        else:
            plans.set_plan(db, elder, enabled=form.state.data == "on", per_month=int(form.per_month.data),
                           visitor_kind=kind or None, visitor_id=vid or None,
                           actor=logins.current().caller.actor, now=patrols.now())
        schedule.follow_plan(db, elder, patrols.now())
    except ApiError as error:
        db.rollback()
        return _page(_elder(elder_id), status=error.status_code, patrol_error=error.message, patrol_form=form)
    plan = plans.plan_of(db, elder, patrols.today())
    words = f"每月{plan.per_month}次" if plan.enrolled else "不巡视"
    audit.record("visit_plan", "elder", elder.id, f"巡视探访计划：{words}（{plan.reason}）", elder_id=elder.id)
    then = "巡视已排好，老人会在前一天晚上收到提醒。" if plan.enrolled else "还没去的巡视已取消。"
    flash(f"已保存巡视探访计划：{words}。{then}", "ok")
    return redirect(url_for("console.elder_detail", elder_id=elder.id) + "#patrol", 303)


@bp.post("/elders/<elder_id>/preferences")
def elder_preferences_change(elder_id: str) -> Any:
    """显示设置 changed for her on the phone: only what the agent changed is sent (a preference
    left 未选 stays her TV's own), checked against the version the page was drawn with — her
    family's change made meanwhile is not overwritten: the page shows what is set now and says
    what was not saved. Her TV follows within seconds (the device event stream). Audited."""
    elder = _elder(elder_id)
    form = PreferencesForm()
    form.offer(elder, sent=True)
    if not form.validate_on_submit():
        return _page(elder, status=422, prefs_form=form, prefs_error="有些内容填得不对，请看红字说明。")
    db = db_session()
    wanted = elder_preferences.changes(elder, form.wanted())
    if not wanted:
        flash("显示设置没有改动。", "ok")
        return redirect(url_for("console.elder_detail", elder_id=elder.id) + "#prefs", 303)
    before = dict(elder.preferences or {})
    try:
        versions.check_tags(db, versions.PROFILE, elder, [versions.etag(versions.PROFILE, int(form.version.data))])
    except ApiError:
        db.rollback()
        elder = _elder(elder_id)
        lost = "；".join(f"{elder_preferences.NAMES[k]} {elder_preferences.word(k, v)}" for k, v in wanted.items())
        return _page(elder, status=409, prefs_error=f"刚才有家人或别的话务员改过老人的设置，您这次的修改（{lost}）"
                                                    "没有保存。下面是现在的设置，请和老人核对后再改。")
    elder_preferences.change(db, elder, wanted)
    audit.record("elder_preferences", "elder", elder.id, elder_preferences.described(before, wanted),
                 elder_id=elder.id)
    said = "；".join(f"{elder_preferences.NAMES[k]}：{elder_preferences.word(k, v)}" for k, v in wanted.items())
    flash(f"已保存显示设置（{said}）。老人的电视几秒内换成新设置。", "ok")
    return redirect(url_for("console.elder_detail", elder_id=elder.id) + "#prefs", 303)
