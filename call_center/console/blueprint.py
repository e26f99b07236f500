"""The ``console`` blueprint: the gate, error pages, security headers and template helpers.

An :class:`~apiflask.APIBlueprint` with OpenAPI off: these are HTML pages, not part of the
``/v1`` contract, and APIFlask expects its own blueprint type when it builds the spec.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from apiflask import APIBlueprint, HTTPError
from flask import current_app, g, jsonify, render_template, request
from flask import Response
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from personal_data.masking import mask_name, mask_phone
from personal_data.references import reference

from ..alarms.words import LATE_AFTER_S, late_words, span
from ..clock import local, now
from . import alarm_link, audit, labels, logins

bp = APIBlueprint("console", __name__, url_prefix="/console", template_folder="templates",
                  static_folder="static", static_url_path="/static", enable_openapi=False)
bp.before_request(logins.gate)
bp.teardown_request(audit.flush_regardless)

# No inline script or style anywhere: the policy can forbid them outright.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; media-src 'self' data:; frame-ancestors 'none'; "
       "form-action 'self'; base-uri 'none'; object-src 'none'")

ERROR_WORDS = {
    400: "提交的内容不完整，请刷新页面后再试。",
    403: "您没有权限做这个操作。",
    404: "没有找到这个页面或记录。",
    405: "不支持这个操作。",
    408: "提交的内容没有收全，请检查网络后再试一次。",
    409: "这个操作和当前状态冲突，请刷新后再看。",
    413: "提交的内容太多了。",
    422: "有些内容填得不对，请检查一下。",
    500: "系统出了点问题，请稍后再试。",
    503: "服务平台暂时联系不上，请稍后再试。",
}


@bp.after_request
def _security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    # same-origin: Flask-WTF checks the Referer of HTTPS posts; no other site ever sees a URL.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if response.mimetype == "text/html":
        response.headers["Content-Type"] = "text/html; charset=utf-8"
    return response


@bp.after_request
def _audit_refusals(response: Response) -> Response:
    """A signed-in agent's action refused as a conflict or as invalid input is kept in the
    audit log (a pattern of them is worth a supervisor's look)."""
    if response.status_code in (409, 422) and g.get("console_agent") is not None:
        audit.record_regardless("refused_action", "page", (request.endpoint or "")[:32],
                                f"{request.method} {request.path} → {response.status_code}")
    return response


def _wants_json() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "_console_json", False))


def error_page(status: int, message: str | None = None, code: str = "") -> tuple[Any, int]:
    words = message or ERROR_WORDS.get(status, ERROR_WORDS[500])
    if _wants_json():
        return jsonify(error={"code": code or str(status), "message": words}), status
    return render_template("console/error.html", status=status, message=words), status


@bp.errorhandler(CSRFError)
def _csrf_failed(error: CSRFError) -> tuple[Any, int]:
    audit.record_regardless("csrf_rejected", "page", request.endpoint or "",
                            f"{request.method} {request.path}：{error.description}")
    return error_page(400, "页面已过期或来源不明，没有保存。请刷新页面后再试。", "csrf_failed")


@bp.errorhandler(HTTPError)
def _api_error(error: HTTPError) -> tuple[Any, int]:
    return error_page(error.status_code, error.message, getattr(error, "code", ""))


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> tuple[Any, int]:
    status = error.code or 500
    custom = error.description if status == 403 and "\u4e00" <= (error.description or " ")[0] <= "\u9fff" else None
    return error_page(status, custom)


def when(moment: datetime | None, with_date: bool | None = None) -> str:
    """Shanghai time: 09:30:05 today, 11-25 09:30 otherwise."""
    if moment is None:
        return ""
    shown = local(moment)
    if with_date is None:
        with_date = shown.date() != local(now()).date()
    return shown.strftime("%m-%d %H:%M" if with_date else "%H:%M:%S")


def due(moment: datetime | None) -> str:
    """When a task is due, one way down a column: 今天 15:00, 昨天 21:20, 明天 09:00, 12-02 15:00."""
    if moment is None:
        return ""
    shown, today = local(moment), local(now()).date()
    day = {0: "今天", -1: "昨天", 1: "明天"}.get((shown.date() - today).days)
    return f"{day} {shown:%H:%M}" if day else shown.strftime("%m-%d %H:%M")


def waited(moment: datetime) -> str:
    return span(int((alarm_link.now() - moment).total_seconds()))


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"console": {
        "when": when, "due": due, "waited": waited, "span": span, "late_words": late_words,
        "late_after": LATE_AFTER_S, "epoch_ms": epoch_ms, "labels": labels,
        "mask_name": mask_name, "mask_phone": mask_phone, "reference": reference,
        "agent": g.get("console_agent"),
        "settings": current_app.extensions.get("onekey_console"),
        "now_ms": lambda: epoch_ms(alarm_link.now()),
        "seconds_left": logins.seconds_left,
    }}
