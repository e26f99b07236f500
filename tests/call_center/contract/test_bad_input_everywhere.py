"""No 500 from bad input, on SQLite and PostgreSQL alike (issue 12 §6), on every operation of
the OpenAPI: deeply nested JSON, a NUL byte in any text or path id, a ``text/plain`` body, a
``null`` body — and the lenient readings that were taken before (``passengers: true`` as 1,
a far date, a past pickup time in call mode). Each asserts the status and code, and that
nothing was written."""
from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from call_center.models import Base

from ..conftest import NOT_WRITTEN_BY_REQUESTS
from .conftest import BACKENDS
from .test_schemathesis import operations

WRITES = [(m, p) for m, p, _ in operations(body_only=True)]
WITH_PATH = [(m, p) for m, p, _ in operations() if "{" in p]


@pytest.fixture(scope="module", params=BACKENDS)
def app(request: pytest.FixtureRequest, make_centre: Any) -> Any:
    return make_centre(request.param)


def counts(app: Any) -> dict[str, int]:
    with app.extensions["onekey"].db.session(write=False) as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables
                if t.name not in {"alarm_refusals", "console_audit", *NOT_WRITTEN_BY_REQUESTS}}


def agent(app: Any, who: str = "agent", **extra: str) -> dict[str, str]:
    token = family_token(app) if who == "family" else app.demo.tokens[who]
    return {"Authorization": f"Bearer {token}",
            "Idempotency-Key": uuid.uuid4().hex, **extra}


def family_token(app: Any) -> str:
    """A member bound to 王秀英 with every permission (made once per app; confirmed by an agent)."""
    if getattr(app, "family_token", None) is None:
        client = app.test_client()
        app.family_token = client.post("/v1/family/sessions", headers=agent(app, "service"), json={
            "provider": "wechat", "subject": f"o-bad-input-{uuid.uuid4().hex}", "name": "陈静"}).get_json()["token"]
        asked = client.post("/v1/family/bindings", headers={"Authorization": f"Bearer {app.family_token}"},
                            json={"relation": "女儿", "elder_phone": "13916205871", "elder_name": "王秀英"})
        client.post(f"/v1/family/bindings/{asked.get_json()['id']}/confirm", headers=agent(app),
                    json={"note": "已电话问过老人"})
    return app.family_token


def allowed(app: Any, method: str, url: str) -> str:
    """A caller the operation reads the body of (auth comes first: a refused caller's body
    is never read)."""
    family_token(app)
    for who in ("agent", "kiosk", "tv_wang", "service", "family"):
        response = app.test_client().open(url, method=method, json={}, headers=agent(app, who))
        if response.status_code not in (401, 403):
            return who
    raise AssertionError(f"nobody may call {method} {url}")


def concrete(app: Any, path: str) -> str:
    """The path with real ids where it names an elder (else an id that does not exist)."""
    return re.sub(r"\{(\w+)\}", lambda m: app.demo.elders["wang"] if m.group(1) == "elder_id"
                  else "x_000000000000", path)


def error_of(response: Any) -> str:
    assert response.status_code < 500, response.get_data(as_text=True)
    return response.get_json()["error"]["code"]


@pytest.mark.parametrize("method,path", WRITES, ids=[f"{m} {p}" for m, p in WRITES])
def test_every_json_body_refuses_what_is_not_a_plain_json_object(app: Any, method: str, path: str):
    url = concrete(app, path)
    who = allowed(app, method, url)
    before = counts(app)
    nested = "[" * 30_000 + "]" * 30_000  # under the 64 KiB limit, far past any parser's stack
    cases = [
        (nested, "application/json", {"bad_json"}),
        ('{"a": ' * 40 + "1" + "}" * 40, "application/json", {"bad_json"}),
        ('{"note": "a\\u0000b", "elder_id": "a\\u0000b"}', "application/json", {"validation_error"}),
        ("null", "application/json", {"validation_error"}),
        ("[]", "application/json", {"validation_error"}),
        ('{"note": "x"}', "text/plain", {"unsupported_media_type"}),
        # A form was parsed as a form, and read as an empty JSON body it became a 422.
        ("note=x&elder_id=y", "application/x-www-form-urlencoded", {"unsupported_media_type"}),
        ('--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--b--\r\n',
         "multipart/form-data; boundary=b", {"unsupported_media_type"}),
    ]
    for body, content_type, codes in cases:
        response = app.test_client().open(url, method=method, data=body,
                                          headers=agent(app, who, **{"Content-Type": content_type}))
        assert error_of(response) in codes | {"rate_limited"}, (body[:40], content_type)
    assert counts(app) == before


@pytest.mark.parametrize("method,path", WITH_PATH, ids=[f"{m} {p}" for m, p in WITH_PATH])
def test_a_nul_or_a_strange_id_in_a_path_is_not_found(app: Any, method: str, path: str):
    before = counts(app)
    for bad in ("eld%00x", "a" * 65, "x'--", "%E7%8E%8B"):
        url = re.sub(r"\{\w+\}", bad, path)
        response = app.test_client().open(url, method=method, json={}, headers=agent(app))
        assert error_of(response) == "not_found", (url, response.get_json())
    assert counts(app) == before


def test_a_nul_in_a_query_or_a_stored_text_is_refused(app: Any):
    client = app.test_client()
    before = counts(app)
    assert error_of(client.get("/v1/catalog/hospitals?district=%E9%95%BF%00", headers=agent(app))) == \
        "validation_error"
    notice = {"kind": "notice", "title": "通\x00知", "body": "明天停水。"}
    response = client.post(f"/v1/elders/{app.demo.elders['wang']}/messages", json=notice,
                           headers=agent(app))
    assert error_of(response) == "validation_error" and "title" in response.get_json()["error"]["fields"]
    assert counts(app) == before


def test_a_far_date_is_refused_not_overflowed(app: Any):
    client = app.test_client()
    for query in ("date_to=9999-12-31", "date_from=0001-01-01", "date_from=2026-01-01&date_to=9999-12-31"):
        response = client.get(f"/v1/catalog/slots?{query}", headers=agent(app))
        assert error_of(response) == "validation_error", query
    far = {"elder_id": app.demo.elders["wang"], "pressed_at": "9999-12-31T23:59:59+08:00"}
    assert error_of(client.post("/v1/alarms", json=far, headers=agent(app))) == "validation_error"


def test_values_are_taken_only_as_their_own_json_type(app: Any):
    client = app.test_client()
    before = counts(app)
    base = {"pickup_address": "上海市长宁区仙霞路650弄12号",
            "destination_address": "上海市徐汇区宜山路600号", "pickup_time": "now"}
    for passengers in (True, "2", 2.0):
        body = {"elder_id": app.demo.elders["wang"], "service": "taxi", "mode": "self",
                "form": {**base, "passengers": passengers}}
        response = client.post("/v1/requests", json=body, headers=agent(app))
        assert error_of(response) == "validation_error", passengers
        assert "form.passengers" in response.get_json()["error"]["fields"]
    patch = client.patch(f"/v1/elders/{app.demo.elders['wang']}/preferences", json={"volume": True},
                         headers=agent(app))
    assert error_of(patch) == "validation_error"
    assert counts(app) == before


def test_a_past_pickup_time_is_refused_in_call_mode_too(app: Any):
    client = app.test_client()
    before = counts(app)
    for mode in ("self", "call"):
        body = {"elder_id": app.demo.elders["wang"], "service": "taxi", "mode": mode,
                "form": {"pickup_address": "上海市长宁区仙霞路650弄12号",
                         "destination_address": "上海市徐汇区宜山路600号",
                         "pickup_time": "2020-01-01T09:00:00+08:00"}}
        assert error_of(client.post("/v1/requests", json=body, headers=agent(app))) == "date_in_past", mode
    assert counts(app) == before
