"""Wire the console into a centre app: settings, signing key, cookie flags, CSRF, routes."""
from __future__ import annotations

import secrets
import threading

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy.exc import IntegrityError

from ..db import Database
from ..models.console import ConsoleKey
from .masked_text import masked_text
from .settings import ConsoleSettings

SESSION_KEY_NAME = "session_signing"


class CompiledTemplates(BytecodeCache):
    """Compiled templates shared by every app in the process. Jinja checks each entry
    against the template's source checksum, so an edited template is compiled afresh; an app
    built per test (or per worker restart) skips parsing the same pages again."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        with self._lock:
            self._store[bucket.key] = code


COMPILED = CompiledTemplates()


class ConsoleCookies(SecureCookieSessionInterface):
    """The Secure flag whenever the request came over HTTPS (or always, when configured):
    the embedded demo on http://127.0.0.1 still works, a TLS deployment never leaks it."""

    def __init__(self, always_secure: bool):
        self.always_secure = always_secure

    def get_cookie_secure(self, app: Flask) -> bool:
        return self.always_secure or request.is_secure


def stored_secret(database: Database) -> str:
    """The signing key kept in the database, created once (shared by every worker)."""
    with database.session(write=False) as db:
        row = db.get(ConsoleKey, SESSION_KEY_NAME)
        if row is not None:
            return row.value
    with database.session(write=True) as db:
        db.add(ConsoleKey(name=SESSION_KEY_NAME, value=secrets.token_hex(32)))
        try:
            db.commit()
        except IntegrityError:  # another worker created it first
            db.rollback()
    with database.session(write=False) as db:
        row = db.get(ConsoleKey, SESSION_KEY_NAME)
        assert row is not None
        return row.value


def init_app(app: Flask) -> None:
    centre = app.extensions["onekey"]
    settings = ConsoleSettings.load(centre.settings.extra)
    app.extensions["onekey_console"] = settings
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.console_secret_key or stored_secret(centre.db)
    app.config.update(
        SESSION_COOKIE_NAME="onekey_console",
        SESSION_COOKIE_PATH="/console",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        # The console checks CSRF itself on its own POSTs (logins.gate); the bearer-token
        # API under /v1 has no cookies and so no CSRF exposure.
        WTF_CSRF_CHECK_DEFAULT=False,
        # The token lives as long as the login session, which the idle timeout bounds.
        WTF_CSRF_TIME_LIMIT=None,
        # WTForms' own messages come from its Chinese catalogue (forms.ConsoleForm.Meta), not
        # from Flask-Babel's request locale, which the API never sets.
        WTF_I18N_ENABLED=False,
    )
    app.session_interface = ConsoleCookies(settings.cookie_always_secure)
    app.jinja_env.bytecode_cache = COMPILED
    app.jinja_env.finalize = masked_text
    CSRFProtect(app)

    from . import views  # noqa: F401  registers the routes on the blueprint
    from .blueprint import bp

    app.register_blueprint(bp)
