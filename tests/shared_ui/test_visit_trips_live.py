"""The trial's path against a real centre: a 10:00 visit booked, then 特殊用车 (自己坐车, 要人背我
上下楼) and a taxi to it from the TV's flows; the car's window ends in time for the visit and its
result says when she is picked up and when she is delivered; cancelling the visit names it
(hospital, department, time) and the trips going to it, and cancels them with it."""
from datetime import datetime, timedelta

import pytest

from call_center.fulfilment import visits
from shared_ui.flow.choices import SHANGHAI

from .test_flow_live import tv_runner

pytestmark = pytest.mark.integration


def _ten_oclock_visit(client, elder):
    """A 10:00 visit of her favourite department, two days ahead or later."""
    fav = elder["favourites"]
    soon = datetime.now(SHANGHAI) + timedelta(days=2)
    slot = next(s for s in client.slots(fav["hospital_id"], fav["department_id"])
                if s.remaining > 0 and datetime.fromisoformat(s.start) > soon and
                datetime.fromisoformat(s.start).astimezone(SHANGHAI).hour == 10)
    return client.create_request(elder["id"], "registration", {
        "hospital_id": fav["hospital_id"], "department_id": fav["department_id"], "slot_id": slot.id})


@pytest.mark.parametrize("stairs", ["carry", "self"])
def test_a_special_vehicle_to_the_visit_comes_in_time_and_goes_when_the_visit_is_cancelled(live_center, stairs):
    runner, client, elder = tv_runner(live_center, "tv_li")
    visit = _ten_oclock_visit(client, elder)
    start = datetime.fromisoformat(visit.result["start"])
    runner.send("select", "menu:more")
    runner.send("select", "special_vehicle")
    runner.send("select", "seated")
    review = runner.send("select", stairs)
    assert review.screen.kind == "review", review.screen
    facts = {f.label: f.value for f in review.screen.facts}
    latest = start - visits.before_visit(stairs == "carry")
    assert f"到{latest.hour}:{latest.minute:02d}之间，赶上看病" in facts["接您时间"], facts
    done = runner.send("confirm")
    assert done.screen.kind == "result", (done.screen, done.speech)
    shown = {f.label: f.value for f in done.screen.facts}
    assert "最晚到" not in shown and shown["最晚来接"] and shown["最晚送到"] and shown["看病时间"], shown
    car = client.requests_for(elder["id"], service="special_vehicle", status="confirmed")[0]
    assert datetime.fromisoformat(car.result["pickup_until"]) <= latest

    runner.send("home")
    taxi = runner.send("select", "taxi")
    assert taxi.screen.kind == "review", taxi.screen
    runner.send("confirm")
    cab = client.requests_for(elder["id"], service="taxi", status="confirmed")[0]
    assert datetime.fromisoformat(cab.result["pickup_time"]) <= start - visits.before_visit()

    runner.send("home")
    runner.send("select", "my_requests")
    runner.send("select", visit.id)
    ask = runner.send("select", "cancel_request")
    assert ask.screen.id == "confirm:cancel", ask.screen
    said = ask.screen.body + ask.speech
    for words in (visit.result["hospital_name"], visit.result["department_name"], "10:00", "特殊用车", "出租车",
                  cab.result["plate"], car.result["plate"]):
        assert words in said, (words, said)
    done = runner.send("select", "yes")
    assert done.screen.kind == "notice" and "也一起取消了" in done.speech, done.speech
    assert client.get_request(visit.id).status == "cancelled"
    assert client.get_request(car.id).status == "cancelled" and client.get_request(cab.id).status == "cancelled"


def test_a_visit_cancelled_elsewhere_says_the_car_still_coming(live_center):
    """Cancelled without naming its trips (an older client, an agent's API call): the answer
    and her message list the car still coming for it."""
    runner, client, elder = tv_runner(live_center, "tv_li")
    visit = _ten_oclock_visit(client, elder)
    start = datetime.fromisoformat(visit.result["start"])
    cab = client.create_request(elder["id"], "taxi", {
        "pickup_address": elder["home_address"], "destination_address": visit.result["hospital_address"],
        "pickup_time": (start - timedelta(minutes=90)).isoformat(), "passengers": 1})
    assert [t["id"] for t in client.get_request(visit.id).linked] == [cab.id]
    answered = client.cancel_request(visit.id)
    assert [t["id"] for t in answered.linked] == [cab.id] and "出租车" in answered.linked[0]["words"]
    said = [m for m in client.messages(elder["id"], due=False) if m.request_id == visit.id and m.kind == "status"]
    assert any("还约着" in m.body and "出租车" in m.body for m in said), [m.body for m in said]
    assert client.get_request(cab.id).status == "confirmed"
