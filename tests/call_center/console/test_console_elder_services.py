"""养老服务一件事 in the console: one desk a part (seed 003 §二(一)4 分别办理) — the assessor records
the grade, the subsidy's and the admission's desks see only what the grade let through and
approve or refuse with a reason the family reads — each step audited, each refusal said on the
page with nothing written."""
from __future__ import annotations

from typing import Any

FORM = {"parts": "all", "hukou_shanghai": "true", "hardship": "unknown", "phone": "profile"}


def apply(console: Any) -> dict[str, Any]:
    return console.new_request("elder_services", token="tv_wang", elder="wang", form=FORM, mode="self")


def test_each_desk_works_its_own_part(console: Any, supervisor: Any) -> None:
    req = apply(console)
    rid = req["id"]
    page = console.text("/console/elder-services")
    assert "照护需求评估（评估机构" in page and "王*英" in page and "王秀英" not in page
    assert f'id="joint-{rid}-assessment"' in page
    assert f'id="joint-{rid}-subsidy"' not in page and f'id="joint-{rid}-admission"' not in page  # wait on the grade
    assert "养老服务补贴：等评估结果" in page and "86岁，本市户籍，不清楚" in page
    before = console.domain_counts()
    # a desk that cannot act yet: refused on the page, nothing written
    early = console.post(f"/console/elder-services/{rid}/admission/approve", {"decision-words": ""})
    assert early.status_code == 409 and "不能这样办理" in early.get_data(as_text=True)
    bad = console.post(f"/console/elder-services/{rid}/grade", {"grade-grade": "9"})
    assert bad.status_code == 422 and console.domain_counts() == before
    done = console.post(f"/console/elder-services/{rid}/grade", {"grade-grade": "3"})
    assert done.status_code == 303, done.get_data(as_text=True)[:300]
    page = console.text("/console/elder-services")
    assert f'id="joint-{rid}-assessment"' not in page
    assert f'id="joint-{rid}-subsidy"' in page and f'id="joint-{rid}-admission"' in page
    assert "照护需求评估：已评估：照护等级3级" in page
    # refusing needs a reason the family reads
    before = console.domain_counts()
    blank = console.post(f"/console/elder-services/{rid}/subsidy/refuse", {"decision-words": " "})
    assert blank.status_code == 422 and "请写明" in blank.get_data(as_text=True)
    assert console.domain_counts() == before
    assert console.post(f"/console/elder-services/{rid}/subsidy/refuse",
                        {"decision-words": "街道核实家庭不属于低保或低收入。"}).status_code == 303
    assert console.post(f"/console/elder-services/{rid}/admission/approve",
                        {"decision-words": "请12月10日到仙霞街道综合为老服务中心办入住。"}).status_code == 303
    got = console.api(f"/v1/requests/{rid}")
    assert got["status"] == "completed" and got["result"]["stage"] == "done"
    assert got["result"]["subsidy"] == "没有通过：街道核实家庭不属于低保或低收入"
    assert got["result"]["admission"].startswith("已通过：请12月10日")
    assert "没有要办的" in console.text("/console/elder-services")
    log = supervisor.text("/console/audit")
    for words in ("一件事：记下照护评估结果", "一件事：养老服务补贴不通过", "一件事：入住养老机构通过"):
        assert words in log
    # the request page says where it is worked, and offers no generic move
    detail = console.text(f"/console/requests/{rid}")
    assert "去一件事页" in detail or "一件事" in detail


def test_an_unknown_application_or_part_is_404(console: Any) -> None:
    assert console.post("/console/elder-services/req_nope/grade", {"grade-grade": "3"}).status_code == 404
    req = apply(console)
    assert console.post(f"/console/elder-services/{req['id']}/assessment/approve", {}).status_code == 404
