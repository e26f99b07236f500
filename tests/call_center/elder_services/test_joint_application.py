"""养老服务一件事 at the centre (seed 003 §二(一)): one form for the three joined matters, accepted at
one window, each part at its own desk — the subsidy and admission wait on the assessment's grade
and are decided by the rules on it — every part's progress on one request the elder and a bound
family member see; one open joint application an elder; the facts sealed at rest."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from ..conftest import Api, assert_error, bearer, row_counts
from ..family_members import bound
from .helpers import desk, joint_body


def apply(api: Api, elder_key: str = "wang", **form) -> dict:
    r = api.post("/v1/requests", joint_body(api.demo, elder_key, **form), key=uuid.uuid4().hex)
    assert r.status_code == 201, r.get_data(as_text=True)
    return r.get_json()


def get(api: Api, req: dict) -> dict:
    return api.get(f"/v1/requests/{req['id']}").get_json()


def test_one_form_accepted_at_one_window_each_part_with_its_own_status(center_app):
    tv = Api(center_app, "tv_wang")
    req = apply(tv, parts="all", hardship="unknown")
    assert req["status"] == "accepted" and req["form"]["parts"] == "all"
    result = req["result"]
    assert result["stage"] == "assessing" and result["parts_words"] == "照护需求评估、养老服务补贴、入住养老机构"
    assert result["assessment"] == "等评估员上门评估"
    assert result["subsidy"] == result["admission"] == "等评估结果"  # they wait on the grade
    assert result["source"] == "沪民养老发〔2024〕18号 二（一）"
    told = [m for m in tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json() if m["request_id"] == req["id"]]
    assert told and told[0]["title"] == "养老服务一件事已受理" and "评估员会打电话" in told[0]["body"]
    assert tv.get(f"/v1/elders/{tv.demo.elders['wang']}/elder-services").get_json()["open_request_id"] == req["id"]


def test_a_part_the_rules_refuse_already_is_told_at_once(center_app):
    tv = Api(center_app, "tv_wang")
    req = apply(tv, parts="assessment_subsidy", hardship="none")  # 都不是: the subsidy asks 经济困难
    assert req["result"]["subsidy"] == "没有通过：要家庭经济困难" and req["result"]["assessment"] == "等评估员上门评估"
    assert "admission" not in req["result"]


@pytest.mark.parametrize("grade,subsidy,admission", [
    (2, "审核中", "没有通过：要照护等级3级及以上"),  # the seed's grade-3 line, below it
    (3, "审核中", "审核中"),
    (0, "没有通过：要照护等级1级及以上", "没有通过：要照护等级3级及以上"),
])
def test_the_grade_decides_what_waits_on_it_by_the_rules(center_app, grade, subsidy, admission):
    tv = Api(center_app, "tv_wang")
    req = apply(tv, parts="all", hardship="dibao")
    desk(center_app, "record_grade", req["id"], grade, "agent:assessor")
    got = get(tv, req)
    assert got["result"]["assessment"] == f"已评估：照护等级{grade}级"
    assert got["result"]["subsidy"] == subsidy and got["result"]["admission"] == admission
    refused_both = subsidy.startswith("没有") and admission.startswith("没有")
    assert got["status"] == ("completed" if refused_both else "confirmed")
    assert got["result"]["stage"] == ("done" if refused_both else "deciding")
    # her profile holds the new grade: 政策查询 and 政策找人 read it
    assert tv.get(f"/v1/elders/{tv.demo.elders['wang']}").get_json()["care_level"] == grade


def test_each_desk_decides_its_own_part_then_it_is_done(center_app):
    tv = Api(center_app, "tv_wang")
    req = apply(tv, parts="all", hardship="unknown")
    with pytest.raises(Exception):  # the subsidy's desk cannot act before the grade is in
        desk(center_app, "decide", req["id"], "subsidy", True, "", "agent:street")
    desk(center_app, "record_grade", req["id"], 4, "agent:assessor")
    with pytest.raises(Exception):  # a refusal needs a reason the family reads
        desk(center_app, "decide", req["id"], "subsidy", False, "  ", "agent:street")
    desk(center_app, "decide", req["id"], "subsidy", False, "街道核实家庭不属于低保或低收入", "agent:street")
    got = get(tv, req)
    assert got["status"] == "confirmed" and got["result"]["subsidy"] == "没有通过：街道核实家庭不属于低保或低收入"
    desk(center_app, "decide", req["id"], "admission", True, "请12月10日到田林街道长者照护之家办入住", "agent:district")
    got = get(tv, req)
    assert got["status"] == "completed" and got["result"]["stage"] == "done"
    assert got["result"]["admission"] == "已通过：请12月10日到田林街道长者照护之家办入住"
    titles = [m["title"] for m in tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
              if m["request_id"] == req["id"]]
    assert {"养老服务一件事已受理", "照护需求评估有结果了", "养老服务补贴没有通过", "入住养老机构已通过"} <= set(titles)
    apply(tv)  # closed: she may apply again


def test_one_open_joint_application_an_elder(center_app):
    tv = Api(center_app, "tv_wang")
    first = apply(tv)
    before = row_counts(center_app)
    error = assert_error(tv.post("/v1/requests", joint_body(tv.demo), key=uuid.uuid4().hex), 409, "already_booked")
    assert "已经申请过" in error["message"]
    assert row_counts(center_app) == before
    assert tv.post(f"/v1/requests/{first['id']}/cancel").get_json()["result"]["stage"] == "cancelled"
    assert get(tv, first)["result"]["assessment"] == "已取消"
    apply(tv)  # cancelled frees her


def test_the_index_refuses_a_second_open_one_written_past_the_check(center_app):
    """Two filed at the same moment both pass the check; the partial unique index refuses one."""
    tv = Api(center_app, "tv_wang")
    req = apply(tv)
    database = center_app.extensions["onekey"].db
    with database.writing() as db:
        with pytest.raises(Exception, match="(?i)unique"):
            db.execute(text("INSERT INTO joint_applications (request_id, elder_id, facts, state, applied_at) "
                            "SELECT :rid, elder_id, facts, 'open', applied_at FROM joint_applications WHERE request_id = :old"),
                       {"rid": "req_second", "old": req["id"]})
        db.rollback()


@pytest.mark.parametrize("form,field", [
    ({"parts": "subsidy"}, "form.parts"),  # every choice holds the assessment
    ({"hardship": "rich"}, "form.hardship"),
    ({"hukou_shanghai": True}, "form.hukou_shanghai"),
    ({"phone": "12345"}, "form.phone"),
])
def test_a_wrong_answer_is_refused_and_nothing_written(center_app, form, field):
    tv = Api(center_app, "tv_wang")
    before = row_counts(center_app)
    error = assert_error(tv.post("/v1/requests", joint_body(tv.demo, **form)), 422, "validation_error")
    assert field in error["fields"]
    assert row_counts(center_app) == before


def test_not_eligible_for_the_assessment_is_said_why_and_nothing_written(center_app):
    tv = Api(center_app, "tv_zhang")
    before = row_counts(center_app)
    # 陈志明: 外省户籍
    error = assert_error(tv.post("/v1/requests", joint_body(tv.demo, "chen", hukou_shanghai="false")), 422,
                         "validation_error")
    assert "本市户籍" in error["message"] and "form.parts" in error["fields"]
    # 张桂兰: 79, living with family, no severe disability (the catalog's reading of 特殊困难)
    error = assert_error(tv.post("/v1/requests", joint_body(tv.demo, "zhang")), 422, "validation_error")
    assert "重度残疾" in error["message"]
    assert_error(tv.post("/v1/requests", {**joint_body(tv.demo, "zhang"), "mode": "call"}), 422, "validation_error")
    assert row_counts(center_app) == before


def test_a_bound_family_member_applies_for_her_parent_and_follows_every_part(center_app):
    client = center_app.test_client()
    member = bearer(bound(client, center_app.demo, "wang"))  # seed 004: 亲友代办
    r = client.post("/v1/requests", json=joint_body(center_app.demo, parts="assessment_admission"),
                    headers={**member, "Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 201, r.get_data(as_text=True)
    req = r.get_json()
    assert req["channel"] == "miniprogram" and req["result"]["admission"] == "等评估结果"
    desk(center_app, "record_grade", req["id"], 3, "agent:assessor")
    seen = client.get(f"/v1/requests/{req['id']}", headers=member).get_json()
    assert seen["result"]["admission"] == "审核中" and seen["status"] == "confirmed"
    assert "subsidy" not in seen["result"]
    stranger = bound(client, center_app.demo, "li", subject="o-test-other", name="李明", phone="13761129054")
    assert client.get(f"/v1/requests/{req['id']}", headers=bearer(stranger)).status_code in (403, 404)


def test_the_stated_facts_are_sealed_at_rest(center_app):
    tv = Api(center_app, "tv_wang")
    req = apply(tv, hardship="dibao")
    with center_app.extensions["onekey"].db.reading() as db:
        raw = db.execute(text("SELECT facts FROM joint_applications WHERE request_id = :r"), {"r": req["id"]}).scalar()
    assert "dibao" not in raw and "hardship" not in raw and raw.startswith("gAAAA")


def test_a_pushed_joined_matter_opens_the_one_form_and_filing_answers_it(center_app):
    """政策找人 tells 李国强 of 养老服务补贴 (grade 3, 低保): 想办理 opens 养老服务一件事 (the catalog's
    applies_through), and filing the joint application answers the message — never pushed again."""
    agent, tv = Api(center_app, "agent"), Api(center_app, "tv_li")
    li = tv.demo.elders["li"]
    pushed = agent.post(f"/v1/elders/{li}/policies/care_subsidy/push", key=uuid.uuid4().hex)
    assert pushed.status_code == 201, pushed.get_data(as_text=True)
    assert pushed.get_json()["opens"] == "elder_services"
    message = next(m for m in tv.get(f"/v1/elders/{li}/messages").get_json() if m["kind"] == "policy")
    assert {a["id"]: a.get("opens") for a in message["answers"]}["apply"] == "elder_services"
    req = apply(tv, "li", parts="assessment_subsidy", hardship="dibao")
    policies = {p["id"]: p for p in tv.get(f"/v1/elders/{li}/policies").get_json()}
    assert policies["care_subsidy"]["offered"]["status"] == "applied"
    assert policies["care_subsidy"]["offered"]["request_id"] == req["id"]
    answered = next(m for m in tv.get(f"/v1/elders/{li}/messages").get_json() if m["id"] == message["id"])
    assert answered["answers"] == []
