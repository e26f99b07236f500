"""schemathesis against the mini-program back end's OpenAPI (issue 12 §8: every HTTP service),
as a signed-in family member bound to a parent, the back end talking to a real centre and
the fake WeChat / 随申办: generated valid and invalid requests to every operation must never
get a 5xx, every answer must match its documented schema and content type, every status it
gives must be documented, and invalid data must be refused.

Operations come from the app's own /openapi.json, so a new endpoint is tested the day it
exists; bounded for ``./onekey test`` (a few derandomised examples an operation)."""
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

pytestmark = pytest.mark.integration

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection]
EXAMPLES = 6
MODES = {"valid": GenerationMode.POSITIVE, "invalid": GenerationMode.NEGATIVE}


def operations() -> list[tuple[str, str, bool]]:
    from miniprogram_api.app import create_app, stop

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"db_url": f"sqlite:///{Path(tmp) / 'spec.db'}", "centre_url": "http://127.0.0.1:9",
                          "service_token": "spec-only", "alerts": False})
        spec = app.test_client().get("/openapi.json").get_json()
        stop(app)
    return sorted((method.upper(), path, bool(op.get("parameters") or op.get("requestBody")))
                  for path, item in spec["paths"].items()
                  for method, op in item.items() if method in {"get", "post", "patch", "put", "delete"})


CASES = [(m, p, mode) for m, p, takes in operations() for mode in sorted(MODES) if takes or mode == "valid"]


def run(operation: Any, mode: GenerationMode) -> None:
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    check()


@pytest.mark.parametrize("method,path,mode", CASES, ids=[f"{m} {p} {d}" for m, p, d in CASES])
def test_no_5xx_and_every_answer_as_documented(make_backend: Any, method: str, path: str, mode: str) -> None:
    backend = make_backend()
    token = backend.sign_in("o-schemathesis")
    backend.bind(token, "zhang")
    config = schemathesis.Config.from_dict({"auth": {"openapi": {"BearerAuth": {"bearer": token}}}})
    schema = schemathesis.openapi.from_wsgi("/openapi.json", backend.app, config=config)
    run(schema[path][method], MODES[mode])
