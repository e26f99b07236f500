"""The real TV app against a real centre, driven only by remote keys (offscreen SDL).

One app for the module (it starts unpaired, shows its code, the agent confirms it, and it
carries on to home), plus one restart at the end from the stored token. After every key the
focus ring must be on exactly one tile that is on screen. Screenshots go to tests/artifacts/
(git-ignored); the reviewed ones are copied to docs/tv-*.png by hand.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from shared_ui.client import CenterClient
from shared_ui.kivy_kit.speech import RecordingSpeech
from tests.ui_window import window_size

pytestmark = [pytest.mark.ui, pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
FONT_CACHE = ROOT / "var" / "fonts"


def check_focus(probe) -> None:
    """After every key: one focused tile, visible, on the top layer (ELDER_UI.md TV focus)."""
    shell = probe.app.shell
    assert shell.focus_is_visible(), f"focus lost on {shell.screen.id if shell.screen else None}"
    assert sum(1 for t in shell.tiles() if t.focused) == 1
    # The map of the screen as laid out: every tile reachable, no dead end, no override to nowhere.
    assert shell.focus_map().problems(probe.focused) == []
    check_layout(probe)


def check_layout(probe) -> None:
    """Nothing spills out of the screen's body onto its title or its keys, at any text size
    (ELDER_UI.md: nothing may overflow, overlap or hide)."""
    view = probe.app.shell.view
    body = view.ids.body
    for tile in view.tiles:
        assert tile.y >= body.y - 1 and tile.top <= body.top + 1, (
            f"{view.screen.id}: {tile.item_id} at y {tile.y:.0f}–{tile.top:.0f} spills out of "
            f"the body {body.y:.0f}–{body.top:.0f} (font scale {probe.app.look.font_scale})")


def agent(live_center) -> requests.Session:
    session = requests.Session()
    session.headers.update(live_center.headers("agent"))
    return session


def close_open_alarms(live_center, token_key: str) -> None:
    """live_center is shared: an alarm another test left open would (rightly) come first."""
    client = CenterClient(live_center.url, live_center.tokens[token_key])
    for alarm in client.open_alarms():
        agent(live_center).post(f"{live_center.url}/v1/alarms/{alarm['id']}/cancel",
                                json={"by": "agent", "note": "test clean-up"})


def quiet_inbox(live_center) -> None:
    """live_center is shared by the session: nothing left unread from other tests pops up."""
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    for message in client.messages(live_center.elders["wang"], due=True, unread=True):
        client.ack_message(message.id)


def make_app(settings_kw: dict, speech: RecordingSpeech, make_client=None):
    size = window_size()
    from tv_app.app import TvApp
    from tv_app.config import TvSettings

    settings = TvSettings(size=size, keep_window=True, font_cache=FONT_CACHE, poll_messages_s=3600, poll_pairing_s=0.05,
                          long_press_s=0.2, screen_guard_s=0, speech=False, box_name="测试电视",
                          **settings_kw)
    return TvApp(settings, speech=speech, make_client=make_client)


def bound_tv(live_center, token_key: str, config_dir: Path, spec=None):
    """A real TV app bound to a household by its token, started up to home (speech recorded)."""
    window_size()
    from tv_app.probe import TvProbe

    speech = RecordingSpeech()
    app = make_app({"center_url": live_center.url, "token": live_center.tokens[token_key],
                    "config_path": config_dir / "tv.json"}, speech)
    if spec is not None:
        app.spec = spec
    probe = TvProbe(app)
    probe.speech = speech
    probe.start(until=lambda: probe.screen is not None and probe.screen.id == "home")
    return probe


@pytest.fixture(scope="module")
def tv(live_center, tmp_path_factory):
    window_size()  # before anything imports Kivy's window
    from tv_app.probe import TvProbe

    quiet_inbox(live_center)
    config = tmp_path_factory.mktemp("tv-box") / "tv.json"
    speech = RecordingSpeech()
    probe = TvProbe(make_app({"center_url": live_center.url, "config_path": config}, speech))
    probe.speech = speech
    probe.start(until=lambda: probe.screen is not None and probe.screen.kind == "pairing")
    probe.pairing_code = probe.screen.body
    probe.pairing_said = list(speech.said)
    probe.screenshot(ARTIFACTS / "tv-pairing.png")
    confirmed = agent(live_center).post(f"{live_center.url}/v1/pairings/{probe.pairing_code}/confirm",
                                       json={"household_id": live_center.households["wang"]})
    assert confirmed.status_code == 200, confirmed.text
    probe.wait_until(probe.at_home, 30, "home after pairing")
    probe.after_key = check_focus
    yield probe
    if probe.app.root is not None:
        probe.stop()


@pytest.fixture
def home(tv):
    """Each test starts at home with nothing open (pop-ups held by a result come up on leaving)."""
    if tv.screen.kind == "alarm" and tv.screen.status != "cancelled":
        tv.press("ok")  # 我没事: an open alarm keeps its screen until then
    tv.press("home")
    while tv.app.controller.popup is not None:
        tv.press("back")
    assert tv.screen.id == "home"
    return tv


def focus_on(probe, item_id: str, direction: str = "right", limit: int = 8) -> int:
    presses = 0
    while probe.focused != item_id:
        assert presses < limit, f"could not reach {item_id}"
        probe.press(direction)
        presses += 1
    return presses


def move_to(tv, item_id: str) -> None:
    """The remote's arrows, towards ``item_id``'s tile, until it has the focus."""
    for _ in range(12):
        if tv.focused == item_id:
            return
        here, there = tv.app.shell.tile(tv.focused), tv.app.shell.tile(item_id)
        dx, dy = there.center_x - here.center_x, there.center_y - here.center_y
        tv.press(("right" if dx > 0 else "left") if abs(dx) > abs(dy) else ("up" if dy > 0 else "down"))
    assert tv.focused == item_id


def save(probe, name: str) -> Path:
    return probe.screenshot(ARTIFACTS / name)


def test_pairing_showed_a_code_said_it_digit_by_digit_and_stored_the_token(tv, live_center):
    code = tv.pairing_code
    assert len(code) == 6 and code.isdigit()
    spoken = "".join(tv.pairing_said)
    assert "配对码" in spoken and "零一二三四五六七八九"[int(code[0])] in spoken
    stored = json.loads(tv.app.settings.config_path.read_text(encoding="utf-8"))
    assert stored["device_token"] and stored["elder"]["id"] == live_center.elders["wang"]
    assert tv.app.settings.config_path.stat().st_mode & 0o077 == 0  # only the box user reads it


def test_the_daily_check_in_is_asked_at_start_and_ok_reports_safe(tv, live_center):
    """王秀英 (86, living alone) is enrolled in 每日报平安: the TV asks until she presses OK."""
    tv.wait_until(lambda: tv.app.controller.popup is not None, 10, "the check-in prompt")
    popup = tv.app.controller.popup
    assert popup.id == "popup:checkin" and tv.focused == "ack"
    assert "报平安" in popup.title and "报平安" in tv.speech.last
    tv.press("ok")
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    tv.wait_until(lambda: client.request("GET", f"/v1/elders/{live_center.elders['wang']}/checkin")["status"]
                  == "done", 10, "the centre to record 平安")
    assert tv.app.controller.popup is None


def test_home_has_sos_first_and_at_most_six_tiles_and_the_elders_theme(home):
    screen = home.screen
    assert [i.id for i in screen.items][0] == "emergency" and len(screen.items) <= 6
    assert home.focused == "registration"  # never SOS: a stray OK does not call for help
    assert home.app.look.theme == "high_contrast"  # 王秀英 chose it (preferences.theme)
    assert home.app.look.contrast("focus_ring", "background") >= 3
    save(home, "tv-home.png")


def test_back_from_home_never_quits_and_says_where_you_are(home):
    from kivy.base import EventLoop

    mark = home.speech.mark()
    for _ in range(3):
        home.press("back")
    assert EventLoop.status == "started" and home.app.root is not None
    assert home.screen.id == "home"
    assert all("这里是首页" in s for s in home.speech.since(mark))


def test_every_focus_move_is_spoken_and_a_held_arrow_moves_once(home):
    focus_on(home, "emergency", "left")
    mark = home.speech.mark()
    home.press("left")  # focus_overrides.yaml: Left on SOS stays there (and says so)
    assert home.focused == "emergency" and home.speech.since(mark) == ["紧急求助。按确定键，呼叫救援中心。"]
    mark = home.speech.mark()
    home.press("right", repeats=8)  # SDL repeats while the key is held
    assert home.focused == "registration"
    assert home.speech.since(mark) == ["预约挂号。按确定键，预约您常去的医院。"]
    home.press("down")
    assert home.focused == "my_requests"
    home.press("down")
    assert home.focused.startswith("nav:")
    home.press("up")
    assert home.focused == "my_requests"  # the grid remembers where the elder was


def test_registration_with_profile_defaults(home, live_center):
    focus_on(home, "registration")
    presses_before = home.presses
    home.press("ok")
    assert home.screen.kind == "review" and home.focused == "confirm"
    facts = {f.label: f.value for f in home.screen.facts}
    assert facts["医院"] == "上海市第六人民医院" and facts["科室"] == "心内科"
    save(home, "tv-review.png")
    home.press("ok")
    assert home.screen.kind == "result", home.screen
    assert home.presses - presses_before == 2  # the tile, then 确认办理
    said = home.speech.last
    assert "您的挂号已成功" in said and "排队号" in said
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    booked = [r for r in client.requests_for(live_center.elders["wang"], service="registration")
              if r.status == "confirmed" and r.channel == "tv"]
    assert booked and booked[0].result["hospital_name"] == "上海市第六人民医院"
    save(home, "tv-result.png")


def test_a_form_field_offers_choices_with_digits(home):
    focus_on(home, "registration")
    home.press("ok")
    home.press("down")  # 确认办理 → 修改
    assert home.focused == "edit"
    home.press("ok")
    screen = home.screen
    assert screen.id == "field:registration:hospital_id" and screen.progress == (1, 3)
    assert home.focused == screen.focus  # the favourite hospital, as answered
    assert all(item.digit for item in screen.items) and len(screen.items) <= 6
    save(home, "tv-form.png")
    home.press("digit:1")
    assert home.screen.id == "field:registration:department_id"
    home.press("back")
    assert home.screen.id == "field:registration:hospital_id"


def test_taxi_home_to_the_booked_hospital(home, live_center):
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    if not client.requests_for(live_center.elders["wang"], service="registration", status="confirmed"):
        pytest.fail("needs a confirmed registration (booked in the registration test)")
    focus_on(home, "taxi")
    home.press("ok")
    assert home.screen.kind == "review", home.screen
    facts = {f.label: f.value for f in home.screen.facts}
    assert facts["上车地点"].startswith("家") and "医院" in facts["目的地"]
    ok_through_review(home)
    assert home.screen.kind in ("result", "error"), home.screen
    if home.screen.kind == "result":
        assert "已为您叫好车" in home.speech.last
        taxis = client.requests_for(live_center.elders["wang"], service="taxi")
        assert taxis and taxis[0].form["destination_address"]


def test_the_default_slot_is_the_earliest_the_elder_can_make_at_a_fixed_clock(home, live_center,
                                                                             monkeypatch):
    """At 50 minutes before a slot it is no default (an hour's lead to get there); a slot she
    holds is never offered; booking the default again is not a loop back to the same review."""
    from datetime import datetime, timedelta

    from shared_ui.flow import choices

    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    wang = client.elder(live_center.elders["wang"])
    fav = wang.favourites
    slots = sorted((s for s in client.slots(fav.hospital_id, fav.department_id) if s.remaining > 0),
                   key=lambda s: s.start)
    booked = client.requests_for(wang.id, service="registration", status="confirmed", limit=100)
    held = {r.form.get("slot_id") for r in booked}
    # One number a department a day: a day she holds one in this department offers no slot.
    held_days = {datetime.fromisoformat(r.result["start"]).date() for r in booked
                 if r.result and r.form.get("department_id") == fav.department_id}
    free = [s for s in slots if s.id not in held and datetime.fromisoformat(s.start).date() not in held_days]
    clock = datetime.fromisoformat(free[0].start) - timedelta(minutes=50)
    monkeypatch.setattr(choices, "_now", lambda: clock)
    expected = next(s for s in free if datetime.fromisoformat(s.start) >= clock + timedelta(minutes=60))

    focus_on(home, "registration")
    home.press("ok")
    assert home.screen.kind == "review"
    assert home.app.host.session.top.values["slot_id"] == expected.id
    home.press("ok")
    assert home.screen.kind == "result"
    home.press("home")
    while home.app.controller.popup is not None:
        home.press("back")
    focus_on(home, "registration")
    home.press("ok")
    chosen = home.app.host.session.top.values["slot_id"]
    assert chosen != expected.id            # the slot she now holds is not offered again,
    day = {s.id: datetime.fromisoformat(s.start).date() for s in slots}
    assert day[chosen] != day[expected.id]  # nor another on that day in the department
    assert home.screen.kind == "review"



def test_a_message_arriving_on_a_result_waits_until_the_result_is_left(home, live_center):
    """Results stay readable: a reminder that arrives while the booking result is on screen
    does not cover it (nor is it said over it); it pops up once the elder leaves the result."""
    focus_on(home, "menu:more")
    home.press("ok")
    focus_on(home, "policies")
    home.press("ok")
    while home.screen.kind != "result":
        home.press("ok")          # the form's defaults, then 确认办理
    result_said = home.speech.last
    sent = agent(live_center).post(f"{live_center.url}/v1/elders/{live_center.elders['wang']}/messages",
                                   json={"kind": "notice", "title": "取药提醒", "body": "您的降压药可以去社区取了。"})
    assert sent.status_code == 201
    home.app.pushes.poll_now()
    home.wait_until(lambda: any(m.get("title") == "取药提醒" for m in home.app.host.session.inbox)
                    or home.app.controller.popup is not None, 10, "the message to arrive")
    home.frames(5)
    assert home.app.controller.popup is None and home.screen.kind == "result"
    assert "取药提醒" not in "".join(home.speech.said[-3:]) and home.speech.last == result_said
    home.press("repeat")
    assert home.speech.last == result_said            # 重听 still says the result
    home.press("home")
    popup = home.app.controller.popup
    assert popup is not None
    if "取药提醒" not in home.speech.last:   # it came with the request's own receipt: one summary
        assert popup.id.endswith("summary") or "条新消息" in popup.title, popup
        home.press("ok")                     # 查看: the inbox, newest first
        assert home.screen.id == "list:messages" and "取药提醒" in [i.label for i in home.screen.items]
    else:
        home.press("ok")

def test_a_medicine_renewed_from_the_remote(home, live_center):
    """续方配药 under 更多服务: its tile is drawn with its label's first character (the TV has no
    glyph of its own for a service the spec alone adds); which medicine is the one question;
    the review reads back the medicine and the address; the result says it went to a doctor."""
    from tv_app.views.menu import ServiceTile

    focus_on(home, "menu:more")
    home.press("ok")
    assert home.screen.id == "menu:more" and home.focused == "refill"
    glyphs = {t.item_id: t.glyph for t in home.app.root.walk() if isinstance(t, ServiceTile)}
    assert glyphs.get("refill") == "续" and glyphs.get("escort") == "陪", glyphs
    save(home, "tv-more.png")
    home.press("ok")
    assert home.screen.id == "field:refill:prescription_id"
    assert [i.label for i in home.screen.items][:2] == ["苯磺酸氨氯地平片 5mg", "厄贝沙坦片 150mg"]
    assert "续开哪种药" in home.speech.last
    home.press("ok")  # the first medicine
    assert home.screen.kind == "review"
    facts = {f.label: f.value for f in home.screen.facts}
    assert facts["续开的药"] == "苯磺酸氨氯地平片 5mg" and facts["送药地址"].startswith("上海市长宁区仙霞路650弄")
    while home.screen.kind == "review":
        home.press("ok")  # 确认办理
    home.wait_until(lambda: home.screen.kind == "result", 10, "the renewal to be sent")
    assert "健康云互联网医院" in home.speech.last and "医生审核后会告诉您" in home.speech.last
    save(home, "tv-refill-result.png")
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    for r in client.requests_for(live_center.elders["wang"], service="refill", status="in_progress"):
        client.cancel_request(r.id)


def test_a_pushed_policy_answered_and_the_policies_looked_up_from_the_remote(home, live_center):
    """政策找人: an agent tells her of a policy; it pops up and is read aloud (why she qualifies)
    with 重听 focused (OK alone answers nothing), and 想办理 asks for a call-back. 政策查询 under 更多服务 lists the policies,
    hers first with where she stands, each read with its summary; one more OK asks about it."""
    wang = live_center.elders["wang"]
    chosen = next(p["id"] for p in agent(live_center).get(f"{live_center.url}/v1/elders/{wang}/policies").json()
                  if p["qualifies"] and not p["held"] and p["offered"] is None)
    pushed = agent(live_center).post(f"{live_center.url}/v1/elders/{wang}/policies/{chosen}/push")
    assert pushed.status_code == 201, pushed.text
    title = pushed.json()["title"]
    home.app.pushes.poll_now()
    home.wait_until(lambda: home.app.controller.popup is not None, 10, "the policy to pop up")
    assert title in home.speech.last and "您今年" in home.speech.last and "养老顾问" in home.speech.last
    assert home.focused == "repeat"  # never 想办理: a stray OK asks for no call (it says it again)
    save(home, "tv-policy-push.png")
    home.press("ok")
    assert home.app.controller.popup is not None and "养老顾问" in home.speech.last
    move_to(home, "answer:apply")
    home.press("ok")  # 想办理
    home.wait_until(lambda: "养老顾问会尽快给您打电话" in home.speech.last, 10, "the centre's answer")
    assert home.app.controller.popup is None
    focus_on(home, "menu:more")
    home.press("ok")
    focus_on(home, "policies")
    home.press("ok")
    home.wait_until(lambda: home.screen.id == "field:policies:policy_id", 10, "the policies")
    first = home.screen.items[0]
    assert first.detail in ("可以办理", "已登记，养老顾问会来电") and first.label in home.speech.last
    assert first.speak.startswith(f"{first.label}。{first.detail}。") and len(first.speak) > len(first.label) + 20  # its summary, spoken
    save(home, "tv-policies.png")
    home.press("ok")
    assert home.screen.kind == "review"
    while home.screen.kind == "review":
        home.press("ok")  # 确认办理
    home.wait_until(lambda: home.screen.kind == "result", 10, "the call-back to be asked for")
    assert "已经为您登记" in home.speech.last
    assert "办理地点" in [f.label for f in home.screen.facts]
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    for r in client.requests_for(wang, service="consultation", status="submitted"):
        client.cancel_request(r.id)


def test_sos_from_a_deep_screen_shows_and_says_what_is_happening(home, live_center):
    focus_on(home, "registration")
    home.presses_to("ok", "down", "ok", "down")  # review → 修改 → the hospital list
    assert home.screen.kind == "field"
    home.press("sos")
    assert home.screen.kind == "alarm" and home.focused == "im_ok"
    alarm_id = home.app.host.session.top.alarm["id"]
    centre = agent(live_center)

    def centre_alarm() -> dict:
        return centre.get(f"{live_center.url}/v1/alarms/{alarm_id}").json()

    # The centre's own sentence for the alarm's state, shown and said.
    expected = centre_alarm()["speech"]
    home.wait_until(lambda: home.screen.body == expected, 10, "the centre's words")
    assert home.speech.last == home.screen.body
    assert "120" in home.app.shell.view.hotline  # the phone numbers are always on this screen
    save(home, "tv-emergency.png")
    home.press("down")
    assert home.focused == "nav:repeat"  # never straight onto 返回 from 我没事
    home.press("up")
    home.press("ok")  # 我没事
    home.wait_until(lambda: centre_alarm()["status"] == "cancelled", 10, "the centre to cancel")
    assert home.screen.status == "cancelled"
    home.press("ok")  # 回到首页
    assert home.screen.id == "home"


# Every kind of screen the TV shows, reached by remote keys from home (the engine-level walk in
# tests/shared_ui/test_red_key_everywhere.py covers every screen the flows can reach).
RED_KEY_ROUTES = {   # route: (tile to focus, keys, the screen kind it reaches)
    "home": (None, (), "menu"),
    "review": ("registration", ("ok",), "review"),
    "form field": ("registration", ("ok", "down", "ok"), "field"),
    "list": ("my_requests", ("ok",), "list"),
    "detail": ("my_requests", ("ok", "ok"), "detail"),
    "messages": ("messages", ("ok",), "list"),
    "call an agent": (None, ("help",), "notice"),
    "pop-up": ("my_requests", ("ok", "pop-up"), "list"),
}


@pytest.mark.parametrize("route", sorted(RED_KEY_ROUTES))
def test_the_red_key_raises_in_one_press_from_every_kind_of_screen(home, live_center, route):
    tile, keys, kind = RED_KEY_ROUTES[route]
    if tile:
        focus_on(home, tile)
    for key in keys:
        if key == "pop-up":
            sent = agent(live_center).post(
                f"{live_center.url}/v1/elders/{live_center.elders['wang']}/messages",
                json={"kind": "notice", "title": "社区通知", "body": "周五上午有免费理发。"})
            assert sent.status_code == 201
            home.app.pushes.poll_now()
            home.wait_until(lambda: home.app.controller.popup is not None, 10, "the pop-up")
        else:
            home.press(key)
    assert home.screen.kind == kind, (route, home.screen.kind, home.screen.id)
    presses = home.presses
    home.press("sos")
    assert home.presses - presses == 1
    assert home.screen.kind == "alarm" and home.screen.status == "raised", route
    assert home.app.controller.popup is None and home.focused == "im_ok"
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    home.wait_until(lambda: len(client.open_alarms()) == 1, 10, "the alarm at the centre")
    home.press("ok")  # 我没事
    home.wait_until(lambda: client.open_alarms() == [], 10, "the centre to cancel")


def test_long_ok_on_the_sos_tile_raises_one_alarm_and_is_not_a_second_ok(home):
    focus_on(home, "emergency", "left")
    home.key_down(13)  # OK goes down on the SOS tile: its window opens (any key would cancel)
    home.wait_until(lambda: home.screen.kind == "alarm", 5, "the alarm screen")
    assert home.screen.status in ("arming", "raising", "raised")  # (the long OK may already be in)
    for _ in range(5):
        home.key_down(13)  # still held: SDL repeats
        home.frames(1)
    home.wait_until(lambda: "long_ok" in home.app.remote.history, 5, "the long OK")
    home.key_up(13)
    home.settle()
    assert home.screen.kind == "alarm" and home.screen.status == "raised"  # held: raised at once
    assert home.focused == "im_ok"
    alarms = [i for i in home.app.host.session.stack if i.kind == "alarm"]
    assert len(alarms) == 1
    home.press("ok")  # a real second press: 我没事
    assert home.screen.status == "cancelled"


def test_a_pushed_message_pops_up_over_any_screen_is_spoken_and_acknowledged(home, live_center):
    focus_on(home, "my_requests")
    home.press("ok")
    assert home.screen.kind == "list"
    quiet_inbox(live_center)  # the bookings above left their own status messages
    title, body = "社区通知", "明天上午九点，仙霞新村街道有免费量血压。"
    sent = agent(live_center).post(f"{live_center.url}/v1/elders/{live_center.elders['wang']}/messages",
                                   json={"kind": "notice", "title": title, "body": body})
    assert sent.status_code == 201, sent.text
    message_id = sent.json()["id"]
    home.app.pushes.poll_now()
    home.wait_until(lambda: home.app.controller.popup is not None, 10, "the pop-up")
    check_focus(home)
    assert home.focused == "ack" and title in home.speech.last and body in home.speech.last
    save(home, "tv-message.png")
    home.press("right")
    assert home.focused == "repeat"
    home.press("ok")
    assert body in home.speech.last
    home.press("left")
    home.press("ok")  # 知道了
    assert home.app.controller.popup is None and home.screen.kind == "list"
    client = CenterClient(live_center.url, live_center.tokens["tv_wang"])
    home.wait_until(lambda: any(m.id == message_id and m.read_at
                                for m in client.messages(live_center.elders["wang"], due=True)), 10,
                    "the centre to record the acknowledgement")


def test_a_message_put_aside_with_back_waits_in_the_inbox(home, live_center):
    sent = agent(live_center).post(f"{live_center.url}/v1/elders/{live_center.elders['wang']}/messages",
                                   json={"kind": "notice", "title": "天气提醒", "body": "明天降温，请添衣。"})
    assert sent.status_code == 201
    home.wait_until(lambda: home.app.controller.popup is not None, 10, "the pop-up (event stream)")
    home.press("back")  # not now
    assert home.app.controller.popup is None and home.screen.id == "home"
    focus_on(home, "messages")
    home.press("ok")
    assert home.screen.kind == "list" and home.screen.items[0].label == "天气提醒"
    assert home.screen.items[0].badge == "未读"
    save(home, "tv-list.png")
    home.press("ok")
    assert home.screen.kind == "detail" and "明天降温" in home.speech.last
    save(home, "tv-detail.png")
    home.press("ok")  # 知道了
    assert home.screen.kind == "list" and home.screen.items[0].badge is None


GALLERY = {
    "confirm": dict(title="确定要取消吗？", body="预约挂号", focus="no",
                    items=[("yes", "确定取消", "danger"), ("no", "不取消", None)]),
    "error": dict(title="没有办成", body="网络不通，请稍后再试，或拨打热线12345。", focus="retry",
                  items=[("retry", "再试一次", "primary"), ("help", "找人工", None), ("home", "回到首页", None)]),
    "notice": dict(title="已通知客服", body="已通知客服，稍后会给您打电话，请保持电话畅通。", focus="home",
                   items=[("home", "回到首页", None)]),
    "busy": dict(title="预约挂号", body="正在为您预约，请稍候。", focus=None, items=[]),
    "list": dict(title="我的服务", body="现在没有内容。", focus=None, items=[]),
    "hologram": dict(title="新的屏幕", body="这个电视还不认识这种屏幕，就当通知显示。", focus="home",
                     items=[("home", "回到首页", None)]),
}


@pytest.mark.parametrize("kind", sorted(GALLERY))
def test_every_screen_kind_draws_with_a_visible_reachable_focus(tv, kind):
    """Screens the flows above do not reach (and an unknown kind, shown as a notice)."""
    from shared_ui.flow.screens import Item, Screen

    sample = GALLERY[kind]
    nav = [Item("back", "返回"), Item("repeat", "重听"), Item("help", "找人工")]
    screen = Screen(f"gallery:{kind}", kind, sample["title"],
                    [Item(i, label, label, colour=colour, digit=n) for n, (i, label, colour) in
                     enumerate(sample["items"], start=1)], sample["focus"], body=sample["body"], nav=nav)
    shell = tv.app.shell
    if tv.app.controller.popup is not None:
        tv.press("back")
    shell.show(screen)
    tv.frames(3)
    check_focus(tv)
    assert tv.focused == (sample["focus"] or "nav:repeat")
    for direction in ("left", "right", "up", "down"):
        shell.move(direction)
        tv.frames(1)
        check_focus(tv)
    save(tv, f"tv-gallery-{kind}.png")
    tv.press("home")


def test_a_restart_with_an_alarm_open_shows_the_emergency_screen_first(tv, live_center):
    """The box was switched off with an alarm open: it comes back on the emergency screen, with
    the centre's words and 我没事 focused — not home and a check-in pop-up."""
    from tv_app.probe import TvProbe

    config = tv.app.settings.config_path
    tv.stop()
    raised = agent(live_center).post(f"{live_center.url}/v1/alarms",
                                     json={"elder_id": live_center.elders["wang"], "channel": "phone"})
    assert raised.status_code in (200, 201), raised.text
    speech = RecordingSpeech()
    again = TvProbe(make_app({"config_path": config}, speech))
    again.start(until=lambda: again.screen is not None and again.screen.kind == "alarm")
    try:
        assert again.screen.record_id == raised.json()["id"] and again.focused == "im_ok"
        assert again.app.controller.popup is None
        again.press("ok")  # 我没事
        again.wait_until(lambda: agent(live_center).get(f"{live_center.url}/v1/alarms/{raised.json()['id']}")
                         .json()["status"] == "cancelled", 10, "the centre to cancel")
    finally:
        again.stop()


def test_a_restart_goes_straight_home_with_the_stored_token(tv, live_center):
    from tv_app.probe import TvProbe  # the window exists already (the module's app made it)

    config = tv.app.settings.config_path
    if tv.app.root is not None:
        tv.stop()
    speech = RecordingSpeech()
    again = TvProbe(make_app({"config_path": config}, speech))  # no URL, no token: all from the file
    again.start()
    try:
        assert again.screen.id == "home" and speech.said[0].startswith("一键通首页")
    finally:
        again.stop()


def test_with_the_centre_down_home_opens_from_the_stored_profile_and_sos_keeps_the_alarm(tv, tmp_path):
    """DESIGN.md §3 "Nothing lost": the alarm waits in the box's outbox; the screen says 120."""
    import socket

    from shared_ui.outbox import Outbox
    from tv_app.probe import TvProbe

    config = tv.app.settings.config_path
    if tv.app.root is not None:
        tv.stop()
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    speech = RecordingSpeech()
    outbox = tmp_path / "outbox.sqlite3"
    # No retries inside each call: the box's own retry loops are what is under test here.
    quick = lambda url, token: CenterClient(url, token, retries=0, timeout=(0.5, 2))  # noqa: E731
    down = TvProbe(make_app({"config_path": config, "center_url": dead, "outbox_path": outbox}, speech, quick))
    down.after_key = check_focus
    down.start()
    try:
        assert down.screen.id == "home"  # from the profile kept in the box file
        down.press("sos")
        down.wait_until(lambda: down.screen.status == "queued", 15, "the alarm to be queued")
        assert "120" in speech.last and "12345" in speech.last and down.screen.body == speech.last
        assert [e.op for e in Outbox(outbox).pending()] == ["raise_alarm"]
    finally:
        down.stop()


def test_a_couples_tv_asks_for_whom_and_books_with_his_own_defaults(tv, live_center, tmp_path):
    """张桂兰 and 陈志明 share one box: 挂号 asks "为谁办理", and 陈志明 gets his own favourite
    hospital (瑞金, 内分泌科) — the same two presses after choosing him."""
    from tv_app.probe import TvProbe

    if tv.app.root is not None:
        tv.stop()
    close_open_alarms(live_center, "tv_zhang")
    speech = RecordingSpeech()
    couple = TvProbe(make_app({"center_url": live_center.url, "token": live_center.tokens["tv_zhang"],
                               "config_path": tmp_path / "tv.json"}, speech))
    couple.after_key = check_focus
    couple.start(until=lambda: couple.screen is not None and couple.screen.id == "home")
    try:
        while couple.app.controller.popup is not None:
            couple.press("back")
        couple.press("digit:2")  # 预约挂号
        assert couple.screen.id == "who:registration"
        assert [i.label for i in couple.screen.items] == ["张桂兰", "陈志明"]
        assert "为谁办理" in speech.last
        save(couple, "tv-who.png")
        couple.press("digit:2")  # 陈志明
        assert couple.screen.kind == "review" and couple.focused == "confirm"
        facts = {f.label: f.value for f in couple.screen.facts}
        assert facts["医院"] == "上海交通大学医学院附属瑞金医院" and facts["科室"] == "内分泌科"
        couple.press("ok")
        assert couple.screen.kind == "result", couple.screen
        client = CenterClient(live_center.url, live_center.tokens["tv_zhang"])
        booked = [r for r in client.requests_for(live_center.elders["chen"], service="registration")
                  if r.status == "confirmed" and r.channel == "tv"]
        assert booked and booked[0].result["hospital_name"] == "上海交通大学医学院附属瑞金医院"
        # 我的服务 on the shared box: the household's requests, each with whose it is
        couple.press("home")

        def on_the_list() -> bool:
            # The booking's own message may pop up at any moment: put it aside, then 5.
            if couple.app.controller.popup is not None:
                couple.press("back")
            elif couple.screen.id == "home":
                couple.press("digit:5")
            return couple.screen.kind == "list" and couple.app.controller.popup is None

        couple.wait_until(on_the_list, 15, "the household's requests")
        labels = [i.label for i in couple.screen.items if i.kind == "record"]
        assert labels and labels[0].startswith("陈志明 · 预约挂号"), labels
        # a notice for 陈志明 pops up on the shared box too
        sent = agent(live_center).post(f"{live_center.url}/v1/elders/{live_center.elders['chen']}/messages",
                                       json={"kind": "notice", "title": "复诊提醒", "body": "陈伯伯，下周三记得复诊。"})
        assert sent.status_code == 201, sent.text
        couple.app.pushes.poll_now()

        def his_message_shown() -> bool:
            popup = couple.app.controller.popup
            if popup is not None and popup.record_id != sent.json()["id"]:
                couple.press("back")  # an earlier message (his booking's): put aside
                return False
            return popup is not None

        couple.wait_until(his_message_shown, 15, "his message")
    finally:
        couple.stop()


def test_ten_quick_oks_at_start_up_with_messages_waiting_raise_no_alarm(live_center, tmp_path):
    """ELDER_UI.md "accidental alarms": pop-ups waiting at start-up come as one summary, home's
    focus is never SOS, so a run of OKs (a thumb resting on the key) calls nobody."""
    centre = agent(live_center)
    elder = live_center.elders["li"]
    before = len(centre.get(f"{live_center.url}/v1/alarms", params={"elder_id": elder, "status": "all"}).json())
    for n in range(5):
        sent = centre.post(f"{live_center.url}/v1/elders/{elder}/messages",
                           json={"kind": "notice", "title": f"通知{n}", "body": "社区活动。"})
        assert sent.status_code == 201
    probe = bound_tv(live_center, "tv_li", tmp_path)
    try:
        probe.wait_until(lambda: probe.app.controller.popup is not None, 10, "the waiting messages")
        assert probe.app.controller.popup.id in ("popup:summary", "popup:checkin")
        for _ in range(10):
            probe.press("ok")
        assert probe.screen.kind != "alarm"
        after = centre.get(f"{live_center.url}/v1/alarms", params={"elder_id": elder, "status": "all"}).json()
        assert len(after) == before
    finally:
        probe.stop()


def ok_through_review(probe) -> None:
    """OK on a review, as she presses it: through its pages of facts first (OK is on 下一页 until
    she has seen the last), then 确认."""
    probe.ok_through_pages()
    probe.press("ok")
