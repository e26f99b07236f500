"""A joint application's life (seed 003 §二(一)): filed on one form (一表申请) and accepted at one
window (一口受理); each part then at its own desk (分别办理) — the assessment records a grade,
and the subsidy and admission, which wait on it, are decided by the policy catalog's rules on
that grade (refused with the rule's own words when it does not hold) and then by their desk;
every part's progress and result on one request every channel shows (一体管理).

The service request carries the lifecycle: accepted when filed (the assessment under way),
confirmed when the grade is in (the slip lists every part), completed when every part has its
result. ``result.stage`` and one ``result`` key per part word it on every screen; only this
module changes a joint application.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from personal_data import status_words

from .. import lifecycle
from ..clock import now, today
from ..errors import ApiError
from ..fulfilment import notices
from ..fulfilment.handling import BeforeForm, Handling, Refused, refuse_before_form
from ..models import Elder, JointApplication, JointPart, ServiceRequest
from ..policies import means, rules
from ..policies.offers import facts_of
from ..clock import age_on
from ..schemas.service_requests import ElderServicesForm
from ..versions import PROFILE, bump
from . import matters
from .. import message_words as mw
from ..message_words import N_

OPEN, FINAL = ("assessing", "waiting", "reviewing"), ("assessed", "approved", "refused", "cancelled")
PART_WORDS = {"assessing": "等评估员上门评估", "waiting": "等评估结果", "reviewing": "审核中",
              "approved": "已通过", "refused": "没有通过", "assessed": "已评估", "cancelled": "已取消"}
STAGE_WORDS = status_words.STAGE_WORDS["elder_services"]  # the one table every channel reads
GRADES = range(0, 7)  # 老年照护统一需求评估 照护等级: 0 (正常) to 6


def open_application_of(db: Session, elder_id: str) -> JointApplication | None:
    return db.scalars(select(JointApplication).where(JointApplication.elder_id == elder_id,
                                                     JointApplication.state == "open")).first()


def _facts(elder: Elder, hukou: bool | None, hardship: str | None) -> rules.Facts:
    """Her facts on file, with what the applicant stated: hukou and the family's means. The
    grade is the new assessment's: unknown until the assessment desk records it."""
    return {**facts_of(elder), "hukou_shanghai": hukou, "economic_hardship": means.hardship_of(hardship),
            "care_level": None}


def _applied(db: Session, elder: Elder) -> Refused | None:
    app = open_application_of(db, elder.id)
    if app is None:
        return None
    # One short sentence (a refusal is heard): where it stands as a whole; each part's own
    # progress is one press away (查看进度).
    return Refused("already_booked", f"已经申请过养老服务一件事了，现在是“{STAGE_WORDS[_stage(app)]}”，不用再申请，"
                                     "可以在“我的服务”里查看办理进度。", app.request_id)


def _assessment_unmet(elder: Elder, hukou: bool | None, hardship: str | None) -> str | None:
    """What the assessment's rule asks that she is known not to meet (then the parts that wait
    on it cannot be had either), in the rule's words; None when it may hold. Before the form
    the applicant's statements are unknown (None): only what is on file can refuse her then
    (younger than 60)."""
    facts = _facts(elder, hukou, hardship)
    rule = matters.part_policy("assessment")
    if rules.all_hold(rule.rules, facts) is not False:
        return None
    return rules.needs(rule.rules, facts, unmet_only=True)


def _not_eligible(needs: str) -> Refused:
    title = matters.part_policy("assessment").title
    return Refused("validation_error", f"{title}要{needs}，所以这几项现在不能申请。可以找人工问问养老顾问。")


def _not_eligible_on_file(_db: Session, elder: Elder) -> Refused | None:
    needs = _assessment_unmet(elder, None, None)
    return _not_eligible(needs) if needs else None


APPLIED = BeforeForm("applied", _applied)
BEFORE_FORM = (APPLIED, BeforeForm("not_eligible", _not_eligible_on_file))


def check(db: Session, elder: Elder, form: ElderServicesForm) -> None:
    """Refused before anything is written: one open already, then the assessment's rule on
    what the applicant stated — the same rule ``not_eligible`` runs before the form with her
    statements unknown, so it refuses whatever that refused, naming all she does not meet."""
    refuse_before_form((APPLIED,), db, elder)
    needs = _assessment_unmet(elder, form.hukou_shanghai == "true", form.hardship)
    if needs:
        raise ApiError("validation_error", _not_eligible(needs).message, fields={"form.parts": f"要{needs}。"})


def part_result(part: JointPart) -> str:
    if part.state == "assessed":
        return f"已评估：照护等级{part.grade}级"
    if part.state == "refused":
        return f"没有通过：{part.reason}"
    if part.state == "approved" and part.note:
        return f"已通过：{part.note}"
    return PART_WORDS[part.state]


def parts_said(app: JointApplication) -> dict:
    """``result.parts_words`` (照护需求评估、养老服务补贴) as a parameter of structured words."""
    return mw.joined([mw.word(matters.loaded().parts[p.part].title) for p in app.parts], "、")  # type: ignore[index]


def _stage(app: JointApplication) -> str:
    if app.state == "cancelled":
        return "cancelled"
    if all(p.state in FINAL for p in app.parts):
        return "done"
    assessment = next((p for p in app.parts if p.part == "assessment"), None)
    return "assessing" if assessment is not None and assessment.state == "assessing" else "deciding"


def result_of(app: JointApplication) -> dict:
    """Every part's progress in words, one key a part (the spec's facts show them in order)."""
    out: dict = {"stage": _stage(app), "source": f"{matters.loaded().cites} 二（一）",
                 "parts_words": "、".join(matters.loaded().parts[p.part].title for p in app.parts)}  # type: ignore[index]
    for p in app.parts:
        out[p.part] = part_result(p)
        if p.part == "assessment" and p.grade is not None:
            out["grade"] = p.grade
    # Every part said in one sentence, for the status screen's voice (一体管理).
    out["parts_said"] = "；".join(status_words.with_status(matters.loaded().parts[p.part].title, part_result(p))  # type: ignore[index]
                                 for p in app.parts) + "。"
    return out


def _apply_rule(part: JointPart, facts: rules.Facts, actor: str) -> dict | None:
    """A part that waits on the grade: refused at once in the rule's words when it cannot hold
    (需要照护等级3级及以上), else on to its desk. Returns a refusal's reason as structured words
    (call_center/message_words.py), for the message that tells it."""
    rule = matters.part_policy(part.part)  # type: ignore[arg-type]
    if rules.all_hold(rule.rules, facts) is False:
        reason = mw.clause(mw.said(N_("要{needs}"), needs=rules.needs_words(rule.rules, facts, unmet_only=True)))
        part.state, part.reason = "refused", mw.chinese(mw.said("{reason}", reason=reason))[:200]
        part.decided_at, part.decided_by = now(), actor
        return reason
    if facts.get("care_level") is not None:
        part.state = "reviewing"
    return None


# Where a part stands, said after its name (照护需求评估 + 已评估：照护等级3级, PART_WORDS and
# part_result): each a sentence of the catalogs with the part's name in it.
_PART_SAID = {"reviewing": N_("{part}审核中"), "approved": N_("{part}已通过"), "refused": N_("{part}没有通过"),
              "waiting": N_("{part}等评估结果"), "cancelled": N_("{part}已取消")}
_PART_SAID_WITH = {"approved": N_("{part}已通过：{note}"), "refused": N_("{part}没有通过：{note}")}


def part_said(part: JointPart, reason: dict | None = None, detail: bool = True,
              facts: rules.Facts | None = None) -> dict:
    """``with_status(title, part_result(part))`` (or with ``PART_WORDS`` alone: ``detail`` False) as
    a parameter of structured words; ``reason``: a refusal's reason as words (:func:`_apply_rule`),
    else the rule's words on ``facts`` where they are the reason kept, else as written. Its
    Chinese is always the same text: where the catalogs have no sentence for it (a verb said
    once: 照护需求已评估), it is that text as written."""
    title = matters.loaded().parts[part.part].title  # type: ignore[index]
    if reason is None and facts is not None and part.state == "refused" and part.reason:
        rule = matters.part_policy(part.part)  # type: ignore[arg-type]
        again = mw.clause(mw.said(N_("要{needs}"), needs=rules.needs_words(rule.rules, facts, unmet_only=True)))
        reason = again if mw.chinese(mw.said("{reason}", reason=again)) == part.reason else None
    shown = status_words.with_status(title, part_result(part) if detail else PART_WORDS[part.state])
    extra = (part.reason if part.state == "refused" else part.note) if detail else None
    if extra:
        note = reason if reason is not None and part.state == "refused" else mw.as_written(extra)
        words = mw.said(_PART_SAID_WITH[part.state], part=mw.word(title), note=note) \
            if part.state in _PART_SAID_WITH else None
    else:
        words = mw.said(_PART_SAID[part.state], part=mw.word(title)) if part.state in _PART_SAID else None
    if words is None or mw.chinese(words) != shown:
        return mw.as_written(shown)
    return mw.clause(words)


def apply(db: Session, req: ServiceRequest, elder: Elder, form: ElderServicesForm, actor: str) -> JointApplication:
    check(db, elder, form)
    stated = {"age": age_on(elder.birth_date, today()) if elder.birth_date else None,
              "hukou_shanghai": form.hukou_shanghai == "true", "hardship": form.hardship}
    app = JointApplication(request_id=req.id, elder_id=elder.id, facts=stated, state="open",
                           applied_at=req.created_at)
    facts = _facts(elder, stated["hukou_shanghai"], form.hardship)
    reasons: dict[str, dict | None] = {}
    for i, name in enumerate(matters.loaded().choices[form.parts]):
        part = JointPart(part=name, position=i, state="assessing" if name == "assessment" else "waiting")
        if name != "assessment":
            reasons[name] = _apply_rule(part, facts, "system")
        app.parts.append(part)
    try:
        with db.begin_nested():  # the partial unique index: one filed a moment ago wins
            db.add(app)
            db.flush()
    except IntegrityError:
        raise ApiError("already_booked", "已经申请过养老服务一件事了，正在办理。") from None
    from ..policies.offers import applied_through

    applied_through(db, elder, "elder_services", req, actor, req.created_at)  # a pushed offer is answered
    lifecycle.move(req, "accepted", "system", f"{STAGE_WORDS['assessing']}：{result_of(app)['parts_words']}一起受理")
    req.result = result_of(app)
    refused = [mw.clause(mw.said(N_("{part}。"), part=part_said(p, reasons.get(p.part))))
               for p in app.parts if p.state == "refused"]
    notices.status_message(
        db, req, elder, N_("养老服务一件事已受理"),
        mw.said(N_("{parts}已经一起受理了。评估员会打电话约时间上门评估，评估结果出来后，其他几项分别审核。"
                   "{refused}每一项的进度都在“我的服务”里。"), parts=parts_said(app),
                refused=mw.joined(refused, "")), actor)
    return app


def cancel(db: Session, req: ServiceRequest) -> None:
    app = db.get(JointApplication, req.id)
    if app is not None and app.state == "open":
        app.state, app.closed_at = "cancelled", now()
        for p in app.parts:
            if p.state in OPEN:
                p.state = "cancelled"
        req.result = result_of(app)


# -- the desks (the console) ----------------------------------------------------------------------
def _open(db: Session, request_id: str, part: str, states: tuple[str, ...]) -> tuple[JointApplication, JointPart, ServiceRequest, Elder]:
    app = db.get(JointApplication, request_id, with_for_update=True)
    found = next((p for p in app.parts if p.part == part), None) if app is not None else None
    if app is None or found is None:
        raise ApiError("not_found", "没有找到这份申请。")
    if found.state not in states:
        raise ApiError("invalid_transition", f"这一项现在是“{part_result(found)}”，不能这样办理。")
    return app, found, db.get(ServiceRequest, request_id), db.get(Elder, app.elder_id)  # type: ignore[return-value]


def _settle(db: Session, app: JointApplication, req: ServiceRequest, elder: Elder, actor: str, note: str) -> None:
    """The request follows its parts: confirmed once the grade is in, completed when all are."""
    req.result = result_of(app)
    if req.status == "accepted":
        lifecycle.move(req, "in_progress", actor, note)
        lifecycle.move(req, "confirmed", actor, note)
    else:
        lifecycle.record(req, req.status, actor, note)
    if all(p.state in FINAL for p in app.parts):
        app.state, app.closed_at = "closed", now()
        lifecycle.move(req, "completed", actor, STAGE_WORDS["done"])
        req.result = result_of(app)


def record_grade(db: Session, request_id: str, grade: int, actor: str) -> JointApplication:
    """评估机构: the grade; the parts waiting on it are decided by their rules on it."""
    if grade not in GRADES:
        raise ApiError("validation_error", "照护等级是0到6级。", fields={"grade": "照护等级是0到6级。"})
    app, part, req, elder = _open(db, request_id, "assessment", ("assessing",))
    part.state, part.grade, part.decided_at, part.decided_by = "assessed", grade, now(), actor
    elder.care_level = grade  # her profile holds the latest grade: 政策找人 and 政策查询 read it
    bump(elder, PROFILE.column)
    facts = {**_facts(elder, app.facts.get("hukou_shanghai"), app.facts.get("hardship")), "care_level": grade}
    reasons: dict[str, dict | None] = {}
    for other in app.parts:
        if other.state == "waiting":
            reasons[other.part] = _apply_rule(other, facts, actor)
    _settle(db, app, req, elder, actor, f"评估结果：照护等级{grade}级")
    told = mw.joined([mw.clause(mw.said(N_("{part}。"), part=part_said(p, reasons.get(p.part), facts=facts)))
                      for p in app.parts if p.part != "assessment"], "")
    notices.status_message(db, req, elder, N_("照护需求评估有结果了"),
                           mw.said(N_("照护需求评估结果出来了：照护等级{grade}级。{told}"),
                                   grade=mw.as_written(grade), told=told), actor)
    return app


def decide(db: Session, request_id: str, part_name: str, approved: bool, words: str, actor: str) -> JointApplication:
    """补贴 or 入住's desk: 通过 (with what comes next, e.g. the home's name) or 不通过 with a
    reason the family reads and the elder hears."""
    words = " ".join((words or "").split()).rstrip("。！？")
    if not approved and not words:
        raise ApiError("validation_error", "请写明没有通过的原因，家属会看到。", fields={"reason": "请写明原因。"})
    if part_name not in ("subsidy", "admission"):
        raise ApiError("not_found", "没有这一项。")
    app, part, req, elder = _open(db, request_id, part_name, ("reviewing",))
    part.state = "approved" if approved else "refused"
    part.decided_at, part.decided_by = now(), actor
    if approved:
        part.note = words[:200] or None
    else:
        part.reason = words[:200]
    title = matters.loaded().parts[part_name].title  # type: ignore[index]
    said = status_words.with_status(title, part_result(part))  # its verb once: 照护需求已评估, not 评估已评估
    _settle(db, app, req, elder, actor, said)
    title_said = part_said(part, detail=False)
    notices.status_message(db, req, elder, mw.said("{title}", title=title_said),
                           mw.said(N_("您申请的{part}。"), part=part_said(part)), actor)
    return app


def at_desk(db: Session, part_name: str) -> list[JointApplication]:
    """What a desk has to do, oldest first: the assessments not yet made, or the subsidies and
    admissions whose grade is in."""
    state = "assessing" if part_name == "assessment" else "reviewing"
    return list(db.scalars(select(JointApplication).join(JointPart).where(
        JointApplication.state == "open", JointPart.part == part_name, JointPart.state == state)
        .order_by(JointApplication.applied_at, JointApplication.request_id)))


HANDLING = Handling(
    "elder_services", N_("养老服务一件事"), ElderServicesForm, "desk",
    desk_words="养老服务一件事的每一项在控制台的“一件事”页由评估、补贴、入住各自的窗口办理。",
    check=lambda f: check(f.db, f.elder, f.form),
    book=lambda f: apply(f.db, f.request, f.elder, f.form, f.actor),
    release=lambda db, req, _providers: cancel(db, req),
    before_form=BEFORE_FORM)
