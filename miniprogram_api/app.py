"""The app factory: ``create_app(config)`` builds one back end (settings → database → the
centre link → sign-in adapters → blueprints → limits → the alert worker). Nothing is read
from the environment before it is called; every worker of a gunicorn pool builds its own and
they share only the database."""
from __future__ import annotations

import secrets
from typing import Any, Mapping
from urllib.parse import urlsplit

from apiflask import APIFlask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from sqlalchemy.exc import IntegrityError

from accessibility.line_breaks import SEGMENTER

from . import api_responses, errors, i18n, migrate, ratelimits, security
from .api import BLUEPRINTS
from .backend import EXTENSION, Backend
from .centre_link import CentreLink
from .db import Database, make_engine
from .family_sos import FamilySos
from .json_body import StrictJsonRequest
from .logins.shensuiban import ShensuibanLogin
from .logins.token_storage import DatabaseTokenStorage
from .logins.tokens import LoginTokens
from .logins.wechat import OneKeyWeChatClient, WeChatLogin
from .members import Members
from .models import Secret
from .settings import Settings

VERSION = "1.0.0"
COOKIE = "onekey_mp"


def stored_secret(database: Database, name: str = "signing") -> str:
    """A signing key made once and kept in the database, so every worker signs alike."""
    with database.session(write=False) as db:
        row = db.get(Secret, name)
        if row is not None:
            return row.value
    try:
        with database.session() as db:
            db.add(Secret(name=name, value=secrets.token_hex(32)))
    except IntegrityError:  # another worker made it first
        pass
    with database.session(write=False) as db:
        row = db.get(Secret, name)
        assert row is not None
        return row.value


def prepare(config: Mapping[str, Any] | None = None) -> None:
    """What must be done once before gunicorn forks its workers — the schema and the signing
    secret every worker shares — and nothing that starts a thread: a forked worker inherits a
    thread's locks (an import half done, the word segmenter's warm-up) but not the thread, and
    waits on them for ever."""
    settings = Settings.load(config)
    database = Database(make_engine(settings.db_url, settings.sqlite_busy_timeout_ms))
    try:
        migrate.upgrade(database.engine)
        if not settings.secret_key:
            stored_secret(database)
    finally:
        database.engine.dispose()


def create_app(config: Mapping[str, Any] | None = None) -> APIFlask:
    settings = Settings.load(config)
    app = APIFlask("miniprogram_api", title="一键通 mini-program back end", version=VERSION,
                   spec_path="/openapi.json", docs_path=None)  # no Swagger UI from a CDN: the contract is /openapi.json
    app.request_class = StrictJsonRequest
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    database = Database(make_engine(settings.db_url, settings.sqlite_busy_timeout_ms))
    migrate.upgrade(database.engine)
    secret = settings.secret_key or stored_secret(database)
    app.config.update(
        SECRET_KEY=secret,
        MAX_CONTENT_LENGTH=64 * 1024,
        SECURITY_SCHEMES={"BearerAuth": {"type": "http", "scheme": "bearer"}},
        VALIDATION_ERROR_SCHEMA=errors_schema(),
        HTTP_ERROR_SCHEMA=errors_schema(),
        SPEC_FORMAT="json",
        INFO={"description": "The WeChat / 随申办 mini-program's back end: sign-in, bindings "
                             "(the centre decides), the flow engine's screens as JSON, alerts."},
        # The Flask session (cookie) carries only the OAuth state and the CSRF secret.
        SESSION_COOKIE_NAME="onekey_mp_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.cookie_always_secure,
        WTF_CSRF_CHECK_DEFAULT=False,  # the H5 blueprint checks its own POSTs; the JSON API has no cookies
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.error_processor(errors.render)
    app.spec_processor(lambda spec: api_responses.document(app, spec))
    if settings.trusted_proxies > 0:
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    link = CentreLink(settings.centre_url, settings.service_token, settings.hotline)
    members = Members(database, link, LoginTokens(secret, settings.login_ttl_s), settings.login_ttl_s)
    wechat = None
    if settings.wechat_enabled:
        client = OneKeyWeChatClient(settings.wechat_appid, settings.wechat_secret,
                                    settings.wechat_api_base, DatabaseTokenStorage(database),
                                    timeout=settings.wechat_timeout_s)
        wechat = WeChatLogin(client, settings.hotline)
    ssb = None
    if settings.ssb_enabled:
        ssb = ShensuibanLogin(settings.ssb_client_id, settings.ssb_client_secret,
                              settings.ssb_authorize_url, settings.ssb_token_url,
                              settings.ssb_userinfo_url, settings.ssb_scope)
    sos = FamilySos(settings, members)
    app.extensions[EXTENSION] = Backend(settings, database, link, members, wechat, ssb, sos)

    i18n.init_app(app)
    oauth = urlsplit(settings.ssb_authorize_url)
    security.init_app(app, f"{oauth.scheme}://{oauth.netloc}" if oauth.netloc else "")
    CSRFProtect(app)
    from .h5 import bp as h5_bp

    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    app.register_blueprint(h5_bp)
    ratelimits.install(app, database, settings.ratelimit_storage, {
        "signin.login_wechat": (settings.login_limit, ratelimits.by_address),
        "signin.login_ssb": (settings.login_limit, ratelimits.by_address),
        "h5.ssb_callback": (settings.login_limit, ratelimits.by_address),
        "bindings.start": (settings.binding_limit, ratelimits.by_member),
        "bindings.show_code": (settings.binding_limit, ratelimits.by_member),
        "h5.bind_submit": (settings.binding_limit, ratelimits.by_member),
    })
    if settings.alerts:
        start_alerts(app)
    if settings.alerts or sos.outbox.pending():
        sos.start()  # presses kept from before (another process, a restart) go out
    SEGMENTER.warm_in_background()  # the pages' line breaks: never on a first page's time
    return app


def start_alerts(app: APIFlask) -> None:
    from .alerts.sender import WeChatSender
    from .alerts.worker import AlertWorker

    b: Backend = app.extensions[EXTENSION]
    sender = WeChatSender(b.wechat.client) if b.wechat is not None else None
    s = b.settings
    worker = AlertWorker(b.database, b.link.service, sender, alarm_template=s.alarm_template,
                         booking_template=s.booking_template, retry_s=s.alert_retry_s,
                         retry_max_s=s.alert_retry_max_s, give_up_s=s.alert_give_up_s,
                         wait_s=s.stream_wait_s)
    b.extras["alerts"] = worker.start()


def stop(app: APIFlask) -> None:
    """Stop the alert worker and close connections (tests, a clean shutdown)."""
    b: Backend = app.extensions[EXTENSION]
    worker = b.extras.pop("alerts", None)
    if worker is not None:
        worker.stop()
    b.sos.stop()
    b.link.close()
    b.database.dispose()


def errors_schema() -> dict[str, Any]:
    return {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}}}


__all__ = ["COOKIE", "create_app", "stop"]
