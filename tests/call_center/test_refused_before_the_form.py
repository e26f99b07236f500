"""A refusal that can be known before a service's form is said before it (the precheck), by the
same rule the filing checks: generated over the registry, every refusal a service declares
(``Handling.before_form``) is made true for an elder, then the precheck says it — what she has,
where it stands, the request to open — and the filing of a complete form refuses with the same
words. A declared refusal with no way here to make it true fails the suite."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Callable

import pytest

from call_center.fulfilment import registry
from call_center.models import Elder
from shared_ui.spec import load_spec

from .conftest import Api, row_counts
from .device_applications.helpers import application_body
from .elder_services.helpers import joint_body


def _profile(app: Any, elder_key: str, **values: Any) -> None:
    with app.extensions["onekey"].db.writing() as db:
        elder = db.get(Elder, app.demo.elders[elder_key])
        for key, value in values.items():
            setattr(elder, key, value)
        db.commit()


def _filed(body: Callable[[Any, str], dict]) -> Callable[[Any, str], str | None]:
    def make(app: Any, elder_key: str) -> str | None:
        r = Api(app, "agent").post("/v1/requests", body(app.demo, elder_key), key=uuid.uuid4().hex)
        assert r.status_code == 201, r.get_data(as_text=True)
        return r.get_json()["id"]
    return make


# (service, refusal) -> (the elder it is made true for, how; returns the request she has, if any)
MAKE: dict[tuple[str, str], tuple[str, Callable[[Any, str], str | None]]] = {
    ("device_application", "installed"): ("zhang", lambda app, key: _profile(app, key, service_package="B")),
    ("device_application", "applied"): ("zhang", _filed(application_body)),
    # 王秀英 qualifies for the assessment (86, alone): the open one is what refuses her
    ("elder_services", "applied"): ("wang", _filed(joint_body)),
    # 王秀英 at 59: too young for the assessment whatever the applicant states
    ("elder_services", "not_eligible"): ("wang", lambda app, key: _profile(
        app, key, birth_date=date(date.today().year - 59, 1, 1))),
}
COMPLETE_FORM: dict[str, Callable[[Any, str], dict]] = {
    "device_application": application_body, "elder_services": joint_body}

DECLARED = [(name, before.name) for name, handling in registry.REGISTRY.items() for before in handling.before_form]


def test_every_declared_refusal_is_made_true_here_and_the_spec_asks_for_exactly_those_services():
    assert DECLARED, "no service declares a refusal before its form"
    assert sorted(set(DECLARED) - set(MAKE)) == []
    spec = load_spec()
    prechecked = {sid for sid, s in spec.services.items() if s.precheck}
    declaring = {name for name, handling in registry.REGISTRY.items() if handling.before_form}
    assert prechecked == declaring == {"device_application", "elder_services"}


def precheck(api: Api, elder_key: str, service: str) -> dict:
    r = api.get(f"/v1/elders/{api.demo.elders[elder_key]}/services/{service}/precheck")
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


@pytest.mark.parametrize("service,refusal", DECLARED)
def test_a_declared_refusal_is_said_by_the_precheck_and_by_the_filing_alike(center_app, service, refusal):
    elder_key, make = MAKE[(service, refusal)]
    tv = Api(center_app, f"tv_{elder_key}")
    assert precheck(tv, elder_key, service)["may_file"] is True
    had = make(center_app, elder_key)
    said = precheck(tv, elder_key, service)
    assert said["may_file"] is False and said["refusal"] == refusal and said["service"] == service
    assert said["request_id"] == had and said["message"]
    if had:  # what she has and where it stands, and where to see it
        assert "已经申请过" in said["message"] and "查看办理进度" in said["message"]
    before = row_counts(center_app)
    filed = tv.post("/v1/requests", COMPLETE_FORM[service](tv.demo, elder_key), key=uuid.uuid4().hex)
    assert filed.status_code in (409, 422), filed.get_data(as_text=True)
    error = filed.get_json()["error"]
    assert (error["code"], error["message"]) == (said["code"], said["message"])  # one rule
    assert row_counts(center_app) == before


def test_the_words_name_what_she_has_and_its_stage(center_app):
    tv = Api(center_app, "tv_zhang")
    _filed(application_body)(center_app, "zhang")
    assert "街道审核中" in precheck(tv, "zhang", "device_application")["message"]
    _profile(center_app, "zhang", service_package="A")
    assert "套餐A" in precheck(tv, "zhang", "device_application")["message"]


def test_a_service_that_declares_nothing_may_be_filed_and_an_unknown_one_is_404(center_app):
    tv = Api(center_app, "tv_zhang")
    assert precheck(tv, "zhang", "taxi") == {"service": "taxi", "may_file": True, "refusal": None,
                                             "code": None, "message": None, "request_id": None}
    r = tv.get(f"/v1/elders/{tv.demo.elders['zhang']}/services/bath_help/precheck")
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
