"""申请一键通 at the centre (举手制, seed 001 §四; who pays, seed 002 §二): an application is
refused or kept whole, carries the centre's verdict in words, is reviewed, queued strictly in
the order people applied, visited and installed — each step told to the elder and visible to
a bound family member, and to nobody else."""
from __future__ import annotations

from datetime import timedelta

import pytest

from call_center.clock import now
from call_center.device_applications import applications

from ..conftest import Api, assert_error, bearer, row_counts
from ..family_members import bound
from .helpers import application_body, desk, tomorrow


def messages_of(api: Api, req: dict, elder_key: str = "zhang") -> list[dict]:
    return [m for m in api.get(f"/v1/elders/{api.demo.elders[elder_key]}/messages").get_json()
            if m["request_id"] == req["id"]]


def apply(api: Api, elder_key: str = "zhang", **form) -> dict:
    r = api.post("/v1/requests", application_body(api.demo, elder_key, **form))
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.get_json()


def test_filed_with_what_the_family_pays_and_why(center_app):
    tv = Api(center_app, "tv_zhang")
    req = apply(tv, package="A", living_alone="true", hardship="unknown")
    assert req["status"] == "accepted" and [e["status"] for e in req["events"]] == ["submitted", "accepted"]
    result = req["result"]
    # 张桂兰 is 79: not yet 高龄 (seed 002 §一 says 80), so package A is paid in full (§二(三)).
    assert result["stage"] == "reviewing" and result["monthly_fee_yuan"] == 40
    assert result["source"] == "沪民养老发〔2021〕30号 二（三）" and result["street"] == "田林街道"
    assert result["package_name"].startswith("套餐A")
    told = messages_of(tv, req)
    assert told and "田林街道" in told[0]["body"] and "套餐A每月最多付40元" in told[0]["body"]
    assert result["fee_words"] in told[0]["body"]
    assert req["cancellable"]


def test_hardship_at_eighty_living_alone_pays_nothing(center_app):
    tv = Api(center_app, "tv_zhang")
    req = apply(tv, "chen", package="A", hukou_shanghai="true", living_alone="true", hardship="dibao")
    assert req["result"]["monthly_fee_yuan"] == 0 and req["result"]["source"] == "沪民养老发〔2021〕30号 二（一）"
    assert "您今年81岁" in req["result"]["fee_words"] and "政府出" in req["result"]["fee_words"]


@pytest.mark.parametrize("form,field", [
    ({"package": "C"}, "form.package"),
    ({"hardship": "rich"}, "form.hardship"),
    ({"hukou_shanghai": True}, "form.hukou_shanghai"),
    ({"phone": "12345"}, "form.phone"),
    ({"living_alone": None}, "form.living_alone"),
])
def test_a_wrong_answer_is_refused_and_nothing_written(center_app, form, field):
    tv = Api(center_app, "tv_zhang")
    before = row_counts(center_app)
    error = assert_error(tv.post("/v1/requests", application_body(tv.demo, **form)), 422, "validation_error")
    assert field in error["fields"]
    assert row_counts(center_app) == before


def test_call_mode_files_the_whole_form_and_refuses_a_part_of_it(center_app):
    """Taken on the phone (an agent asks it all), the application is filed as it is at a
    screen; a form with a question left out is refused, naming it, and nothing is written."""
    tv = Api(center_app, "tv_zhang")
    before = row_counts(center_app)
    partial = application_body(tv.demo)
    del partial["form"]["hardship"]
    error = assert_error(tv.post("/v1/requests", {**partial, "mode": "call"}), 422, "validation_error")
    assert "form.hardship" in error["fields"] and row_counts(center_app) == before
    filed = tv.post("/v1/requests", {**application_body(tv.demo), "mode": "call"})
    assert filed.status_code == 201, filed.get_json()
    assert filed.get_json()["mode"] == "call" and filed.get_json()["result"]["fee_words"]


def test_one_open_application_and_none_once_installed(center_app):
    tv = Api(center_app, "tv_zhang")
    apply(tv)
    error = assert_error(tv.post("/v1/requests", application_body(tv.demo)), 409, "already_booked")
    assert "已经申请过" in error["message"]
    wang = Api(center_app, "tv_wang")  # 王秀英 has package B already (demo data)
    error = assert_error(wang.post("/v1/requests", application_body(wang.demo, "wang")), 409, "already_booked")
    assert "已经装了一键通" in error["message"]


def test_cancelled_frees_the_elder_to_apply_again(center_app):
    tv = Api(center_app, "tv_zhang")
    req = apply(tv)
    assert tv.post(f"/v1/requests/{req['id']}/cancel").get_json()["status"] == "cancelled"
    assert tv.get(f"/v1/requests/{req['id']}").get_json()["result"]["stage"] == "cancelled"
    apply(tv)


def test_reviewed_queued_visited_installed_each_step_told(center_app):
    tv = Api(center_app, "tv_zhang")
    req = apply(tv, package="B")
    desk(center_app, "approve", req["id"], "agent:street")
    got = tv.get(f"/v1/requests/{req['id']}").get_json()
    assert got["status"] == "in_progress" and got["result"]["stage"] == "queued"
    visit = tomorrow().replace(microsecond=0)
    desk(center_app, "schedule", req["id"], visit, "agent:installer")
    got = tv.get(f"/v1/requests/{req['id']}").get_json()
    assert got["status"] == "confirmed" and got["result"]["stage"] == "scheduled" and got["result"]["visit_at"]
    reminders = [m for m in messages_of(tv, req) if m["kind"] == "reminder"]
    assert reminders and all("一键通" in m["body"] for m in reminders)
    desk(center_app, "mark_installed", req["id"], "agent:installer")
    got = tv.get(f"/v1/requests/{req['id']}").get_json()
    assert got["status"] == "completed" and got["result"]["stage"] == "installed"
    profile = tv.get(f"/v1/elders/{tv.demo.elders['zhang']}").get_json()
    assert profile["service_package"] == "B"
    titles = [m["title"] for m in messages_of(tv, req)]
    assert {"一键通申请已提交", "一键通申请审核通过", "一键通约好上门安装", "一键通已装好"} <= set(titles)
    assert not [m for m in messages_of(tv, req) if m["kind"] == "reminder"]  # withdrawn once in
    assert_error(tv.post("/v1/requests", application_body(tv.demo)), 409, "already_booked")


def test_returned_with_a_reason_the_family_reads(center_app):
    tv = Api(center_app, "tv_zhang")
    req = apply(tv)
    with pytest.raises(Exception):
        desk(center_app, "give_back", req["id"], "   ", "agent:street")
    desk(center_app, "give_back", req["id"], "户口本上的地址不在本街道，请到户籍所在街道申请", "agent:street")
    got = tv.get(f"/v1/requests/{req['id']}").get_json()
    assert got["status"] == "failed" and got["result"]["stage"] == "returned"
    assert got["failure"]["code"] == "application_returned"
    assert "户籍所在街道" in got["failure"]["message"] and "户籍所在街道" in got["result"]["return_reason"]
    apply(tv)  # returned is closed: she may apply again


def test_the_queue_is_strictly_in_application_order(center_app):
    zhang, chen = Api(center_app, "tv_zhang"), Api(center_app, "tv_zhang")
    first = apply(zhang, "zhang")
    second = apply(chen, "chen")
    desk(center_app, "approve", second["id"], "agent:street")  # reviewed first …
    desk(center_app, "approve", first["id"], "agent:street")
    with center_app.extensions["onekey"].db.reading() as db:
        assert [a.request_id for a in applications.queue(db)] == [first["id"], second["id"]]
    # … but visited in the order they applied: the later one waits for the earlier.
    with pytest.raises(Exception) as refused:
        desk(center_app, "schedule", second["id"], tomorrow(), "agent:installer")
    assert "先后顺序" in str(getattr(refused.value, "message", refused.value))
    with pytest.raises(Exception):
        desk(center_app, "schedule", first["id"], now() - timedelta(hours=1), "agent:installer")
    desk(center_app, "schedule", first["id"], tomorrow(), "agent:installer")
    desk(center_app, "schedule", second["id"], tomorrow() + timedelta(hours=2), "agent:installer")


def test_a_step_out_of_turn_is_refused(center_app):
    tv = Api(center_app, "tv_zhang")
    req = apply(tv)
    for step, args in (("mark_installed", ()), ("schedule", (tomorrow(),))):
        with pytest.raises(Exception):
            desk(center_app, step, req["id"], *args, "agent:installer")
    agent = Api(center_app, "agent")
    error = assert_error(agent.post(f"/v1/requests/{req['id']}/transitions", {"to": "in_progress"}),
                         409, "invalid_transition")
    assert "控制台" in error["message"]


def test_a_family_member_sees_a_bound_parents_application_only(center_app):
    client = center_app.test_client()
    token = bound(client, center_app.demo, "zhang")
    member = {"Authorization": f"Bearer {token}"}
    r = client.post("/v1/requests", json=application_body(center_app.demo, "zhang"), headers=member)
    assert r.status_code == 201, r.get_data(as_text=True)
    req = r.get_json()
    assert req["channel"] == "miniprogram"
    assert client.get(f"/v1/requests/{req['id']}", headers=member).status_code == 200
    # Someone else's parent: refused, nothing written.
    before = row_counts(center_app)
    r = client.post("/v1/requests", json=application_body(center_app.demo, "li"), headers=member)
    assert r.status_code == 403 and row_counts(center_app) == before
    stranger = bound(client, center_app.demo, "li", subject="o-test-other", name="李明", phone="13761129054")
    assert client.get(f"/v1/requests/{req['id']}", headers=bearer(stranger)).status_code in (403, 404)
