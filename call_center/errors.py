"""Errors are values an elder can hear: a machine ``code`` plus a short Chinese sentence.

Every error leaves the centre in one shape, ``{"error": {"code", "message", "fields"}}``,
whether it was raised by our code (:class:`ApiError`), by APIFlask's input validation, or by
Werkzeug (404, 405, 413…). ``fields`` carries per-field Chinese messages for 422s.
"""
from __future__ import annotations

import re
from typing import Any

from apiflask import HTTPError
from pydantic import ValidationError

# code -> (HTTP status, default sentence). docs/central-api.md lists the public ones.
CATALOGUE: dict[str, tuple[int, str]] = {
    "bad_json": (400, "发送的内容格式不对，请再试一次。"),
    "bad_request": (400, "请求不完整，请再试一次。"),
    "unauthorized": (401, "请先绑定设备或登录。"),
    "invalid_token": (401, "身份凭证无效，请重新绑定设备。"),
    "forbidden": (403, "您没有权限办理这位老人的事情。"),
    "grant_required": (403, "请先在屏幕上确认您的身份。"),
    "grant_expired": (403, "办理时间到了，请重新确认您的身份。"),
    "not_found": (404, "没有找到您要的内容。"),
    "method_not_allowed": (405, "不支持这个操作。"),
    "idempotency_conflict": (409, "这次提交和上次的内容不一样，请重新提交。"),
    "slot_full": (409, "这个时段已经约满了，请选别的时间。"),
    "already_booked": (409, "您已经约过这个时段了。"),
    "invalid_transition": (409, "这个请求现在不能这样处理。"),
    "no_slip_yet": (409, "这件事还没有办好，还没有凭条。"),
    "precondition_failed": (412, "刚才有人改过这些内容，您这次的修改没有保存。请看一下现在的内容，再改一次。"),
    "precondition_required": (428, "请先打开看一下现在的内容，再保存修改。"),
    "request_timeout": (408, "发送的内容没有收全，请再试一次。"),
    "too_large": (413, "发送的内容太多了。"),
    "unsupported_media_type": (415, "发送的内容格式不对，请再试一次。"),
    "validation_error": (422, "有些内容填得不对，请检查一下。"),
    "date_in_past": (422, "这个时间已经过去了，请选以后的时间。"),
    "too_late_for_visit": (422, "这个时间来接，赶不上看病，请选早一点的时间。"),
    "outside_service_area": (422, "这个地址不在上海市叫车服务范围内。"),
    "rate_limited": (429, "操作太频繁了，请稍后再试。"),
    "internal_error": (500, "系统出了点问题，请稍后再试，或拨打热线。"),
    "provider_unavailable": (503, "服务平台暂时联系不上，请稍后再试，或者请人工帮您办。"),
}

# The error shape as an OpenAPI schema, for APIFlask's documented 4xx responses.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "description": "machine code, e.g. slot_full"},
            "message": {"type": "string", "description": "a short Chinese sentence"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "per-field messages (422)"},
        },
    }},
}

_BY_STATUS = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 408: "request_timeout", 409: "invalid_transition", 413: "too_large",
    412: "precondition_failed", 415: "unsupported_media_type", 422: "validation_error",
    428: "precondition_required", 429: "rate_limited",
    503: "provider_unavailable",
}


class ApiError(HTTPError):
    """Raise anywhere in a request; the error processor renders it in the contract's shape."""

    def __init__(self, code: str, message: str | None = None, *,
                 fields: dict[str, str] | None = None, headers: dict[str, str] | None = None):
        status, default = CATALOGUE[code]
        super().__init__(status, message or default, headers=headers)
        self.code = code
        self.fields = fields or {}


def error_body(code: str, message: str | None = None,
               fields: dict[str, str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message or CATALOGUE[code][1]}
    if fields:
        body["fields"] = fields
    return {"error": body}


def render_error(error: HTTPError) -> tuple[dict[str, Any], int, dict[str, str]]:
    """APIFlask's error processor: one shape for every error, whatever raised it."""
    if isinstance(error, ApiError):
        return error_body(error.code, error.message, error.fields), error.status_code, error.headers
    cause = error.__cause__
    if isinstance(cause, ValidationError):
        fields = chinese_field_errors(cause)
        return error_body("validation_error", fields=fields), 422, error.headers
    code = _BY_STATUS.get(error.status_code, "internal_error")
    status = error.status_code if code != "internal_error" else 500
    return error_body(code), status, dict(error.headers or {})


# pydantic error type -> Chinese sentence (``{…}`` filled from the error's ctx).
_FIELD_MESSAGES: dict[str, str] = {
    "missing": "这一项必须填写。",
    "extra_forbidden": "不认识这一项。",
    "string_type": "这里应该填文字。",
    "string_too_short": "这一项不能空着。",
    "string_too_long": "太长了，最多{max_length}个字。",
    "string_pattern_mismatch": "格式不对。",
    "int_type": "这里应该填整数。",
    "int_parsing": "这里应该填整数。",
    "int_from_float": "这里应该填整数。",
    "float_type": "这里应该填数字。",
    "float_parsing": "这里应该填数字。",
    "bool_type": "这里应该填是或否。",
    "bool_parsing": "这里应该填是或否。",
    "greater_than": "不能小于或等于{gt}。",
    "greater_than_equal": "不能小于{ge}。",
    "less_than": "不能大于或等于{lt}。",
    "less_than_equal": "不能大于{le}。",
    "literal_error": "只能是这些之一：{expected}。",
    "enum": "只能是这些之一：{expected}。",
    "date_type": "日期格式应该是 年-月-日。",
    "date_parsing": "日期格式应该是 年-月-日。",
    "date_from_datetime_parsing": "日期格式应该是 年-月-日。",
    "date_from_datetime_inexact": "日期格式应该是 年-月-日。",
    "datetime_type": "时间格式不对。",
    "datetime_parsing": "时间格式不对。",
    "datetime_from_date_parsing": "时间格式不对。",
    "timezone_aware": "时间要带时区。",
    "dict_type": "这里应该是一组内容。",
    "model_type": "这里应该是一组内容。",
    "model_attributes_type": "这里应该是一组内容。",
    "list_type": "这里应该是一个列表。",
    "too_long": "太多了，最多{max_length}项。",
    "too_short": "至少要{min_length}项。",
}


def chinese_field_errors(error: ValidationError, prefix: str = "") -> dict[str, str]:
    """Per-field Chinese messages keyed by dotted path (``form.slot_id``); first error wins."""
    out: dict[str, str] = {}
    for item in error.errors(include_url=False):
        loc = ".".join(str(part) for part in item["loc"]) or "_body"
        key = f"{prefix}.{loc}" if prefix and loc != "_body" else (prefix or loc)
        if key in out:
            continue
        out[key] = _field_message(item)
    return out


def _field_message(item: dict[str, Any]) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind in {"value_error", "assertion_error"} and "error" in ctx:
        return str(ctx["error"])
    template = _FIELD_MESSAGES.get(kind, "这一项填得不对。")
    words = {k: str(v).replace("'", "").replace(" or ", "、").replace(", ", "、")
             for k, v in ctx.items()}
    if kind in {"literal_error", "enum"} and re.search(r"[A-Za-z]", words.get("expected", "")):
        # Machine values (seated、wheelchair…) mean nothing to the person who reads this.
        return "请从给出的选项里选一个。"
    try:
        return template.format(**words)
    except (KeyError, IndexError):
        return "这一项填得不对。"
