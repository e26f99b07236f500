"""Working requests from the console: only along the lifecycle, through the same fulfilment
code as the API, with the agent as actor; refusals explain themselves and write nothing."""
from __future__ import annotations

from datetime import datetime, timedelta

import re
from typing import Any

import pytest

from sqlalchemy import select

from call_center.clock import now

from call_center.models import Message, Slot


def _slots(c: Any, elder: str = "wang") -> list[dict[str, Any]]:
    e = c.api(f"/v1/elders/{c.app.demo.elders[elder]}")
    fav = e["favourites"]
    return c.api(f"/v1/catalog/slots?hospital_id={fav['hospital_id']}"
                 f"&department_id={fav['department_id']}&limit=100")


def _agent_actor(c: Any) -> str:
    return "agent:" + c.audit("login")[0].agent_id


def test_call_mode_consultation_to_completion(console: Any) -> None:
    req = console.new_request("consultation", token="tv_wang")
    url = f"/console/requests/{req['id']}"
    page = console.text(url)
    assert "降压药怎么吃" in page and "受理" in page
    assert console.post(url + "/move", {"move-to": "accepted"}).status_code == 303
    assert console.post(url + "/move", {"move-to": "in_progress", "move-note": "已回电"}).status_code == 303
    response = console.post(url + "/confirm", {
        "confirm-summary": "降压药按原来的剂量每天早上吃一次，下周社区医生上门复查。"})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert "已办好并告诉老人" in console.text(url)
    assert console.post(url + "/move", {"move-to": "completed"}).status_code == 303
    done = console.api(f"/v1/requests/{req['id']}")
    assert [e["status"] for e in done["events"]] == [
        "submitted", "accepted", "in_progress", "confirmed", "completed"]
    actor = _agent_actor(console)
    assert all(e["actor"] == actor for e in done["events"][1:])
    assert done["events"][2]["note"] == "已回电"
    assert done["result"] == {"agent_name": "话务员 李敏",
                              "summary": "降压药按原来的剂量每天早上吃一次，下周社区医生上门复查。"}
    # The elder hears the answer on the TV (the API's own status message).
    messages = console.api(f"/v1/elders/{console.app.demo.elders['wang']}/messages")
    assert any("下周社区医生上门复查" in m["body"] for m in messages)
    changes = [e.detail for e in console.audit("request_transition")]
    assert len(changes) == 4 and changes[0].startswith("已提交 → 已受理")


def test_confirm_from_submitted_walks_every_step(console: Any) -> None:
    req = console.new_request("help", token="kiosk")
    response = console.post(f"/console/requests/{req['id']}/confirm",
                            {"confirm-summary": "已请社区志愿者明天上午来修灯。"})
    assert response.status_code == 303
    events = console.api(f"/v1/requests/{req['id']}")["events"]
    assert [e["status"] for e in events] == ["submitted", "accepted", "in_progress", "confirmed"]


def test_illegal_transition_is_refused_and_writes_nothing(console: Any) -> None:
    req = console.new_request()
    before = console.domain_counts()
    response = console.post(f"/console/requests/{req['id']}/move", {"move-to": "completed"})
    assert response.status_code == 409
    assert "不能改成已完成" in response.get_data(as_text=True)
    assert console.domain_counts() == before
    assert console.audit("request_transition") == []


def test_unknown_target_status_is_a_field_error(console: Any) -> None:
    req = console.new_request()
    before = console.domain_counts()
    response = console.post(f"/console/requests/{req['id']}/move", {"move-to": "confirmed"})
    assert response.status_code == 422
    assert "错误：" in response.get_data(as_text=True)
    assert console.domain_counts() == before


def test_fail_with_a_preset_sentence_tells_the_elder(console: Any) -> None:
    req = console.new_request("taxi", form={"destination_address": "上海市徐汇区宜山路600号"})
    response = console.post(f"/console/requests/{req['id']}/fail", {"fail-preset": "no_car"})
    assert response.status_code == 303
    failed = console.api(f"/v1/requests/{req['id']}")
    assert failed["status"] == "failed"
    assert failed["failure"]["message"] == "这次没有叫到车，话务员会再打电话和您联系。"
    messages = console.api(f"/v1/elders/{console.app.demo.elders['wang']}/messages")
    assert messages[0]["body"] == "王阿姨，这次没有叫到车，话务员会再打电话和您联系。"
    assert messages[0]["speech"] == "叫车没有办成。王阿姨，这次没有叫到车，话务员会再打电话和您联系。"


@pytest.mark.parametrize("service, form, first", [
    ("registration", None, "这次没有约到号"),
    ("taxi", {"destination_address": "上海市徐汇区宜山路600号"}, "这次没有叫到车"),
    ("escort", None, "没有空闲的陪诊员"),
    ("discharge_transport", None, "约不到转运车"),
    ("refill", None, "医生要先看看您"),
    ("special_vehicle", None, "约不到福祉车"),
])
def test_each_service_offers_its_own_failure_sentences(console: Any, service: str,
                                                       form: Any, first: str) -> None:
    """What most often goes wrong with the service is offered first, then the two that fit
    any service; another service's sentence is refused (陪诊 was offered 没有叫到车)."""
    from call_center.console.forms import FAILURE_SENTENCES

    req = console.new_request(service, **({"form": form} if form else {}))
    page = console.get(f"/console/requests/{req['id']}").get_data(as_text=True)
    offered = [k for k, words in FAILURE_SENTENCES.items() if words in page]
    assert FAILURE_SENTENCES[offered[0]].find(first) >= 0, offered
    assert offered[-2:] == ["unreachable", "cannot_do"] and len(offered) == 3
    other = next(k for k in ("no_car", "no_slot") if k not in offered)
    refused = console.post(f"/console/requests/{req['id']}/fail", {"fail-preset": other})
    assert refused.status_code == 422
    done = console.post(f"/console/requests/{req['id']}/fail", {"fail-preset": offered[0]})
    assert done.status_code == 303
    assert console.api(f"/v1/requests/{req['id']}")["failure"]["message"] == \
        FAILURE_SENTENCES[offered[0]]


def test_fail_needs_a_speakable_chinese_sentence(console: Any) -> None:
    req = console.new_request()
    url = f"/console/requests/{req['id']}/fail"
    before = console.domain_counts()
    for data, words in (({}, "请选一句常用说法"), ({"fail-message": "no slots left today"}, "请用中文"),
                        ({"fail-message": "号已经约满了"}, "用句号结尾"),
                        ({"fail-message": "<b>号满了</b>。"}, "尖括号")):
        response = console.post(url, data)
        assert response.status_code == 422, data
        assert words in response.get_data(as_text=True)
    assert console.domain_counts() == before


def test_book_registration_from_the_queue(console: Any) -> None:
    req = console.new_request("registration", token="tv_wang")
    url = f"/console/requests/{req['id']}"
    page = console.text(url)
    slot = next(s for s in _slots(console) if s["remaining"] > 0)
    assert slot["id"] in page  # the favourite department's slots are offered
    # Two days ahead or more: both reminders lie in the future whatever the hour of the run.
    slot = next(s for s in _slots(console) if s["remaining"] > 0 and
                datetime.fromisoformat(s["start"]).date() >= now().date() + timedelta(days=2))
    response = console.post(url + "/book-registration", {
        "reg-hospital_id": slot["hospital_id"], "reg-department_id": slot["department_id"],
        "reg-slot_id": slot["id"]})
    assert response.status_code == 303, response.get_data(as_text=True)
    booked = console.api(f"/v1/requests/{req['id']}")
    assert booked["status"] == "confirmed" and booked["result"]["queue_number"] >= 1
    actor = _agent_actor(console)
    assert [(e["status"], e["actor"]) for e in booked["events"][1:3]] == [
        ("accepted", actor), ("in_progress", actor)]
    assert booked["events"][3]["actor"].startswith("provider:")
    page = console.text(url)
    assert "就诊序号" in page and "完成" in page
    # Reminders exist (the API's fulfilment code ran, not a copy of it).
    with console.app.extensions["onekey"].db.session(write=False) as s:
        kinds = s.scalars(select(Message.kind).where(Message.request_id == req["id"])).all()
    assert kinds.count("reminder") == 2


def test_full_slot_is_refused_with_its_reason(console: Any) -> None:
    req = console.new_request("registration")
    full = next(s for s in _slots(console) if s["remaining"] == 0)
    before = console.domain_counts()
    response = console.post(f"/console/requests/{req['id']}/book-registration", {
        "reg-hospital_id": full["hospital_id"], "reg-department_id": full["department_id"],
        "reg-slot_id": full["id"]})
    assert response.status_code == 409
    assert "这个时段已经约满了" in response.get_data(as_text=True)
    assert console.domain_counts() == before
    assert console.api(f"/v1/requests/{req['id']}")["status"] == "submitted"


def test_slot_of_another_department_is_refused(console: Any) -> None:
    req = console.new_request("registration")
    slot = next(s for s in _slots(console) if s["remaining"] > 0)
    other = next(s for s in _slots(console, "li") if s["remaining"] > 0)
    before = console.domain_counts()
    response = console.post(f"/console/requests/{req['id']}/book-registration", {
        "reg-hospital_id": slot["hospital_id"], "reg-department_id": slot["department_id"],
        "reg-slot_id": other["id"]})
    assert response.status_code == 422
    assert "不属于所选的医院和科室" in response.get_data(as_text=True)
    assert console.domain_counts() == before


def test_no_slot_chosen_is_a_clear_error(console: Any) -> None:
    req = console.new_request("registration")
    slot = _slots(console)[0]
    response = console.post(f"/console/requests/{req['id']}/book-registration", {
        "reg-hospital_id": slot["hospital_id"], "reg-department_id": slot["department_id"]})
    assert response.status_code == 422
    assert "请选一个号源" in response.get_data(as_text=True)


def test_platform_down_is_said_and_nothing_written(make_center_app: Any, make_console: Any) -> None:
    c = make_console(make_center_app(sim_registration_down=True))
    c.login()
    req = c.new_request("registration")
    slot = next(s for s in _slots(c) if s["remaining"] > 0)
    before = c.domain_counts()
    response = c.post(f"/console/requests/{req['id']}/book-registration", {
        "reg-hospital_id": slot["hospital_id"], "reg-department_id": slot["department_id"],
        "reg-slot_id": slot["id"]})
    assert response.status_code == 503
    assert "暂时联系不上" in response.get_data(as_text=True)
    assert c.domain_counts() == before


def test_book_taxi_and_refuse_outside_the_service_area(console: Any) -> None:
    req = console.new_request("taxi", form={"destination_address": "上海市徐汇区宜山路600号"})
    url = f"/console/requests/{req['id']}"
    page = console.text(url)
    assert "上海市长宁区仙霞路650弄12号302室" in page  # pickup pre-filled from the profile
    before = console.domain_counts()
    response = console.post(url + "/book-taxi", {
        "taxi-pickup_address": "上海市长宁区仙霞路650弄12号", "taxi-destination_address": "江苏省苏州市人民路1号",
        "taxi-when": "now", "taxi-passengers": "1"})
    assert response.status_code == 422
    assert "错误：" in response.get_data(as_text=True)
    assert console.domain_counts() == before
    response = console.post(url + "/book-taxi", {
        "taxi-pickup_address": "上海市长宁区仙霞路650弄12号", "taxi-destination_address": "上海市徐汇区宜山路600号",
        "taxi-when": "now", "taxi-passengers": "2"})
    assert response.status_code == 303, response.get_data(as_text=True)
    ride = console.api(f"/v1/requests/{req['id']}")
    assert ride["status"] == "confirmed" and ride["result"]["plate"]
    assert ride["result"]["passengers"] == 2
    # The driver's number is whole for the agent who may have to ring him for her.
    assert f"<dt>司机电话</dt><dd>{ride['result']['driver_phone']}</dd>" in console.text(url)


def test_book_a_companion_for_an_elder_on_the_phone(console: Any) -> None:
    """陪诊 asked by phone: the agent picks the hospital and time, the platform sends someone."""
    from datetime import timedelta

    from call_center.clock import local, now

    req = console.new_request("escort", form={})
    url = f"/console/requests/{req['id']}"
    page = console.text(url)
    assert "约陪诊员" in page and "120" in page  # an emergency is the alarm, not this form
    elder = console.api(f"/v1/elders/{req['elder_id']}")
    visit = local(now() + timedelta(days=2)).replace(hour=13, minute=30)
    before = console.domain_counts()
    too_soon = local(now() + timedelta(minutes=30))
    response = console.post(url + "/book-escort", {
        "escort-hospital_id": elder["favourites"]["hospital_id"], "escort-visit_time": f"{too_soon:%Y-%m-%dT%H:%M}",
        "escort-meet": "home"})
    assert response.status_code == 422 and "两小时" in response.get_data(as_text=True)
    assert console.domain_counts() == before
    response = console.post(url + "/book-escort", {
        "escort-hospital_id": elder["favourites"]["hospital_id"], "escort-visit_time": f"{visit:%Y-%m-%dT%H:%M}",
        "escort-meet": "hospital"})
    assert response.status_code == 303, response.get_data(as_text=True)
    booked = console.api(f"/v1/requests/{req['id']}")
    assert booked["status"] == "confirmed" and booked["result"]["meet_place"] == "医院门口"
    page = console.text(url)
    assert booked["result"]["companion_name"] in page and "见面时间" in page
    assert f"<dt>陪诊员电话</dt><dd>{booked['result']['companion_phone']}</dd>" in page


def test_book_a_discharge_car_for_an_elder_on_the_phone(console: Any) -> None:
    """出院用车 asked by phone: the agent asks how the elder travels; 962120 sends the car."""
    from datetime import timedelta

    from call_center.clock import local, now

    req = console.new_request("discharge_transport", form={})
    url = f"/console/requests/{req['id']}"
    assert "约转运车" in console.text(url)
    elder = console.api(f"/v1/elders/{req['elder_id']}")
    pickup = local(now() + timedelta(days=1)).replace(hour=14, minute=0)
    form = {"discharge-hospital_id": elder["favourites"]["hospital_id"],
            "discharge-pickup_time": f"{pickup:%Y-%m-%dT%H:%M}"}
    response = console.post(url + "/book-discharge", form)
    assert response.status_code == 422 and "请问清老人怎么上车" in response.get_data(as_text=True)
    response = console.post(url + "/book-discharge", {**form, "discharge-mobility": "stretcher"})
    assert response.status_code == 303, response.get_data(as_text=True)
    booked = console.api(f"/v1/requests/{req['id']}")
    assert booked["status"] == "confirmed" and "担架" in booked["result"]["vehicle"]
    page = console.text(url)
    assert booked["result"]["plate"] in page and "躺担架" in page
    assert f"<dt>随车电话</dt><dd>{booked['result']['crew_phone']}</dd>" in page


def test_book_a_special_vehicle_for_an_elder_on_the_phone(console: Any) -> None:
    """特殊用车 asked by phone: the agent asks which help; home is filled in; the operator sends
    its car and the page shows the plate, the half hour and the fare."""
    from datetime import timedelta

    from call_center.clock import local, now

    req = console.new_request("special_vehicle", form={})
    url = f"/console/requests/{req['id']}"
    page = console.text(url)
    assert "约特殊用车" in page and "要人背上下楼" in page
    start = local(now() + timedelta(days=2)).replace(hour=13, minute=0)
    form = {"special-pickup_time": f"{start:%Y-%m-%dT%H:%M}", "special-pickup_address": "上海市长宁区仙霞路650弄12号",
            "special-destination_address": "上海市徐汇区宜山路600号", "special-companion": "family"}
    response = console.post(url + "/book-special-vehicle", form)
    assert response.status_code == 422 and "请问清老人怎么坐车" in response.get_data(as_text=True)
    response = console.post(url + "/book-special-vehicle", {**form, "special-mobility": "wheelchair",
                                                             "special-stairs": "carry"})
    assert response.status_code == 303, response.get_data(as_text=True)
    booked = console.api(f"/v1/requests/{req['id']}")
    assert booked["status"] == "confirmed" and booked["result"]["stair_aid"] == "履带爬楼机"
    page = console.text(url)
    assert booked["result"]["plate"] in page and "要人背上下楼" in page and "轮椅" in booked["result"]["vehicle"]
    assert f"<dt>司机电话</dt><dd>{booked['result']['driver_phone']}</dd>" in page


def test_escort_form_checks_its_fields(console: Any) -> None:
    req = console.new_request("escort", form={})
    response = console.post(f"/console/requests/{req['id']}/book-escort", {
        "escort-hospital_id": "", "escort-visit_time": "明天上午", "escort-meet": "roof", "escort-phone": "12345"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for words in ("请先选医院", "时间格式应为", "电话号码格式不对"):
        assert words in page, words


def test_taxi_form_checks_its_fields(console: Any) -> None:
    req = console.new_request("taxi", form={})
    response = console.post(f"/console/requests/{req['id']}/book-taxi", {
        "taxi-pickup_address": "", "taxi-destination_address": "上海", "taxi-when": "later",
        "taxi-pickup_at": "", "taxi-passengers": "9", "taxi-phone": "12345"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for words in ("这一项必须填写", "地址要4到200个字", "预约用车请填时间", "乘车人数是1到4人", "电话号码格式不对"):
        assert words in page, words


def test_cancel_a_booked_registration_frees_the_slot(console: Any) -> None:
    slot = next(s for s in _slots(console) if s["remaining"] > 0)
    req = console.new_request("registration", mode="self", form={
        "hospital_id": slot["hospital_id"], "department_id": slot["department_id"],
        "slot_id": slot["id"]})
    assert req["status"] == "confirmed"
    response = console.post(f"/console/requests/{req['id']}/move",
                            {"move-to": "cancelled", "move-note": "老人来电说不去了"})
    assert response.status_code == 303
    assert console.api(f"/v1/requests/{req['id']}")["status"] == "cancelled"
    with console.app.extensions["onekey"].db.session(write=False) as s:
        assert s.get(Slot, slot["id"]).remaining == slot["remaining"]


def test_final_requests_offer_no_actions(console: Any) -> None:
    req = console.new_request()
    console.post(f"/console/requests/{req['id']}/move", {"move-to": "cancelled"})
    page = console.text(f"/console/requests/{req['id']}")
    assert "已取消" in page
    assert not re.search(r'action="[^"]*/(move|fail|confirm)"', page)


def test_unknown_request_is_a_page_not_a_crash(console: Any) -> None:
    response = console.get("/console/requests/req_nope")
    assert response.status_code == 404
    assert "没有找到" in response.get_data(as_text=True)
    assert response.mimetype == "text/html"


def test_a_request_a_volunteer_helped_with_says_so_on_its_page(console: Any) -> None:
    from call_center.demo_data import VOLUNTEER_PIN

    from ..conftest import identify

    client = console.app.test_client()
    kiosk = {"Authorization": f"Bearer {console.app.demo.tokens['kiosk']}"}
    shift = client.post("/v1/volunteers/sign-in", json={"pin": VOLUNTEER_PIN}, headers=kiosk).get_json()
    grant = identify(client, console.app.demo, "wang")["grant"]["token"]
    made = client.post("/v1/requests", json={
        "elder_id": console.app.demo.elders["wang"], "service": "consultation", "mode": "call",
        "form": {"topic": "血压药怎么吃"}, "assisted_by": shift["volunteer"]["id"]},
        headers={**kiosk, "Onekey-Grant": grant}).get_json()
    page = console.text(f"/console/requests/{made['id']}")
    assert "志愿者协助：志愿者 张建华（仙霞新村街道智慧健康驿站）" in page


def test_renew_a_prescription_for_an_elder_on_the_phone(console: Any) -> None:
    """续方配药 asked by phone: the agent picks which of her standing prescriptions, home is the
    address; it goes to the internet hospital and then waits for the doctor like any renewal."""
    req = console.new_request("refill", form={})
    url = f"/console/requests/{req['id']}"
    page = console.text(url)
    assert "送医生续方" in page and "苯磺酸氨氯地平片 5mg" in page and "上次面诊" in page
    elder = console.api(f"/v1/elders/{req['elder_id']}")
    assert elder["home_address"] in console.get(url).get_data(as_text=True)  # the address, filled in
    form = {"refill-delivery_address": elder["home_address"]}
    response = console.post(url + "/book-refill", form)
    assert response.status_code == 422 and "请问清老人要续开哪种药" in response.get_data(as_text=True)
    rx = elder["prescriptions"][1]
    response = console.post(url + "/book-refill", {**form, "refill-prescription_id": rx["id"]})
    assert response.status_code == 303, response.get_data(as_text=True)
    sent = console.api(f"/v1/requests/{req['id']}")
    assert sent["status"] == "in_progress" and sent["result"]["stage"] == "reviewing"
    assert sent["result"]["medicine"].startswith(rx["medicine"])
    page = console.text(url)
    assert "送医生续方" not in page and rx["medicine"] in page  # sent: no second form
