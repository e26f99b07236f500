"""Helpers for the centre's own tests (the shared fixtures live in tests/conftest.py)."""
from __future__ import annotations

import uuid
from typing import Any, Callable, Iterator

import pytest
from sqlalchemy import func, select

from call_center.models import Base

from ..postgres_server import start_postgres


def bearer(token: str, grant: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if grant:
        headers["Onekey-Grant"] = grant
    return headers


def identify(client: Any, demo: Any, elder_key: str, kiosk_key: str = "kiosk") -> dict[str, Any]:
    """The kiosk identifies a demo elder (ID number + phone tail); returns the answer, whose
    ``grant.token`` the kiosk then sends as ``Onekey-Grant``."""
    response = client.post("/v1/elders/lookup", headers=bearer(demo.tokens[kiosk_key]),
                           json={"id_number": demo.id_numbers[elder_key],
                                 "phone_tail": demo.phone_tails[elder_key]})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# A rate limit counts refused attempts too (a flood of malformed requests is still a flood):
# its rows are the limiter's, not something the request wrote (web_front/rate_counts.py).
NOT_WRITTEN_BY_REQUESTS = {"rate_hits"}


def row_counts(app: Any) -> dict[str, int]:
    """Rows in every table: equal before and after a refused request = nothing written."""
    db = app.extensions["onekey"].db
    with db.session(write=False) as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables if t.name not in NOT_WRITTEN_BY_REQUESTS}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type.startswith("application/json")
    body = response.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["code"] == code
    message = error["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message  # a Chinese sentence
    assert len(message) <= 60
    raw = response.get_data()
    assert b"\\u" not in raw  # UTF-8, not escapes
    return error


class Api:
    """A thin wrapper over the Flask test client speaking as one demo token."""

    def __init__(self, app: Any, token_key: str):
        self.app = app
        self.client = app.test_client()
        self.demo = app.demo
        self.token_key = token_key
        self.headers = bearer(app.demo.tokens[token_key])

    def identify(self, elder_key: str) -> dict[str, Any]:
        """A kiosk: identify the elder and send the grant from now on."""
        found = identify(self.client, self.demo, elder_key, self.token_key)
        self.headers = bearer(self.demo.tokens[self.token_key], found["grant"]["token"])
        return found

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, headers=self.headers, query_string=params)

    def post(self, path: str, body: Any = None, key: str | None = None, **kw: Any) -> Any:
        headers = dict(self.headers)
        if key:
            headers["Idempotency-Key"] = key
        return self.client.post(path, json=body if body is not None else {}, headers=headers, **kw)

    def patch(self, path: str, body: Any, key: str | None = None) -> Any:
        headers = dict(self.headers)
        if key:
            headers["Idempotency-Key"] = key
        return self.client.patch(path, json=body, headers=headers)

    def favourite_slots(self, elder_key: str = "wang") -> list[dict[str, Any]]:
        elder = self.get(f"/v1/elders/{self.demo.elders[elder_key]}").get_json()
        fav = elder["favourites"]
        return self.get("/v1/catalog/slots", hospital_id=fav["hospital_id"],
                        department_id=fav["department_id"]).get_json()

    def free_slot(self, elder_key: str = "wang", skip: int = 0) -> dict[str, Any]:
        free = [s for s in self.favourite_slots(elder_key) if s["remaining"] > 0]
        return free[skip]

    def full_slot(self, elder_key: str = "wang") -> dict[str, Any]:
        return next(s for s in self.favourite_slots(elder_key) if s["remaining"] == 0)

    def book(self, slot: dict[str, Any], elder_key: str = "wang", key: str | None = None,
             mode: str = "self") -> Any:
        return self.post("/v1/requests", registration_body(self.demo, slot, elder_key, mode),
                         key=key or uuid.uuid4().hex)


def registration_body(demo: Any, slot: dict[str, Any], elder_key: str = "wang",
                      mode: str = "self") -> dict[str, Any]:
    return {"elder_id": demo.elders[elder_key], "service": "registration", "mode": mode,
            "channel": "tv", "form": {"hospital_id": slot["hospital_id"],
                                      "department_id": slot["department_id"],
                                      "slot_id": slot["id"]}}


def taxi_body(demo: Any, elder_key: str = "wang", **form: Any) -> dict[str, Any]:
    base = {"pickup_address": "上海市长宁区仙霞路650弄12号", "destination_address":
            "上海市徐汇区宜山路600号 上海市第六人民医院", "pickup_time": "now", "passengers": 1}
    base.update(form)
    return {"elder_id": demo.elders[elder_key], "service": "taxi", "mode": "self", "form": base}


def escort_body(api: "Api", elder_key: str = "wang", mode: str = "self", **form: Any) -> dict[str, Any]:
    """陪诊 to the elder's favourite hospital tomorrow morning, met at home."""
    from datetime import timedelta

    from call_center.clock import local, now

    elder = api.get(f"/v1/elders/{api.demo.elders[elder_key]}").get_json()
    visit = local(now() + timedelta(days=1)).replace(hour=9, minute=30, second=0, microsecond=0)
    base = {"hospital_id": elder["favourites"]["hospital_id"], "visit_time": visit.isoformat(), "meet": "home"}
    base.update(form)
    return {"elder_id": api.demo.elders[elder_key], "service": "escort", "mode": mode, "form": base}


def discharge_body(api: "Api", elder_key: str = "wang", mode: str = "self", **form: Any) -> dict[str, Any]:
    """出院用车 from the elder's favourite hospital tomorrow at ten, in a wheelchair."""
    from datetime import timedelta

    from call_center.clock import local, now

    elder = api.get(f"/v1/elders/{api.demo.elders[elder_key]}").get_json()
    pickup = local(now() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    base = {"hospital_id": elder["favourites"]["hospital_id"], "pickup_time": pickup.isoformat(),
            "mobility": "wheelchair"}
    base.update(form)
    return {"elder_id": api.demo.elders[elder_key], "service": "discharge_transport", "mode": mode, "form": base}


def special_vehicle_body(api: "Api", elder_key: str = "wang", mode: str = "self", **form: Any) -> dict[str, Any]:
    """特殊用车 tomorrow from 8:00, a wheelchair car and staff carrying her down and up, from home
    to the favourite hospital, alone."""
    from datetime import timedelta

    from call_center.clock import local, now

    elder = api.get(f"/v1/elders/{api.demo.elders[elder_key]}").get_json()
    hospitals = {h["id"]: h for h in api.get("/v1/catalog/hospitals").get_json()}
    start = local(now() + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    base = {"mobility": "wheelchair", "stairs": "carry", "pickup_time": start.isoformat(), "pickup_address": elder["home_address"],
            "destination_address": hospitals[elder["favourites"]["hospital_id"]]["address"], "companion": "alone"}
    base.update(form)
    return {"elder_id": api.demo.elders[elder_key], "service": "special_vehicle", "mode": mode, "form": base}


def refill_body(api: "Api", elder_key: str = "wang", mode: str = "self", medicine: int = 0,
                **form: Any) -> dict[str, Any]:
    """续方配药 of the elder's first standing prescription (``medicine``: which), sent home."""
    elder = api.get(f"/v1/elders/{api.demo.elders[elder_key]}").get_json()
    base = {"prescription_id": elder["prescriptions"][medicine]["id"], "delivery_address": elder["home_address"]}
    base.update(form)
    return {"elder_id": api.demo.elders[elder_key], "service": "refill", "mode": mode, "form": base}


@pytest.fixture
def tv(center_app: Any) -> Api:
    return Api(center_app, "tv_wang")


@pytest.fixture
def agent(center_app: Any) -> Api:
    return Api(center_app, "agent")


@pytest.fixture
def kiosk(center_app: Any) -> Api:
    return Api(center_app, "kiosk")


# -- the centre on each database it runs on ------------------------------------------------------
# The suites that keep it closed (the authorisation matrix, schemathesis) and those about what
# only a real concurrent database shows (versions) run the same on SQLite and on PostgreSQL (a
# throw-away server from tests/postgres_server.py, started once for the session).
#
# ``make_centre(backend)`` is a seeded app of its own per test module, with rate limits raised
# so a suite's thousands of requests from one address test what they mean to test (the limits
# have tests of their own).

BACKENDS = ("sqlite", "postgresql")
SUITE_LIMITS = ("alarms.raise_alarm=100000 per minute;elders.lookup.token=100000 per minute;"
                "elders.lookup.id_number=100000 per minute;pairings.start=100000 per minute;"
                "pairings.poll=100000 per minute;pairings.confirm=100000 per minute")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def make_centre(request: pytest.FixtureRequest, center_template: Any,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Any]]:
    """``make_centre(backend, **config)``: a seeded centre app on SQLite (a copy of the
    session's template) or on a new PostgreSQL database."""
    from call_center.app import create_app
    from call_center.demo_data import seed

    apps: list[Any] = []

    def build(backend: str, **config: Any) -> Any:
        settings = {"sim_latency_ms": 0, "pairing_limit_per_household": 1000,
                    "pairing_limit_per_address": 100000,
                    "rate_limits": SUITE_LIMITS, **config}
        if backend == "sqlite":
            target = tmp_path_factory.mktemp("contract") / "center.db"
            target.write_bytes(center_template.path.read_bytes())
            app = create_app({"db_url": f"sqlite:///{target}", **settings})
            app.demo = center_template.demo
        else:
            server = request.getfixturevalue("postgres")
            url = server.create_database(f"c_{uuid.uuid4().hex[:12]}")
            app = create_app({"db_url": url, **settings})
            app.demo = seed(app.extensions["onekey"].db)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["onekey"].db.dispose()
