"""The app factory: ``create_app(config)`` builds one centre (settings → database → providers
→ blueprints). Nothing is read from the environment before this is called."""
from __future__ import annotations

import logging
from typing import Any, Mapping

from apiflask import APIFlask
from flask import Response

from . import alarms  # noqa: I001  the alarm desk (call_center/alarms)
from . import api_docs, api_responses, console, log_privacy, migrate, providers, push, rate_limits, \
    unit_of_work, versions
from .bad_input import JsonRequest, check_request
from .blueprints import register
from .centre import Centre
from .config import Settings
from .errors import ERROR_SCHEMA, render_error
from .follow_ups import follow_ups
from .fulfilment.registry import FORMS
from .schemas.service_requests import RESULT_MODELS

API_VERSION = "1.0.0"
log = logging.getLogger(__name__)


def add_form_schemas(spec: dict[str, Any]) -> dict[str, Any]:
    """Forms and results are free-form per service in the envelope; document each shape."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for model in (*dict.fromkeys(FORMS.values()), *RESULT_MODELS):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return spec


def create_app(config: Mapping[str, Any] | None = None) -> APIFlask:
    settings = Settings.load(config)
    log_privacy.install()
    # APIFlask's /docs would load scripts from a CDN: call_center/api_docs.py serves its own.
    app = APIFlask("call_center", title="一键通 central API", version=API_VERSION,
                   docs_path=None, spec_path="/openapi.json")
    app.request_class = JsonRequest
    app.before_request(check_request)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        # Form bodies are not used; keep Werkzeug from buffering big ones in memory.
        MAX_FORM_MEMORY_SIZE=settings.max_body_bytes,
        SECURITY_SCHEMES={"BearerAuth": {"type": "http", "scheme": "bearer"}},
        VALIDATION_ERROR_SCHEMA=ERROR_SCHEMA,
        HTTP_ERROR_SCHEMA=ERROR_SCHEMA,
        SPEC_FORMAT="json",
        INFO={"description": "The contract front ends rely on: docs/central-api.md."},
        TAGS=[{"name": n} for n in ("System", "Elders", "Grants", "Catalog", "Requests",
                                     "Messages", "Pairings", "Policies", "Devices")],
    )
    app.error_processor(render_error)
    app.spec_processor(lambda spec: api_responses.document(app, add_form_schemas(spec)))

    database = migrate.open_database(settings)
    built = settings.extra.get("providers") or providers.build(settings)
    app.extensions["onekey"] = Centre(settings=settings, db=database, providers=built)

    unit_of_work.init_app(app)
    versions.init_app(app)  # after: the ETag is on a response before it is stored
    register(app)
    rate_limits.init_app(app, settings.rate_limit_storage, settings.rate_limits, database)
    desk = alarms.attach(app)  # alarm desk: device event log hooks; worker if alarm_worker
    desk.sweeps += follow_ups(database, built, settings, desk)
    push.attach(app, database, desk)  # the event hub that long-polls wait on
    console.init_app(app)  # the agents' web console under /console (call_center/console)
    if settings.api_docs:
        api_docs.init_app(app)

    @app.after_request
    def _headers(response: Response) -> Response:
        # api_responses.API_HEADERS; pages (console, /docs) set their own policy first.
        for name, value in api_responses.API_HEADERS.items():
            if name == "X-Content-Type-Options":
                response.headers[name] = value
            else:
                response.headers.setdefault(name, value)
        return response

    if settings.seed_demo:
        from .demo_data import seed

        seed(database)
    return app

