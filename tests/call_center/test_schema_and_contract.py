"""Models and migrations agree; /openapi.json documents the contract's paths and shapes."""
from __future__ import annotations

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from call_center.db import make_engine
from call_center.fulfilment.registry import FORMS
from call_center.migrate import current_revision, head_revision, upgrade
from call_center.models import Base
from call_center.schemas.service_requests import RESULT_MODELS

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "central-api.md"


def test_migrations_match_the_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(engine)
    upgrade(engine)  # a second start is a no-op
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_every_contract_path_is_in_openapi(center_client):
    spec = center_client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = set(spec["paths"])
    table = [line for line in CONTRACT.read_text(encoding="utf-8").splitlines()
             if line.startswith("| `")]
    for line in table:
        method, path = re.match(r"\| `(\w+) ([^`?]+)", line).groups()
        openapi_path = re.sub(r"\{(\w+)\}", r"{\1}", path)
        candidates = [p for p in documented
                      if re.sub(r"\{\w+\}", "{}", p) == re.sub(r"\{\w+\}", "{}", openapi_path)]
        assert candidates, f"{method} {path} missing from /openapi.json"
        assert method.lower() in spec["paths"][candidates[0]], f"{method} {path}"


def test_openapi_documents_shapes_and_security(center_client):
    spec = center_client.get("/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    for name in ("ServiceRequestOut", "ElderOut", "SlotOut", "MessageOut", "RequestCreate",
                 *(m.__name__ for m in FORMS.values()), *(m.__name__ for m in RESULT_MODELS)):
        assert name in schemas, name
    assert set(schemas["ServiceRequestOut"]["properties"]) >= {
        "id", "elder_id", "service", "mode", "channel", "status", "form", "result", "failure",
        "created_at", "updated_at", "events"}
    assert spec["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    post = spec["paths"]["/v1/requests"]["post"]
    assert post["security"] == [{"BearerAuth": []}]
    assert "422" in post["responses"]
    error = schemas["HTTPError"]
    assert error["required"] == ["error"]
    assert "fields" in error["properties"]["error"]["properties"]


def test_docs_are_off_unless_asked_for_and_then_load_nothing_from_elsewhere(center_client,
                                                                           make_center_app):
    assert center_client.get("/docs").status_code == 404  # production: not at all
    client = make_center_app(api_docs=True).test_client()
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/docs/static/") for s in sources), sources
    assert "<script>" not in html  # no inline script: the policy forbids them
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "http" not in policy  # no other origin may serve anything
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200 and asset.get_data(), source
    assert client.get("/docs/static/../app.py").status_code == 404


def test_json_answers_carry_a_policy_that_runs_nothing(center_client):
    policy = center_client.get("/v1/health").headers["Content-Security-Policy"]
    assert policy == "default-src 'none'; frame-ancestors 'none'"
