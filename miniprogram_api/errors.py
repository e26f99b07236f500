"""One error shape for the JSON API, as the centre's: ``{"error": {"code", "message"}}`` with
a short Chinese sentence a person can read (or hear) and act on."""
from __future__ import annotations

from typing import Any

from apiflask import HTTPError
from flask import jsonify
from pydantic import ValidationError

from shared_ui.client import CenterError

from .logins.errors import LoginError

MESSAGES = {
    400: ("bad_request", "请求不完整，请再试一次。"),
    401: ("unauthorized", "请先登录。"),
    403: ("forbidden", "您没有权限办理这位老人的事情。"),
    404: ("not_found", "没有找到您要的内容。"),
    405: ("method_not_allowed", "不支持这个操作。"),
    # the phone's line dropped or crawled while it sent (the front waited --body-wait for it)
    408: ("request_timeout", "网络不太好，内容没有发送完整，请再试一次。"),
    412: ("precondition_failed", "刚才有人改过这些内容，您这次的修改没有保存。请看一下现在的内容，再改一次。"),
    413: ("too_large", "发送的内容太多了。"),
    415: ("unsupported_media_type", "发送的内容格式不对，请再试一次。"),
    422: ("validation_error", "有些内容填得不对，请检查一下。"),
    428: ("precondition_required", "请先打开看一下现在的内容，再保存修改。"),
    429: ("rate_limited", "操作太频繁了，请稍后再试。"),
    500: ("internal_error", "系统出了点问题，请稍后再试，或拨打热线。"),
    502: ("centre_error", "服务暂时出了点问题，请稍后再试，或拨打热线。"),
    503: ("unavailable", "服务暂时联系不上，请稍后再试，或拨打热线。"),
}


class ApiError(HTTPError):
    def __init__(self, status: int, code: str | None = None, message: str | None = None,
                 fields: dict[str, str] | None = None):
        default_code, default_message = MESSAGES.get(status, MESSAGES[500])
        super().__init__(status, message or default_message)
        self.code = code or default_code
        self.fields = fields or {}


def body(status: int, code: str | None = None, message: str | None = None,
         fields: dict[str, str] | None = None) -> dict[str, Any]:
    default_code, default_message = MESSAGES.get(status, MESSAGES[500])
    error: dict[str, Any] = {"code": code or default_code, "message": message or default_message}
    if fields:
        error["fields"] = fields
    return {"error": error}


# The centre's refusals a phone is told as they are (it decided, not us). Anything else —
# a 500, a 504, a 400 or 405 about a call this service made — is ours to answer for: 502.
PASSED_ON = frozenset({401, 403, 404, 409, 412, 413, 422, 428, 429, 503})


def from_centre(exc: CenterError) -> ApiError:
    """The centre's refusal as ours: its status and its sentence when it is one of
    :data:`PASSED_ON`, else 502 (never our own 500: the fault was upstream)."""
    if exc.unreachable:
        return ApiError(503, "centre_unreachable", exc.message)
    if exc.code == "invalid_token":
        return ApiError(401, "login_expired", "登录已过期，请重新登录。")
    if exc.status not in PASSED_ON:
        return ApiError(502)
    return ApiError(exc.status, exc.code, exc.message, exc.fields)


def from_login(exc: LoginError) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message)


def render(error: HTTPError) -> tuple[dict[str, Any], int, dict[str, str]]:
    """APIFlask's error processor for the JSON API."""
    if isinstance(error, ApiError):
        return body(error.status_code, error.code, error.message, error.fields), error.status_code, \
            dict(error.headers or {})
    if isinstance(error.__cause__, ValidationError):
        fields = {".".join(str(p) for p in e["loc"]) or "_body": "这一项填得不对。"
                  for e in error.__cause__.errors(include_url=False)}
        return body(422, fields=fields), 422, {}
    status = error.status_code if error.status_code in MESSAGES else 500
    return body(status), status, dict(error.headers or {})


def json_error(status: int, code: str | None = None, message: str | None = None):
    response = jsonify(body(status, code, message))
    response.status_code = status
    return response
