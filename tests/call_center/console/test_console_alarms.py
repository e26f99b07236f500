"""Alarms at the console (seed 000 §三(一)3): first in the queue with the wait shown in words
past 60 s, the elder's profile and contacts, one click per escalation step with the agent as
actor, steps out of order refused, cancel, outcome, follow-up and care tasks."""
from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from call_center.alarms.clocks import FakeClock
from call_center.alarms.telephony import SimulatedTelephony
from call_center.clock import local, now
from call_center.models import Elder


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(now())


@pytest.fixture
def desk_app(make_center_app: Any, clock: FakeClock) -> Any:
    return make_center_app(alarm_clock=clock, alarm_telephony=SimulatedTelephony())


@pytest.fixture
def agent(desk_app: Any, make_console: Any) -> Any:
    c = make_console(desk_app)
    assert c.login().status_code == 303
    return c


def raise_alarm(c: Any, token: str = "tv_wang", elder: str = "wang") -> dict[str, Any]:
    response = c.app.test_client().post(
        "/v1/alarms", json={"elder_id": c.app.demo.elders[elder]},
        headers={"Authorization": f"Bearer {c.app.demo.tokens[token]}"})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def alarm_of(c: Any, alarm_id: str) -> dict[str, Any]:
    return c.api(f"/v1/alarms/{alarm_id}")


def step(c: Any, alarm_id: str, kind: str, note: str = "", **extra: str) -> Any:
    return c.post(f"/console/alarms/{alarm_id}/steps", {"step-kind": kind, "step-note": note, **extra})


def test_alarms_come_first_and_turn_red_past_60_seconds(agent: Any, clock: FakeClock) -> None:
    agent.new_request()
    alarm = raise_alarm(agent)
    page = agent.text("/console/")
    assert page.index(f'data-alarm-id="{alarm["id"]}"') < page.index("data-request-id=")
    row = re.search(rf'<tr class="alarm-row[^"]*" data-alarm-id="{alarm["id"]}">.*?</tr>', page, re.S).group(0)
    assert "王*英" in row and "长宁区" in row and "等待接警" in row and "未接警" in row
    assert "超过60秒" not in row and "overdue" not in row
    clock.advance(61)
    row = re.search(rf'data-alarm-id="{alarm["id"]}">.*?</tr>', agent.text("/console/"), re.S).group(0)
    assert "已等 1分01秒" in row and "（超过60秒）" in row and 'class="elapsed overdue"' in row
    body = agent.get("/console/queue.json").get_json()
    assert body["alarms"][0]["id"] == alarm["id"] and body["counts"]["alarms"] == 1
    assert body["server_now"] - body["alarms"][0]["pressed_at"] == 61_000


def test_alarm_page_shows_the_profile_and_is_audited(agent: Any) -> None:
    alarm = raise_alarm(agent)
    page = agent.text(f"/console/alarms/{alarm['id']}")
    for words in ("王秀英", "86岁", "上海市长宁区仙霞路650弄12号302室", "仙霞新村街道",
                  "高血压，早上服药", "2级", "套餐B", "等待接警", "还没有人接警"):
        assert words in page, words
    assert page.index("李娟（侄女）") < page.index("刘阿姨（邻居）")  # priority order
    assert "138****6612" in page and "13817306612" not in page
    (seen,) = agent.audit("view_alarm")
    assert seen.target_id == alarm["id"] and seen.elder_id == agent.app.demo.elders["wang"]


def test_an_alarm_from_a_shared_tv_names_the_housemates_who_may_have_pressed(agent: Any) -> None:
    alarm = raise_alarm(agent, "tv_zhang", "zhang")
    page = agent.text(f"/console/alarms/{alarm['id']}")
    box = re.search(r'<div class="banner info housemates".*?</div>', page, re.S).group(0)
    chen = agent.app.demo.elders["chen"]
    assert "陈志明" in box and f"/console/elders/{chen}" in box and "张桂兰" not in box
    # alone at home (王秀英 lives alone): nobody else to name
    alone = raise_alarm(agent)
    assert 'id="housemates"' not in agent.text(f"/console/alarms/{alone['id']}")


def test_the_answered_branch_step_by_step(agent: Any) -> None:
    alarm = raise_alarm(agent, "tv_li", "li")
    aid = alarm["id"]
    actor = "agent:" + agent.audit("login")[0].agent_id
    assert agent.post(f"/console/alarms/{aid}/ack").status_code == 303
    assert alarm_of(agent, aid)["acknowledged_by"] == actor
    assert step(agent, aid, "elder_answered", "老人说摔了一跤，站不起来").status_code == 303
    assert step(agent, aid, "called_120").status_code == 303
    assert step(agent, aid, "", **{"step-contact_priority": "1"}).status_code == 303
    assert step(agent, aid, "guidance", "请老人不要乱动，保暖，等救护车").status_code == 303
    assert step(agent, aid, "responders_arrived").status_code == 303
    response = agent.post(f"/console/alarms/{aid}/outcome",
                          {"outcome-outcome": "120送往普陀区中心医院，侄子已到医院"})
    assert response.status_code == 303
    done = alarm_of(agent, aid)
    assert done["status"] == "resolved"
    kinds = [(e["kind"], e["actor"]) for e in done["events"]]
    assert kinds == [("raised", kinds[0][1]), ("acknowledged", actor), ("elder_answered", actor),
                     ("called_120", actor), ("contacted_family", actor), ("guidance", actor),
                     ("responders_arrived", actor), ("outcome", actor)]
    assert done["events"][4]["data"]["contact"] == "侄子李明"
    assert {p["name"] for p in done["parties"]} == {"120急救", "侄子李明"}
    page = agent.text(f"/console/alarms/{aid}")
    assert "处置结果：120送往普陀区中心医院" in page and "已联系120" in page
    assert "接警（我来处理）" not in page  # nothing left to click but a follow-up
    meta = page.split('class="meta">', 1)[1].split("</p>", 1)[0]
    assert not meta.rstrip().endswith("·"), meta  # closed: no time waited, and no dangling separator
    with agent.app.extensions["onekey"].db.session(write=False) as s:
        notes = s.scalar(select(Elder.health_notes).where(Elder.id == agent.app.demo.elders["li"]))
    assert "120送往普陀区中心医院" in notes  # the elder's record is updated (建档)
    changes = [e.detail for e in agent.audit("alarm_change")]
    assert changes[:3] == ["接警", "老人有响应（情况一）：老人说摔了一跤，站不起来", "已联系120"]
    assert "已联系侄子李明" in changes


def test_a_step_out_of_order_is_refused_and_writes_nothing(agent: Any) -> None:
    alarm = raise_alarm(agent)
    step(agent, alarm["id"], "responders_arrived")
    before = agent.domain_counts()
    response = step(agent, alarm["id"], "elder_answered")
    assert response.status_code == 409
    assert "救援人员已到场，不能再记录这一步" in response.get_data(as_text=True)
    assert agent.domain_counts() == before


def test_bad_step_input_is_a_clear_error(agent: Any) -> None:
    alarm = raise_alarm(agent)
    before = agent.domain_counts()
    for data, words in (({"step-kind": "guidance"}, "请写下给老人的指导内容"),
                        ({"step-kind": "launch_rocket"}, "不是有效的选择"),
                        ({"step-kind": "contacted_family", "step-contact_priority": "12"},
                         "没有这个紧急联系人")):
        response = agent.post(f"/console/alarms/{alarm['id']}/steps", data)
        assert response.status_code == 422, data
        assert words in response.get_data(as_text=True)
    response = agent.post(f"/console/alarms/{alarm['id']}/outcome", {"outcome-outcome": ""})
    assert response.status_code == 422 and "请写明处置结果" in response.get_data(as_text=True)
    assert agent.domain_counts() == before
    assert agent.audit("alarm_change") == []


def test_silence_starts_the_call_backs(agent: Any) -> None:
    alarm = raise_alarm(agent)
    assert step(agent, alarm["id"], "elder_silent").status_code == 303
    state = alarm_of(agent, alarm["id"])
    assert (state["status"], state["phase"]) == ("escalating", "callback")
    assert "老人无响应，正在应急联系（正在回拨老人）" in agent.text("/console/")


def test_elder_says_ok_cancels(agent: Any) -> None:
    alarm = raise_alarm(agent)
    step(agent, alarm["id"], "called_110")
    response = agent.post(f"/console/alarms/{alarm['id']}/cancel", {"cancel-note": "老人回电说误按了"})
    assert response.status_code == 303
    state = alarm_of(agent, alarm["id"])
    assert state["status"] == "cancelled"
    assert state["events"][-1]["kind"] == "cancelled" and state["events"][-1]["note"] == "老人回电说误按了"
    assert f'data-alarm-id="{alarm["id"]}"' not in agent.text("/console/")
    # Closed: no more buttons, and a second cancel is harmless.
    assert 'id="alarm-cancel"' not in agent.text(f"/console/alarms/{alarm['id']}")


def test_another_agent_cannot_take_a_taken_alarm(agent: Any, desk_app: Any,
                                                 make_console: Any) -> None:
    alarm = raise_alarm(agent)
    boss = make_console(desk_app)
    boss.login("super1")
    assert boss.post(f"/console/alarms/{alarm['id']}/ack").status_code == 303
    before = agent.domain_counts()
    response = agent.post(f"/console/alarms/{alarm['id']}/ack")
    assert response.status_code == 409
    assert "已经有话务员在处理了" in response.get_data(as_text=True)
    assert agent.domain_counts() == before
    assert "值班长 周建国" in agent.text("/console/")


def test_an_elder_phoning_for_help_raises_an_alarm(agent: Any) -> None:
    elder = agent.app.demo.elders["zhang"]
    response = agent.post(f"/console/elders/{elder}/alarms", {"raise-note": "老人来电说头晕"})
    assert response.status_code == 303
    alarm_id = response.headers["Location"].rsplit("/", 1)[1]
    state = alarm_of(agent, alarm_id)
    assert (state["channel"], state["status"], state["note"]) == ("phone", "acknowledged", "老人来电说头晕")
    # Calling again reuses the open alarm.
    again = agent.post(f"/console/elders/{elder}/alarms", {"raise-note": ""})
    assert again.headers["Location"].endswith(alarm_id)


def test_follow_up_becomes_a_care_task_when_due(agent: Any, clock: FakeClock) -> None:
    alarm = raise_alarm(agent)
    step(agent, alarm["id"], "elder_answered")
    agent.post(f"/console/alarms/{alarm['id']}/outcome", {"outcome-outcome": "老人血压高，家属已陪同就医"})
    assert "救援后回访" not in agent.text("/console/")  # due tomorrow, not yet
    clock.advance(hours=48)
    page = agent.text("/console/")
    task_id = re.search(r'data-care-id="([^"]+)"', page).group(1)
    assert "救援后回访" in page
    page = agent.text(f"/console/care/{task_id}")
    assert "处置结果：老人血压高" in page and agent.audit("view_care_task")
    before = agent.domain_counts()
    assert agent.post(f"/console/care/{task_id}/complete", {}).status_code == 422
    assert agent.domain_counts() == before
    response = agent.post(f"/console/care/{task_id}/complete",
                          {"care-result": "well", "care-note": "老人已出院，状态良好"})
    assert response.status_code == 303
    assert f'data-care-id="{task_id}"' not in agent.text("/console/")
    assert agent.audit("care_task_change")[0].detail == "救援后回访：老人平安"


def test_unknown_alarm_is_a_404_page(agent: Any) -> None:
    response = agent.get("/console/alarms/alm_nope")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_an_alarm_held_by_the_device_shows_the_press_and_the_late_delivery(agent: Any,
                                                                        clock: FakeClock) -> None:
    """The box was cut off for 18 minutes: the agent sees the elder's real wait, in red."""
    from datetime import timedelta

    pressed = clock.now() - timedelta(minutes=18)
    response = agent.app.test_client().post(
        "/v1/alarms", json={"elder_id": agent.app.demo.elders["wang"],
                            "pressed_at": pressed.isoformat()},
        headers={"Authorization": f"Bearer {agent.app.demo.tokens['tv_wang']}"})
    alarm = response.get_json()
    row = re.search(rf'data-alarm-id="{alarm["id"]}">.*?</tr>', agent.text("/console/"), re.S).group(0)
    assert "已等 18分00秒" in row and "overdue" in row and "设备离线，晚到18分00秒" in row
    page = agent.text(f"/console/alarms/{alarm['id']}")
    assert f"按下于 {local(pressed):%m-%d %H:%M}" in page
    assert f"送达于 {local(clock.now()):%m-%d %H:%M}：设备当时连不上中心，老人按下18分00秒后才送达" in page


@pytest.mark.parametrize("kind", ["care_call", "checkin_missed"])
def test_one_call_answers_the_older_open_tasks_of_its_kind(agent: Any, clock: FakeClock, kind: str) -> None:
    """A care call left undone on Monday and Thursday's, or two days' missed check-ins, are
    one telephone call: one row in the queue (placed where the oldest is due, saying how many
    it stands for), one page naming them, one result closing them all."""
    from datetime import timedelta

    from call_center.alarms import care
    from call_center.models.care import CareTask

    li = agent.app.demo.elders["li"]
    titles = {"care_call": ["主动关爱电话"] * 3,
              "checkin_missed": [f"{d.month}月{d.day}日没有报平安" for d in
                                 (local(clock.now() - timedelta(days=n)).date() for n in (3, 2, 1))]}[kind]
    with agent.app.extensions["onekey"].db.session(write=True) as db:
        ids = [care.create_task(db, f"{kind}:{li}:t{n}", li, kind, titles[n], "", clock.now() - timedelta(days=3 - n),
                                clock.now(), "system:care").id for n in range(3)]
        db.commit()
    page = agent.text("/console/")
    rows = re.findall(r'<tr data-care-id="([^"]+)">(.*?)</tr>', page, re.S)
    assert [r[0] for r in rows if "李*强" in r[1]] == [ids[2]]  # the newest, once
    row = next(r[1] for r in rows if r[0] == ids[2])
    assert "含之前未办的2次" in row and f"{local(clock.now() - timedelta(days=3)):%m-%d}" in row
    detail = agent.text(f"/console/care/{ids[2]}")
    h1 = re.search(r"<h1 id=\"task-h\">(.*?)</h1>", detail, re.S).group(1)
    assert h1.count("主动关爱电话") <= 1 and h1.count(titles[2]) == 1
    assert "这一次电话也了结之前未办的" in detail and titles[0] in detail
    assert agent.post(f"/console/care/{ids[2]}/complete",
                      {"care-result": "well", "care-note": "都好"}).status_code == 303
    assert "data-care-id" not in agent.text("/console/")
    with agent.app.extensions["onekey"].db.session(write=False) as db:
        done = {t.id: t for t in db.scalars(select(CareTask).where(CareTask.id.in_(ids)))}
    assert all((t.status, t.result) == ("done", "well") for t in done.values())
    assert "同一次电话" in done[ids[0]].note and done[ids[2]].note == "都好"


def test_an_elder_with_no_contacts_gets_a_way_on_instead_of_an_empty_heading(agent: Any) -> None:
    """Trial of 6 December: for an elder with no emergency contact the alarm page showed
    联系家属 按顺序拨打 over nothing. It says there is nobody, and what to do then (seed 000:
    联系不上 → 110 请民警上门); an elder with contacts still gets one button each."""
    from call_center.models import Contact

    with agent.app.extensions["onekey"].db.session(write=True) as s:
        for c in s.scalars(select(Contact).where(Contact.elder_id == agent.app.demo.elders["wang"])):
            s.delete(c)
        s.commit()
    alarm = raise_alarm(agent)
    assert agent.post(f"/console/alarms/{alarm['id']}/ack").status_code == 303
    page = agent.text(f"/console/alarms/{alarm['id']}")
    assert 'id="no-contacts"' in page and "没有登记紧急联系人" in page and "110" in page
    assert "按顺序拨打，接通后点对应的人" not in page and 'id="step-contact-' not in page
    assert 'id="step-called_110"' in page  # the way on it names is there to click
    other = raise_alarm(agent, "tv_li", "li")
    assert agent.post(f"/console/alarms/{other['id']}/ack").status_code == 303
    with_contacts = agent.text(f"/console/alarms/{other['id']}")
    assert 'id="step-contact-1"' in with_contacts and 'id="no-contacts"' not in with_contacts
