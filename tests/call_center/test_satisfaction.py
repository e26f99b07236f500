"""服务监管 at the centre (seed 001 §（三）): a finished service is followed by one return visit
(回访) in the daytime, answered with one press (满意 / 一般 / 不满意, then what was wrong); a
complaint (投诉) from any channel is a work item until an agent records its outcome, which the
elder is told; the supervision numbers per month and provider."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from call_center.clock import SHANGHAI, local, now
from call_center.models import Complaint, Message, ReturnVisit, ServiceRequest
from call_center.satisfaction import supervision, visits

from .conftest import Api, assert_error, taxi_body
from .family_members import bearer, bound


def db_of(app: Any) -> Any:
    return app.extensions["onekey"].db


def done_taxi(tv: Api, agent: Api, elder_key: str = "wang") -> dict:
    """A taxi booked on the TV (申程出行 or its fallback) and marked done by an agent."""
    r = tv.post("/v1/requests", taxi_body(tv.demo, elder_key), key=uuid.uuid4().hex)
    assert r.status_code == 201, r.get_data(as_text=True)
    req = r.get_json()
    assert req["status"] == "confirmed"
    r = agent.post(f"/v1/requests/{req['id']}/transitions", {"to": "completed"}, key=uuid.uuid4().hex)
    assert r.status_code == 200, r.get_data(as_text=True)
    with db_of(tv.app).session(write=False) as db:
        provider = db.get(ServiceRequest, req["id"]).provider
    assert provider
    return {**r.get_json(), "provider": provider}


def visit_messages(api: Api, elder_key: str = "wang") -> list[dict]:
    inbox = api.get(f"/v1/elders/{api.demo.elders[elder_key]}/messages").get_json()
    return [m for m in inbox if m["kind"] == "return_visit"]


def answer(api: Api, message_id: str, given: str) -> Any:
    return api.post(f"/v1/messages/{message_id}/answer", {"answer": given}, key=uuid.uuid4().hex)


def test_due_times_are_in_the_daytime():
    def at(h: int, m: int = 0) -> datetime:
        return datetime(2026, 12, 5, h, m, tzinfo=SHANGHAI)
    assert visits.due_time(at(11)) == at(13)  # two hours later
    assert visits.due_time(at(6)) == at(10)  # done early: asked at ten
    assert visits.due_time(at(17, 30)) == at(10) + timedelta(days=1)  # 19:30 is too late: tomorrow at ten
    assert visits.due_time(at(1)) == at(10)  # done at 1 a.m.: never asked at 3 a.m.
    assert visits.due_time(at(23)) == at(10) + timedelta(days=1)
    for hour in range(24):
        assert 10 <= local(visits.due_time(at(hour))).hour < 19



def test_an_ask_made_late_is_still_due_in_the_daytime():
    """A sweep that runs late (a worker down overnight) asks about yesterday's taxi at ten, not
    at the hour the sweep ran; one running in the daytime asks at once."""
    def at(day: int, h: int, m: int = 0) -> datetime:
        return datetime(2026, 12, day, h, m, tzinfo=SHANGHAI)
    done = at(5, 14)
    assert visits.when_asked(done, at(6, 3)) == at(6, 10)
    assert visits.when_asked(done, at(6, 21)) == at(7, 10)
    assert visits.when_asked(done, at(6, 11, 30)) == at(6, 11, 30)
    assert visits.when_asked(done, at(5, 14, 10)) == at(5, 16)  # on time: two hours after
    for hour in range(24):
        assert 10 <= local(visits.when_asked(done, at(6, hour))).hour < 19


def test_the_last_daytime_is_never_after_the_moment_and_always_in_the_daytime():
    """What the demo asks at (and the tests sweep at): an ask made then is due then."""
    def at(day: int, h: int, m: int = 0) -> datetime:
        return datetime(2026, 12, day, h, m, tzinfo=SHANGHAI)
    assert visits.last_daytime(at(6, 11, 5)) == at(6, 11, 5)
    assert visits.last_daytime(at(6, 20)) == at(6, 18, 30)
    assert visits.last_daytime(at(7, 3)) == at(6, 18, 30)  # after midnight: yesterday's
    assert visits.last_daytime(at(7, 9, 59)) == at(6, 18, 30)
    for hour in range(24):
        for minute in (0, 59):
            moment = at(7, hour, minute)
            last = visits.last_daytime(moment)
            assert last <= moment and visits.daytime_from(last) == last
            assert moment - last < timedelta(hours=16)


def test_a_finished_service_is_asked_about_once_in_the_daytime(center_app, tv, agent):
    req = done_taxi(tv, agent)
    database = db_of(center_app)
    moment = now()
    assert visits.sweep(database, moment) == 1
    assert visits.sweep(database, moment + timedelta(minutes=10)) == 0  # never twice
    with database.session(write=False) as db:
        visit = db.scalar(select(ReturnVisit).where(ReturnVisit.request_id == req["id"]))
        assert visit.status == "asked" and visit.provider == req["provider"]
        assert 10 <= local(visit.due_at).hour < 19 and visit.due_at >= moment
        msg = db.get(Message, visit.message_id)
        assert msg.kind == "return_visit" and msg.title == "服务回访" and msg.request_id == req["id"]
        assert msg.body.startswith("王阿姨，您") and f"叫车（{req['provider']}）已经办完了" in msg.body
        assert msg.body.endswith("这次服务您满意吗？")
        assert msg.answers == ["satisfied", "so_so", "dissatisfied"]


def test_a_request_done_without_a_provider_or_long_ago_is_not_asked(center_app, tv, agent):
    # a call-back (咨询) has no provider
    r = tv.post("/v1/requests", {"elder_id": tv.demo.elders["wang"], "service": "consultation", "mode": "call",
                                 "form": {"topic": "policy"}}, key=uuid.uuid4().hex)
    assert r.status_code == 201, r.get_data(as_text=True)
    cid = r.get_json()["id"]
    for to in ("accepted", "in_progress", "confirmed", "completed"):
        assert agent.post(f"/v1/requests/{cid}/transitions", {"to": to}, key=uuid.uuid4().hex).status_code == 200
    done_taxi(tv, agent)
    database = db_of(center_app)
    # seen for the first time four days after it was done: too late to ask
    assert visits.sweep(database, now() + visits.ASK_WITHIN + timedelta(hours=1)) == 0
    assert visits.sweep(database, now()) == 1  # the taxi only
    with database.session(write=False) as db:
        assert db.scalar(select(func.count()).select_from(ReturnVisit).where(ReturnVisit.request_id == cid)) == 0


def test_satisfied_is_one_press_and_the_question_is_gone(center_app, tv, agent):
    done_taxi(tv, agent)
    visits.sweep(db_of(center_app), now() - timedelta(hours=12))
    [msg] = [m for m in visit_messages(tv) if m["answers"]]
    assert [a["label"] for a in msg["answers"]] == ["满意", "一般", "不满意"]
    r = answer(tv, msg["id"], "satisfied")
    assert r.status_code == 200 and r.get_json()["speech"] == "谢谢您的评价，祝您身体健康。"
    assert not any(m["answers"] for m in visit_messages(tv))
    assert_error(answer(tv, msg["id"], "dissatisfied"), 409, "invalid_transition")  # never twice


def test_dissatisfied_asks_what_was_wrong_and_files_a_complaint(center_app, tv, agent):
    req = done_taxi(tv, agent)
    visits.sweep(db_of(center_app), now() - timedelta(hours=12))
    [msg] = [m for m in visit_messages(tv) if m["answers"]]
    r = answer(tv, msg["id"], "dissatisfied")
    assert r.get_json()["speech"] == "对不起，让您不满意了。请告诉我们哪里不好。"
    [more] = [m for m in visit_messages(tv) if m["answers"]]
    assert more["title"] == "哪里不满意"
    assert [a["label"] for a in more["answers"]] == ["没按时来", "态度不好", "收费不对", "其他", "请人工回电"]
    r = answer(tv, more["id"], "late")
    assert r.status_code == 200 and "处理结果会告诉您" in r.get_json()["speech"]
    [c] = agent.get(f"/v1/requests/{req['id']}/complaints").get_json()
    assert c["source"] == "return_visit" and c["reasons"] == ["late"] and c["status"] == "open"
    assert c["provider"] == req["provider"] and c["reasons_words"] == "没按时来"


def test_an_unanswered_ask_expires_and_is_never_asked_again(center_app, tv, agent):
    req = done_taxi(tv, agent)
    database = db_of(center_app)
    visits.sweep(database, now())
    later = now() + visits.ANSWER_WITHIN + timedelta(days=1)
    assert visits.expire(database, later) == 1
    assert visits.sweep(database, later) == 0
    assert not visit_messages(tv)  # withdrawn: never shown again
    with database.session(write=False) as db:
        assert db.scalar(select(ReturnVisit.status).where(ReturnVisit.request_id == req["id"])) == "expired"


def test_a_daughter_answers_for_her_mother_but_never_her_consents(center_app, tv, agent):
    req = done_taxi(tv, agent)
    visits.sweep(db_of(center_app), now() - timedelta(hours=12))
    token = bound(center_app.test_client(), center_app.demo, "wang")
    daughter = Api(center_app, "tv_wang")
    daughter.headers = bearer(token)
    [msg] = [m for m in visit_messages(daughter) if m["answers"]]
    r = answer(daughter, msg["id"], "so_so")
    assert r.status_code == 200, r.get_data(as_text=True)
    with db_of(center_app).session(write=False) as db:
        visit = db.scalar(select(ReturnVisit).where(ReturnVisit.request_id == req["id"]))
        assert visit.rating == "so_so" and visit.answered_by.startswith("family:")
    # a policy push stays hers to answer
    pushed = agent.post(f"/v1/elders/{agent.demo.elders['wang']}/messages",
                        {"kind": "policy", "title": "t", "body": "b"}).get_json()
    with db_of(center_app).writing() as db:
        db.get(Message, pushed["id"]).answers = ["apply", "not_needed"]
        db.commit()
    assert_error(answer(daughter, pushed["id"], "not_needed"), 403, "forbidden")


def test_a_view_only_member_cannot_answer_nor_complain(center_app, tv, agent):
    req = done_taxi(tv, agent)
    visits.sweep(db_of(center_app), now() - timedelta(hours=12))
    token = bound(center_app.test_client(), center_app.demo, "wang", permissions=["view"])
    viewer = Api(center_app, "tv_wang")
    viewer.headers = bearer(token)
    [msg] = [m for m in visit_messages(viewer) if m["answers"]]
    assert_error(answer(viewer, msg["id"], "satisfied"), 403, "forbidden")
    assert_error(viewer.post(f"/v1/requests/{req['id']}/complaints", {"reasons": ["rude"]}), 403, "forbidden")


def test_a_complaint_from_a_channel_is_worked_and_she_is_told_the_outcome(center_app, tv, agent):
    req = done_taxi(tv, agent)
    r = tv.post(f"/v1/requests/{req['id']}/complaints", {"reasons": ["wrong_fee"], "call_back": True},
                key=uuid.uuid4().hex)
    assert r.status_code == 201, r.get_data(as_text=True)
    c = r.get_json()
    assert c["source"] == "elder" and c["channel"] == "tv" and c["call_back"]
    assert c["speech"] == "收到了，话务员会尽快给您回电。"
    # a second one while it is open joins it
    again = tv.post(f"/v1/requests/{req['id']}/complaints", {"reasons": ["rude"]}, key=uuid.uuid4().hex).get_json()
    assert again["id"] == c["id"] and again["reasons"] == ["wrong_fee", "rude"]
    assert again["reasons_words"] == "收费不对、态度不好、请人工回电"
    # a device may not write an agent's note; an agent may not close it with nothing to say
    assert_error(tv.post(f"/v1/requests/{req['id']}/complaints", {"note": "x"}), 422, "validation_error")
    assert_error(tv.post(f"/v1/complaints/{c['id']}/close", {"outcome": "x"}), 403, "forbidden")
    r = agent.post(f"/v1/complaints/{c['id']}/close", {"outcome": "已核实，司机多收的12元退回到您的账户"},
                   key=uuid.uuid4().hex)
    assert r.status_code == 200 and r.get_json()["status"] == "closed"
    told = [m for m in tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
            if m["title"] == "投诉处理结果"]
    assert len(told) == 1 and told[0]["request_id"] == req["id"]
    assert told[0]["body"].startswith("王阿姨，您对") and told[0]["body"].endswith(
        "处理结果：已核实，司机多收的12元退回到您的账户。")
    assert_error(agent.post(f"/v1/complaints/{c['id']}/close", {"outcome": "again"}), 409, "invalid_transition")


def test_a_request_not_yet_worked_cannot_be_complained_about(center_app, tv):
    r = tv.post("/v1/requests", {"elder_id": tv.demo.elders["wang"], "service": "consultation", "mode": "call",
                                 "form": {"topic": "policy"}}, key=uuid.uuid4().hex)
    assert_error(tv.post(f"/v1/requests/{r.get_json()['id']}/complaints", {"reasons": ["late"]}),
                 409, "invalid_transition")


def test_someone_elses_request_is_refused(center_app, tv, agent):
    req = done_taxi(tv, agent)
    other = Api(center_app, "tv_li")
    r = other.post(f"/v1/requests/{req['id']}/complaints", {"reasons": ["late"]})
    assert r.status_code in (403, 404)
    with db_of(center_app).session(write=False) as db:
        assert db.scalar(select(func.count()).select_from(Complaint)) == 0


def test_supervision_counts_per_provider_and_month(center_app, tv, agent):
    database = db_of(center_app)
    done = [done_taxi(tv, agent) for _ in range(3)]
    visits.sweep(database, now() - timedelta(hours=12))
    asks = {m["request_id"]: m for m in visit_messages(tv) if m["answers"]}
    answer(tv, asks[done[0]["id"]]["id"], "satisfied")
    answer(tv, asks[done[1]["id"]]["id"], "dissatisfied")
    tv.post(f"/v1/requests/{done[1]['id']}/complaints", {"reasons": ["late"]}, key=uuid.uuid4().hex)
    with database.session(write=False) as db:
        rows = supervision.by_provider(db, local(now()).date().replace(day=1))
        last_month = supervision.by_provider(db, (local(now()).date().replace(day=1) - timedelta(days=1)).replace(day=1))
    providers = {d["provider"] for d in done}
    got = {r.provider: r for r in rows}
    assert set(got) == providers and not last_month
    total = supervision.ProviderMonth("all")
    for r in rows:
        for name in ("completed", "answered", "satisfied", "dissatisfied", "complaints", "open_complaints"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    assert (total.completed, total.answered, total.satisfied, total.dissatisfied) == (3, 2, 1, 1)
    assert (total.complaints, total.open_complaints) == (1, 1)
    assert total.satisfaction_rate == 0.5 and abs(total.complaint_rate - 1 / 3) < 1e-9
    text = supervision.as_csv(local(now()).date().replace(day=1), rows)
    assert text.startswith("\ufeff月份,服务商,完成服务,回访已答,满意,一般,不满意,满意率,投诉数,投诉率,待处理投诉")


def test_one_worker_of_all_takes_each_turn_of_the_sweep(center_app, tv, agent, monkeypatch):
    """Every process runs the worker's sweeps: a turn is claimed once (periodic_runs), the
    others skip it; 0 never asks."""
    clock = [datetime(2026, 12, 7, 2, 0, tzinfo=SHANGHAI)]
    monkeypatch.setattr(visits, "now", lambda: clock[0])
    swept = []
    monkeypatch.setattr(visits, "sweep", lambda database, at: swept.append(at) or 0)
    database = db_of(center_app)
    never = visits.sweep_for(database, 0)
    workers = [visits.sweep_for(database, 600) for _ in range(3)]
    clock[0] += timedelta(minutes=5)
    assert [run() for run in workers] == [0, 0, 0] and swept == []  # not yet one interval
    clock[0] += timedelta(minutes=5)
    for run in workers:
        run()
    assert never() == 0 and swept == [clock[0]]  # 3 a.m. is fine: what it writes is due in the daytime
    clock[0] += timedelta(minutes=10)
    for run in workers:
        run()
    assert len(swept) == 2


def test_a_device_installed_is_asked_about_and_counted_under_its_vendor(center_app, tv, agent):
    """Seed 001 §四 and §（三）: the vendor installs, and its installation is supervised like any
    provider's service — 回访 asks her about it, 服务监管 counts it under the vendor."""
    from .device_applications.helpers import application_body, desk, tomorrow

    zhang = Api(center_app, "tv_zhang")
    r = zhang.post("/v1/requests", application_body(zhang.demo, "zhang", package="B"), key=uuid.uuid4().hex)
    assert r.status_code == 201, r.get_data(as_text=True)
    req = r.get_json()
    desk(center_app, "approve", req["id"], "agent:street")
    desk(center_app, "schedule", req["id"], tomorrow().replace(microsecond=0), "agent:installer")
    desk(center_app, "mark_installed", req["id"], "agent:installer", "西城安康呼叫服务公司")
    database = db_of(center_app)
    assert visits.sweep(database, now()) == 1
    with database.session(write=False) as db:
        visit = db.scalar(select(ReturnVisit).where(ReturnVisit.request_id == req["id"]))
        assert visit.provider == "西城安康呼叫服务公司" and visit.service == "device_application"
        body = db.get(Message, visit.message_id).body
    assert "一键通" in body and "装好了（西城安康呼叫服务公司上门安装）" in body and body.endswith("这次安装服务您满意吗？")
    ask = next(m for m in visit_messages(zhang, "zhang") if m["request_id"] == req["id"] and m["answers"])
    assert answer(zhang, ask["id"], "dissatisfied").status_code == 200
    with database.session(write=False) as db:
        rows = {r.provider: r for r in supervision.by_provider(db, local(now()).date().replace(day=1))}
    row = rows["西城安康呼叫服务公司"]
    assert (row.completed, row.answered, row.dissatisfied) == (1, 1, 1)


def test_an_installation_without_a_vendor_named_is_the_centres_install_vendor(center_app, tv):
    from call_center.config import Settings

    from .device_applications.helpers import application_body, desk, tomorrow

    zhang = Api(center_app, "tv_zhang")
    req = zhang.post("/v1/requests", application_body(zhang.demo, "zhang"), key=uuid.uuid4().hex).get_json()
    for step, args in (("approve", ("agent:street",)), ("schedule", (tomorrow(), "agent:installer")),
                       ("mark_installed", ("agent:installer",))):
        desk(center_app, step, req["id"], *args)
    with db_of(center_app).session(write=False) as db:
        assert db.get(ServiceRequest, req["id"]).provider == Settings.install_vendor
