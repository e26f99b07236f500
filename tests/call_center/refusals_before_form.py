"""The refusals services declare known before their form (``Handling.before_form``), each made
true for a demo elder: the centre's test and every channel's walk use the same table, and a
declared refusal missing here fails both."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Callable

from call_center.fulfilment import registry
from call_center.models import Elder

from tests.call_center.device_applications.helpers import application_body
from tests.call_center.elder_services.helpers import joint_body


def set_profile(app: Any, demo: Any, elder_key: str, **values: Any) -> None:
    with app.extensions["onekey"].db.writing() as db:
        elder = db.get(Elder, demo.elders[elder_key])
        for key, value in values.items():
            setattr(elder, key, value)
        db.commit()


def filed(body: Callable[[Any, str], dict]) -> Callable[[Any, Any, str], str | None]:
    def make(app: Any, demo: Any, elder_key: str) -> str | None:
        r = app.test_client().post("/v1/requests", json=body(demo, elder_key), headers={
            "Authorization": f"Bearer {demo.tokens['agent']}", "Idempotency-Key": uuid.uuid4().hex})
        assert r.status_code == 201, r.get_data(as_text=True)
        return r.get_json()["id"]
    return make


# (service, refusal) -> (the elder it is made true for, how: (app, demo, elder key) -> the request
# she then has, if any). Each elder may file the service before it is made true.
MAKE: dict[tuple[str, str], tuple[str, Callable[[Any, Any, str], str | None]]] = {
    ("device_application", "installed"): ("zhang", lambda app, demo, key: set_profile(app, demo, key, service_package="B")),
    ("device_application", "applied"): ("zhang", filed(application_body)),
    # 王秀英 qualifies for the assessment (86, alone): the open one is what refuses her …
    ("elder_services", "applied"): ("wang", filed(joint_body)),
    # … and at 59 she is too young for it whatever the applicant states
    ("elder_services", "not_eligible"): ("wang", lambda app, demo, key: set_profile(
        app, demo, key, birth_date=date(date.today().year - 59, 1, 1))),
}
COMPLETE_FORM: dict[str, Callable[[Any, str], dict]] = {
    "device_application": application_body, "elder_services": joint_body}
DECLARED = [(name, before.name) for name, handling in registry.REGISTRY.items() for before in handling.before_form]
