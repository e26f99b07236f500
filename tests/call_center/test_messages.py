"""Messages: notices and policy pushes from agents, read acknowledgement, due filter."""
from __future__ import annotations

from .conftest import Api, assert_error


def test_agent_sends_a_policy_push_the_tv_reads_and_acknowledges(center_app, agent: Api, tv: Api):
    elder = agent.demo.elders["wang"]
    r = agent.post(f"/v1/elders/{elder}/messages", {
        "kind": "policy", "title": "高龄津贴",
        "body": "本市户籍80周岁以上老人可以领取高龄津贴，请带身份证到街道办理。"})
    assert r.status_code == 201
    msg = r.get_json()
    assert msg["kind"] == "policy" and msg["read_at"] is None
    assert msg["speech"].startswith("高龄津贴。本市户籍")
    unread = tv.get(f"/v1/elders/{elder}/messages", due="true", unread="true").get_json()
    assert msg["id"] in [m["id"] for m in unread]
    acked = tv.post(f"/v1/messages/{msg['id']}/ack").get_json()
    assert acked["read_at"] is not None
    again = tv.post(f"/v1/messages/{msg['id']}/ack").get_json()
    assert again["read_at"] == acked["read_at"]  # the first acknowledgement is kept
    unread = tv.get(f"/v1/elders/{elder}/messages", due="true", unread="true").get_json()
    assert msg["id"] not in [m["id"] for m in unread]


def test_only_agents_send_notices(tv: Api):
    assert_error(tv.post(f"/v1/elders/{tv.demo.elders['wang']}/messages",
                         {"title": "x", "body": "y"}), 403, "forbidden")


def test_another_households_message_cannot_be_acknowledged(center_app, agent: Api):
    msg = agent.post(f"/v1/elders/{agent.demo.elders['li']}/messages",
                     {"title": "体检通知", "body": "下周二社区免费体检"}).get_json()
    tv = Api(center_app, "tv_wang")
    assert_error(tv.post(f"/v1/messages/{msg['id']}/ack"), 403, "forbidden")
    assert_error(tv.post("/v1/messages/msg_nope/ack"), 404, "not_found")


def test_empty_notice_is_refused_per_field(agent: Api):
    error = assert_error(agent.post(f"/v1/elders/{agent.demo.elders['wang']}/messages",
                                    {"title": "", "kind": "advert"}), 422, "validation_error")
    assert error["fields"]["title"] == "这一项不能空着。"
    assert error["fields"]["body"] == "这一项必须填写。"
    assert error["fields"]["kind"] == "请从给出的选项里选一个。"  # not its machine values (notice…)


def test_preferences_follow_the_elder(tv: Api):
    elder = tv.demo.elders["wang"]
    out = tv.patch(f"/v1/elders/{elder}/preferences", {"speech_rate": 200, "theme": "dark"}).get_json()
    assert out["preferences"]["speech_rate"] == 200
    assert out["preferences"]["theme"] == "dark"
    assert out["preferences"]["volume"] == 90  # untouched fields keep their value
    error = assert_error(tv.patch(f"/v1/elders/{elder}/preferences", {"volume": 400}), 422,
                         "validation_error")
    assert error["fields"]["volume"] == "不能大于100。"


def test_every_message_the_centre_makes_is_spoken_as_it_is_shown(center_app, agent: Api, tv: Api):
    """One source for shown and spoken text: every kind the centre writes (booking results,
    reminders, taxi, cancel, failure, call-mode receipt, done, notices) says its title, then
    its body, word for word, and no sentence twice."""
    from .conftest import taxi_body

    elder = tv.demo.elders["wang"]
    # Two numbers on two different days (one a department a day), the second kept.
    free = [s for s in tv.favourite_slots() if s["remaining"] > 0]
    first = free[3]
    second = next(s for s in free[4:] if s["start"][:10] != first["start"][:10])
    booked = tv.book(first).get_json()
    assert booked["status"] == "confirmed" and tv.book(second).status_code == 201
    tv.post("/v1/requests", taxi_body(tv.demo), key="taxi-now")
    tv.post("/v1/requests", taxi_body(tv.demo, pickup_time="2099-01-01T09:00:00+08:00"), key="taxi-later")
    consult = tv.post("/v1/requests", {"elder_id": elder, "service": "consultation", "mode": "call",
                                       "form": {"topic": "降压药怎么吃"}}, key="consult").get_json()
    help_req = tv.post("/v1/requests", {"elder_id": elder, "service": "help", "mode": "call",
                                        "form": {"topic": "家里灯坏了"}}, key="help").get_json()
    agent.post(f"/v1/requests/{consult['id']}/transitions", {"to": "accepted"})
    agent.post(f"/v1/requests/{consult['id']}/transitions", {"to": "in_progress"})
    agent.post(f"/v1/requests/{consult['id']}/transitions",
               {"to": "confirmed", "result": {"summary": "明早照常吃一片。"}})
    agent.post(f"/v1/requests/{help_req['id']}/transitions", {"to": "failed", "note": "师傅周三上门。"})
    tv.post(f"/v1/requests/{booked['id']}/cancel", key="cancel-1")
    agent.post(f"/v1/elders/{elder}/messages", {"title": "高龄津贴", "body": "请带身份证到街道办理。"})

    messages = tv.get(f"/v1/elders/{elder}/messages", limit=200).get_json()
    titles = {m["title"] for m in messages}
    assert {"挂号成功", "看病提醒", "叫车成功", "用车提醒", "咨询请求已提交", "咨询已办好",
            "求助没有办成", "挂号已取消", "高龄津贴"} <= titles, titles
    for m in messages:
        assert m["speech"] == f"{m['title']}。{m['body']}", m
        sentences = [s for s in m["body"].replace("！", "。").split("。") if s]
        assert len(sentences) == len(set(sentences)), m["body"]
        assert "明天" not in m["body"] and "今天" not in m["body"], m["body"]   # never goes stale
