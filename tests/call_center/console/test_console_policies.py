"""养老政策 in the console: an agent sees which policies an elder qualifies for and what she was
told; pushes one by hand (it pops up on her TV asking 想办理 / 不需要); notes one she has
(never pushed, its question withdrawn); and sees which elders were told what — each audited."""
from __future__ import annotations

from typing import Any

from call_center.policies import offers

from ..family_members import bearer


def test_an_agent_sees_pushes_and_marks_held(console: Any, supervisor: Any) -> None:
    app, client = console.app, console.app.test_client()
    wang = app.demo.elders["wang"]
    assert f'href="/console/elders/{wang}/policies"' in console.text(f"/console/elders/{wang}")
    page = console.text(f"/console/elders/{wang}/policies")
    assert "敬老卡" in page and "符合：您今年86岁，是本市户籍" in page
    assert "不符合：要家庭经济困难" in page and "已享受" in page and 'id="push-senior_card"' in page
    # Every policy cites its document as the documents write it, never the seed file's number.
    assert "§" not in page and "政策依据：沪民养老发〔2024〕18号" in page
    before = console.domain_counts()
    stale = console.post(f"/console/elders/{wang}/policies/senior_card/push", csrf=False)
    assert stale.status_code in (400, 422) and console.domain_counts() == before
    done = console.post(f"/console/elders/{wang}/policies/senior_card/push")
    assert done.status_code == 200 and "已推送敬老卡" in done.get_data(as_text=True)
    inbox = client.get(f"/v1/elders/{wang}/messages", headers=bearer(app.demo.tokens["tv_wang"])).get_json()
    pushed = next(m for m in inbox if m["kind"] == "policy")
    assert pushed["title"] == "敬老卡" and [a["id"] for a in pushed["answers"]] == ["apply", "not_needed"]
    again = console.post(f"/console/elders/{wang}/policies/senior_card/push")
    assert again.status_code == 409 and "不再重复推送" in again.get_data(as_text=True)
    # she has it already: the question on her TV is withdrawn, and it is never pushed
    held = console.post(f"/console/elders/{wang}/policies/senior_card/held")
    assert held.status_code == 200 and "她已享受敬老卡" in held.get_data(as_text=True)
    inbox = client.get(f"/v1/elders/{wang}/messages", headers=bearer(app.demo.tokens["tv_wang"])).get_json()
    assert all(m["id"] != pushed["id"] for m in inbox)
    assert next(p for p in console.api(f"/v1/elders/{wang}/policies") if p["id"] == "senior_card")["held"]
    assert console.post(f"/console/elders/{wang}/policies/nothing/push").status_code == 404
    assert console.post(f"/console/elders/{wang}/policies/senior_card/explode").status_code == 404
    # which elders were told what
    offers.sweep(app.extensions["onekey"].db)
    told = console.text("/console/policies")
    assert "居家环境适老化改造" in told and "王*英" in told and "王秀英" not in told
    assert "敬老卡" in console.text("/console/policies?status=held")
    assert "居家环境适老化改造" not in console.text("/console/policies?status=held")
    log = supervisor.text("/console/audit")
    assert "推送政策：敬老卡" in log and "记为已享受：敬老卡" in log and "查看养老政策" in log
