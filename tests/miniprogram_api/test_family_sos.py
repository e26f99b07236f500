"""A daughter's SOS for her mother with the centre away: kept by the back end, sent when the
centre is back, once; the screen follows it (DESIGN.md §3 "Nothing lost").

The centre is reached through a TCP relay the test cuts and restores (tests/relay.py): while
it is cut, connections are refused, as when the centre's node or the network is down."""
from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.miniprogram_api.servers import Backend, wait_until
from tests.page_text import page_text
from tests.relay import Relay


@pytest.fixture
def relay(centre: Any):
    """The back end's way to the centre, to be cut."""
    between = Relay(centre.url)
    yield between
    between.cut()


def _daughter_on_her_mothers_home(backend: Backend) -> tuple[Any, str]:
    token = backend.sign_in()
    backend.bind(token, "zhang")
    api = backend.api(token)
    started = api.post(f"{backend.url}/api/v1/flow", json={"elder_id": backend.centre.elders["zhang"]})
    assert started.status_code == 201, started.text
    return api, f"{backend.url}/api/v1/flow/{started.json()['session']}"


def _press(api: Any, flow: str) -> dict:
    """The SOS tile, then 确定呼救 (a phone asks once: a tap in a menu is not a rescue)."""
    asked = api.post(flow, json={"kind": "select", "value": "emergency"}).json()["screen"]
    assert asked["status"] == "arming", asked
    return api.post(flow, json={"kind": "select", "value": "raise"}).json()["screen"]


def _alarms_of_zhang(backend: Backend) -> list[dict]:
    return backend.agent().get(f"{backend.centre.url}/v1/alarms",
                               params={"elder_id": backend.centre.elders["zhang"], "status": "all"}).json()


def test_an_sos_pressed_with_the_centre_away_is_kept_and_sent_once_it_is_back(make_backend, relay):
    backend = make_backend(centre_url=relay.url, alarm_retry_poll_s=0.2)
    api, flow = _daughter_on_her_mothers_home(backend)
    before = len(_alarms_of_zhang(backend))
    relay.cut()
    screen = _press(api, flow)
    assert screen["status"] == "queued" and screen["refresh_after_s"], screen
    assert "正在反复尝试" in screen["body"] and "120" in screen["body"]
    still = api.post(flow, json={"kind": "refresh"}).json()["screen"]
    assert still["status"] == "queued"  # asked again while away: still kept
    relay.restore()
    wait_until("the kept press at the centre", lambda: len(_alarms_of_zhang(backend)) > before)
    raised = _alarms_of_zhang(backend)[0]  # newest first
    after = api.post(flow, json={"kind": "refresh"}).json()["screen"]
    assert after["status"] == "raised" and after["record_id"] == raised["id"], after
    assert after["refresh_after_s"] is None
    assert "张桂兰" in after["body"]  # said about the parent, not as if the daughter were in trouble
    time.sleep(1.0)  # the worker's later rounds (every 0.2 s here) send nothing more
    assert len(_alarms_of_zhang(backend)) == before + 1
    assert raised["channel"] == "miniprogram"


def test_taken_back_before_the_centre_was_back_it_is_not_left_open(make_backend, relay):
    """老人没事（已联系上） while the press is kept: it is withdrawn and never sent; or, if a
    retry was already on its way when she pressed, the alarm it made is closed at once as the
    family's 他没事. Either way nothing is left open for agents to call about."""
    backend = make_backend(centre_url=relay.url, alarm_retry_poll_s=0.2)
    api, flow = _daughter_on_her_mothers_home(backend)
    before = len(_alarms_of_zhang(backend))
    relay.cut()
    assert _press(api, flow)["status"] == "queued"
    left = api.post(flow, json={"kind": "select", "value": "im_ok"}).json()["screen"]
    assert left["status"] == "cancelled", left
    relay.restore()
    outbox = backend.app.extensions["onekey_mp"].sos.outbox
    wait_until("the outbox to settle", lambda: not outbox.pending())
    made = _alarms_of_zhang(backend)[:len(_alarms_of_zhang(backend)) - before]
    assert all(a["status"] == "cancelled" for a in made), made
    assert len(made) <= 1


def test_a_press_kept_by_a_back_end_that_stopped_is_sent_by_the_next_one(make_backend, relay, tmp_path):
    """The back end restarted (or another process took over the file) with a press kept:
    it goes out at start, as the member who pressed."""
    from miniprogram_api.app import stop

    outbox = str(tmp_path / "kept.sqlite3")
    first = make_backend(centre_url=relay.url, alarm_outbox=outbox, alarm_retry_poll_s=30)
    api, flow = _daughter_on_her_mothers_home(first)
    before = len(_alarms_of_zhang(first))
    relay.cut()
    assert _press(api, flow)["status"] == "queued"
    first.server.stop()
    stop(first.app)
    relay.restore()
    assert len(_alarms_of_zhang(first)) == before  # nobody has sent it yet
    db_url = first.app.extensions["onekey_mp"].settings.db_url
    make_backend(centre_url=relay.url, alarm_outbox=outbox, db_url=db_url, alarm_retry_poll_s=30)
    wait_until("the kept press at the centre", lambda: len(_alarms_of_zhang(first)) == before + 1)


def test_the_h5_page_of_a_kept_press_reloads_itself_until_the_centre_has_it(make_backend, relay):
    """The phone's page asks by itself (a meta refresh at the screen's ``refresh_after_s``):
    the daughter sees 已收到 without pressing anything once the centre is back."""
    backend = make_backend(centre_url=relay.url, alarm_retry_poll_s=0.2)
    token = backend.sign_in("o-h5")
    backend.bind(token, "zhang")
    session = _browser(token)
    zhang = backend.centre.elders["zhang"]
    asked = session.get(f"{backend.url}/h5/elders/{zhang}/do/emergency")
    assert asked.status_code == 200 and "确定" in page_text(asked), page_text(asked)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', asked.text).group(1)
    relay.cut()
    kept = session.post(asked.url, data={"csrf_token": csrf, "kind": "select", "value": "raise"})
    assert kept.status_code == 200 and "正在反复尝试" in page_text(kept)
    assert re.search(r'<meta http-equiv="refresh" content="5">', kept.text)
    relay.restore()
    wait_until("the kept press at the centre", lambda: _alarms_of_zhang(backend))
    shown = session.get(kept.url)
    assert "已收到" in page_text(shown) and 'http-equiv="refresh"' not in shown.text, page_text(shown)


def test_help_for_her_is_on_her_page_where_her_daughter_looks_first(make_backend, relay):
    """紧急求助 was only inside a service's screens; her page now has it (the question follows),
    unless an alarm of hers is open already (its banner leads there)."""
    backend = make_backend(centre_url=relay.url)
    token = backend.sign_in("o-h5")
    backend.bind(token, "zhang")
    session = _browser(token)
    zhang = backend.centre.elders["zhang"]
    page = session.get(f"{backend.url}/h5/elders/{zhang}")
    link = re.search(rf'<a class="button c-danger" id="sos-{zhang}" href="([^"]+)"', page.text)
    assert link and "为张桂兰呼叫救援" in page_text(page), page_text(page)
    asked = session.get(f"{backend.url}{link.group(1)}")
    assert "要为张桂兰呼叫救援吗？" in page_text(asked)  # a question, nothing sent yet
    assert _alarms_of_zhang(backend) == []
    backend.raise_alarm("zhang")
    again = session.get(f"{backend.url}/h5/elders/{zhang}")
    assert f'id="sos-{zhang}"' not in again.text and "正在求助" in page_text(again)


def test_with_the_centre_away_the_pages_say_so_and_what_to_do(make_backend, relay):
    """Not 网络不通 (her phone's network is fine) and no 回到首页 that leads to itself: the
    platform cannot be reached, 再试一次, and 120 one tap away."""
    backend = make_backend(centre_url=relay.url)
    token = backend.sign_in("o-h5")
    backend.bind(token, "zhang")
    session = _browser(token)
    zhang = backend.centre.elders["zhang"]
    relay.cut()
    for path in ("/h5/", f"/h5/elders/{zhang}"):
        page = session.get(f"{backend.url}{path}")
        words = page_text(page)
        assert page.status_code == 503 and "暂时连不上一键通平台" in words and "网络不通" not in words, words
        assert 'href="tel:120"' in page.text and 'id="try-again"' in page.text
        assert ('id="go-home"' in page.text) == (path != "/h5/")
    relay.restore()
    assert session.get(f"{backend.url}/h5/").status_code == 200


def _browser(token: str):
    import requests

    session = requests.Session()
    session.cookies.set("onekey_mp", token)
    return session
