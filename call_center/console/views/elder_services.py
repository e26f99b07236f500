"""养老服务一件事 in the console: one desk a part (seed 003 §二(一)4 分别办理) — the assessor records
the grade; the subsidy's and the admission's desks, once the grade is in and the rules hold,
approve (with the next step) or refuse (with a reason the family reads and the elder hears).

Every step is ``call_center.elder_services.joint`` with the logged-in agent as the actor (the
request every channel shows, the family's alert and the elder's messages move with it),
audited; a refused step re-renders the page with the reason and writes nothing.
"""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for

from ...elder_services import joint, matters
from ...errors import ApiError
from ...models import Elder, JointApplication
from ...policies import means
from ...unit_of_work import session as db_session
from .. import audit, logins
from ..blueprint import bp
from ..elder_services_forms import DecisionForm, GradeForm
from ..forms import NOTHING_SENT, Submitted

DESKS = ("assessment", "subsidy", "admission")


def _page(status: int = 200, error: str = "", submitted: Submitted = NOTHING_SENT) -> Any:
    """``submitted``: the refused form, keyed ``grade:<request>`` or ``decision:<request>:<part>``
    — one request stands at the subsidy's and the admission's desks at once, and a refusal at
    one is shown under that desk's form only."""
    db = db_session()
    desks = [(name, matters.loaded().parts[name], [(a, db.get(Elder, a.elder_id)) for a in joint.at_desk(db, name)])
             for name in DESKS]
    return render_template(
        "console/elder_services.html", desks=desks, error=error, submitted=submitted,
        hardship_words=means.WORDS, part_result=joint.part_result,
        part_titles={k: v.title for k, v in matters.loaded().parts.items()},
        grade_form=GradeForm(formdata=None), decision_form=DecisionForm(formdata=None)), status


@bp.get("/elder-services")
def elder_services() -> Any:
    return _page()


def _step(request_id: str, action: str, words: str, run: Any, form: Any, key: str) -> Any:
    app = db_session().get(JointApplication, request_id)
    if app is None:
        abort(404)
    try:
        run()
    except ApiError as error:
        db_session().rollback()
        if form is not None:
            for name, message in (error.fields or {}).items():
                target = getattr(form, "words" if name == "reason" else name, None)
                if target is not None:
                    target.errors = [*list(target.errors or []), message]
        return _page(error.status_code, error.message, Submitted(key, form))
    audit.record(f"elder_services_{action}", "request", request_id, f"养老服务一件事：{words}", elder_id=app.elder_id)
    flash(f"已{words}。", "ok")
    return redirect(url_for("console.elder_services") + f"#joint-{request_id}", 303)


@bp.post("/elder-services/<request_id>/grade")
def elder_services_grade(request_id: str) -> Any:
    form = GradeForm()
    if not form.validate_on_submit():
        if db_session().get(JointApplication, request_id) is None:
            abort(404)
        return _page(422, "有些内容填得不对，请看红字说明。", Submitted(f"grade:{request_id}", form))
    actor = logins.current().caller.actor
    grade = int(form.grade.data)
    return _step(request_id, "grade", f"记下评估结果：照护等级{grade}级",
                 lambda: joint.record_grade(db_session(), request_id, grade, actor), form, f"grade:{request_id}")


@bp.post("/elder-services/<request_id>/<part>/<verdict>")
def elder_services_decide(request_id: str, part: str, verdict: str) -> Any:
    if part not in ("subsidy", "admission") or verdict not in ("approve", "refuse"):
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        if db_session().get(JointApplication, request_id) is None:
            abort(404)
        return _page(422, "有些内容填得不对，请看红字说明。", Submitted(f"decision:{request_id}:{part}", form))
    actor = logins.current().caller.actor
    title = matters.loaded().parts[part].title  # type: ignore[index]
    approved = verdict == "approve"
    return _step(request_id, f"{part}_{verdict}", f"{title}{'通过' if approved else '不通过'}",
                 lambda: joint.decide(db_session(), request_id, part, approved, form.words.data or "", actor), form,
                 f"decision:{request_id}:{part}")
