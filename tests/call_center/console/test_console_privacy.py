"""Who saw what: every detail view and change is audited with agent, time and IP; personal
data is masked by default, revealed one number at a time (audited), and never in a URL."""
from __future__ import annotations

import re
from typing import Any

WANG_PHONE, NIECE_PHONE = "13916205871", "13817306612"


def test_detail_views_are_audited(console: Any) -> None:
    req = console.new_request()
    elder = console.app.demo.elders["wang"]
    console.text(f"/console/requests/{req['id']}")
    console.text(f"/console/elders/{elder}")
    (seen,) = console.audit("view_request")
    assert (seen.target_kind, seen.target_id, seen.elder_id) == ("request", req["id"], elder)
    assert seen.username == "agent1" and seen.ip == "127.0.0.1" and seen.agent_id
    assert seen.at is not None and "咨询" in seen.detail
    (profile,) = console.audit("view_elder")
    assert profile.target_id == elder


def test_phones_are_masked_and_a_reveal_is_audited(console: Any) -> None:
    elder = console.app.demo.elders["wang"]
    page = console.text(f"/console/elders/{elder}")
    assert "139****5871" in page and "138****6612" in page
    assert WANG_PHONE not in page and NIECE_PHONE not in page
    assert console.app.demo.id_numbers["wang"] not in page
    contact_id = re.search(r'name="what" value="contact:([^"]+)"', page).group(1)
    response = console.post(f"/console/elders/{elder}/reveal", {"what": f"contact:{contact_id}"},
                            headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.get_json() == {"label": "李娟（侄女，第1联系人）", "phone": NIECE_PHONE}
    (entry,) = console.audit("reveal_phone")
    assert entry.elder_id == elder and entry.detail.endswith("尾号6612")
    assert NIECE_PHONE not in entry.detail  # the log itself does not hold the number
    # Without JavaScript the same post shows a small page.
    page = console.post(f"/console/elders/{elder}/reveal", {"what": "elder"}).get_data(as_text=True)
    assert WANG_PHONE in page and "已记入审计日志" in page


def test_reveal_of_another_elders_contact_is_refused(console: Any) -> None:
    li = console.app.demo.elders["li"]
    wang_page = console.text(f"/console/elders/{console.app.demo.elders['wang']}")
    contact_id = re.search(r'name="what" value="contact:([^"]+)"', wang_page).group(1)
    response = console.post(f"/console/elders/{li}/reveal", {"what": f"contact:{contact_id}"})
    assert response.status_code == 404
    assert NIECE_PHONE not in response.get_data(as_text=True)
    assert console.post(f"/console/elders/{li}/reveal", {"what": "../../x"}).status_code == 422
    assert console.audit("reveal_phone") == []


def test_lists_show_masked_names_only(console: Any) -> None:
    console.new_request(token="tv_wang")
    console.new_request(token="tv_li", elder="li")
    for path in ("/console/", "/console/requests"):
        page = console.text(path)
        assert "王*英" in page and "李*强" in page
        assert "王秀英" not in page and "李国强" not in page


def test_no_personal_data_in_any_url(console: Any) -> None:
    req = console.new_request()
    elder = console.app.demo.elders["wang"]
    secrets = ["王秀英", WANG_PHONE, NIECE_PHONE, console.app.demo.id_numbers["wang"],
               "仙霞路", "13524408193"]
    for path in ("/console/", "/console/requests", f"/console/requests/{req['id']}",
                 f"/console/elders/{elder}", "/console/find"):
        page = console.text(path)
        for url in re.findall(r'(?:href|action|src)="([^"]*)"', page):
            assert not any(s in url for s in secrets), (path, url)
    # Looking an elder up is a POST: the phone number goes in the body, not the address.
    response = console.post("/console/find", {"query": WANG_PHONE})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "王*英" in page and f"/console/elders/{elder}" in page
    (search,) = console.audit("search_elder")
    assert search.detail == "按电话查找，找到1位" and WANG_PHONE not in search.detail


def test_find_by_contact_phone_name_or_id_number(console: Any) -> None:
    demo = console.app.demo
    for query, expected in ((NIECE_PHONE, "王*英"), ("国强", "李*强"),
                            (demo.id_numbers["zhang"], "张*兰")):
        page = console.post("/console/find", {"query": query}).get_data(as_text=True)
        assert expected in page, query
    page = console.post("/console/find", {"query": "不存在的人"}).get_data(as_text=True)
    assert "没有找到" in page
    assert console.post("/console/find", {"query": "x"}).status_code == 422


def test_audit_page_is_for_supervisors(console: Any, supervisor: Any) -> None:
    response = console.get("/console/audit")
    assert response.status_code == 403
    assert "只有值班长" in response.get_data(as_text=True)
    (refused,) = supervisor.audit("forbidden")
    assert refused.username == "agent1"
    page = supervisor.text("/console/audit")
    assert "越权访问被拒绝" in page and "agent1" in page and "127.0.0.1" in page
    filtered = supervisor.text("/console/audit?action=login&username=super1")
    assert filtered.count('class="audit-login"') == 1
    assert supervisor.audit("view_audit")[-1].detail == "筛选：动作=login，账号=super1"
    assert "日期格式" in supervisor.text("/console/audit?day=yesterday")


def test_supervisor_can_trace_one_request(console: Any, supervisor: Any) -> None:
    req = console.new_request()
    console.post(f"/console/requests/{req['id']}/move", {"move-to": "accepted"})
    page = supervisor.text(f"/console/audit?target={req['id']}")
    assert "处理请求" in page and "已提交 → 已受理" in page
    rows = re.findall(r'<tr class="audit-(\w+)">', page)
    assert rows == ["request_transition"]


def test_the_console_finds_an_elder_by_a_number_written_any_way(console):
    for query in ("13916205871", "139 1620 5871", "+86 139-1620-5871", "１３９１６２０５８７１"):
        page = console.post("/console/find", {"query": query}).get_data(as_text=True)
        assert "王*英" in page or "王秀英" in page, query


def test_a_phone_typed_into_an_alarm_note_is_masked_like_any_other(console: Any) -> None:
    """Before: the note was shown as typed (``{{ alarm.note }}``). Now every text a page shows
    is masked, whatever field it came from; a reveal still shows the number it was asked for."""
    app = console.app
    raised = app.test_client().post(
        "/v1/alarms", json={"elder_id": app.demo.elders["wang"],
                            "note": "老人说打儿子电话13812345678，身份证310105194001011234"},
        headers={"Authorization": f"Bearer {app.demo.tokens['tv_wang']}"}).get_json()
    for path in (f"/console/alarms/{raised['id']}", "/console/", f"/console/elders/{app.demo.elders['wang']}"):
        page = console.get(path).get_data(as_text=True)
        assert "13812345678" not in page and "310105194001011234" not in page, path
    page = console.get(f"/console/alarms/{raised['id']}").get_data(as_text=True)
    assert "138****5678" in page
    revealed = console.post(f"/console/elders/{app.demo.elders['wang']}/reveal", {"what": "elder"})
    assert "13916205871" in revealed.get_data(as_text=True)


def test_the_centres_own_ids_are_never_taken_for_personal_numbers() -> None:
    """A 12-hex id is all digits now and then; masking it broke links and data- attributes."""
    from call_center.console.masked_text import masked_text

    for text in ("alm_123456789012", "/console/alarms/alm_123456789012", 'data-alarm-id="eld_138123456780"'):
        assert masked_text(text) == text
    assert masked_text("alm_123456789012 打13812345678") == "alm_123456789012 打138****5678"
