"""Binding to a parent (亲友代办): by the parent's phone + name (they agree on their TV, or to an
agent) or by the code their TV shows; the binding's state; revoking it. Attempts are rate
limited (``ratelimits``): a wrong phone or code is never a way to search for elders."""
from __future__ import annotations

from apiflask import APIBlueprint

from shared_ui.client import new_idempotency_key

from ..backend import centre_call, member, member_required
from ..schemas import BindingIn, CodeIn

bp = APIBlueprint("bindings", __name__, url_prefix="/api/v1", tag="Bindings")


@bp.post("/bindings")
@member_required
@bp.input(BindingIn, arg_name="body")
def start(body: BindingIn) -> tuple[dict, int]:
    """Pending until the parent presses 确定 on the TV pop-up (or an agent confirms); with the
    TV's code, active at once."""
    code = body.code.replace(" ", "") if body.code else None
    found, created = centre_call(
        member().centre.start_binding, body.relation, elder_phone=body.elder_phone,
        elder_name=body.elder_name, code=code, permissions=list(body.permissions),
        idempotency_key=new_idempotency_key())
    return found, 201 if created else 200


@bp.post("/bindings/code")
@member_required
@bp.input(CodeIn, arg_name="body")
def show_code(body: CodeIn) -> tuple[dict, int]:
    """Show a binding code on the parent's TV (the same answer whether or not they matched)."""
    return centre_call(member().centre.show_family_code, body.elder_phone, body.elder_name), 201


@bp.get("/bindings/<binding_id>")
@member_required
def get(binding_id: str) -> dict:
    return centre_call(member().centre.binding, binding_id)


@bp.post("/bindings/<binding_id>/revoke")
@member_required
def revoke(binding_id: str) -> dict:
    """Effective at once: the next call for that parent is refused."""
    return centre_call(member().centre.revoke_binding, binding_id, "家属在小程序里解除")
