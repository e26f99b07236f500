"""慢病续方配药 (seed 000 §三(二)1(1)): a standing prescription renewed by an internet hospital's
doctor and delivered by a courier — 续方审核中 → 医生已续方 → 药品配送中 → 已送达, or the doctor
asks for a visit or a call first; the hospital down writes nothing; cancelled until it leaves."""
from __future__ import annotations

import time
from typing import Any

import pytest

from call_center.fulfilment import refills
from personal_data.masking import scrub

from .conftest import Api, assert_error, refill_body, row_counts


def follow_up(app: Any) -> int:
    centre = app.extensions["onekey"]
    return refills.follow_up(centre.db, centre.providers)


def get(api: Api, req: dict) -> dict:
    return api.get(f"/v1/requests/{req['id']}").get_json()


def messages_of(api: Api, req: dict, elder_key: str = "wang") -> list[dict]:
    return [m for m in api.get(f"/v1/elders/{api.demo.elders[elder_key]}/messages").get_json()
            if m["request_id"] == req["id"]]


def test_renewed_dispatched_and_delivered_each_step_told(make_center_app):
    app = make_center_app(sim_renewal_review_s=0, sim_delivery_s=0)
    tv = Api(app, "tv_wang")
    elder = tv.get(f"/v1/elders/{tv.demo.elders['wang']}").get_json()
    rx = elder["prescriptions"][0]
    assert rx["medicine"] == "苯磺酸氨氯地平片" and rx["condition"] == "高血压"
    r = tv.post("/v1/requests", refill_body(tv))
    assert r.status_code == 201, r.get_data(as_text=True)
    req = r.get_json()
    assert req["status"] == "in_progress" and req["result"]["stage"] == "reviewing"
    assert req["result"]["medicine"] == "苯磺酸氨氯地平片 5mg" and req["result"]["provider"] == "健康云互联网医院"
    assert req["cancellable"] is True
    assert follow_up(app) == 1
    req = get(tv, req)
    assert req["status"] == "confirmed" and req["result"]["stage"] == "delivering"
    result = req["result"]
    assert result["decision"] == f"医生已续方（{result['doctor']}）" and result["doctor"] and result["prescription_no"].startswith("CF")
    assert result["courier"] == "申城快递" and result["tracking_no"].startswith("SC")
    # whole on every screen and slip: 12 digits, never taken for a card number and masked
    assert scrub(result["tracking_no"]) == result["tracking_no"] and scrub(result["prescription_no"]) == result["prescription_no"]
    assert result["delivery_address"] == elder["home_address"]
    assert req["cancellable"] is False
    assert [e["status"] for e in req["events"]] == ["submitted", "accepted", "in_progress", "confirmed", "confirmed"]
    assert req["events"][-1]["note"].startswith("药品配送中")
    assert follow_up(app) == 1
    req = get(tv, req)
    assert req["status"] == "completed" and req["result"]["stage"] == "delivered" and req["result"]["delivered_at"]
    titles = sorted(m["title"] for m in messages_of(tv, req))
    assert titles == sorted(["续方已送医生审核", "医生已续方", "送药提醒", "药品已送达"])
    reminder = next(m for m in messages_of(tv, req) if m["kind"] == "reminder")
    assert result["tracking_no"] in reminder["body"] and "留人" in reminder["body"]
    assert follow_up(app) == 0  # nothing left to move


def test_the_doctor_takes_time_and_the_request_waits_in_review(make_center_app):
    app = make_center_app(sim_renewal_review_s=3600)
    tv = Api(app, "tv_wang")
    req = tv.post("/v1/requests", refill_body(tv)).get_json()
    assert follow_up(app) == 0
    assert get(tv, req)["status"] == "in_progress"


@pytest.mark.parametrize("doctor, code, words", [("visit", "doctor_asks_visit", "复诊"),
                                                 ("call", "doctor_asks_call", "打电话")])
def test_a_doctor_who_wants_a_visit_or_a_call_first_ends_it_with_their_words(make_center_app, doctor, code, words):
    app = make_center_app(sim_renewal_review_s=0, sim_renewal_doctor=doctor)
    tv = Api(app, "tv_wang")
    req = tv.post("/v1/requests", refill_body(tv)).get_json()
    assert follow_up(app) == 1
    req = get(tv, req)
    assert req["status"] == "failed" and req["failure"]["code"] == code
    assert words in req["failure"]["message"] and "话务员" in req["failure"]["message"]
    assert req["result"]["stage"] == doctor and req["result"]["doctor"]
    assert "tracking_no" not in req["result"]
    assert messages_of(tv, req)[0]["title"] == refills.STAGE_WORDS[doctor]


def test_a_prescription_last_seen_in_person_long_ago_needs_a_visit(make_center_app):
    """李国强's inhaler was last prescribed in person eight months ago (demo data)."""
    app = make_center_app(sim_renewal_review_s=0)
    li = Api(app, "tv_li")
    req = li.post("/v1/requests", refill_body(li, "li")).get_json()
    follow_up(app)
    assert get(li, req)["failure"]["code"] == "doctor_asks_visit"


@pytest.mark.parametrize("hour", [1, 7, 8, 23])
def test_the_internet_hospital_counts_and_dates_in_shanghai_days(monkeypatch, hour):
    """Before eight in the morning in Shanghai it is still yesterday in UTC: the half year since
    her visit in person was counted a day short, and the prescription written then was dated
    yesterday (CF261206… on 7 December) — by the hour the renewal was sent."""
    from datetime import date, datetime, timedelta, timezone

    from call_center.clock import SHANGHAI
    from call_center.providers import simulated
    from call_center.providers.base import RenewalOrder

    moment = datetime(2026, 12, 7, hour, 30, tzinfo=SHANGHAI)
    monkeypatch.setattr(simulated, "_now", lambda: moment.astimezone(timezone.utc))
    hospital = simulated.SimulatedRenewal(review_s=0)

    def outcome(days_ago: int) -> str:
        order = RenewalOrder("王秀英", "13800000000", "苯磺酸氨氯地平片", "5mg", "每日一次", "28片", "高血压",
                             "上海市第六人民医院", "心内科", date(2026, 12, 7) - timedelta(days=days_ago), "r1")
        return hospital.decision(hospital.submit(order).ticket_ref).outcome

    assert outcome(simulated.VISIT_WITHIN_DAYS) == "renewed"
    assert outcome(simulated.VISIT_WITHIN_DAYS + 1) == "visit"
    order = RenewalOrder("王秀英", "13800000000", "苯磺酸氨氯地平片", "5mg", "每日一次", "28片", "高血压",
                         "上海市第六人民医院", "心内科", date(2026, 11, 7), "r2")
    assert hospital.decision(hospital.submit(order).ticket_ref).prescription_no.startswith("CF261207")


def test_the_internet_hospital_down_writes_nothing(make_center_app):
    app = make_center_app(sim_renewal_down=True)
    tv = Api(app, "tv_wang")
    before = row_counts(app)
    error = assert_error(tv.post("/v1/requests", refill_body(tv)), 503, "provider_unavailable")
    assert "健康云互联网医院" in error["message"]
    assert row_counts(app) == before


def test_a_platform_down_during_the_follow_up_is_asked_again_later(make_center_app):
    app = make_center_app(sim_renewal_review_s=0, sim_delivery_s=3600)
    tv = Api(app, "tv_wang")
    req = tv.post("/v1/requests", refill_body(tv)).get_json()
    providers = app.extensions["onekey"].providers
    providers.renewal.down = True
    assert follow_up(app) == 0
    providers.renewal.down = False
    providers.courier.down = True
    assert follow_up(app) == 1  # renewed; the courier could not be reached
    assert get(tv, req)["result"]["stage"] == "renewed"
    providers.courier.down = False
    assert follow_up(app) == 1
    assert get(tv, req)["result"]["stage"] == "delivering"


def test_the_platforms_take_their_time(make_center_app):
    app = make_center_app(sim_latency_ms=300, sim_renewal_review_s=0)
    tv = Api(app, "tv_wang")
    started = time.monotonic()
    assert tv.post("/v1/requests", refill_body(tv)).get_json()["status"] == "in_progress"
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    follow_up(app)
    assert time.monotonic() - started >= 0.6  # the doctor's answer, then the courier


def test_cancelled_in_review_withdraws_it_but_not_once_the_parcel_has_left(make_center_app):
    app = make_center_app(sim_renewal_review_s=0, sim_delivery_s=3600)
    tv = Api(app, "tv_wang")
    first = tv.post("/v1/requests", refill_body(tv)).get_json()
    app.extensions["onekey"].providers.renewal.down = True
    assert_error(tv.post(f"/v1/requests/{first['id']}/cancel"), 503, "provider_unavailable")
    app.extensions["onekey"].providers.renewal.down = False
    assert tv.post(f"/v1/requests/{first['id']}/cancel").get_json()["status"] == "cancelled"
    assert follow_up(app) == 0  # a cancelled renewal is not followed up
    assert any(m["title"] == "续方配药已取消" for m in messages_of(tv, first))
    second = tv.post("/v1/requests", refill_body(tv)).get_json()
    follow_up(app)
    assert get(tv, second)["result"]["stage"] == "delivering"
    error = assert_error(tv.post(f"/v1/requests/{second['id']}/cancel"), 409, "invalid_transition")
    assert "已经发出" in error["message"]
    assert get(tv, second)["status"] == "confirmed"


def test_the_same_medicine_twice_is_refused_and_another_one_is_not(tv: Api):
    assert tv.post("/v1/requests", refill_body(tv)).status_code == 201
    assert_error(tv.post("/v1/requests", refill_body(tv)), 409, "already_booked")
    assert tv.post("/v1/requests", refill_body(tv, medicine=1)).status_code == 201


def test_someone_elses_prescription_and_an_address_outside_the_area_are_refused(tv: Api, agent: Api):
    zhang = agent.get(f"/v1/elders/{agent.demo.elders['zhang']}").get_json()
    body = refill_body(tv, prescription_id=zhang["prescriptions"][0]["id"])
    assert "form.prescription_id" in assert_error(tv.post("/v1/requests", body), 404, "not_found")["fields"]
    body = refill_body(tv, delivery_address="江苏省苏州市姑苏区人民路100号")
    assert "form.delivery_address" in assert_error(tv.post("/v1/requests", body), 422, "outside_service_area")["fields"]
    body = refill_body(tv)
    del body["form"]["delivery_address"]
    assert "form.delivery_address" in assert_error(tv.post("/v1/requests", body), 422, "validation_error")["fields"]


def test_an_agent_sends_a_call_mode_request_to_the_internet_hospital(make_center_app):
    app = make_center_app(sim_renewal_review_s=0)
    tv, agent = Api(app, "tv_wang"), Api(app, "agent")
    asked = tv.post("/v1/requests", refill_body(tv, mode="call", prescription_id=None,
                                                delivery_address=None)).get_json()
    assert asked["status"] == "submitted"
    for step in ("accepted", "in_progress"):
        assert agent.post(f"/v1/requests/{asked['id']}/transitions", {"to": step}).status_code == 200
    done = agent.post(f"/v1/requests/{asked['id']}/transitions",
                      {"to": "confirmed", "form": refill_body(tv)["form"]}).get_json()
    assert done["status"] == "in_progress" and done["result"]["stage"] == "reviewing", done
    assert done["events"][-1]["actor"] == "provider:健康云互联网医院"
    follow_up(app)
    assert get(tv, done)["result"]["stage"] == "delivering"


def test_the_worker_sweep_runs_the_follow_up(make_center_app):
    from call_center.alarms import desk as desk_of
    from call_center.alarms.worker import EscalationWorker

    app = make_center_app(sim_renewal_review_s=0)
    tv = Api(app, "tv_wang")
    req = tv.post("/v1/requests", refill_body(tv)).get_json()
    with app.app_context():
        desk = desk_of()
        worker = EscalationWorker(desk.database, desk)
        worker.sweep()  # the follow-ups start on their own thread: an alarm step never waits
        worker.wait_follow_ups(10)
        worker.close()
    assert get(tv, req)["result"]["stage"] == "delivering"


def test_a_stuck_internet_hospital_never_holds_up_the_alarm_worker(make_center_app):
    """The sweep starts the follow-up on a thread of its own: while the hospital hangs, the
    sweep has returned (alarm steps go on) and a second sweep does not start a second round."""
    import threading

    from call_center.alarms import desk as desk_of
    from call_center.alarms.worker import EscalationWorker

    app = make_center_app(sim_renewal_review_s=0)
    tv = Api(app, "tv_wang")
    req = tv.post("/v1/requests", refill_body(tv)).get_json()
    renewal = app.extensions["onekey"].providers.renewal
    asked, release = threading.Event(), threading.Event()
    answer = renewal.decision
    calls = []

    def hanging(ref: str):
        calls.append(ref)
        asked.set()
        release.wait(10)
        return answer(ref)

    renewal.decision = hanging
    with app.app_context():
        desk = desk_of()
        worker = EscalationWorker(desk.database, desk)
        worker.sweep()
        assert asked.wait(10)  # the hospital is being asked …
        worker.sweep()         # … and the worker's sweep is free again
        release.set()
        worker.wait_follow_ups(10)
        worker.close()
    assert len(calls) == 1
    assert get(tv, req)["result"]["stage"] == "delivering"


def _supplied_until(app: Any, prescription_id: str, day) -> None:
    """As if the last delivery had come earlier: the supply it gave lasts to ``day``."""
    from call_center.models import Prescription

    with app.extensions["onekey"].db.session(write=True) as s:
        s.get(Prescription, prescription_id).supplied_until = day
        s.commit()


def test_the_same_pills_are_not_renewed_again_while_the_last_delivery_lasts(make_center_app):
    """Trial #18: the same medicine was renewed minutes after it came. A delivery sets how
    long it lasts (28 days for 28片（四周）); a renewal is taken in the last week of that, and a
    refusal says to when it lasts, from when it is taken, and who to ask when pills are short."""
    from datetime import date, timedelta

    from call_center.clock import today

    app = make_center_app(sim_renewal_review_s=0, sim_delivery_s=0)
    tv = Api(app, "tv_wang")
    req = tv.post("/v1/requests", refill_body(tv)).get_json()
    assert follow_up(app) == 1 and follow_up(app) == 1  # renewed and sent; delivered
    delivered = date.fromisoformat(get(tv, req)["result"]["delivered_at"][:10])
    rx = tv.get(f"/v1/elders/{tv.demo.elders['wang']}").get_json()["prescriptions"][0]
    assert rx["supplied_until"] == (delivered + timedelta(days=28)).isoformat()
    assert rx["renewable_from"] == (delivered + timedelta(days=21)).isoformat()
    refused = assert_error(tv.post("/v1/requests", refill_body(tv)), 409, "already_booked")
    assert "form.prescription_id" in refused["fields"]
    message = refused["message"]
    assert "苯磺酸氨氯地平片" in message and "够吃到" in message and "起可以再续" in message and "人工" in message
    assert tv.post("/v1/requests", refill_body(tv, medicine=1)).status_code == 201  # the other pills: yes
    # The last week of the supply: taken; a day before it: not yet.
    _supplied_until(app, rx["id"], today() + timedelta(days=8))
    assert_error(tv.post("/v1/requests", refill_body(tv)), 409, "already_booked")
    _supplied_until(app, rx["id"], today() + timedelta(days=7))
    assert tv.post("/v1/requests", refill_body(tv)).status_code == 201


def test_an_agent_on_the_phone_is_held_to_the_same_supply(make_center_app):
    """The rule is the service's, not a channel's: a call-back she asked for, which an agent
    sends on to the internet hospital, is refused the same way while the last delivery lasts."""
    from datetime import timedelta

    from call_center.clock import today

    app = make_center_app(sim_renewal_review_s=0, sim_delivery_s=0)
    tv, agent = Api(app, "tv_wang"), Api(app, "agent")
    rx = tv.get(f"/v1/elders/{tv.demo.elders['wang']}").get_json()["prescriptions"][0]
    _supplied_until(app, rx["id"], today() + timedelta(days=20))
    assert_error(tv.post("/v1/requests", refill_body(tv)), 409, "already_booked")
    asked = tv.post("/v1/requests", refill_body(tv, mode="call", prescription_id=None,
                                                delivery_address=None)).get_json()
    for step in ("accepted", "in_progress"):
        assert agent.post(f"/v1/requests/{asked['id']}/transitions", {"to": step}).status_code == 200
    refused = agent.post(f"/v1/requests/{asked['id']}/transitions",
                         {"to": "confirmed", "form": refill_body(tv)["form"]})
    assert_error(refused, 409, "already_booked")
    assert get(tv, asked)["status"] == "in_progress"  # still hers to help with by phone
