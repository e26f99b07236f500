"""What every request is refused for before a view sees it (DESIGN.md §3: bad input gets a
clear error and changes nothing — never a 500, on SQLite and PostgreSQL alike).

- A JSON body must say it is JSON (``application/json`` or ``+json``): ``text/plain`` is 415.
  It must parse (400 ``bad_json``), nest at most :data:`MAX_DEPTH` deep (a deeply nested body
  once blew the parser's stack: 500 on every JSON endpoint) and be an object (``null`` is not
  ``{}``: 422). An empty body is an empty object, so the model names what is missing.
- No text anywhere holds a NUL character: PostgreSQL cannot store one (500) and SQLite
  stores it silently. In a JSON body or a query or form field it is a 422 naming the field;
  in a path it is a 404, like any id that cannot exist.
- A path id (``<elder_id>``, ``<code>`` …) is at most 64 letters, digits, ``_`` or ``-``;
  anything else names nothing (404) and never reaches the database.
"""
from __future__ import annotations

import json
import re
from typing import Any

from flask import Request, request

from .errors import ApiError

MAX_DEPTH = 16
PATH_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}")
NUL = "\x00"
NOT_AN_OBJECT = "发送的内容应该是一组内容（JSON 对象）。"
HAS_NUL = "不能含有空字符（\\0）。"


def problem_in(value: Any) -> tuple[str, str] | None:
    """(field path, what is wrong) for the first NUL or excess depth, else None (iterative:
    a deep value cannot exhaust the stack here either)."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return path or "_body", "too_deep"
        if isinstance(item, str):
            if NUL in item:
                return path or "_body", "nul"
        elif isinstance(item, dict):
            for key, inner in item.items():
                where = f"{path}.{key}" if path else str(key)
                if NUL in key:
                    return where.replace(NUL, "\\0"), "nul"
                stack.append((inner, where, depth + 1))
        elif isinstance(item, list):
            stack.extend((inner, f"{path}.{i}" if path else str(i), depth + 1)
                         for i, inner in enumerate(item))
    return None


class JsonRequest(Request):
    """Flask's request with the JSON rules above. ``get_json(silent=True)`` (used to read what
    a refused request asked for) answers None instead of raising."""

    _onekey_json: Any = ...

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        if self._onekey_json is not ...:
            return self._onekey_json
        try:
            value = self._parse_json()
        except ApiError:
            if silent:
                return None
            raise
        self._onekey_json = value
        return value

    def _parse_json(self) -> Any:
        if (self.content_length or 0) > 0 and not self.is_json:
            # Asked before reading: a form or multipart body was already parsed as a form
            # (get_data is then empty), and read as "nothing sent" it became a 422.
            raise ApiError("unsupported_media_type")
        data = self.get_data(cache=True)
        if not data.strip():
            return {}
        if not self.is_json:
            raise ApiError("unsupported_media_type")
        try:
            value = json.loads(data)
        except (ValueError, RecursionError):
            raise ApiError("bad_json") from None
        found = problem_in(value)
        if found is not None:
            where, what = found
            if what == "too_deep":
                raise ApiError("bad_json", "发送的内容嵌套太深了。")
            raise ApiError("validation_error", fields={where: HAS_NUL})
        if not isinstance(value, dict):
            raise ApiError("validation_error", fields={"_body": NOT_AN_OBJECT})
        return value


def check_request() -> None:
    """``before_request``: NUL in the path, query or form, and path ids that cannot exist."""
    if NUL in request.path:
        raise ApiError("not_found")
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and not PATH_ID.fullmatch(value) and name != "filename":
            raise ApiError("not_found")
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            if NUL in key or NUL in value:
                raise ApiError("validation_error", fields={key.replace(NUL, "\\0"): HAS_NUL})
