"""政策找人 and 政策查询 at the centre (seed 000 §三(二)3(5)(6)): the worker tells each elder of
the policies she qualifies for, once, saying why; 想办理 opens a consultation call-back about
it, 不需要 is never pushed again; a bound family member sees the push; an agent pushes by
hand; two workers sweeping at once tell her once."""
from __future__ import annotations

import threading
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from call_center.clock import local, now
from call_center.demo_data import id_number_for
from call_center.models import Device, Elder, Household, Message, PolicyOffer
from call_center.policies import offers
from call_center.policies.catalog import entries

from .conftest import Api, assert_error, row_counts
from .family_members import bearer, bound


def db_of(app: Any) -> Any:
    return app.extensions["onekey"].db


def policy_messages(api: Api, elder_key: str) -> list[dict]:
    return [m for m in api.get(f"/v1/elders/{api.demo.elders[elder_key]}/messages").get_json() if m["kind"] == "policy"]


def policies(api: Api, elder_key: str) -> list[dict]:
    r = api.get(f"/v1/elders/{api.demo.elders[elder_key]}/policies")
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def test_the_list_is_hers_first_with_why_and_what_each_asks(center_app):
    tv = Api(center_app, "tv_wang")
    found = policies(tv, "wang")
    ids = [p["id"] for p in found]
    mine = [p for p in found if p["qualifies"] and not p["held"]]
    assert ids[:len(mine)] == [p["id"] for p in mine]  # hers first
    assert {p["id"] for p in mine} >= {"senior_card", "elder_allowance", "meal_assistance", "device_rental"}
    card = next(p for p in found if p["id"] == "senior_card")
    assert card["reasons"].startswith("您今年86岁，是本市户籍") and card["standing"] == "可以办理"
    assert card["speech"].startswith("敬老卡。可以办理。") and card["apply_where"] and card["bring"]
    # she has the one-key service (package B): held, never offered
    fee = next(p for p in found if p["id"] == "emergency_call_rescue_fee")
    assert fee["held"] and fee["standing"] == "已享受" and ids.index("emergency_call_rescue_fee") > len(mine)
    subsidy = next(p for p in found if p["id"] == "care_subsidy")
    assert subsidy["qualifies"] is False and subsidy["standing"] == "需要：家庭经济困难"
    # 陈志明: not a Shanghai hukou — every hukou policy says so
    chen = policies(Api(center_app, "agent"), "chen")
    # (seed 003 §一(十)(十一)(十二) ask no hukou: courses, the taxi and the sports voucher)
    open_to_all = ["sports_voucher", "elder_education", "easy_taxi"]  # in catalog order
    assert [p["id"] for p in chen if p["qualifies"]] == open_to_all
    assert all("本市户籍" in p["needs"] for p in chen if p["id"] not in open_to_all)


def test_the_sweep_tells_each_elder_once_a_day_saying_why(center_app):
    database = db_of(center_app)
    tv = Api(center_app, "tv_wang")
    # Mid-morning today, not the wall clock: run after 22:00 Shanghai, "two hours later" was tomorrow.
    day = local(now()).replace(hour=10, minute=0, second=0, microsecond=0)
    told = offers.sweep(database, at=day)
    assert told == 4  # one policy each for the four demo elders
    first = policy_messages(tv, "wang")
    assert len(first) == 1
    msg = first[0]
    assert msg["title"] == "居家环境适老化改造"
    assert msg["body"].startswith("王阿姨，您今年86岁，是本市户籍，住的是自己的房子，可以申请居家环境适老化改造补贴。")
    assert msg["body"].endswith("想办理的话，养老顾问会打电话帮您办。")
    assert [a["id"] for a in msg["answers"]] == ["apply", "not_needed"]
    assert [a["label"] for a in msg["answers"]] == ["想办理", "不需要"]
    assert msg["speech"] == f"{msg['title']}。{msg['body']}"
    assert offers.sweep(database, at=day + timedelta(hours=2)) == 0  # the same day: nothing new
    # the next day: the next policy (陈志明 qualifies for one only, told already)
    assert offers.sweep(database, at=day + timedelta(days=1)) == 3
    titles = [m["title"] for m in policy_messages(tv, "wang")]
    assert sorted(titles) == sorted(["居家环境适老化改造", "老年人助餐服务和优惠"])
    for _ in range(2, 12):
        offers.sweep(database, at=day + timedelta(days=_))
    told_ids = {p["id"] for p in policies(tv, "wang") if p["offered"]}
    never_pushed = {p.id for p in entries() if not p.push}  # talked through, or open to all: not told
    qualify = {p["id"] for p in policies(tv, "wang") if p["qualifies"] and not p["held"]} - never_pushed
    assert told_ids == qualify  # every policy she qualifies for, once; never one she has
    assert len(policy_messages(tv, "wang")) == len(qualify)


@pytest.mark.parametrize("page", [1, 3])
def test_the_sweep_reads_the_district_a_page_at_a_time_and_tells_the_same(center_app, page):
    """Read a page of elders (and their offers) at a time, the sweep holds what one page needs,
    not the district's every row; it tells exactly what one read of everyone told."""
    database = db_of(center_app)
    day = local(now()).replace(hour=10, minute=0, second=0, microsecond=0)
    for n in range(3):
        assert offers.sweep(database, at=day + timedelta(days=n), page=page) == (4 if n == 0 else 3)
    with database.session(write=False) as s:
        told = sorted((o.elder_id, o.policy_id) for o in s.scalars(select(PolicyOffer)))
    assert len(told) == 10 and len({e for e, _ in told}) == 4


def test_missing_facts_are_never_guessed(center_app):
    """张桂兰's home: whether she owns it is not known — 适老化改造 is never pushed to her."""
    database = db_of(center_app)
    with database.session(write=True) as s:
        s.get(Elder, center_app.demo.elders["zhang"]).owns_home = None
        s.commit()
    for day in range(12):
        offers.sweep(database, at=now() + timedelta(days=day))
    agent = Api(center_app, "agent")
    adaptation = next(p for p in policies(agent, "zhang") if p["id"] == "home_adaptation")
    assert adaptation["qualifies"] is None and adaptation["offered"] is None
    assert adaptation["standing"] == "需要：住房有产权或长期使用权"
    assert "居家环境适老化改造" not in [m["title"] for m in policy_messages(agent, "zhang")]


def test_wants_it_opens_a_consultation_call_back_about_the_policy(center_app):
    database = db_of(center_app)
    offers.sweep(database)
    tv = Api(center_app, "tv_wang")
    msg = policy_messages(tv, "wang")[0]
    r = tv.post(f"/v1/messages/{msg['id']}/answer", {"answer": "apply"}, key=uuid.uuid4().hex)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["speech"] == "好的，已经为您登记居家环境适老化改造，养老顾问会尽快给您打电话。"
    after = next(m for m in policy_messages(tv, "wang") if m["id"] == msg["id"])
    assert after["answers"] == [] and after["read_at"] and after["request_id"]
    req = tv.get(f"/v1/requests/{after['request_id']}").get_json()
    assert req["service"] == "consultation" and req["mode"] == "call" and req["status"] == "submitted"
    assert req["channel"] == "tv" and req["form"]["policy_id"] == "home_adaptation" and req["form"]["topic"] == "policy"
    assert req["result"]["apply_where"] and req["result"]["topic_label"] == "居家环境适老化改造"
    offered = next(p for p in policies(tv, "wang") if p["id"] == "home_adaptation")["offered"]
    assert offered["status"] == "applied" and offered["request_id"] == req["id"]
    # the agent's queue has it; answering again is refused and writes nothing
    agent = Api(center_app, "agent")
    assert req["id"] in [q["id"] for q in agent.get("/v1/requests", status="submitted").get_json()]
    before = row_counts(center_app)
    again = tv.post(f"/v1/messages/{msg['id']}/answer", {"answer": "not_needed"}, key=uuid.uuid4().hex)
    assert_error(again, 409, "invalid_transition")
    assert row_counts(center_app) == before


def test_not_needed_is_never_pushed_again(center_app):
    database = db_of(center_app)
    offers.sweep(database)
    tv = Api(center_app, "tv_wang")
    msg = policy_messages(tv, "wang")[0]
    r = tv.post(f"/v1/messages/{msg['id']}/answer", {"answer": "not_needed"}, key=uuid.uuid4().hex)
    assert r.status_code == 200 and "以后不再提居家环境适老化改造" in r.get_json()["speech"]
    for day in range(1, 14):
        offers.sweep(database, at=now() + timedelta(days=day))
    assert [m["title"] for m in policy_messages(tv, "wang")].count("居家环境适老化改造") == 1
    adaptation = next(p for p in policies(tv, "wang") if p["id"] == "home_adaptation")
    assert adaptation["offered"]["status"] == "declined" and adaptation["standing"] == "说过不需要"
    # nor by hand
    assert_error(Api(center_app, "agent").post(f"/v1/elders/{tv.demo.elders['wang']}/policies/home_adaptation/push",
                                               key=uuid.uuid4().hex), 409, "invalid_transition")
    # 政策查询 still lets her ask for it later
    body = {"elder_id": tv.demo.elders["wang"], "service": "consultation", "mode": "call",
            "form": {"policy_id": "home_adaptation", "callback_window": "asap"}}
    r = tv.post("/v1/requests", body, key=uuid.uuid4().hex)
    assert r.status_code == 201, r.get_data(as_text=True)
    assert next(p for p in policies(tv, "wang") if p["id"] == "home_adaptation")["offered"]["status"] == "applied"


def test_a_call_back_asked_from_the_lookup_is_never_pushed_after(center_app):
    tv = Api(center_app, "tv_wang")
    body = {"elder_id": tv.demo.elders["wang"], "service": "consultation", "mode": "call",
            "form": {"policy_id": "home_adaptation", "callback_window": "asap"}}
    r = tv.post("/v1/requests", body, key=uuid.uuid4().hex)
    assert r.status_code == 201, r.get_data(as_text=True)
    req = r.get_json()
    assert req["form"]["topic"] == "policy" and req["result"]["policy_title"] == "居家环境适老化改造"
    told = [m for m in tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json() if m["request_id"] == req["id"]]
    assert [m["title"] for m in told] == ["居家环境适老化改造已登记"]
    offers.sweep(db_of(center_app))
    assert "居家环境适老化改造" not in [m["title"] for m in policy_messages(tv, "wang")]
    unknown = {**body, "form": {"policy_id": "no_such_policy"}}
    before = row_counts(center_app)
    assert_error(tv.post("/v1/requests", unknown, key=uuid.uuid4().hex), 404, "not_found")
    assert row_counts(center_app) == before


def test_a_bound_family_member_sees_the_push_but_the_answer_is_hers(center_app):
    client = center_app.test_client()
    token = bound(client, center_app.demo, "zhang", permissions=["view"])
    offers.sweep(db_of(center_app))
    seen = client.get(f"/v1/elders/{center_app.demo.elders['zhang']}/messages", headers=bearer(token)).get_json()
    pushed = [m for m in seen if m["kind"] == "policy"]
    assert len(pushed) == 1 and pushed[0]["title"] == "居家环境适老化改造"
    r = client.post(f"/v1/messages/{pushed[0]['id']}/answer", json={"answer": "apply"},
                    headers={**bearer(token), "Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 403
    other = bound(client, center_app.demo, "li", subject="o-test-other", name="李明", phone="13761129054")
    r = client.get(f"/v1/elders/{center_app.demo.elders['zhang']}/policies", headers=bearer(other))
    assert r.status_code == 403
    listed = client.get(f"/v1/elders/{center_app.demo.elders['zhang']}/policies", headers=bearer(token))
    assert listed.status_code == 200 and listed.get_json()[0]["id"] == "home_adaptation"


def test_an_agent_pushes_by_hand_once(center_app):
    agent = Api(center_app, "agent")
    zhang = agent.demo.elders["zhang"]
    r = agent.post(f"/v1/elders/{zhang}/policies/senior_card/push", key=uuid.uuid4().hex)
    assert r.status_code == 201, r.get_data(as_text=True)
    out = r.get_json()
    assert out["id"] == "senior_card" and out["offered"]["status"] == "told"
    assert out["offered"]["created_by"].startswith("agent:")
    assert [m["title"] for m in policy_messages(agent, "zhang")] == ["敬老卡"]
    assert_error(agent.post(f"/v1/elders/{zhang}/policies/senior_card/push", key=uuid.uuid4().hex), 409,
                 "invalid_transition")
    refused = assert_error(agent.post(f"/v1/elders/{zhang}/policies/emergency_call_covered/push",
                                      key=uuid.uuid4().hex), 409, "invalid_transition")
    assert "年满80岁" in refused["message"]
    assert_error(agent.post(f"/v1/elders/{zhang}/policies/nothing/push", key=uuid.uuid4().hex), 404, "not_found")
    # the sweep the same day does not tell her another: the agent's push is not the sweep's
    assert offers.sweep(db_of(center_app)) >= 1
    tv = Api(center_app, "tv_zhang")
    assert tv.post(f"/v1/elders/{zhang}/policies/meal_assistance/push", key=uuid.uuid4().hex).status_code == 403


def _many_elders(database: Any, n: int) -> list[str]:
    """Generated elders across ages and facts (some unknown), in households of their own."""
    ids = []
    today = date.today()
    with database.session(write=True) as s:
        for i in range(n):
            hh = Household(ref=f"gen-{uuid.uuid4().hex[:10]}", name=f"测试{i}家", address="上海市长宁区仙霞路1号",
                           district="长宁区")
            s.add(hh)
            s.flush()
            age = 55 + (i * 7) % 44
            birth = date(today.year - age - 1, 6, 15)
            e = Elder(household_id=hh.id, name=f"测试{i}", gender="female" if i % 2 else "male", birth_date=birth,
                      id_number=id_number_for("310105", birth, "female" if i % 2 else "male", 200 + i),
                      phone=f"139{i:08d}", home_address="上海市长宁区仙霞路1号", district="长宁区", street="仙霞新村街道",
                      hukou_shanghai=i % 5 != 0, living_alone=i % 3 == 0, economic_hardship=i % 4 == 0,
                      care_level=[None, 1, 2, 3][i % 4], severe_disability=[None, False, True][i % 3],
                      owns_home=[None, True, False][(i // 3) % 3])
            s.add(e)
            s.flush()
            ids.append(e.id)
        s.commit()
    return ids


def test_two_workers_sweeping_at_once_tell_each_elder_once(center_app, tmp_path):
    from call_center.config import Settings
    from call_center.migrate import open_database

    database = db_of(center_app)
    ids = _many_elders(database, 60)
    url = str(database.engine.url)
    keys = center_app.extensions["onekey"].settings.personal_data_keys
    others = [open_database(Settings.load({"db_url": url, "personal_data_keys": keys})) for _ in range(2)]
    start = threading.Barrier(2)
    counts: list[int] = []
    at = now()

    def run(db: Any) -> None:
        start.wait()
        counts.append(offers.sweep(db, per_day=3, at=at))

    threads = [threading.Thread(target=run, args=(db,)) for db in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for db in others:
        db.dispose()
    with database.session(write=False) as s:
        rows = s.execute(select(PolicyOffer.elder_id, PolicyOffer.policy_id)).all()
        messages = s.scalar(select(func.count()).select_from(Message).where(Message.kind == "policy"))
    assert len(rows) == len(set(rows)) == messages == sum(counts)  # once each, told by one worker or the other
    assert sum(counts) > 60
    per_elder: dict[str, int] = {}
    for elder_id, _pid in rows:
        per_elder[elder_id] = per_elder.get(elder_id, 0) + 1
    assert max(per_elder.values()) <= 3
    with database.session(write=False) as s:  # and each to someone who qualifies
        for elder_id, pid in rows:
            elder = s.get(Elder, elder_id)
            st = next(x for x in offers.for_elder(s, elder) if x.policy.id == pid)
            assert st.qualifies is True and not st.held
    assert set(ids) & set(per_elder)


def test_the_worker_sweeps_hourly_in_the_daytime_only(center_app, monkeypatch):
    """The first round one interval after the worker starts, then each interval — and only
    between 9:00 and 20:00: the push pops up on her TV and is read aloud at once."""
    from datetime import datetime

    from call_center.clock import SHANGHAI

    clock = [datetime(2026, 12, 7, 7, 30, tzinfo=SHANGHAI)]
    monkeypatch.setattr(offers, "now", lambda: clock[0])
    database = db_of(center_app)
    never = offers.sweep_for(database, 0)
    run = offers.sweep_for(database, 3600)
    clock[0] = datetime(2026, 12, 7, 8, 45, tzinfo=SHANGHAI)
    assert run() == 0 and never() == 0  # an interval has passed, but it is 8:45
    clock[0] = datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)
    assert run() == 4 and never() == 0
    clock[0] = datetime(2026, 12, 7, 9, 30, tzinfo=SHANGHAI)
    assert run() == 0  # within the hour
    clock[0] = datetime(2026, 12, 7, 20, 30, tzinfo=SHANGHAI)
    assert run() == 0  # the evening


def test_each_hour_one_worker_of_all_sweeps_the_district(center_app, monkeypatch):
    """Every process runs the worker, and each read the whole district hourly (rows another
    had written were skipped: harmless, not free). A turn is claimed once; the others skip it
    without reading anything, and a turn its claimant did not finish is not taken twice."""
    from datetime import datetime

    from call_center.clock import SHANGHAI

    clock = [datetime(2026, 12, 7, 8, 0, tzinfo=SHANGHAI)]
    monkeypatch.setattr(offers, "now", lambda: clock[0])
    swept = []
    real_sweep = offers.sweep
    monkeypatch.setattr(offers, "sweep", lambda *a, **k: swept.append(clock[0]) or real_sweep(*a, **k))
    database = db_of(center_app)
    workers = [offers.sweep_for(database, 3600) for _ in range(4)]
    clock[0] = datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)
    assert [run() for run in workers] == [4, 0, 0, 0] and len(swept) == 1
    clock[0] = datetime(2026, 12, 7, 9, 50, tzinfo=SHANGHAI)
    assert [run() for run in workers] == [0, 0, 0, 0] and len(swept) == 1
    clock[0] = datetime(2026, 12, 7, 10, 0, tzinfo=SHANGHAI)
    workers[0] = offers.sweep_for(database, 3600)  # its process restarted: its first turn is an hour away
    assert [run() for run in workers] == [0, 0, 0, 0] and len(swept) == 2  # the second took the turn
    clock[0] = datetime(2026, 12, 7, 11, 0, tzinfo=SHANGHAI)
    for run in workers:
        run()
    assert len(swept) == 3


@pytest.mark.parametrize("policy_id", ["emergency_call_covered", "emergency_call_rescue_fee"])
def test_wanting_one_key_itself_opens_the_application_and_filing_it_answers_the_push(center_app, policy_id):
    """想办理 on a 一键通 policy made a consultation call-back, though 申请一键通 is a form she can
    fill there and then: the answer names the service it opens (catalog applies_through); the
    application she files answers the push — asked no more, never pushed again."""
    from .device_applications.helpers import application_body

    agent = Api(center_app, "agent")
    elder = "chen"  # 81: made to qualify (Shanghai hukou, alone, the means the policy asks, no 一键通)
    with db_of(center_app).writing() as db:
        row = db.get(Elder, center_app.demo.elders[elder])
        row.living_alone, row.service_package, row.hukou_shanghai = True, None, True
        row.economic_hardship = policy_id == "emergency_call_covered"
        for box in db.scalars(select(Device).where(Device.household_id == row.household_id)):
            box.active = False  # a box bound to her household is 一键通 she has (never offered)
        db.commit()
    pushed = agent.post(f"/v1/elders/{center_app.demo.elders[elder]}/policies/{policy_id}/push", key=uuid.uuid4().hex)
    assert pushed.status_code == 201, pushed.get_data(as_text=True)
    msg = next(m for m in policy_messages(agent, elder) if m["answers"])
    assert {a["id"]: a["opens"] for a in msg["answers"]} == {"apply": "device_application", "not_needed": None}
    filed = agent.post("/v1/requests", application_body(center_app.demo, elder, package="B") | {"mode": "self"},
                       key=uuid.uuid4().hex)
    assert filed.status_code == 201, filed.get_data(as_text=True)
    after = next(m for m in policy_messages(agent, elder) if m["id"] == msg["id"])
    assert after["answers"] == [] and after["request_id"] == filed.get_json()["id"]
    offered = next(p for p in policies(agent, elder) if p["id"] == policy_id)["offered"]
    assert offered["status"] == "applied" and offered["request_id"] == filed.get_json()["id"]


def test_other_policies_answers_open_nothing(center_app):
    offers.sweep(db_of(center_app))
    tv = Api(center_app, "tv_wang")
    assert all(a["opens"] is None for m in policy_messages(tv, "wang") for a in m["answers"])
