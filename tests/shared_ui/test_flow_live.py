"""Every service walked through the flow engine against a real central API (live_center)."""
from datetime import datetime

import pytest

from accessibility.hosts import abilities_for
from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine
from shared_ui.flow.runner import FlowRunner
from shared_ui.spec import load_spec
from tests import visit_reminders

pytestmark = pytest.mark.integration


def tv_runner(live_center, token_name="tv_wang", channel="tv", abilities=None):
    client = CenterClient(live_center.url, live_center.tokens[token_name])
    me = client.me()
    elder = client.elder(me["elders"][0]["id"]).as_dict()
    # live_center is shared by the session: start from no booking, whatever ran before.
    for status in ("confirmed", "in_progress"):  # a renewal waits for its doctor in progress
        for r in client.requests_for(elder["id"], status=status, limit=100):
            client.cancel_request(r.id)
    runner = FlowRunner(FlowEngine(load_spec(), channel, abilities=abilities), client)
    runner.start(elder)
    return runner, client, elder


def test_registration_with_defaults_is_booked_and_reminders_follow(live_center):
    runner, client, elder = tv_runner(live_center)
    review = runner.send("select", "registration")
    assert review.screen.kind == "review", review.screen
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts["医院"] and facts["科室"] and facts["就诊时间"]
    done = runner.send("confirm")
    assert done.screen.kind == "result", (done.screen, done.speech)
    assert "您的挂号已成功" in done.speech and "排队号" in done.speech
    mine = client.requests_for(elder["id"], service="registration")
    booked = next(r for r in mine if r.status == "confirmed")
    assert booked.result["queue_number"]
    assert [e.status for e in booked.events][0] == "submitted"
    reminders = [m for m in client.messages(elder["id"], due=False)
                 if m.request_id == booked.id and m.kind == "reminder"]
    # the evening before and two hours before — at once when passed, one when both had
    visit_reminders.check([(m.created_at, m.due_at) for m in reminders],
                          datetime.fromisoformat(booked.result["start"]))


def test_taxi_from_home_to_the_booked_hospital(live_center):
    runner, client, elder = tv_runner(live_center)
    runner.send("select", "registration")
    runner.send("confirm")
    runner.send("home")
    review = runner.send("select", "taxi")
    assert review.screen.kind == "review", review.screen
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts["上车地点"].startswith("家")
    done = runner.send("confirm")
    assert done.screen.kind in ("result", "error"), done.screen
    if done.screen.kind == "result":
        assert "车牌" in done.speech or "已为您叫好车" in done.speech


@pytest.mark.parametrize("pick", [3, 4])
def test_a_taxi_for_later_today_or_tomorrow_is_booked_for_that_time(live_center, pick):
    """上车时间 offers this afternoon or tomorrow after 现在 / 30分钟后 / 60分钟后: the one she
    picks is the time the centre books, and the result says its day."""
    runner, client, elder = tv_runner(live_center)
    review = runner.send("select", "taxi")
    assert review.screen.kind == "review", review.screen
    step = runner.send("select", "edit")
    for _ in range(6):
        if step.screen.id == "field:taxi:pickup_time":
            break
        step = runner.send("confirm")
    assert step.screen.id == "field:taxi:pickup_time", step.screen
    times = [i for i in step.screen.items if not i.id.startswith("page:")]
    chosen = times[pick]
    assert chosen.label.split()[0] in ("今天", "明天"), times
    step = runner.send("select", chosen.id)
    while step.screen.kind == "field":
        step = runner.send("confirm")
    assert step.screen.kind == "review", step.screen
    assert chosen.label.split()[0] in " ".join(f.value for f in step.screen.facts)
    done = runner.send("confirm")
    assert done.screen.kind == "result", done.screen
    booked = client.requests_for(elder["id"], service="taxi")[0]
    assert datetime.fromisoformat(booked.form["pickup_time"]) == datetime.fromisoformat(chosen.id)
    assert booked.status == "confirmed"


def test_consultation_reaches_the_centre_as_a_call_back(live_center):
    """政策查询 is a consultation about a policy: a call-back, as 咨询 was before it left the menu."""
    runner, client, elder = tv_runner(live_center)
    runner.send("select", "menu:more")
    runner.send("select", "policies")
    runner.send("digit", 1)  # the first policy: straight to the review (回电时间 尽快)
    done = runner.send("confirm")
    assert done.screen.kind == "result"
    latest = client.requests_for(elder["id"], service="consultation")[0]
    assert latest.mode == "call" and latest.status == "submitted"
    assert latest.form["topic"] == "policy"


def test_escort_to_the_booked_visit_in_three_presses(live_center):
    """陪诊 (seed 000 §三(二)1(2)): the tile, 约人陪我看病, 确认 — to the booked hospital at the
    booked time, met at home an hour before; reminders follow, the family hears of it."""
    runner, client, elder = tv_runner(live_center)
    runner.send("select", "registration")
    visit = runner.send("confirm")
    assert visit.screen.kind == "result"
    booked = client.requests_for(elder["id"], service="registration", status="confirmed")[0]
    runner.send("home")
    more = runner.send("select", "menu:more")
    assert more.screen.id == "menu:more" and "escort" in [i.id for i in more.screen.items], more.screen
    fork = runner.send("select", "escort")
    assert fork.screen.id == "field:escort:need" and fork.screen.focus == "visit", fork.screen
    assert fork.screen.item("emergency").colour == "danger"
    review = runner.send("select", "visit")
    assert review.screen.kind == "review", review.screen
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts["医院"] == booked.result["hospital_name"] and facts["见面地点"] == "到家里接我"
    done = runner.send("confirm")
    assert done.screen.id == "result:escort", (done.screen, done.speech)
    assert "已为您约好陪诊员" in done.speech and "您家楼下" in done.speech
    escort = client.requests_for(elder["id"], service="escort")[0]
    assert escort.status == "confirmed" and escort.result["visit_time"][:16] == booked.result["start"][:16]
    reminders = [m for m in client.messages(elder["id"], due=False)
                 if m.request_id == escort.id and m.kind == "reminder"]
    assert reminders and all("陪诊员" in m.body for m in reminders)
    back = runner.send("back")
    assert back.screen.kind in ("menu", "result")


def test_the_escort_forks_to_the_alarm_for_an_emergency(live_center):
    """急病 is 一键救援 itself (the 120 chain), not a second emergency service."""
    runner, client, elder = tv_runner(live_center, "tv_li", abilities=abilities_for("tv"))
    runner.send("select", "menu:more")
    runner.send("select", "escort")
    arming = runner.send("select", "emergency")
    assert arming.screen.kind == "alarm" and arming.intents == []  # the TV's spoken window first
    assert runner.send("select", "not_now").screen.id == "field:escort:need"  # 不用呼叫: the question again
    assert client.open_alarms() == []
    runner.send("select", "emergency")
    raised = runner.send("sos")  # the red key in the window
    assert raised.screen.kind == "alarm" and len(client.open_alarms()) == 1
    agent = CenterClient(live_center.url, live_center.tokens["agent"])
    for alarm in client.open_alarms():
        agent.request("POST", f"/v1/alarms/{alarm['id']}/cancel", json={"by": "agent", "note": "test clean-up"})


def test_a_discharge_car_after_one_question(live_center):
    """出院用车 (seed 000 §三(二)2(3)): 特殊用车's 出院回家, how the elder travels, 确认 — from the favourite
    hospital tomorrow morning to home, by 962120; the family's list shows it."""
    runner, client, elder = tv_runner(live_center, "tv_li")
    runner.send("select", "menu:more")
    runner.send("select", "special_vehicle")
    asked = runner.send("select", "discharge")  # 特殊用车's 出院回家
    assert asked.screen.id == "field:discharge_transport:mobility", asked.screen
    review = runner.send("select", "stretcher")
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts["怎么上车"] == "躺担架" and facts["接您时间"].endswith("上午10:00"), facts
    done = runner.send("confirm")
    assert done.screen.id == "result:discharge_transport", (done.screen, done.speech)
    assert "已为您约好转运车" in done.speech and "车牌" in done.speech
    booked = client.requests_for(elder["id"], service="discharge_transport")[0]
    assert booked.status == "confirmed" and "担架" in booked.result["vehicle"]
    row = next(i for i in runner.send("select", "my_requests").screen.items if i.id == booked.id)
    assert row.label.startswith("出院用车") and booked.result["plate"] in (row.detail or "")


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_a_special_vehicle_after_one_question(live_center, channel):
    """特殊用车 (seed 000 §三(二)2(4)): the tile, how she travels, the stairs, 确认 — tomorrow from 8:00 to 10:00,
    from home to the favourite hospital, alone; the operator's car, its half hour, plate and
    fare are shown and said; 我的服务 lists it; the review says it all before."""
    runner, client, elder = tv_runner(live_center, "tv_li", channel, abilities_for(channel))
    runner.send("select", "menu:more")
    asked = runner.send("select", "special_vehicle")
    assert asked.screen.id == "field:special_vehicle:mobility" and "出院回家" in asked.speech, asked.screen
    assert len(asked.screen.items) == 4  # one screen on every channel, a TV's 2×2 included
    stairs = runner.send("select", "seated")
    assert stairs.screen.id == "field:special_vehicle:stairs" and "爬楼机" in stairs.speech, stairs.screen
    review = runner.send("select", "carry")
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts["怎么坐车"] == "自己坐车" and facts["上下楼"] == "要人背我上下楼", facts
    assert facts["接您时间"].endswith("上午8:00（上午8:00到10:00之间）"), facts  # the window too, not its start
    assert elder["home_address"] in facts["上车地点"] and facts["陪同"] == "我一个人", facts
    done = runner.send("confirm")
    assert done.screen.id == "result:special_vehicle", (done.screen, done.speech)
    assert "已为您约好福祉车（座椅）" in done.speech and "车牌" in done.speech and "的价目表" in done.speech
    shown = {f.label for f in done.screen.facts}
    assert {"接您时间", "最晚来接", "最晚送到", "车牌", "您付费用", "上车地点", "送到"} <= shown, shown
    assert any("爬楼机" in note for note in done.screen.notes)
    booked = client.requests_for(elder["id"], service="special_vehicle")[0]
    assert booked.status == "confirmed" and booked.result["stair_aid"] == "履带爬楼机"
    row = next(i for i in runner.send("select", "my_requests").screen.items if i.id == booked.id)
    assert row.label.startswith("特殊用车") and booked.result["plate"] in (row.detail or "")
    client.cancel_request(booked.id)


def test_a_prescription_renewed_from_the_tv_and_followed_to_the_door(live_center):
    """续方配药 (seed 000 §三(二)1(1)): the tile, which medicine, 确认 — sent to the internet
    hospital, home by default; 我的服务 then says where it stands (续方审核中), and cancelling
    withdraws it while the doctor has not decided."""
    runner, client, elder = tv_runner(live_center, "tv_wang")
    runner.send("select", "menu:more")
    asked = runner.send("select", "refill")
    assert asked.screen.id == "field:refill:prescription_id", asked.screen
    assert [i.label for i in asked.screen.items][:2] == ["苯磺酸氨氯地平片 5mg", "厄贝沙坦片 150mg"]
    review = runner.send("select", elder["prescriptions"][1]["id"])
    facts = {f.label: f.value for f in review.screen.facts}
    assert facts == {"续开的药": "厄贝沙坦片 150mg", "送药地址": elder["home_address"]}, facts
    done = runner.send("confirm")
    assert done.screen.id == "result:refill", (done.screen, done.speech)
    assert "厄贝沙坦片" in done.speech and "健康云互联网医院" in done.speech
    sent = client.requests_for(elder["id"], service="refill")[0]
    assert sent.status == "in_progress" and sent.result["stage"] == "reviewing"
    row = next(i for i in runner.send("select", "my_requests").screen.items if i.id == sent.id)
    assert "续方审核中" in row.label and "厄贝沙坦片" in (row.detail or ""), row
    detail = runner.send("select", sent.id)
    assert detail.screen.title == "续方配药 · 续方审核中" and "cancel_request" in [i.id for i in detail.screen.items]
    assert "医生审核后会告诉您" in detail.speech
    client.cancel_request(sent.id)


def test_the_same_medicine_again_says_why_and_asks_which_medicine(live_center):
    runner, client, elder = tv_runner(live_center, "tv_wang")
    first = elder["prescriptions"][0]["id"]
    for attempt in range(2):
        runner.send("home")
        runner.send("select", "menu:more")
        runner.send("select", "refill")
        runner.send("select", first)
        done = runner.send("confirm")
    assert done.screen.kind == "error" and "已经在续方了" in done.speech, (done.screen, done.speech)
    again = runner.send("back")
    assert again.screen.id == "field:refill:prescription_id", again.screen
    for r in client.requests_for(elder["id"], service="refill", status="in_progress"):
        client.cancel_request(r.id)


def test_pills_that_still_last_are_said_so_before_she_picks_them(live_center):
    """Trial #18 on the TV: while the last delivery lasts, the medicine's line says to when and
    from when it is renewed; picked anyway, the centre's refusal says the same and she is asked
    which medicine again."""
    from datetime import timedelta

    from call_center.clock import today
    from call_center.models import Prescription

    runner, client, elder = tv_runner(live_center, "tv_wang")
    first = elder["prescriptions"][0]["id"]
    database = live_center.app.extensions["onekey"].db

    def lasts_to(day):
        with database.session(write=True) as s:
            s.get(Prescription, first).supplied_until = day
            s.commit()

    lasts_to(today() + timedelta(days=20))
    try:
        runner.start(client.elder(elder["id"]).as_dict())  # the profile as it is now
        runner.send("select", "menu:more")
        asked = runner.send("select", "refill")
        line = next(i for i in asked.screen.items if i.id == first)
        assert "还够吃到" in (line.detail or "") and "起可以续" in (line.detail or ""), line
        other = next(i for i in asked.screen.items if i.id != first and i.kind == "option")
        assert "还够吃到" not in (other.detail or "")
        runner.send("select", first)
        done = runner.send("confirm")
        assert done.screen.kind == "error" and "还够吃到" in done.speech, (done.screen, done.speech)
        assert runner.send("back").screen.id == "field:refill:prescription_id"
    finally:
        lasts_to(None)


def test_cancel_from_my_requests(live_center):
    runner, client, elder = tv_runner(live_center, "tv_li")
    runner.send("select", "registration")
    booked = runner.send("confirm")
    assert booked.screen.kind == "result"
    runner.send("select", "my_requests")
    listing = runner.step
    assert listing.screen.kind == "list" and listing.screen.items
    runner.send("select", listing.screen.items[0].id)
    assert runner.step.screen.item("cancel_request")
    runner.send("select", "cancel_request")
    done = runner.send("select", "yes")
    assert done.screen.kind == "notice"
    cancelled = client.get_request(listing.screen.items[0].id)
    assert cancelled.status == "cancelled"


def test_help_creates_a_call_back_request_for_an_agent(live_center):
    runner, client, elder = tv_runner(live_center)
    step = runner.send("help")
    assert step.screen.kind == "notice" and "电话" in step.speech
    assert client.requests_for(elder["id"], service="help")[0].mode == "call"


def test_a_notice_from_an_agent_is_read_aloud_and_acknowledged(live_center):
    runner, client, elder = tv_runner(live_center, "tv_zhang")
    agent = CenterClient(live_center.url, live_center.tokens["agent"])
    sent = agent.request("POST", f"/v1/elders/{elder['id']}/messages",
                         json={"kind": "policy", "title": "敬老卡新政策",
                               "body": "从下个月起，敬老卡可以在社区食堂打九折。"})
    listing = runner.send("select", "messages")
    assert listing.screen.kind == "list"
    item = listing.screen.item(sent["id"])
    assert item is not None and item.badge == "未读"
    detail = runner.send("select", sent["id"])
    assert "敬老卡" in detail.speech and "九折" in detail.speech
    back = runner.send("select", "ack")
    assert back.screen.kind == "list"
    shown = back.screen.item(sent["id"])  # read messages sort after unread ones: maybe a later page
    assert shown is None or shown.badge is None
    assert next(m for m in client.messages(elder["id"]) if m.id == sent["id"]).read_at


def test_a_kiosk_identifies_an_elder_against_the_centre(live_center):
    from accessibility.hosts import abilities_for

    client = CenterClient(live_center.url, live_center.tokens["kiosk"])
    agent = CenterClient(live_center.url, live_center.tokens["agent"])
    elder_id = live_center.elders["zhang"]
    tail = agent.elder(elder_id).phone_masked[-4:]
    runner = FlowRunner(FlowEngine(load_spec(), "kiosk", abilities=abilities_for("kiosk")), client)
    step = runner.start(None)
    assert step.screen.id == "identify"
    runner.send("select", "id_number")
    step = runner.send("input", live_center.id_numbers["zhang"])
    assert step.screen.id == "identify:phone_tail"
    step = runner.send("input", f"{(int(tail) + 1) % 10000:04d}")  # another phone's tail
    assert step.screen.id == "identify:recheck" and "没有核对成功" in step.speech
    assert live_center.id_numbers["zhang"] not in step.speech + (step.screen.body or "")  # masked, in public
    assert runner.send("select", "keep_id").screen.id == "identify:phone_tail"  # not all 18 digits again
    step = runner.send("input", tail)
    assert step.screen.id == "home" and runner.session.elder["id"] == elder_id
    assert runner.session.elder["home_address"]  # the whole profile: the forms' defaults work
    assert step.speech.startswith("张阿姨，您好。") and "*" not in step.speech
