"""The app answers the front's refusals itself, in its own shape.

A body still not whole after the front's wait (408), or larger than the app takes (413), is
refused before a view runs — but the answer is the app's: it goes through the app's error
handlers as a werkzeug ``RequestTimeout`` / ``RequestEntityTooLarge``, so a JSON API answers
its error JSON and an HTML page its error page, in the caller's language, with the app's
security headers. No shape is written here.
"""
from __future__ import annotations

from flask import Flask, abort, request

from .bodies import REFUSED

INSTALLED = "web_front.refusals"


def install(app: Flask) -> None:
    """Refuse a request the front marked, first of the app's ``before_request`` functions (no
    limiter counts it, no CSRF check reads its form)."""
    if app.extensions.get(INSTALLED):
        return
    app.extensions[INSTALLED] = True
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_if_marked)


def _refuse_if_marked() -> None:
    status = request.environ.get(REFUSED)
    if status:
        abort(status)
