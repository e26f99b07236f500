"""家属绑定 in the console: an agent who called the elder confirms a waiting request, ends a
binding, or shows a binding code on the elder's TV — each with a note, each audited."""
from __future__ import annotations

from typing import Any

from ..family_members import ask, bearer, family_token


def test_an_agent_confirms_after_a_call_then_revokes(console: Any, supervisor: Any) -> None:
    app, client = console.app, console.app.test_client()
    token = family_token(client, app.demo)
    pending = ask(client, token, "chen")
    chen = app.demo.elders["chen"]
    page = console.text(f"/console/elders/{chen}/family")
    assert "女儿陈静（手机尾号1234）" in page and "等待老人同意" in page
    assert f'href="/console/elders/{chen}/family"' in console.text(f"/console/elders/{chen}")
    refused = console.post(f"/console/elders/{chen}/family/{pending['id']}/confirm", {"family-note": ""})
    assert refused.status_code == 422
    done = console.post(f"/console/elders/{chen}/family/{pending['id']}/confirm",
                        {"family-note": "已电话问过老人，老人同意"})
    assert done.status_code == 200 and "已确认" in done.get_data(as_text=True)
    assert client.get(f"/v1/elders/{chen}", headers=bearer(token)).status_code == 200
    console.post(f"/console/elders/{chen}/family/{pending['id']}/revoke", {"family-note": "老人来电要求解除"})
    assert client.get(f"/v1/elders/{chen}", headers=bearer(token)).status_code == 403
    audit = console.api("/v1/family/bindings?elder_id=" + chen)
    assert any(b["id"] == pending["id"] and b["status"] == "revoked" for b in audit)
    log = supervisor.text("/console/audit")
    assert "确认家属绑定" in log and "解除家属绑定" in log


def test_a_code_shown_on_the_tv_from_the_console_binds_the_family_member(console: Any) -> None:
    app, client = console.app, console.app.test_client()
    wang = app.demo.elders["wang"]
    shown = console.post(f"/console/elders/{wang}/family/code", {"family-note": "侄女李娟"})
    assert shown.status_code == 200 and "电视上已显示绑定码" in shown.get_data(as_text=True)
    inbox = client.get(f"/v1/elders/{wang}/messages", query_string={"unread": "true"},
                       headers=bearer(app.demo.tokens["tv_wang"])).get_json()
    body = next(m["body"] for m in inbox if m["kind"] == "family_code")
    code = "".join(ch for ch in body.split("。")[0] if ch.isdigit())
    token = family_token(client, app.demo, subject="o-test-lijuan", name="李娟", phone="13817306612")
    bound = client.post("/v1/family/bindings", json={"relation": "侄女", "code": code}, headers=bearer(token))
    assert bound.status_code == 201 and bound.get_json()["status"] == "active"
