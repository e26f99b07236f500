"""The ``h5`` blueprint: the sign-in gate, CSRF on every POST, HTML error pages."""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable
from urllib.parse import urlsplit

from apiflask import APIBlueprint, HTTPError
from flask import Response, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from accessibility.line_breaks import keep_units
from shared_ui.flow.kinds.menu import offered_to, services_under
from shared_ui.punctuation import marks

from ..backend import resolved
from ..errors import MESSAGES, json_error

COOKIE = "onekey_mp"
bp = APIBlueprint("h5", __name__, template_folder="templates", static_folder="static",
                  static_url_path="/h5/static", enable_openapi=False)


@bp.after_app_request
def _units(response: Response) -> Response:
    """Every page's text with its units whole on a line (1203室, 主治医师): a browser breaks
    Chinese between any two characters (:func:`accessibility.line_breaks.keep_units`)."""
    if response.mimetype == "text/html" and not response.direct_passthrough \
            and not response.is_streamed:
        response.set_data(keep_units(response.get_data(as_text=True), joiner=True))
    return response


@bp.before_request
def _csrf() -> None:
    if request.method == "POST":
        current_app.extensions["csrf"].protect()


def signed_in() -> Any:
    found = resolved(request.cookies.get(COOKIE))
    if found is not None:
        g.member, g.login = found, found.login
    return found


def safe_next(target: str | None) -> str:
    """Only a path of ours (never another site) may follow sign-in."""
    if not target:
        return url_for("h5.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("h5.home")
    return target


def page(view: Callable[..., Any]) -> Callable[..., Any]:
    """A page for a signed-in member; anyone else goes to sign in and comes back here."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if signed_in() is None:
            return redirect(url_for("h5.login", next=request.full_path.rstrip("?")), 303)
        return view(*args, **kwargs)

    return wrapper


def error_page(status: int, message: str | None = None, title: str | None = None) -> tuple[str, int]:
    """The page in words; a page that was only being read (GET) and failed on our side (5xx)
    offers to try it again, and home only from elsewhere (home failing would lead to itself)."""
    words = message or _(MESSAGES.get(status, MESSAGES[500])[1])
    again = request.url if request.method == "GET" and status >= 500 else None
    home = request.path.rstrip("/") != url_for("h5.home").rstrip("/")
    return render_template("h5/error.html", status=status, message=words, title=title or _("没有办成"),
                           again=again, home=home), status


@bp.app_template_filter("dial")
def _dial(text: str | None) -> Any:
    from .dial import dialable

    return dialable(text)


@bp.app_context_processor
def _words() -> dict[str, Any]:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from ..flows import engine_for
    from ..i18n import current_locale

    def when(text: str | None) -> str:
        if not text:
            return ""
        return datetime.fromisoformat(text).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%m-%d %H:%M")

    from . import look

    engine = engine_for(current_locale())
    return {"service_title": engine.service_title, "status_word": engine.status_word,
            "record_status": engine.record_status, "when": when,
            "look": look.current(), "bookable": lambda elder: bookable(engine, elder),
            "hotline": engine.spec.contact.hotline, "marks": marks(current_locale())}


def bookable(engine: Any, elder: "dict[str, Any] | None") -> list[str]:
    """The services a family member may book for this parent, in the order the mini-program's
    menus offer them (a sub-menu's services where its tile stands): only those the channels'
    menus offer her (``offered_to``: not 申请一键通 once her package is installed)."""
    menus = engine.spec.menus["miniprogram"]
    return [sid for sid in services_under(menus, menus.home) if engine.spec.services[sid].kind == "request"
            and offered_to(elder, engine.spec.services[sid])]


@bp.errorhandler(CSRFError)
def _csrf_failed(error: CSRFError) -> tuple[str, int]:
    return error_page(400, _("页面已过期，请返回后刷新再试。"))


@bp.errorhandler(HTTPError)
def _api_error(error: HTTPError) -> Any:
    if error.status_code == 401:
        return redirect(url_for("h5.login", next=request.path), 303)
    if getattr(error, "code", None) == "centre_unreachable":
        # Our way to the centre, not her phone's network: and what to do if it is urgent.
        return error_page(503, _("暂时连不上一键通平台，请过一会儿再试。老人情况紧急，请直接拨打120。"),
                          title=_("暂时连不上"))
    return error_page(error.status_code, error.message)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> tuple[str, int]:
    return error_page(error.code or 500)


@bp.app_errorhandler(404)
@bp.app_errorhandler(405)
def _no_such_page(error: HTTPException) -> Any:
    """An address under /h5/ that no page has (a link cut short, an old bookmark) is a page in
    words too; the JSON API's unknown addresses keep their JSON error."""
    if request.path == "/h5" or request.path.startswith("/h5/"):
        return error_page(error.code or 404)
    return json_error(error.code or 404)
