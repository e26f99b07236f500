"""Registration: booked through the (simulated) 健康云 inside the POST, reminders, cancel."""
from __future__ import annotations

from datetime import datetime, timedelta

from call_center.clock import SHANGHAI, now
from call_center.config import Settings
from call_center.providers import Providers, build
from call_center.providers.simulated import SimulatedRegistration

from .conftest import Api, assert_error, registration_body, row_counts


def test_self_mode_books_now_with_every_transition(tv: Api):
    slot = tv.free_slot()
    r = tv.book(slot)
    assert r.status_code == 201
    req = r.get_json()
    assert req["status"] == "confirmed" and req["mode"] == "self" and req["channel"] == "tv"
    assert [e["status"] for e in req["events"]] == ["submitted", "accepted", "in_progress",
                                                    "confirmed"]
    assert req["events"][0]["actor"].startswith("tv:")
    assert req["events"][-1]["actor"] == "provider:健康云"
    result = req["result"]
    assert result["hospital_name"] == "上海市第六人民医院"
    assert result["department_name"] == "心内科"
    assert result["start"] == slot["start"] and result["end"] == slot["end"]
    assert result["queue_number"] == slot["capacity"] - slot["remaining"] + 1
    assert result["fee_yuan"] == slot["fee_yuan"]
    assert result["booking_ref"].startswith("JKY")
    assert result["provider"] == "健康云"
    assert "医保卡" in result["bring"] and result["arrive_minutes_early"] == 30
    assert req["failure"] is None
    assert req["created_at"].endswith("+08:00")
    # What the form keeps by id, by name too (a receipt of a request still waiting shows it).
    assert req["form_labels"]["hospital_id"] == "上海市第六人民医院"
    assert req["form_labels"]["department_id"] == "心内科"
    again = next(s for s in tv.favourite_slots() if s["id"] == slot["id"])
    assert again["remaining"] == slot["remaining"] - 1


def test_the_booking_number_carries_the_visits_shanghai_day():
    """A 7:30 session is still the day before in UTC (as the centre stores it): its number said
    JKY20261207… for a visit on the 8th."""
    from datetime import timezone

    from call_center.providers.base import SlotBooking

    for start in (datetime(2026, 12, 8, 7, 30, tzinfo=SHANGHAI), datetime(2026, 12, 8, 14, 0, tzinfo=SHANGHAI)):
        booking = SlotBooking("s1", "上海市第六人民医院", "心内科", "刘建华", start.astimezone(timezone.utc), 6, 0,
                              "王秀英", "310101194001011234", "13800000000")
        assert SimulatedRegistration().book(booking).booking_ref.startswith("JKY20261208")


def test_two_reminders_evening_before_and_two_hours_before(tv: Api):
    # A slot at least two days away, so both reminders lie in the future.
    slot = next(s for s in tv.favourite_slots() if s["remaining"] > 0 and
                datetime.fromisoformat(s["start"]).date() >= now().date() + timedelta(days=2))
    req = tv.book(slot).get_json()
    messages = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
    reminders = sorted((m for m in messages if m["request_id"] == req["id"]
                        and m["kind"] == "reminder"), key=lambda m: m["due_at"])
    start = datetime.fromisoformat(slot["start"])
    evening = datetime.combine(start.date() - timedelta(days=1), datetime.min.time(),
                               SHANGHAI).replace(hour=19)
    assert [datetime.fromisoformat(m["due_at"]) for m in reminders] == [
        evening, start - timedelta(hours=2)]
    # The date in full (never 明天: a reminder read a day late is still true), spoken as shown.
    assert reminders[0]["body"].startswith(f"王阿姨，{start.month}月{start.day}日（星期")
    assert reminders[0]["speech"] == f"看病提醒。{reminders[0]['body']}"
    assert "上海市第六人民医院心内科" in reminders[0]["speech"]
    assert f"您是{req['result']['queue_number']}号" in reminders[1]["speech"]
    # not yet due: hidden with due=true
    due = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages", due="true").get_json()
    assert not any(m["id"] in {r["id"] for r in reminders} for m in due)
    status = [m for m in messages if m["request_id"] == req["id"] and m["kind"] == "status"]
    assert len(status) == 1 and status[0]["title"] == "挂号成功"


def test_a_visit_booked_close_to_its_time_gets_one_reminder_not_two(tv: Api, monkeypatch):
    """Booked within two hours of the visit: both reminder times have passed, so there is one
    看病提醒, due now — never the same reminder twice."""
    from call_center.fulfilment import notices

    slot = tv.free_slot(skip=2)
    start = datetime.fromisoformat(slot["start"])
    monkeypatch.setattr(notices, "now", lambda: start - timedelta(minutes=20))
    req = tv.book(slot).get_json()
    messages = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
    reminders = [m for m in messages if m["request_id"] == req["id"] and m["kind"] == "reminder"]
    assert len(reminders) == 1
    assert datetime.fromisoformat(reminders[0]["due_at"]) == start - timedelta(minutes=20)


def test_cancel_frees_the_slot_and_withdraws_reminders(tv: Api):
    slot = tv.free_slot(skip=1)
    req = tv.book(slot).get_json()
    r = tv.post(f"/v1/requests/{req['id']}/cancel")
    assert r.status_code == 200
    cancelled = r.get_json()
    assert cancelled["status"] == "cancelled"
    assert cancelled["events"][-1]["status"] == "cancelled"
    assert next(s for s in tv.favourite_slots() if s["id"] == slot["id"])["remaining"] == \
        slot["remaining"]
    messages = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
    mine = [m for m in messages if m["request_id"] == req["id"]]
    assert not [m for m in mine if m["kind"] == "reminder"]
    assert any(m["title"] == "挂号已取消" for m in mine)
    # cancelling twice is an illegal transition
    assert_error(tv.post(f"/v1/requests/{req['id']}/cancel"), 409, "invalid_transition")


def test_booking_the_same_slot_twice_is_refused(center_app, tv: Api):
    slot = tv.free_slot()
    assert tv.book(slot).status_code == 201
    before = row_counts(center_app)
    assert_error(tv.book(slot), 409, "already_booked")
    assert row_counts(center_app) == before


def _day(slot: dict) -> object:
    return datetime.fromisoformat(slot["start"]).astimezone(SHANGHAI).date()


def _free_from_a_full_day(tv: Api) -> list[dict]:
    """The department's free slots from the first day with two or more left (at any hour of
    the run: late in the evening, today may have one or none)."""
    free = [s for s in tv.favourite_slots() if s["remaining"] > 0]
    days = [_day(s) for s in free]
    first = next(d for d in days if days.count(d) >= 2)
    return [s for s in free if _day(s) >= first]


def test_one_number_a_department_a_day_for_every_slot_pair(center_app, tv: Api):
    """Hospitals give one patient one number a department a day: with a slot held, every
    other slot of that department on that day is refused (with the held day and time in
    words, nothing written), every slot on another day is still booked."""
    free = _free_from_a_full_day(tv)
    held = free[0]
    assert tv.book(held).status_code == 201
    same_day = [s for s in free[1:] if _day(s) == _day(held)]
    other_days = [s for s in free[1:] if _day(s) != _day(held)]
    assert same_day and other_days, "the demo has several slots a day in the department"
    start = datetime.fromisoformat(held["start"]).astimezone(SHANGHAI)
    for slot in same_day:
        before = row_counts(center_app)
        body = assert_error(tv.book(slot), 409, "already_booked")
        assert f"{start.month}月{start.day}日" in body["message"] and "心内科" in body["message"]
        assert "同一天同一个科室只能挂一个号" in body["message"]
        assert body["fields"] == {"form.slot_id": "这一天已经挂过这个科室的号了。"}
        assert row_counts(center_app) == before
    booked_days = {_day(held)}
    for slot in other_days:
        if _day(slot) in booked_days:
            assert_error(tv.book(slot), 409, "already_booked")
        else:
            assert tv.book(slot).status_code == 201
            booked_days.add(_day(slot))


def test_another_department_the_same_day_and_a_cancelled_number_do_not_count(tv: Api):
    free = _free_from_a_full_day(tv)
    first = tv.book(free[0]).get_json()
    other_departments = [d for d in tv.get(f"/v1/catalog/hospitals/{free[0]['hospital_id']}/departments")
                         .get_json() if d["id"] != free[0]["department_id"]]
    elsewhere = [s for d in other_departments for s in tv.get(
        "/v1/catalog/slots", hospital_id=free[0]["hospital_id"], department_id=d["id"]).get_json()
        if s["remaining"] > 0 and _day(s) == _day(free[0])]
    assert elsewhere, "the demo has another department's slot on that day"
    assert tv.book(elsewhere[0]).status_code == 201
    again = next(s for s in free[1:] if _day(s) == _day(free[0]))
    assert_error(tv.book(again), 409, "already_booked")
    assert tv.post(f"/v1/requests/{first['id']}/cancel").status_code == 200
    assert tv.book(again).status_code == 201


def test_an_agent_confirming_a_call_is_held_to_one_number_a_day(tv: Api, agent: Api):
    free = _free_from_a_full_day(tv)
    assert tv.book(free[0]).status_code == 201
    same_day = next(s for s in free[1:] if _day(s) == _day(free[0]))
    rid = tv.post("/v1/requests", registration_body(tv.demo, same_day, mode="call") |
                  {"form": {"hospital_id": same_day["hospital_id"]}}).get_json()["id"]
    for to in ("accepted", "in_progress"):
        assert agent.post(f"/v1/requests/{rid}/transitions", {"to": to}).status_code == 200
    form = {"hospital_id": same_day["hospital_id"], "department_id": same_day["department_id"],
            "slot_id": same_day["id"]}
    assert_error(agent.post(f"/v1/requests/{rid}/transitions", {"to": "confirmed", "form": form}),
                 409, "already_booked")


def test_last_number_then_full(center_app, agent: Api):
    from call_center.models import Slot

    slot = agent.free_slot()
    with center_app.extensions["onekey"].db.session(write=True) as s:
        row = s.get(Slot, slot["id"])
        row.booked = row.capacity - 1
        s.commit()
    last = agent.book(slot, elder_key="wang")
    assert last.status_code == 201
    assert last.get_json()["result"]["queue_number"] == slot["capacity"]
    assert next(s for s in agent.favourite_slots() if s["id"] == slot["id"])["remaining"] == 0
    before = row_counts(center_app)
    assert_error(agent.book(slot, elder_key="li"), 409, "slot_full")
    assert row_counts(center_app) == before


def test_registration_platform_down_writes_nothing(make_center_app):
    app = make_center_app(sim_registration_down=True)
    api = Api(app, "tv_wang")
    before = row_counts(app)
    error = assert_error(api.book(api.free_slot()), 503, "provider_unavailable")
    assert "健康云" in error["message"]
    assert row_counts(app) == before


def test_cancel_while_platform_down_keeps_the_booking(make_center_app):
    registration = SimulatedRegistration()
    app = make_center_app(providers=Providers(registration=registration,
                                              rides=build(Settings()).rides))
    api = Api(app, "tv_wang")
    req = api.book(api.free_slot()).get_json()
    registration.down = True
    before = row_counts(app)
    assert_error(api.post(f"/v1/requests/{req['id']}/cancel"), 503, "provider_unavailable")
    assert row_counts(app) == before
    assert api.get(f"/v1/requests/{req['id']}").get_json()["status"] == "confirmed"


class RecordingRegistration(SimulatedRegistration):
    """The simulated platform, remembering what it was asked (to check compensation)."""

    def __init__(self) -> None:
        super().__init__()
        self.booked: list[str] = []
        self.cancelled: list[str] = []

    def book(self, booking):  # type: ignore[no-untyped-def]
        result = super().book(booking)
        self.booked.append(result.booking_ref)
        return result

    def cancel(self, booking_ref: str) -> None:
        super().cancel(booking_ref)
        self.cancelled.append(booking_ref)


def test_a_failure_after_booking_gives_the_number_back(make_center_app, monkeypatch):
    from call_center.errors import ApiError
    from call_center.fulfilment import notices

    platform = RecordingRegistration()
    app = make_center_app(providers=Providers(registration=platform, rides=build(Settings()).rides))
    api = Api(app, "tv_wang")
    slot = api.free_slot()
    before = row_counts(app)

    def broken(*_a, **_k):
        raise ApiError("internal_error")

    monkeypatch.setattr(notices, "registration_reminders", broken)
    r = api.book(slot)
    assert r.status_code == 500
    assert platform.booked and platform.cancelled == platform.booked
    assert row_counts(app) == before


def test_call_mode_waits_for_an_agent_who_books_it(center_app, tv: Api, agent: Api):
    # Two days ahead or more: both reminders lie in the future whatever the hour of the run
    # (a visit booked at 06:00 for 08:30 has its two reminder times behind it: one reminder).
    slot = next(s for s in tv.favourite_slots() if s["remaining"] > 0 and
                datetime.fromisoformat(s["start"]).date() >= now().date() + timedelta(days=2))
    r = tv.post("/v1/requests", registration_body(tv.demo, slot, mode="call") |
                {"form": {"hospital_id": slot["hospital_id"]}})
    assert r.status_code == 201
    req = r.get_json()
    assert req["status"] == "submitted" and req["form"] == {"hospital_id": slot["hospital_id"]}
    rid = req["id"]
    for to in ("accepted", "in_progress"):
        assert agent.post(f"/v1/requests/{rid}/transitions", {"to": to}).status_code == 200
    form = {"hospital_id": slot["hospital_id"], "department_id": slot["department_id"],
            "slot_id": slot["id"]}
    done = agent.post(f"/v1/requests/{rid}/transitions",
                      {"to": "confirmed", "form": form, "note": "电话确认"}).get_json()
    assert done["status"] == "confirmed"
    assert done["result"]["booking_ref"].startswith("JKY")
    assert done["events"][-1]["actor"] == "provider:健康云"
    reminders = [m for m in tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json()
                 if m["request_id"] == rid and m["kind"] == "reminder"]
    assert len(reminders) == 2
