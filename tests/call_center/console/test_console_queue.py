"""The live queue: requests from every channel, oldest first, with the channel shown; the
JSON the page polls; phone intake (seed 004: the human channel stays open)."""
from __future__ import annotations

from typing import Any

import pytest

from tests.call_center.refusals_before_form import DECLARED
from ..family_members import bound


def test_queue_lists_open_requests_from_every_channel(console: Any) -> None:
    tv = console.new_request(token="tv_wang")
    kiosk = console.new_request("help", token="kiosk", elder="zhang", form={"topic": "家里灯坏了"})
    member = bound(console.app.test_client(), console.app.demo, "li", subject="o-test-liming",
                   name="李明", phone="13761129054")
    family = console.new_request("escort", elder="li", form={"topic": "周三陪诊"}, bearer=member)
    page = console.text("/console/")
    positions = [page.index(f'data-request-id="{r["id"]}"') for r in (tv, kiosk, family)]
    assert positions == sorted(positions)  # first come, first served
    for word in ("电视", "自助机", "小程序"):
        assert f">{word}</span>" in page
    assert 'id="count-requests">3<' in page
    # Once an agent takes one, every agent sees who has it.
    console.post(f"/console/requests/{kiosk['id']}/move", {"move-to": "accepted"})
    page = console.text("/console/")
    row = page[page.index(f'data-request-id="{kiosk["id"]}"'):]
    assert "已受理" in row[:row.index("</tr>")] and "话务员 李敏" in row[:row.index("</tr>")]
    # Done requests leave the queue.
    console.post(f"/console/requests/{tv['id']}/move", {"move-to": "cancelled"})
    assert f'data-request-id="{tv["id"]}"' not in console.text("/console/")


def test_poll_returns_new_html_only_when_something_changed(console: Any) -> None:
    first = console.get("/console/queue.json?html=1").get_json()
    assert first["counts"]["requests"] == 0 and "html" in first
    same = console.get(f"/console/queue.json?html=1&since={first['version']}").get_json()
    assert "html" not in same and same["version"] == first["version"]
    req = console.new_request(token="tv_li", elder="li")
    changed = console.get(f"/console/queue.json?html=1&since={first['version']}").get_json()
    assert changed["version"] != first["version"]
    assert req["id"] in changed["html"]["requests"] and "李*强" in changed["html"]["requests"]
    assert changed["counts"]["requests"] == 1
    assert isinstance(changed["server_now"], int) and changed["alarms"] == []


def test_phone_intake_files_a_call_mode_request_on_the_phone_channel(console: Any) -> None:
    elder = console.app.demo.elders["li"]
    page = console.text(f"/console/elders/{elder}")
    assert "电话受理" in page
    response = console.post(f"/console/elders/{elder}/requests", {
        "new-service": "consultation", "new-topic": "问问医保报销", "new-callback_window": "下午"})
    assert response.status_code == 303
    request_id = response.headers["Location"].rsplit("/", 1)[1]
    req = console.api(f"/v1/requests/{request_id}")
    assert (req["channel"], req["mode"], req["status"]) == ("phone", "call", "submitted")
    assert req["form"] == {"topic": "问问医保报销", "callback_window": "下午"}
    assert req["events"][0]["actor"] == "agent:" + console.audit("login")[0].agent_id
    assert ">电话</span>" in console.text("/console/")
    (entry,) = console.audit("request_created")
    assert entry.target_id == request_id and entry.elder_id == elder


def test_phone_intake_checks_its_fields(console: Any) -> None:
    elder = console.app.demo.elders["li"]
    before = console.domain_counts()
    response = console.post(f"/console/elders/{elder}/requests", {"new-service": "help"})
    assert response.status_code == 422
    assert "请写下老人要办的事" in response.get_data(as_text=True)
    response = console.post(f"/console/elders/{elder}/requests", {"new-service": "shopping"})
    assert response.status_code == 422
    assert console.domain_counts() == before
    # A booking service needs no topic: the agent books it on the request page.
    response = console.post(f"/console/elders/{elder}/requests", {"new-service": "taxi"})
    assert response.status_code == 303


def test_request_list_filters_by_codes(console: Any) -> None:
    console.new_request(token="tv_wang")
    console.new_request("help", token="kiosk", elder="zhang", form={"topic": "灯坏了"})
    page = console.text("/console/requests?channel=kiosk")
    assert "共 1 个" in page and "张*兰" in page
    assert console.get("/console/requests?status=bogus").status_code == 303


def test_pages_carry_security_headers(console: Any) -> None:
    response = console.get("/console/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = response.get_data(as_text=True)
    assert "<script>" not in page and "style=" not in page and " onclick" not in page


def test_console_is_not_part_of_the_api_contract(console: Any) -> None:
    spec = console.app.test_client().get("/openapi.json").get_json()
    assert not [p for p in spec["paths"] if p.startswith("/console")]


# What an agent fills on the phone for each service the intake offers: the services filed on
# one form (申请一键通, 养老服务一件事) are asked in full on the call; the rest need a topic or
# nothing (a booking is made on the request page).
PHONE_INTAKE = {
    "elder_services": {"new-parts": "assessment_subsidy", "new-hukou_shanghai": "true", "new-hardship": "dibao",
                       "new-phone": ""},
    "device_application": {"new-package": "B", "new-hukou_shanghai": "true", "new-living_alone": "true",
                           "new-hardship": "unknown", "new-phone": "13916612345"},
}


def test_phone_intake_takes_every_service_it_offers(console: Any) -> None:
    """No service the intake lists is refused on the phone (seed 004: the human channel stays
    open; the one form says 也可以请话务员帮您填): each is filed on the phone channel."""
    from call_center.console.forms import NewRequestForm

    offered = [choice.value for choice in NewRequestForm.service.kwargs["choices"]]
    assert {"elder_services", "device_application"} <= set(offered)
    for service in offered:
        elder = console.app.demo.elders["li" if service != "device_application" else "zhang"]
        data = {"new-service": service, "new-topic": "问问怎么办", **PHONE_INTAKE.get(service, {})}
        response = console.post(f"/console/elders/{elder}/requests", data)
        assert response.status_code == 303, (service, response.get_data(as_text=True)[:2000])
        req = console.api(f"/v1/requests/{response.headers['Location'].rsplit('/', 1)[1]}")
        assert (req["service"], req["channel"]) == (service, "phone")


def test_the_one_form_taken_on_the_phone_is_a_joint_application_at_its_desks(console: Any) -> None:
    elder = console.app.demo.elders["li"]
    page = console.text(f"/console/elders/{elder}")
    for word in ("申请哪几项", "照护需求评估、养老服务补贴", "家庭经济情况", "低保家庭", "是上海户口"):
        assert word in page, word
    response = console.post(f"/console/elders/{elder}/requests",
                            {"new-service": "elder_services", **PHONE_INTAKE["elder_services"]})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    rid = response.headers["Location"].rsplit("/", 1)[1]
    req = console.api(f"/v1/requests/{rid}")
    assert req["form"]["parts"] == "assessment_subsidy" and req["form"]["phone"] == "profile"
    assert req["status"] == "accepted" and req["result"]["assessment"]
    assert f'id="joint-{rid}-assessment"' in console.text("/console/elder-services")
    detail = console.text(f"/console/requests/{rid}")
    assert "低保家庭" in detail and "照护需求评估、养老服务补贴" in detail  # words, not codes
    # a question left unanswered is said on the page, and nothing is filed
    before = console.domain_counts()
    missing = console.post(f"/console/elders/{console.app.demo.elders['zhang']}/requests",
                           {"new-service": "elder_services", "new-parts": "all", "new-hukou_shanghai": "true"})
    assert missing.status_code == 422 and "家庭经济情况" in missing.get_data(as_text=True)
    assert console.domain_counts() == before


@pytest.mark.parametrize("service,refusal", DECLARED)
def test_phone_intake_says_what_she_cannot_file_before_any_question(console: Any, service: str,
                                                                    refusal: str) -> None:
    """Every refusal a service declares known before its form (the channels ask the precheck
    before they open one) is on the elder's page before the agent asks her anything: the
    service greyed in the list, the reason in the words she hears, a link to what she has;
    filing it anyway is refused with those words and writes nothing."""
    import html
    import re

    from call_center.console.labels import service as service_words
    from tests.call_center.refusals_before_form import MAKE

    elder_key, make = MAKE[(service, refusal)]
    elder = console.app.demo.elders[elder_key]
    option = re.compile(rf'<option[^>]*value="{service}"[^>]*>')
    page = console.get(f"/console/elders/{elder}").get_data(as_text=True)
    assert "disabled" not in option.search(page).group(0)
    assert f"<strong>{service_words(service)}</strong>" not in page
    had = make(console.app, console.app.demo, elder_key)
    said = console.api(f"/v1/elders/{elder}/services/{service}/precheck")
    page = console.get(f"/console/elders/{elder}").get_data(as_text=True)
    assert "disabled" in option.search(page).group(0)
    closed = html.unescape(page.split('id="closed-services"', 1)[1].split("</div>", 1)[0])
    assert f"{service_words(service)}</strong>：{said['message']}" in closed
    assert (f"/console/requests/{had}" in closed) == bool(had)
    before = console.domain_counts()
    response = console.post(f"/console/elders/{elder}/requests",
                            {"new-service": service, "new-topic": "问问怎么办", **PHONE_INTAKE.get(service, {})})
    assert response.status_code == 409 and said["message"] in html.unescape(response.get_data(as_text=True))
    assert console.domain_counts() == before


def test_a_rides_reason_names_the_place_she_was_told_for_every_service_with_a_destination():
    """事由 of a ride: the place's name a booked ride keeps (去 上海市第六人民医院), 回家, else the
    address — for every service whose form has a destination."""
    from call_center.console.queue import request_row
    from call_center.fulfilment.registry import FORMS
    from call_center.models import Elder, ServiceRequest

    elder = Elder(id="el-1", name="王秀英", district="徐汇区", street="康健街道")
    with_destination = [s for s, form in FORMS.items() if "destination_address" in form.model_fields]
    assert {"taxi", "special_vehicle"} <= set(with_destination)
    for service in with_destination:
        form = {"destination_address": "上海市徐汇区宜山路600号"}
        waiting = ServiceRequest(id="r1", service=service, status="submitted", mode="call", channel="tv",
                                 form=form, result=None)
        assert request_row(waiting, elder).topic == "去 上海市徐汇区宜山路600号"
        booked = ServiceRequest(id="r2", service=service, status="confirmed", mode="self", channel="tv", form=form,
                                result={"destination_place": "hospital", "destination_name": "上海市第六人民医院"})
        assert request_row(booked, elder).topic == "去 上海市第六人民医院", service
        home = ServiceRequest(id="r3", service=service, status="confirmed", mode="self", channel="tv",
                              form={"destination_address": "上海市徐汇区某路1号"},
                              result={"destination_place": "home", "destination_name": None})
        assert request_row(home, elder).topic == "回家", service
