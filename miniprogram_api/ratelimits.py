"""Rate limits on sign-in and binding attempts (Flask-Limiter), with counts every worker shares:
on the back end's own database (``onekeydb://``, web_front/rate_counts.py); with ``memory://``
each gunicorn worker would count alone and the limit would grow with them."""
from __future__ import annotations

from flask import g, request
from flask_limiter import Limiter

from web_front.rate_counts import SqlStorage  # noqa: F401  registers onekeydb:// with ``limits``

from .db import Database
from .models import rate_hits


def by_address() -> str:
    return request.remote_addr or "unknown"


def by_member() -> str:
    """The signed-in member (whichever phone, browser or fresh sign-in they use); limits run
    before the view, so the member is looked up here from the token or the H5 cookie."""
    from .backend import bearer, resolved
    from .h5.blueprint import COOKIE

    if "limit_key" not in g:
        found = resolved(bearer() or request.cookies.get(COOKIE))
        g.limit_key = f"family:{found.family_id}" if found is not None else f"anonymous@{by_address()}"
    return g.limit_key


def install(app, database: Database, storage_uri: str, limits: dict[str, tuple[str, object]]) -> Limiter:
    """A limiter for this app, and ``limits`` (endpoint → (limit, key function)) on its views.
    Applied here, not by decorators at import, so every app (a test's, a worker's) has its own."""
    options = {"table": rate_hits, "open": database.session} if storage_uri.startswith("onekeydb:") else {}
    limiter = Limiter(key_func=by_address, app=app, storage_uri=storage_uri,
                      storage_options=options, headers_enabled=True, strategy="fixed-window")
    for endpoint, (value, key_func) in limits.items():
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(value, key_func=key_func,
                                                     deduct_when=_an_attempt)(view)
    return limiter


def _an_attempt(response) -> bool:
    """What an attempt costs: anything but a form the member must correct (422, a phone
    with a digit missing) — nothing was tried with it, and a typo must not use up the
    binding attempts an hour allows."""
    return response.status_code != 422
