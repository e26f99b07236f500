"""服务监管 in the console (seed 001 五（三）): an open complaint is in the live queue with the
request, its provider and what she said; an agent records the outcome and she is told it as a
message; supervisors (only) see the numbers per month and provider, their definitions, and a
CSV of the same."""
from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta
from typing import Any

from call_center.clock import local, now
from call_center.satisfaction import visits

from ..family_members import bearer


def done_taxi(console: Any) -> dict:
    app = console.app
    client = app.test_client()
    req = console.new_request("taxi", mode="self", form={
        "pickup_address": "上海市长宁区仙霞路650弄12号",
        "destination_address": "上海市徐汇区宜山路600号 上海市第六人民医院", "pickup_time": "now", "passengers": 1})
    r = client.post(f"/v1/requests/{req['id']}/transitions", json={"to": "completed"},
                    headers={**bearer(app.demo.tokens["agent"]), "Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 200, r.get_data(as_text=True)
    return req


def tv_post(app: Any, path: str, body: dict) -> Any:
    return app.test_client().post(path, json=body, headers={**bearer(app.demo.tokens["tv_wang"]),
                                                            "Idempotency-Key": uuid.uuid4().hex})


def test_a_complaint_is_queued_worked_and_told_to_her(console: Any, supervisor: Any) -> None:
    app = console.app
    req = done_taxi(console)
    visits.sweep(app.extensions["onekey"].db, now() - timedelta(hours=12))
    inbox = app.test_client().get(f"/v1/elders/{app.demo.elders['wang']}/messages",
                                  headers=bearer(app.demo.tokens["tv_wang"])).get_json()
    ask = next(m for m in inbox if m["kind"] == "return_visit" and m["answers"])
    assert tv_post(app, f"/v1/messages/{ask['id']}/answer", {"answer": "dissatisfied"}).status_code == 200
    inbox = app.test_client().get(f"/v1/elders/{app.demo.elders['wang']}/messages",
                                  headers=bearer(app.demo.tokens["tv_wang"])).get_json()
    more = next(m for m in inbox if m["kind"] == "return_visit" and m["answers"])
    assert tv_post(app, f"/v1/messages/{more['id']}/answer", {"answer": "rude"}).status_code == 200

    queue = console.text("/console/")
    assert 'id="h-complaints"' in queue and "回访不满意" in queue and "态度不好" in queue
    assert "王*英" in queue and "王秀英" not in queue
    [complaint] = console.api(f"/v1/requests/{req['id']}/complaints")
    page = console.text(f"/console/complaints/{complaint['id']}")
    assert complaint["provider"] in page and "不满意，态度不好" in page and 'id="complaint-form"' in page
    # nothing to say is refused and writes nothing
    before = console.domain_counts()
    empty = console.post(f"/console/complaints/{complaint['id']}/close", {"complaint-outcome": ""})
    assert empty.status_code == 422 and console.domain_counts() == before
    done = console.post(f"/console/complaints/{complaint['id']}/close",
                        {"complaint-outcome": "已核实，司机已向您道歉，服务商扣了他这个月的奖励"})
    assert done.status_code == 303
    assert "目前没有待处理的投诉" in console.text("/console/")
    told = [m for m in app.test_client().get(f"/v1/elders/{app.demo.elders['wang']}/messages",
                                             headers=bearer(app.demo.tokens["tv_wang"])).get_json()
            if m["title"] == "投诉处理结果"]
    assert len(told) == 1 and "处理结果：已核实，司机已向您道歉" in told[0]["body"]
    assert "已处理：已核实" in console.text(f"/console/complaints/{complaint['id']}")
    log = supervisor.text("/console/audit")
    assert "记下投诉处理结果" in log and "查看投诉" in log


def test_supervision_is_for_supervisors_with_definitions_and_csv(console: Any, supervisor: Any) -> None:
    app = console.app
    req = done_taxi(console)
    tv_post(app, f"/v1/requests/{req['id']}/complaints", {"reasons": ["late"]})
    # an agent has no such page, nor the link to it
    assert console.get("/console/supervision").status_code == 403
    assert console.get("/console/supervision.csv").status_code == 403
    assert "服务监管" not in console.text("/console/")
    month = f"{local(now()):%Y-%m}"
    page = supervisor.text(f"/console/supervision?month={month}")
    assert "服务监管" in supervisor.text("/console/")
    assert 'id="definitions"' in page and "满意率" in page and "投诉数 ÷ 完成服务" in page
    assert "西民发〔2025〕12号" in page
    exported = supervisor.get(f"/console/supervision.csv?month={month}")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["月份", "服务商", "完成服务"]
    mine = [r for r in rows[1:] if r[1] in page]
    assert mine and sum(int(r[2]) for r in rows[1:]) == 1 and sum(int(r[8]) for r in rows[1:]) == 1
    assert sum(int(r[10]) for r in rows[1:]) == 1  # still open
    # a month with nothing in it says so; a nonsense month is this month
    assert "这个月还没有办完的服务和投诉" in supervisor.text("/console/supervision?month=2001-01")
    assert f"{local(now()).year}年{local(now()).month}月" in supervisor.text("/console/supervision?month=nonsense")


def test_an_agent_notes_a_complaint_she_made_on_the_phone(console: Any, supervisor: Any) -> None:
    req = done_taxi(console)
    page = console.text(f"/console/requests/{req['id']}")
    assert 'id="complain-form"' in page
    before = console.domain_counts()
    bad = console.post(f"/console/requests/{req['id']}/complaints", {"complain-note": "司机绕路"})
    assert bad.status_code == 422 and console.domain_counts() == before  # no reason chosen
    done = console.post(f"/console/requests/{req['id']}/complaints",
                        {"complain-reason": "wrong_fee", "complain-note": "司机绕路，多收了钱"})
    assert done.status_code == 303
    [c] = console.api(f"/v1/requests/{req['id']}/complaints")
    assert (c["source"], c["channel"], c["reasons"]) == ("agent", "phone", ["wrong_fee"])
    assert "电话反映" in console.text("/console/") and "司机绕路，多收了钱" in console.text(f"/console/complaints/{c['id']}")
    shown = console.text(f"/console/requests/{req['id']}")
    assert "投诉（待处理）</a>：收费不对" in shown, shown[shown.find('id="satisfaction"'):][:600]
    assert "记下电话投诉" in supervisor.text("/console/audit")
