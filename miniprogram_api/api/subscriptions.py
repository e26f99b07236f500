"""Which alerts a member lets us send as WeChat subscribe messages: the mini-program reports
what ``wx.requestSubscribeMessage`` answered; each "accept" of a one-time template allows one
message, a long-term template any number."""
from __future__ import annotations

from apiflask import APIBlueprint
from flask import g

from ..alerts.subscriptions import record_answers, subscriptions_of
from .. import parents
from ..backend import backend, member, member_required
from ..errors import ApiError
from ..schemas import SubscribeIn

bp = APIBlueprint("subscriptions", __name__, url_prefix="/api/v1", tag="Alerts")


def _may_receive() -> bool:
    """Alerts go only to members whose binding grants ``alerts``: only they are asked."""
    return any(b["status"] == "active" and parents.may(b, "alerts") for b in parents.bindings(member()))


@bp.get("/subscriptions")
@member_required
def current() -> dict:
    """The templates to ask about (none for a member no parent lets receive alerts)."""
    b = backend()
    templates = {"alarm": b.settings.alarm_template, "booking": b.settings.booking_template} \
        if _may_receive() else {}
    return {"templates": templates, "subscriptions": subscriptions_of(b.database, g.login)}


@bp.post("/subscriptions")
@member_required
@bp.input(SubscribeIn, arg_name="body")
def answered(body: SubscribeIn) -> dict:
    b = backend()
    if g.login.provider != "wechat":
        raise ApiError(422, "not_wechat", "订阅消息只能在微信小程序里开启。")
    if not _may_receive():
        raise ApiError(403, "forbidden", "绑定时没有选“收到紧急提醒”，不能订阅提醒。")
    known = {b.settings.alarm_template, b.settings.booking_template} - {""}
    if not set(body.results) <= known:
        raise ApiError(422, "validation_error", "不认识这个消息模板。")
    record_answers(b.database, g.login, body.results, body.long_term)
    return {"subscriptions": subscriptions_of(b.database, g.login)}
