"""JSON bodies read strictly (issue 12 §6, as the centre's ``call_center/bad_input.py``).

APIFlask reads an ``@input`` body with ``get_json(force=True)`` and takes ``null`` for ``{}``:
a ``text/plain`` body was parsed as JSON and a ``null`` one started a screen. Here a body that
does not say it is JSON is 415 and one that is ``null`` is 422; routes that read no body never
ask, so they answer as before.
"""
from __future__ import annotations

from typing import Any

from flask import Request

from .errors import ApiError

NOT_AN_OBJECT = "发送的内容应该是一组内容（JSON 对象）。"


class StrictJsonRequest(Request):
    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        value = super().get_json(force=False, silent=silent, cache=cache)
        if value is None and not silent:  # the body was JSON's null
            raise ApiError(422, fields={"_body": NOT_AN_OBJECT})
        return value
