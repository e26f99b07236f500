"""A cancel stops what is still to come: every service, confirmed, is cancellable exactly when
its confirmation has something ahead (a booking, a desk's matter) — an agent's call-back
(找人工, 咨询) answered has nothing, and is neither offered 取消这项服务 nor cancelled."""
from __future__ import annotations

import pytest

from call_center.fulfilment.registry import SERVICES, handling_of
from call_center.models import ServiceRequest
from call_center.present import cancellable

from .conftest import Api, assert_error

CALL_BACKS = [s for s in SERVICES if handling_of(s).fulfilled_by == "agent"]


@pytest.mark.parametrize("service", SERVICES)
def test_confirmed_is_cancellable_only_with_something_ahead(service: str):
    confirmed = ServiceRequest(service=service, status="confirmed", form={}, result={})
    assert cancellable(confirmed) is (handling_of(service).fulfilled_by != "agent")
    for status in ("submitted", "accepted", "in_progress"):
        assert cancellable(ServiceRequest(service=service, status=status, form={}, result={}))


@pytest.mark.parametrize("service", CALL_BACKS)
def test_an_answered_call_back_is_not_cancelled(tv: Api, agent: Api, service: str):
    assert {"help", "consultation"} <= set(CALL_BACKS)
    made = tv.post("/v1/requests", {"elder_id": tv.demo.elders["wang"], "service": service, "mode": "call",
                                    "form": {"topic": "想问问助餐点", "callback_window": "今天下午"}})
    assert made.status_code == 201, made.get_json()
    rid = made.get_json()["id"]
    assert made.get_json()["cancellable"] is True  # waiting for the call: she may take it back
    for to in ("accepted", "in_progress"):
        assert agent.post(f"/v1/requests/{rid}/transitions", {"to": to}).status_code == 200
    done = agent.post(f"/v1/requests/{rid}/transitions", {"to": "confirmed", "note": "已回电"}).get_json()
    assert done["status"] == "confirmed" and done["cancellable"] is False
    refused = tv.post(f"/v1/requests/{rid}/cancel", {})
    assert_error(refused, 409, "invalid_transition")
    assert "已经给您办好了" in refused.get_json()["error"]["message"]
    assert tv.get(f"/v1/requests/{rid}").get_json()["status"] == "confirmed"

