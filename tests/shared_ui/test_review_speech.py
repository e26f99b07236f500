"""A review reads each fact back once, label and answer apart: 套餐A under 套餐 was said
套餐套餐A (the new-user trial), and 医院上海市… ran the label into the answer."""
from __future__ import annotations

from shared_ui.spec import load_spec

from .scripted import Scripted

SPEC = load_spec()
FORMS = sorted(sid for sid, svc in SPEC.services.items() if svc.form and svc.kind == "request")


def _review_of(service: str):
    """OK pressed through the service's questions (a typed one ends the walk)."""
    s = Scripted("tv")
    step = s.settle(s.engine._finish(s.session, s.engine.open_service(s.session, SPEC.services[service])))
    for _ in range(25):
        if step.screen.kind != "field" or not step.screen.focus:
            break
        step = s.send("select", step.screen.focus)
    return step if step.screen.kind == "review" else None


def test_a_review_says_each_fact_once():
    reviewed = {service: _review_of(service) for service in FORMS}
    reviewed = {k: v for k, v in reviewed.items() if v is not None}
    assert {"device_application", "registration", "special_vehicle"} <= set(reviewed), sorted(reviewed)
    for service, step in reviewed.items():
        for fact in step.screen.facts:
            assert f"{fact.label}{fact.label}" not in step.speech, (service, step.speech)
            assert fact.value in step.speech, (service, fact)
            if not fact.value.startswith(fact.label):
                assert f"{fact.label}：{fact.value}" in step.speech, (service, step.speech)
