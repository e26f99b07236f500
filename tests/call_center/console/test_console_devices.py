"""Devices in the console: the household's TV boxes on the elder's page and the stations' kiosks
on 自助机, each saying whether it is bound; an agent (or the supervisor) unbinds one with a
reason — its token is refused at once — and the audit log says who did it."""
from __future__ import annotations

import re
from typing import Any

from call_center.console.demo import DEMO_LOGINS

from ..family_members import bearer


def _device(app: Any, token_key: str) -> str:
    return app.test_client().get("/v1/me", headers=bearer(app.demo.tokens[token_key])).get_json()["device"]["id"]


def _state(page: str, device_id: str) -> str:
    found = re.search(rf'id="device-state-{device_id}">([^<]+)<', page)
    assert found, f"no state for {device_id}"
    return found.group(1)


def test_an_agent_unbinds_a_households_box_with_a_reason(console: Any, supervisor: Any) -> None:
    app = console.app
    li, box = app.demo.elders["li"], _device(app, "tv_li")
    page = console.text(f"/console/elders/{li}")
    assert _state(page, box) == "已绑定" and f'id="unbind-{box}"' in page
    before = console.domain_counts()
    refused = console.post(f"/console/elders/{li}/devices/{box}/unbind", {"unbind-note": ""})
    assert refused.status_code == 422 and "这一项必须填写" in refused.get_data(as_text=True)
    assert console.domain_counts() == before
    assert app.test_client().get("/v1/me", headers=bearer(app.demo.tokens["tv_li"])).status_code == 200
    done = console.post(f"/console/elders/{li}/devices/{box}/unbind", {"unbind-note": "电视坏了，家里换了新的"})
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "已解绑" in text
    assert _state(text, box) == "已解绑" and "电视坏了，家里换了新的" in text and f'id="unbind-{box}"' not in text
    assert "这户现在没有绑定的电视" in text
    assert f"由{DEMO_LOGINS['agent1'][2]}解绑" in text  # who unbound it, by name
    assert app.test_client().get("/v1/me", headers=bearer(app.demo.tokens["tv_li"])).status_code == 401
    (entry,) = console.audit("unbind_device")
    assert (entry.target_id, entry.username, entry.elder_id) == (box, "agent1", li)
    assert "电视坏了" in entry.detail
    assert "解绑设备" in supervisor.text("/console/audit")


def test_a_box_of_another_household_is_not_unbound_from_this_page(console: Any) -> None:
    app = console.app
    wang, other = app.demo.elders["wang"], _device(app, "tv_li")
    answer = console.post(f"/console/elders/{wang}/devices/{other}/unbind", {"unbind-note": "试试"})
    assert answer.status_code == 404
    assert app.test_client().get("/v1/me", headers=bearer(app.demo.tokens["tv_li"])).status_code == 200


def test_the_supervisor_unbinds_a_kiosk_taken_from_its_station(supervisor: Any) -> None:
    app = supervisor.app
    kiosk = _device(app, "kiosk")
    page = supervisor.text("/console/kiosks")
    assert _state(page, kiosk) == "已绑定" and "仙霞新村街道智慧健康驿站" in page
    assert 'href="/console/kiosks"' in page  # in the menu
    done = supervisor.post(f"/console/kiosks/{kiosk}/unbind", {"unbind-note": "驿站装修，自助机搬走"})
    assert done.status_code == 200 and _state(done.get_data(as_text=True), kiosk) == "已解绑"
    assert app.test_client().get("/v1/me", headers=bearer(app.demo.tokens["kiosk"])).status_code == 401
    (entry,) = supervisor.audit("unbind_device")
    assert entry.username == "super1" and "自助机" in entry.detail and "驿站装修" in entry.detail
