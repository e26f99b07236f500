"""The family page's 帮老人办 offers a parent what the channels' menus offer her — the same
per-elder rules (the new-user trial: 申请一键通 offered for 王秀英, who has package B; tapping it
opened 更多服务 without it, and no word why).

For every demo parent: the page's services are exactly those the mini-program's own flow (its
JSON screens, walked through every sub-menu) offers her; a service not offered to her, opened
by its address (an older page), says why instead of a menu without it."""
from __future__ import annotations

import re

import pytest
import requests

from shared_ui.spec import load_spec
from tests.call_center.family_members import ELDER_LOGIN
from tests.page_text import page_text

pytestmark = pytest.mark.integration

SPEC = load_spec()


def _flow_offers(backend, token: str, elder_id: str) -> set[str]:
    """The request services the JSON flow's menus offer her, through every sub-menu."""
    api = backend.api(token)
    started = api.post(f"{backend.url}/api/v1/flow", json={"elder_id": elder_id}, timeout=30).json()
    key, offered, menus = started["session"], set(), [started["screen"]]
    while menus:
        screen = menus.pop()
        for item in screen["items"]:
            if item["id"].startswith("menu:"):
                api.post(f"{backend.url}/api/v1/flow/{key}", json={"kind": "home"}, timeout=30)
                sub = api.post(f"{backend.url}/api/v1/flow/{key}", json={"kind": "select", "value": item["id"]},
                               timeout=30).json()
                menus.append(sub["screen"])
            elif item["id"] in SPEC.services and SPEC.services[item["id"]].kind == "request":
                offered.add(item["id"])
    return offered


@pytest.mark.parametrize("elder_key", sorted(ELDER_LOGIN))
def test_the_family_page_offers_a_parent_what_the_flow_offers_her(backend, elder_key):
    openid = f"o-offers-{elder_key}"
    token = backend.sign_in(openid)
    backend.bind(token, elder_key)
    elder_id = backend.centre.elders[elder_key]
    session = requests.Session()
    session.cookies.set("onekey_mp", token)
    page = session.get(f"{backend.url}/h5/elders/{elder_id}", timeout=30)
    assert page.status_code == 200, page_text(page)[:300]
    listed = set(re.findall(rf'id="do-([a-z_]+)" href="/h5/elders/{elder_id}/do/', page.text))
    assert listed == _flow_offers(backend, token, elder_id), elder_key
    for service in sorted(s for s, svc in SPEC.services.items() if svc.kind == "request" and s not in listed
                          and s in _all_under_home()):
        opened = session.get(f"{backend.url}/h5/elders/{elder_id}/do/{service}", timeout=30)
        assert opened.status_code == 409, (service, page_text(opened)[:300])
        assert "不用再" in page_text(opened), page_text(opened)[:300]


def _all_under_home() -> set[str]:
    from shared_ui.flow.kinds.menu import services_under

    menus = SPEC.menus["miniprogram"]
    return set(services_under(menus, menus.home))


def test_wang_with_package_b_is_not_offered_to_apply_and_told_why(backend):
    token = backend.sign_in("o-offers-wang-b")
    backend.bind(token, "wang")
    wang = backend.centre.elders["wang"]
    session = requests.Session()
    session.cookies.set("onekey_mp", token)
    assert 'id="do-device_application"' not in session.get(f"{backend.url}/h5/elders/{wang}", timeout=30).text
    opened = session.get(f"{backend.url}/h5/elders/{wang}/do/device_application", timeout=30)
    assert opened.status_code == 409 and "套餐B" in page_text(opened), page_text(opened)[:300]
