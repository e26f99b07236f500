"""Bad input gets a clear, speakable error and changes nothing (DESIGN §3).

Every case asserts the status, the machine code, a Chinese message, and that no row in any
table changed.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from call_center.clock import SHANGHAI, now
from call_center.models import Slot

from .conftest import Api, assert_error, bearer, registration_body, row_counts, taxi_body


@pytest.fixture
def unchanged(center_app):
    """Yields; then asserts every table has the same number of rows as before."""
    before = row_counts(center_app)
    yield
    assert row_counts(center_app) == before


def test_malformed_json(tv: Api, unchanged):
    r = tv.client.post("/v1/requests", data='{"elder_id": "x", ', headers={
        **tv.headers, "Content-Type": "application/json", "Idempotency-Key": "bad-json"})
    assert_error(r, 400, "bad_json")


def test_wrong_types_name_each_field_in_chinese(tv: Api, unchanged):
    r = tv.post("/v1/requests", {"elder_id": 42, "service": "registration", "mode": "sometimes",
                                 "form": "slot"})
    error = assert_error(r, 422, "validation_error")
    assert set(error["fields"]) == {"elder_id", "mode", "form"}
    assert error["fields"]["elder_id"] == "这里应该填文字。"
    assert error["fields"]["mode"] == "请从给出的选项里选一个。"  # no machine values (self、call)


def test_wrong_types_inside_the_form(tv: Api, unchanged):
    body = taxi_body(tv.demo, passengers="two", pickup_time="tomorrow-ish")
    error = assert_error(tv.post("/v1/requests", body), 422, "validation_error")
    assert error["fields"]["form.passengers"] == "这里应该填整数。"
    assert "form.pickup_time" in error["fields"]


def test_missing_fields(tv: Api, unchanged):
    r = tv.post("/v1/requests", {"service": "registration", "form": {}})
    error = assert_error(r, 422, "validation_error")
    assert error["fields"]["elder_id"] == "这一项必须填写。"


def test_unknown_keys_are_refused(tv: Api, unchanged):
    r = tv.post("/v1/requests", {"elderId": "x", "service": "help"})
    error = assert_error(r, 422, "validation_error")
    assert error["fields"]["elderId"] == "不认识这一项。"


def test_unknown_elder(tv: Api, unchanged):
    body = {"elder_id": "eld_000000000000", "service": "help", "form": {"topic": "求助"}}
    assert_error(tv.post("/v1/requests", body), 404, "not_found")


def test_unknown_slot(tv: Api, unchanged):
    slot = {"id": "slt_nosuchslot", "hospital_id": "hos_x", "department_id": "dep_x"}
    error = assert_error(tv.post("/v1/requests", registration_body(tv.demo, slot)), 404,
                         "not_found")
    assert "form.slot_id" in error["fields"]


def test_unknown_request_and_paths(tv: Api, unchanged):
    assert_error(tv.get("/v1/requests/req_nope"), 404, "not_found")
    assert_error(tv.post("/v1/requests/req_nope/cancel"), 404, "not_found")
    assert_error(tv.get("/v1/no-such-thing"), 404, "not_found")
    assert_error(tv.client.put("/v1/requests", headers=tv.headers), 405, "method_not_allowed")


def test_oversize_body(tv: Api, unchanged):
    body = {"elder_id": tv.demo.elders["wang"], "service": "help",
            "form": {"topic": "求助", "note": "很" * 40_000}}
    assert_error(tv.post("/v1/requests", body), 413, "too_large")


def test_missing_token(center_client, center_app, unchanged):
    r = center_client.post("/v1/requests", json={"elder_id": center_app.demo.elders["wang"],
                                                 "service": "help", "form": {"topic": "x"}})
    assert_error(r, 401, "unauthorized")
    assert_error(center_client.get("/v1/me"), 401, "unauthorized")
    assert_error(center_client.get("/v1/me", headers={"Authorization": "Basic abc"}), 401,
                 "unauthorized")


def test_forged_token(center_client, center_app, unchanged):
    r = center_client.post("/v1/requests", headers=bearer("demo-tv-wang-forged"),
                           json={"elder_id": center_app.demo.elders["wang"], "service": "help",
                                 "form": {"topic": "x"}})
    assert_error(r, 401, "invalid_token")


def test_another_households_elder(tv: Api, unchanged):
    other = tv.demo.elders["li"]
    assert_error(tv.get(f"/v1/elders/{other}"), 403, "forbidden")
    body = {"elder_id": other, "service": "help", "form": {"topic": "求助"}}
    assert_error(tv.post("/v1/requests", body), 403, "forbidden")
    assert_error(tv.get("/v1/requests", elder_id=other), 403, "forbidden")
    assert_error(tv.get(f"/v1/elders/{other}/messages"), 403, "forbidden")
    assert_error(tv.patch(f"/v1/elders/{other}/preferences", {"volume": 10}), 403, "forbidden")


def test_another_households_request(center_app):
    agent = Api(center_app, "agent")
    created = agent.post("/v1/requests", {"elder_id": center_app.demo.elders["li"],
                                          "service": "help", "form": {"topic": "求助"}})
    assert created.status_code == 201
    before = row_counts(center_app)
    tv = Api(center_app, "tv_wang")
    rid = created.get_json()["id"]
    assert_error(tv.get(f"/v1/requests/{rid}"), 403, "forbidden")
    assert_error(tv.post(f"/v1/requests/{rid}/cancel"), 403, "forbidden")
    assert row_counts(center_app) == before


def test_slot_in_the_past(center_app, tv: Api):
    db = center_app.extensions["onekey"].db
    slot = tv.free_slot()
    with db.session(write=True) as s:
        row = s.get(Slot, slot["id"])
        row.start = now() - timedelta(hours=1)
        row.end = now()
        s.commit()
    before = row_counts(center_app)
    error = assert_error(tv.book(slot), 422, "date_in_past")
    assert "form.slot_id" in error["fields"]
    assert row_counts(center_app) == before


def test_taxi_pickup_in_the_past(tv: Api, unchanged):
    past = (now() - timedelta(hours=2)).isoformat()
    assert_error(tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=past)), 422,
                 "date_in_past")
    yesterday = datetime.combine(now().date() - timedelta(days=1), datetime.min.time())
    assert_error(tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=yesterday.isoformat())),
                 422, "date_in_past")


def test_slot_already_full(tv: Api, unchanged):
    error = assert_error(tv.book(tv.full_slot()), 409, "slot_full")
    assert error["message"] == "这个时段已经约满了，请选别的时间。"


@pytest.mark.parametrize("address", [
    "江苏省昆山市花桥镇绿地大道", "北京市朝阳区建国路88号", "浙江省舟山市普陀区东港街道",
    "仙霞路650弄12号",  # no district: a driver could not be sent
])
def test_taxi_outside_service_area(tv: Api, unchanged, address: str):
    error = assert_error(tv.post("/v1/requests", taxi_body(tv.demo, destination_address=address)),
                         422, "outside_service_area")
    assert list(error["fields"]) == ["form.destination_address"]


def test_taxi_district_outside_a_narrower_service_area(make_center_app):
    app = make_center_app(service_area_districts=("长宁区", "徐汇区"))
    api = Api(app, "tv_wang")
    before = row_counts(app)
    error = assert_error(api.post("/v1/requests", taxi_body(
        app.demo, destination_address="上海市崇明区城桥镇八一路")), 422, "outside_service_area")
    assert "崇明区" in error["fields"]["form.destination_address"]
    assert row_counts(app) == before


def test_illegal_transition(center_app, agent: Api):
    created = agent.post("/v1/requests", {"elder_id": agent.demo.elders["wang"],
                                          "service": "consultation", "mode": "call",
                                          "form": {"topic": "高龄津贴"}}).get_json()
    before = row_counts(center_app)
    rid = created["id"]
    error = assert_error(agent.post(f"/v1/requests/{rid}/transitions", {"to": "completed"}),
                         409, "invalid_transition")
    assert "已提交" in error["message"]
    assert_error(agent.post(f"/v1/requests/{rid}/transitions", {"to": "submitted"}), 409,
                 "invalid_transition")
    assert row_counts(center_app) == before


def test_devices_cannot_move_requests(center_app, tv: Api):
    created = tv.post("/v1/requests", {"elder_id": tv.demo.elders["wang"], "service": "help",
                                       "form": {"topic": "求助"}}).get_json()
    before = row_counts(center_app)
    assert_error(tv.post(f"/v1/requests/{created['id']}/transitions", {"to": "accepted"}), 403,
                 "forbidden")
    assert row_counts(center_app) == before


def test_html_is_stored_and_returned_as_plain_text(center_app, agent: Api):
    title = '<script>alert("x")</script>通知'
    body = '<img src=x onerror=alert(1)> 明天<b>社区</b>体检 & 量血压'
    r = agent.post(f"/v1/elders/{agent.demo.elders['wang']}/messages",
                   {"title": title, "body": body})
    assert r.status_code == 201
    assert r.content_type == "application/json"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    msg = r.get_json()
    assert msg["title"] == title and msg["body"] == body  # verbatim, never interpreted
    tv = Api(center_app, "tv_wang")
    listed = tv.get(f"/v1/elders/{agent.demo.elders['wang']}/messages").get_json()
    assert any(m["title"] == title and m["body"] == body for m in listed)


def test_bad_idempotency_key(tv: Api, unchanged):
    r = tv.post("/v1/requests", {"elder_id": tv.demo.elders["wang"], "service": "help",
                                 "form": {"topic": "求助"}}, key="x" * 129)
    error = assert_error(r, 422, "validation_error")
    assert "Idempotency-Key" in error["fields"]


def test_bad_query_parameters(tv: Api, unchanged):
    error = assert_error(tv.get("/v1/catalog/slots", date_from="next tuesday"), 422,
                         "validation_error")
    assert error["fields"]["date_from"].startswith("日期格式")
    assert_error(tv.get("/v1/requests", limit="many"), 422, "validation_error")
    assert_error(tv.get("/v1/catalog/slots", date_from="2030-01-02", date_to="2030-01-01"),
                 422, "validation_error")


def test_non_object_json(tv: Api, unchanged):
    error = assert_error(tv.post("/v1/requests", [1, 2, 3]), 422, "validation_error")
    assert error["fields"]


def test_timezone_naive_pickup_is_shanghai_time(tv: Api):
    soon = (now() + timedelta(hours=3)).astimezone(SHANGHAI).replace(tzinfo=None, microsecond=0)
    r = tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=soon.isoformat()))
    assert r.status_code == 201, r.get_data(as_text=True)
    assert r.get_json()["result"]["pickup_time"] == soon.isoformat() + "+08:00"


def test_a_choice_outside_its_values_is_refused_without_machine_words():
    """"只能是这些之一：seated、wheelchair、stretcher" was shown: the person reading it chose
    from labels, not values. Chinese or numeric values are still listed."""
    from typing import Literal

    from pydantic import BaseModel, ValidationError

    from call_center.errors import chinese_field_errors

    class Ride(BaseModel):
        how: Literal["seated", "wheelchair", "stretcher"]
        floor: Literal["一楼", "二楼"] = "一楼"

    try:
        Ride(how="flying", floor="三楼")
    except ValidationError as error:
        words = chinese_field_errors(error)
    assert words["how"] == "请从给出的选项里选一个。"
    assert words["floor"] == "只能是这些之一：一楼、二楼。"
