"""schemathesis against the centre's OpenAPI (issue 12 §8), on SQLite and on PostgreSQL:
generated valid and invalid requests to every operation, as an agent and as a TV box, must
never get a 5xx, every answer must match its documented schema and content type, every status
it gives must be documented, and invalid data must be refused.

Operations are read from the app's own /openapi.json, so a new endpoint is tested the day it
exists. Bounded for ``./onekey test`` (a few examples an operation, derandomised, no
shrinking); ``bench/bench_security.py`` runs the same checks with many more examples.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import BACKENDS

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection]
EXAMPLES = 8
CALLERS = ("agent", "tv_wang")
MODES = {"valid": GenerationMode.POSITIVE, "invalid": GenerationMode.NEGATIVE}


def operations(body_only: bool = False) -> list[tuple[str, str, bool]]:
    """(method, path, takes input) of every operation the centre documents (``body_only``:
    those that read a JSON body)."""
    from call_center.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"db_url": f"sqlite:///{Path(tmp) / 'spec.db'}",
                          "personal_data_keys": str(Path(tmp) / "keys")})
        spec = app.test_client().get("/openapi.json").get_json()
        app.extensions["onekey"].db.dispose()
    return sorted((method.upper(), path, bool(op.get("parameters") or op.get("requestBody")))
                  for path, item in spec["paths"].items()
                  for method, op in item.items() if method in {"get", "post", "patch", "put", "delete"}
                  and (op.get("requestBody") or not body_only))


# (method, path, mode): invalid input only where an operation takes any
CASES = [(m, p, mode) for m, p, takes in operations() for mode in sorted(MODES)
         if takes or mode == "valid"]


@pytest.fixture(scope="module", params=BACKENDS)
def app(request: pytest.FixtureRequest, make_centre: Any) -> Any:
    return make_centre(request.param)


_SCHEMAS: dict[tuple[int, str], Any] = {}


def schema_as(app: Any, token: str) -> Any:
    """The spec with the caller's token as its BearerAuth: schemathesis then knows a request
    it stripped of the header on purpose (invalid input) from one it should authenticate."""
    key = (id(app), token)
    if key not in _SCHEMAS:
        config = schemathesis.Config.from_dict({"auth": {"openapi": {"BearerAuth": {"bearer": token}}}})
        _SCHEMAS[key] = schemathesis.openapi.from_wsgi("/openapi.json", app, config=config)
    return _SCHEMAS[key]


def run(operation: Any, mode: GenerationMode, examples: int) -> None:
    @settings(max_examples=examples, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    check()


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("method,path,mode", CASES, ids=[f"{m} {p} {d}" for m, p, d in CASES])
def test_no_5xx_and_every_answer_as_documented(app: Any, method: str, path: str, mode: str,
                                               caller: str) -> None:
    run(schema_as(app, app.demo.tokens[caller])[path][method], MODES[mode], EXAMPLES)
