"""养老政策 in the console: which policies an elder qualifies for and what she was told of
them (政策找人, seed 000 §三(二)3(6)) — an agent on the phone tells her of one now (推送) or
notes that she has it already (已享受); and which elders were told what, across the district.
Each action is audited."""
from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from sqlalchemy import select

from ...clock import now
from ...errors import ApiError
from ...models import Elder, Policy, PolicyOffer
from ...policies import offers
from ...policies.catalog import cited
from ...unit_of_work import session as db_session
from ...unit_of_work import writes
from .. import audit, logins, people
from ..blueprint import bp
from ..family_forms import PolicyActionForm

TOLD_AT_MOST = 200


def _elder(elder_id: str) -> Elder:
    elder = db_session().get(Elder, elder_id)
    if elder is None:
        abort(404)
    return elder


def _page(elder: Elder, status: int = 200, done: str = "", error: str = "") -> tuple[str, int]:
    rows = offers.for_elder(db_session(), elder)
    return render_template("console/policies.html", elder=elder, profile=people.profile(elder), rows=rows,
                           offer_words=offers.OFFER_WORDS, done=done, error=error, cited=cited,
                           form=PolicyActionForm(formdata=None)), status


@bp.get("/elders/<elder_id>/policies")
@writes
def elder_policies(elder_id: str) -> Any:
    elder = _elder(elder_id)
    audit.record("view_policies", "elder", elder.id, "查看养老政策", elder_id=elder.id)
    return _page(elder)


@bp.post("/elders/<elder_id>/policies/<policy_id>/<action>")
def elder_policy_action(elder_id: str, policy_id: str, action: str) -> Any:
    """推送: a policy message on her screen now (asks 想办理 / 不需要); 已享受: never pushed."""
    elder = _elder(elder_id)
    policy = db_session().get(Policy, policy_id)
    if policy is None or action not in ("push", "held"):
        abort(404)
    form = PolicyActionForm()
    if not form.validate_on_submit():
        return _page(elder, 422, error="页面已过期，请刷新后再试。")
    actor = logins.current().caller.actor
    try:
        if action == "push":
            offers.push_by_hand(db_session(), elder, policy_id, actor, now())
        else:
            offers.mark_held(db_session(), elder, policy_id, actor, now())
    except ApiError as error:
        db_session().rollback()
        return _page(_elder(elder_id), error.status_code, error=error.message)
    words = "推送政策" if action == "push" else "记为已享受"
    audit.record(f"policy_{action}", "elder", elder.id, f"{words}：{policy.title}", elder_id=elder.id)
    done = (f"已推送{policy.title}：老人的电视上会弹出并读出，家属也能看到。" if action == "push"
            else f"已记下：她已享受{policy.title}，不再推送。")
    return _page(elder, done=done)


@bp.get("/policies")
def policy_offers() -> Any:
    """Which elders were told what: the newest first, by status when asked (?status=declined)."""
    wanted = request.args.get("status", "")
    stmt = (select(PolicyOffer, Elder, Policy).join(Elder, Elder.id == PolicyOffer.elder_id)
            .join(Policy, Policy.id == PolicyOffer.policy_id))
    if wanted in offers.OFFER_WORDS:
        stmt = stmt.where(PolicyOffer.status == wanted)
    rows = db_session().execute(stmt.order_by(PolicyOffer.created_at.desc(), PolicyOffer.id.desc())
                                .limit(TOLD_AT_MOST)).all()
    return render_template("console/policy_offers.html", rows=rows, wanted=wanted,
                           offer_words=offers.OFFER_WORDS)
