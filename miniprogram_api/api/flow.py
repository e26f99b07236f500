"""The ``miniprogram`` channel's screens as JSON: the same flow engine as the TV and kiosk,
through the kit's JSON entry. A session lives in the back end's database, so the next event
may reach any worker. The mini-program renders ``screen`` (docs/screen.schema.json) and may
speak ``speech``."""
from __future__ import annotations

from apiflask import APIBlueprint
from flask import g

from shared_ui.flow.events import EventRefused
from shared_ui.flow.json_entry import UnknownSession

from .. import parents
from ..backend import backend, member, member_required
from ..errors import ApiError
from ..flows import json_flow
from ..i18n import current_locale
from ..schemas import FlowEventIn, FlowOut, FlowStartIn

bp = APIBlueprint("flow", __name__, url_prefix="/api/v1/flow", tag="Screens")


def _flow():
    return json_flow(backend().database, g.login.id, member().centre, current_locale(), backend().sos)


def household(elder_id: str | None) -> list[dict]:
    """The parents a session may act for: all active bindings, or the one named."""
    found = parents.active_parents(member())
    if elder_id is None:
        return found
    chosen = [e for e in found if e["id"] == elder_id]
    if not chosen:
        raise ApiError(403, "forbidden", "您还没有绑定这位老人，或者老人还没有同意。")
    return chosen


@bp.post("")
@member_required
@bp.input(FlowStartIn, arg_name="body")
@bp.output(FlowOut, status_code=201)
def start(body: FlowStartIn) -> tuple[dict, int]:
    """A new session: the home screen for the parent named (or the only one), else 为哪位老人办理."""
    elders = household(body.elder_id)
    chosen = elders[0] if len(elders) == 1 else None
    return _flow().start(chosen, household=elders, locale=current_locale()), 201


@bp.get("/<key>")
@member_required
@bp.output(FlowOut)
def screen(key: str) -> dict:
    try:
        return _flow().screen(key)
    except UnknownSession as exc:
        raise ApiError(404, exc.code, exc.message) from exc


@bp.post("/<key>")
@member_required
@bp.input(FlowEventIn, arg_name="body")
@bp.output(FlowOut)
def send(key: str, body: FlowEventIn) -> dict:
    """One user event (select, back, home, confirm, input, repeat, help, sos, refresh …)."""
    try:
        return _flow().send(key, {"kind": body.kind, "value": body.value})
    except UnknownSession as exc:
        raise ApiError(404, exc.code, exc.message) from exc
    except EventRefused as exc:
        raise ApiError(422, "event_refused", "这个操作现在不能用。") from exc


@bp.delete("/<key>")
@member_required
def end(key: str) -> tuple[str, int]:
    _flow().end(key)
    return "", 204
