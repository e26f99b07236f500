"""家属绑定: an elder's family bindings, for an agent on the phone with the elder. A request
waiting for the elder's consent is confirmed here after the agent asked the elder (an elder
without a TV, or who finds the remote hard); any binding is ended here at once; and a binding
code can be shown on the elder's TV for a family member the elder wants to help them.
Each action is audited."""
from __future__ import annotations

from typing import Any

from flask import abort, render_template, url_for
from sqlalchemy import select

from ...clock import now
from ...errors import ApiError
from ... import message_words as mw
from ...family import bindings
from ...models import Elder
from ...models.family import Binding, FamilyAccount
from ...unit_of_work import session as db_session
from .. import audit, logins, people
from ..blueprint import bp
from ..family_forms import BindingActionForm
from ..forms import NOTHING_SENT, Submitted

PERMISSION_WORDS = {"view": "查看", "book": "代办", "alerts": "接收提醒"}


def _elder(elder_id: str) -> Elder:
    elder = db_session().get(Elder, elder_id)
    if elder is None:
        abort(404)
    return elder


def _rows(elder: Elder) -> list[dict[str, Any]]:
    rows = db_session().execute(select(Binding, FamilyAccount).join(
        FamilyAccount, FamilyAccount.id == Binding.family_id).where(Binding.elder_id == elder.id)
        .order_by(Binding.requested_at.desc())).all()
    return [{"b": b, "member": m, "status_word": bindings.STATUS_WORDS[b.status],
             "permissions": "、".join(PERMISSION_WORDS[p] for p in b.permissions or []),
             "who": bindings.who(m, b.relation)} for b, m in rows]


def _page(elder: Elder, status: int = 200, done: str = "", error: str = "",
          submitted: Submitted = NOTHING_SENT) -> tuple[str, int]:
    """``submitted``: the refused form, keyed ``<action>:<binding>`` or ``code`` — every form of
    the page asks the same note, and a missing one is said under the form sent only."""
    return render_template("console/family.html", elder=elder, profile=people.profile(elder),
                           rows=_rows(elder), done=done, error=error, submitted=submitted,
                           blank=BindingActionForm(formdata=None)), status


@bp.get("/elders/<elder_id>/family")
def elder_family(elder_id: str) -> Any:
    elder = _elder(elder_id)
    audit.record("view_family", "elder", elder.id, "查看家属绑定", elder_id=elder.id)
    return _page(elder)


@bp.post("/elders/<elder_id>/family/<binding_id>/<action>")
def elder_family_action(elder_id: str, binding_id: str, action: str) -> Any:
    """确认 (the elder agreed on the phone) or 解除 (the elder, or the agent, ends it)."""
    elder = _elder(elder_id)
    found = db_session().get(Binding, binding_id)
    if found is None or found.elder_id != elder.id or action not in ("confirm", "revoke"):
        abort(404)
    form = BindingActionForm()
    if not form.validate_on_submit():
        return _page(elder, 422, error="请写下和老人通话的情况。", submitted=Submitted(f"{action}:{binding_id}", form))
    actor = logins.current().caller.actor
    note = form.note.data.strip()
    try:
        if action == "confirm":
            bindings.confirm(db_session(), found, actor, note, now())
        else:
            bindings.revoke(db_session(), found, actor, note, now())
    except ApiError as error:
        return _page(elder, error.status_code, error=error.message)
    member = db_session().get(FamilyAccount, found.family_id)
    words = "确认家属绑定" if action == "confirm" else "解除家属绑定"
    audit.record(f"family_{action}", "binding", found.id,
                 f"{words}：{bindings.who(member, found.relation) if member else ''}；{note}",
                 elder_id=elder.id)
    return _page(elder, done=f"已{'确认' if action == 'confirm' else '解除'}：{bindings.who(member, found.relation)}。")


@bp.post("/elders/<elder_id>/family/code")
def elder_family_code(elder_id: str) -> Any:
    """The elder asks on the phone to let a family member help: a code on their TV, said aloud."""
    elder = _elder(elder_id)
    form = BindingActionForm()
    if not form.validate_on_submit():
        return _page(elder, 422, error="请写下是哪位家属要绑定。", submitted=Submitted("code", form))
    shown = bindings.show_code(db_session(), elder, logins.current().caller.actor,
                               mw.as_written(form.note.data.strip()[:20]), now())
    audit.record("family_code", "elder", elder.id, f"在电视上显示家属绑定码：{form.note.data.strip()}",
                 elder_id=elder.id)
    return _page(elder, done=f"电视上已显示绑定码，{shown.expires_at:%H:%M} 前有效。请老人把码告诉家属。")


def family_link(elder_id: str) -> str:
    return url_for("console.elder_family", elder_id=elder_id)
