"""A refusal that can be known before a service's form is said before it (the precheck), by the
same rule the filing checks: generated over the registry, every refusal a service declares
(``Handling.before_form``) is made true for an elder, then the precheck says it — what she has,
where it stands, the request to open — and the filing of a complete form refuses with the same
words. A declared refusal with no way here to make it true fails the suite."""
from __future__ import annotations

import uuid

import pytest

from call_center.fulfilment import registry
from shared_ui.spec import load_spec

from .conftest import Api, row_counts
from .device_applications.helpers import application_body
from .refusals_before_form import COMPLETE_FORM, DECLARED, MAKE, filed, set_profile


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
    had = make(center_app, center_app.demo, elder_key)
    said = precheck(tv, elder_key, service)
    assert said["may_file"] is False and said["refusal"] == refusal and said["service"] == service
    assert said["request_id"] == had and 0 < len(said["message"]) <= 60  # one short sentence, heard
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
    filed(application_body)(center_app, center_app.demo, "zhang")
    assert "街道审核中" in precheck(tv, "zhang", "device_application")["message"]
    set_profile(center_app, center_app.demo, "zhang", service_package="A")
    assert "套餐A" in precheck(tv, "zhang", "device_application")["message"]


def test_a_service_that_declares_nothing_may_be_filed_and_an_unknown_one_is_404(center_app):
    tv = Api(center_app, "tv_zhang")
    assert precheck(tv, "zhang", "taxi") == {"service": "taxi", "may_file": True, "refusal": None,
                                             "code": None, "message": None, "request_id": None}
    r = tv.get(f"/v1/elders/{tv.demo.elders['zhang']}/services/bath_help/precheck")
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
