"""The kiosk as an elder uses it, by touch: identify, book, the result."""
from __future__ import annotations

import pytest

from .conftest import ARTIFACTS, identify

pytestmark = [pytest.mark.ui, pytest.mark.integration]


def test_identify_by_id_number_then_book_the_favourite_earliest(new_kiosk, live_center):
    kiosk = new_kiosk()
    assert kiosk.screen.id == "identify"
    kiosk.screenshot(ARTIFACTS / "identify.png")
    kiosk.tap("id_number")
    assert kiosk.screen.id == "identify:id_number" and kiosk.screen.input.keypad == "id_number"
    kiosk.screenshot(ARTIFACTS / "keypad.png")
    kiosk.keypad(live_center.id_numbers["wang"])
    assert kiosk.screen.id == "identify:phone_tail"
    kiosk.keypad("5871")
    assert kiosk.screen.id == "home", kiosk.screen
    kiosk.screenshot(ARTIFACTS / "home.png")
    kiosk.tap("registration")
    assert kiosk.screen.kind == "review"
    kiosk.screenshot(ARTIFACTS / "review.png")
    kiosk.tap("confirm")
    assert kiosk.screen.kind == "result", kiosk.screen
    kiosk.screenshot(ARTIFACTS / "result.png")


def test_a_wrong_check_digit_is_explained_aloud_and_a_wrong_phone_tail_asks_again(new_kiosk, live_center):
    kiosk = new_kiosk()
    number = live_center.id_numbers["wang"]
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    kiosk.tap("id_number")
    kiosk.keypad(wrong)
    assert kiosk.screen.id == "identify:id_number" and "校验" in kiosk.speech.last
    assert "校验" in kiosk.screen.body
    kiosk.keypad(number)
    kiosk.keypad("0000")                       # not her phone
    assert kiosk.screen.id == "identify:recheck" and kiosk.app.host.session.elder is None
    assert kiosk.screen.body and kiosk.speech.last and number not in kiosk.screen.body  # masked
    kiosk.tap("keep_id")                       # the 18 digits kept: only the tail again
    assert kiosk.screen.id == "identify:phone_tail"
    kiosk.keypad("0000")
    kiosk.scan(number)                         # or the card reader, at the same question
    assert kiosk.screen.id == "identify:phone_tail"
    kiosk.keypad("5871")
    assert kiosk.screen.id == "home"


def test_five_misses_pause_and_offer_a_person(new_kiosk, live_center):
    kiosk = new_kiosk()
    for _ in range(5):
        kiosk.scan(live_center.id_numbers["li"])   # his card, but not his phone
        kiosk.keypad("0000")
    # the person is offered where 找人工 always is, the fixed row — not a second 找人工 above it
    assert kiosk.screen.id == "identify:paused" and kiosk.tile("nav:help")
    assert [t.item_id for t in kiosk.app.shell.view.tiles] == []
    kiosk.screenshot(ARTIFACTS / "paused.png")


def test_a_shaky_finger_still_taps_a_slide_away_and_a_double_touch_do_not(new_kiosk, live_center):
    kiosk = new_kiosk()
    identify(kiosk, live_center.id_numbers["wang"])
    kiosk.tap("registration", wobble=kiosk.app.look.tap_slop * 0.7)     # a shaky finger
    assert kiosk.screen.kind == "review"
    x, y = kiosk.centre_of("confirm")
    kiosk.wait_guard()
    kiosk.touch(x, y, moves=((kiosk.app.look.tap_slop * 3, 0),))         # slid off: changed its mind
    kiosk.settle()
    assert kiosk.screen.kind == "review"
    taps = kiosk.app.controller.taps
    kiosk.touch(x, y)
    kiosk.frames(2)
    kiosk.touch(x + 3, y - 2)                 # the tremor's second touch, at once
    kiosk.settle()
    assert kiosk.screen.kind == "result" and kiosk.app.controller.taps == taps + 1
    bookings = [r for r in kiosk.app.host.client.requests_for(live_center.elders["wang"], service="registration")
                if r.channel == "kiosk"]
    assert len({r.id for r in bookings if r.status == "confirmed"}) >= 1


def test_sos_is_a_hold_with_progress_a_tap_or_a_lean_sends_nothing(new_kiosk, live_center):
    """(Each held control, each way a finger meets it: test_kiosk_holds.py.) What a tap shows
    is watched as it comes and goes — its hint stays 4 s, which a loaded machine's settling
    after a tap once outlasted before the label was looked at."""
    from kiosk_app import strings as S
    from kiosk_app.probe import Finger

    kiosk = new_kiosk()
    identify(kiosk, live_center.id_numbers["wang"])
    shown = {item_id: [] for item_id in ("emergency", "nav:sos")}
    for item_id, labels in shown.items():
        kiosk.tile(item_id).bind(label=lambda _tile, label, labels=labels: labels.append(label))
    kiosk.tap("emergency")
    assert kiosk.screen.id == "home" and kiosk.speech.said[-1] == S.SOS_HOLD   # how to hold, not 松手了
    # Seen too, on the tile itself (a tap drew nothing: for who cannot hear, nothing happened),
    # and on the fixed row's key the same; then each reads as before.
    kiosk.screenshot(ARTIFACTS / "sos-tapped.png")
    kiosk.pause(kiosk.app.settings.repeat_tap_s)
    kiosk.tap("nav:sos")
    kiosk.wait_until(lambda: all(labels[-1:] == ["紧急求助"] for labels in shown.values()),
                     10 + 4.0, "the tiles' own labels again")
    assert shown == {"emergency": ["请按住不放", "紧急求助"], "nav:sos": ["请按住不放", "紧急求助"]}
    x, y = kiosk.centre_of("emergency")
    palm = Finger(x, y)                       # a lean: the hand and another part of it
    palm.down()
    kiosk.frames(1)
    other = Finger(x + 200, y + 150)
    other.down()
    kiosk.pause(1.3)
    other.up()
    palm.up()
    kiosk.settle()
    assert kiosk.screen.kind != "alarm"
    kiosk.wait_guard()
    kiosk.app.shell.hold_s = 600.0            # half a bar, however slowly this machine draws
    half = Finger(x, y)
    half.down()
    kiosk.wait_until(lambda: kiosk.tile("emergency").hold > 0, 10, "the bar")
    kiosk.pause(kiosk.app.settings.sos_tap_s)  # more than a tap
    touch_id, tile, start, tick = kiosk.app.shell._holding
    kiosk.app.shell._holding = (touch_id, tile, start - 300.0, tick)   # the picture: half its bar, 300 s to go
    kiosk.frames(2)
    kiosk.screenshot(ARTIFACTS / "sos-holding.png")
    assert 0 < kiosk.tile("emergency").hold < 1
    half.up()
    kiosk.settle()
    assert kiosk.screen.kind != "alarm" and kiosk.speech.said[-1] == S.SOS_LET_GO
    kiosk.app.shell.hold_s = kiosk.app.settings.sos_hold_s
    kiosk.hold("emergency")   # until its bar fills
    kiosk.wait_until(lambda: kiosk.screen.kind == "alarm" and kiosk.screen.status == "raised", 10, "the alarm")
    kiosk.screenshot(ARTIFACTS / "alarm.png")
    client = kiosk.app.host.client
    mine = [a for a in client.open_alarms() if a["elder_id"] == live_center.elders["wang"]]
    assert len(mine) == 1 and mine[0]["channel"] == "kiosk"
    kiosk.tap("im_ok")
    kiosk.wait_until(lambda: client.open_alarms() == [], 10, "the centre to cancel")


def test_the_escorts_emergency_answer_is_held_like_the_sos_tile(new_kiosk, live_center):
    """陪诊's 急病叫救护车 is the alarm: on a kiosk a tap only says how, a hold raises it."""
    kiosk = new_kiosk()
    identify(kiosk, live_center.id_numbers["wang"])
    kiosk.tap("menu:more")
    assert kiosk.screen.id == "menu:more"
    kiosk.tap("escort")
    assert kiosk.screen.id == "field:escort:need"
    kiosk.tap("emergency")
    assert kiosk.screen.id == "field:escort:need" and "不要松手" in kiosk.speech.last
    kiosk.hold("emergency")   # until its bar fills
    kiosk.wait_until(lambda: kiosk.screen.kind == "alarm" and kiosk.screen.status == "raised", 10, "the alarm")
    client = kiosk.app.host.client
    assert len([a for a in client.open_alarms() if a["elder_id"] == live_center.elders["wang"]]) == 1
    kiosk.tap("im_ok")
    kiosk.wait_until(lambda: client.open_alarms() == [], 10, "the centre to cancel")


@pytest.fixture(scope="module")
def cups():
    from tests.print_server import start_print_server

    server = start_print_server()
    yield server
    server.stop()


def test_a_booking_prints_its_slip_and_paper_out_is_told_and_printable_later(new_kiosk, live_center, cups,
                                                                            monkeypatch):
    import subprocess

    monkeypatch.setenv("CUPS_SERVER", cups.socket)
    kiosk = new_kiosk(printer="slip")
    identify(kiosk, live_center.id_numbers["wang"])
    kiosk.tap("registration")
    kiosk.tap("confirm")
    assert kiosk.screen.kind == "result" and kiosk.tile("print")
    request_id = kiosk.screen.record_id
    kiosk.wait_until(lambda: len(kiosk.app.slips) >= 1, 30, "the slip made on confirmation")
    before = cups.pdfs()
    kiosk.tap("print")
    kiosk.wait_until(lambda: kiosk.screen.kind == "result" and "取走" in " ".join(kiosk.screen.notes), 30,
                     "the printer's answer")
    assert "取走" in kiosk.speech.last
    printed = cups.new_pdf(before)
    text = subprocess.run(["pdftotext", "-layout", str(printed), "-"], capture_output=True, text=True).stdout
    from personal_data.references import reference

    for words in ("挂号成功", "王*英", "上海市第六人民医院", "心内科", f"受理号 {reference(request_id)}"):
        assert words in text, (words, text)
    assert request_id not in text  # the 受理号 is read out, the centre's id is not printed
    assert "王秀英" not in text and live_center.id_numbers["wang"] not in text    # masked on paper
    kiosk.screenshot(ARTIFACTS / "printed.png")

    kiosk.app.settings.printer = "slip-empty"                 # the roll runs out
    kiosk.tap("print")
    kiosk.wait_until(lambda: "加纸" in " ".join(kiosk.screen.notes), 30, "paper out told")
    assert "工作人员" in kiosk.speech.last and "我的服务" in kiosk.speech.last
    # no paper: 发给家人 is not offered — she has nobody bound to receive it (paper_or_family tests)
    assert kiosk.app.shell.tile("share") is None and kiosk.tile("print")
    kiosk.tap("my_requests")                                  # later: 我的服务 → the booking → 打印凭条
    kiosk.tap(request_id)
    assert kiosk.screen.kind == "detail" and kiosk.tile("print")
    kiosk.app.settings.printer = "slip"                       # the volunteer swapped the printer
    before = cups.pdfs()
    kiosk.tap("print")
    kiosk.wait_until(lambda: "取走" in (kiosk.screen.body or ""), 30, "printed from 我的服务")
    assert cups.new_pdf(before)


def test_without_a_printer_the_slip_goes_to_the_family(new_kiosk, live_center):
    kiosk = new_kiosk(printer="")                             # a station with no printer
    identify(kiosk, live_center.id_numbers["zhang"], tail="1546")  # her daughter is bound (demo)
    kiosk.tap("registration")
    kiosk.tap("confirm")
    assert kiosk.screen.kind == "result" and kiosk.tile("share") and kiosk.app.shell.tile("print") is None
    kiosk.tap("share")
    kiosk.wait_until(lambda: "凭条已经发给您的" in " ".join(kiosk.screen.notes), 30, "sent to the family")
    assert "凭条已经发给您的" in kiosk.speech.last and "陈静" not in " ".join(kiosk.screen.notes)
    assert kiosk.app.shell.tile("share") is None              # once is enough
    kiosk.screenshot(ARTIFACTS / "sent-to-family.png")


def test_a_taxi_sets_off_from_the_station_by_default_or_from_home(new_kiosk, live_center):
    kiosk = new_kiosk()
    identify(kiosk, live_center.id_numbers["wang"])
    kiosk.tap("taxi")
    assert kiosk.screen.kind == "review"
    facts = {f.label: f.value for f in kiosk.screen.facts}
    assert "仙霞路700号" in facts["上车地点"] and "驿站" in facts["上车地点"]    # the elder is here now
    kiosk.tap("edit")
    assert kiosk.screen.id == "field:taxi:pickup_address"
    labels = [i.label for i in kiosk.screen.items]
    assert labels[0].startswith("仙霞新村街道智慧健康驿站") and "家" in labels      # or from home
    kiosk.tap(kiosk.screen.items[0].id)       # the station after all
    while kiosk.screen.kind == "field":       # the rest as offered (destination, time, one person)
        kiosk.tap(kiosk.screen.focus or kiosk.screen.items[0].id)
    assert kiosk.screen.kind == "review"
    kiosk.tap("confirm")
    assert kiosk.screen.kind in ("result", "error"), kiosk.screen
    if kiosk.screen.kind == "result":         # the simulated platforms may have no car right now
        rides = kiosk.app.host.client.requests_for(live_center.elders["wang"], service="taxi")
        assert rides[0].form["pickup_address"] == "上海市长宁区仙霞路700号" and rides[0].channel == "kiosk"


def test_a_volunteer_helps_two_elders_in_a_row_and_the_requests_say_so(new_kiosk, live_center):
    from call_center.demo_data import VOLUNTEER_PIN

    kiosk = new_kiosk()
    kiosk.tap("volunteer")
    assert kiosk.screen.id == "identify:pin"
    kiosk.keypad(VOLUNTEER_PIN)
    assert kiosk.screen.id == "identify" and "张建华" in " ".join(kiosk.screen.notes)
    agent = live_center.headers("agent")
    import requests

    made = []
    for key, tail in (("wang", "5871"), ("li", "3305")):
        identify(kiosk, live_center.id_numbers[key], tail)
        assert kiosk.screen.id == "home"
        kiosk.tap("menu:more")
        kiosk.tap("policies")
        while kiosk.screen.kind != "result":
            kiosk.tap(kiosk.screen.top.focus or kiosk.screen.top.items[0].id)
        made.append(kiosk.screen.record_id)
        kiosk.tap("nav:home")
        kiosk.tap("view:sign_out")                       # 办完了: the next person, the volunteer stays
        assert kiosk.screen.id == "identify" and kiosk.app.host.session.elder is None
        assert "张建华" in " ".join(kiosk.screen.notes)
    for request_id in made:
        got = requests.get(f"{live_center.url}/v1/requests/{request_id}", headers=agent, timeout=10).json()
        assert got["assisted_by"]["name"] == "志愿者 张建华" and got["channel"] == "kiosk"
    kiosk.app.host._timed_out()                           # then nobody is left at the kiosk:
    kiosk.settle()
    kiosk.app.host._timed_out()                           # the wipe signs the volunteer out too
    kiosk.settle()
    assert kiosk.app.host.session.volunteer is None and "张建华" not in " ".join(kiosk.screen.notes)


def test_the_qr_of_an_earlier_slip_identifies_with_the_phone_tail_and_a_forged_one_is_refused(new_kiosk,
                                                                                             live_center):
    from accessibility.slips import SlipConfig
    from accessibility.slips.reference import reopen_url
    from shared_ui.client import CenterClient

    tv = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    earlier = tv.create_request(live_center.elders["wang"], "consultation", {"topic": "降压药"}, mode="call",
                                channel="tv", idempotency_key="slip-qr-earlier")
    url = reopen_url("https://h5.example.cn/r", earlier.id, SlipConfig.from_env().secret)
    kiosk = new_kiosk()
    forged = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    kiosk.scan(forged)
    assert kiosk.screen.id == "identify:phone_tail"      # the slip's QR, then the phone, as with a card
    kiosk.keypad("5871")
    assert kiosk.screen.id == "identify:slip" and "核对不上" in (kiosk.screen.body or "")
    assert kiosk.app.host.session.elder is None
    kiosk.scan(url)
    kiosk.keypad("5871")
    assert kiosk.screen.id == "home" and kiosk.app.host.session.elder["id"] == live_center.elders["wang"]
    assert kiosk.app.host.session.grant


def test_the_drivers_number_is_masked_in_the_room_and_whole_on_her_slip(new_kiosk, live_center, cups, monkeypatch):
    """A station's room sees the screen: the driver's mobile is masked there and never read out;
    the screen says the slip has it whole, and the slip she takes home does (the user trial: nobody
    could ring the taxi)."""
    import re
    import subprocess

    monkeypatch.setenv("CUPS_SERVER", cups.socket)
    kiosk = new_kiosk(printer="slip")
    identify(kiosk, live_center.id_numbers["wang"])
    client = kiosk.app.host.client  # live_center is shared: no taxi of an earlier test in the way
    for status in ("confirmed", "submitted", "accepted", "in_progress"):
        for ride in client.requests_for(live_center.elders["wang"], service="taxi", status=status, limit=100):
            client.cancel_request(ride.id)
    kiosk.tap("taxi")
    assert kiosk.screen.kind == "review"
    kiosk.tap("confirm")
    if kiosk.screen.kind != "result":         # the simulated platforms may have no car right now
        pytest.skip(kiosk.screen.body or kiosk.screen.id)
    ride = kiosk.app.host.client.get_request(kiosk.screen.record_id)
    number = ride.result["driver_phone"]
    facts = {f.label: f.value for f in kiosk.screen.facts}
    assert facts["司机电话"] == number[:3] + "****" + number[-4:]
    assert "完整的电话号码印在凭条上" in " ".join(kiosk.screen.notes)
    assert number not in kiosk.speech.last and "完整的电话号码印在凭条上" in kiosk.speech.last
    kiosk.screenshot(ARTIFACTS / "taxi-result-masked.png")
    kiosk.wait_until(lambda: len(kiosk.app.slips) >= 1, 30, "the slip made on confirmation")
    before = cups.pdfs()
    kiosk.tap("print")
    kiosk.wait_until(lambda: "取走" in " ".join(kiosk.screen.notes), 30, "the printer's answer")
    text = subprocess.run(["pdftotext", "-layout", str(cups.new_pdf(before)), "-"], capture_output=True,
                          text=True).stdout
    assert number in re.sub(r"\s", "", text), text
    assert "王秀英" not in text and live_center.id_numbers["wang"] not in text    # hers stay masked
