"""Her preferences follow her to her running TV: a text size or a language set by her family
(the H5) or an agent reaches the box within seconds, through the device event stream it follows,
and the screen she is on is laid out again at the new size, in the new language — not after a
restart (a tester waited 30 s and three screens, and ``locale`` was never applied at all). The
box's own settings (``--locale``, ``--font-scale``) stay for whatever she never chose.

A real centre of its own (preferences are changed), the real TV app offscreen, remote keys."""
from __future__ import annotations

import uuid

import pytest
import requests

from shared_ui.i18n import translate
from shared_ui.kivy_kit.speech import RecordingSpeech
from shared_ui.spec import load_spec

from .test_tv_ui import ARTIFACTS, check_focus, make_app
from .test_tv_elder_services import choose

pytestmark = [pytest.mark.ui, pytest.mark.integration]

SPEC = load_spec()
MORE = SPEC.menus["tv"].menus["more"].title  # 更多服务


@pytest.fixture(autouse=True)
def one_window():
    """The run's one window at its size before a centre of our own starts (something on that
    path opens Kivy's window at its default 800×600 otherwise, and screenshots are cut)."""
    from tests.ui_window import window_size

    window_size()


def tv_for(centre, tmp_path, **settings):
    from tests.ui_window import window_size
    from tv_app.probe import TvProbe

    window_size()
    speech = RecordingSpeech()
    app = make_app({"center_url": centre.url, "token": centre.tokens["tv_li"],
                    "config_path": tmp_path / "tv.json", **settings}, speech)
    probe = TvProbe(app)
    probe.speech = speech
    probe.start(until=lambda: probe.screen is not None and probe.screen.id == "home")
    app.pushes.stop()  # the day's check-in and reminders wait in 消息: this is about her screen
    while app.controller.popup is not None:
        probe.press("back")
    return probe


def patch(centre, elder_key: str, body: dict) -> dict:
    r = requests.patch(f"{centre.url}/v1/elders/{centre.elders[elder_key]}/preferences", json=body,
                       headers={**centre.headers("agent"), "Idempotency-Key": uuid.uuid4().hex}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_change_reaches_the_running_tv_on_the_screen_she_is_on(make_live_center, tmp_path):
    centre = make_live_center()
    tv = tv_for(centre, tmp_path)
    try:
        assert tv.app.look.font_scale == 1.0 and tv.app.strings.locale == "zh_CN"  # the box's own
        choose(tv, "menu:more")
        assert tv.screen.title == MORE
        tv.after_key = check_focus
        said_before = len(tv.speech.said)

        patch(centre, "li", {"font_scale": 1.5, "locale": "en"})  # her daughter, from the H5
        tv.wait_until(lambda: tv.app.look.font_scale == 1.5 and tv.screen.title == translate(MORE, "en"),
                      10, "her size and language on the running TV")
        assert tv.screen.id == "menu:more"  # the screen she was on, laid out again — not home
        assert tv.app.shell.view.screen.title == translate(MORE, "en")  # drawn, not only decided
        assert len(tv.speech.said) == said_before  # nothing new said over her
        check_focus(tv)
        tv.screenshot(ARTIFACTS / "tv-preferences-en-150.png")
        tv.press("down")  # the remote still works on the new layout
        choose(tv, "refill")
        assert tv.screen.title and not any("\u4e00" <= ch <= "\u9fff" for ch in tv.screen.title), tv.screen.title

        tv.press("home")
        patch(centre, "li", {"locale": "zh_CN"})
        tv.wait_until(lambda: tv.app.strings.locale == "zh_CN" and tv.screen.id == "home"
                      and tv.screen.item("menu:more").label == MORE, 10, "Chinese again")
        assert tv.app.look.font_scale == 1.5  # the size she chose stays
    finally:
        tv.stop()


def test_the_box_settings_stay_for_what_she_never_chose(make_live_center, tmp_path):
    centre = make_live_center()
    tv = tv_for(centre, tmp_path, locale="en", font_scale=1.25)
    try:
        assert tv.app.strings.locale == "en" and tv.screen.item("menu:more").label == translate(MORE, "en")
        assert tv.app.look.font_scale == 1.25
        patch(centre, "li", {"font_scale": 1.5})  # a size, no language: the box's English stays
        tv.wait_until(lambda: tv.app.look.font_scale == 1.5, 10, "her size")
        assert tv.app.strings.locale == "en" and tv.screen.item("menu:more").label == translate(MORE, "en")
    finally:
        tv.stop()


def test_another_elders_change_leaves_her_screen_alone(make_live_center, tmp_path):
    """张桂兰 and 陈志明 share a box: his language is his; the box shows hers (the household's first)."""
    centre = make_live_center()
    from tests.ui_window import window_size
    from tv_app.probe import TvProbe

    window_size()
    speech = RecordingSpeech()
    probe = TvProbe(make_app({"center_url": centre.url, "token": centre.tokens["tv_zhang"],
                              "config_path": tmp_path / "tv.json"}, speech))
    probe.speech = speech
    probe.start(until=lambda: probe.screen is not None and probe.screen.id in ("home", "choose_elder"))
    try:
        probe.app.pushes.stop()
        session = probe.app.host.session
        mine = session.elder["id"] if session.elder else None
        other = next(e for e in session.household if e["id"] != mine)
        other_key = next(k for k, v in centre.elders.items() if v == other["id"])
        patch(centre, other_key, {"locale": "en", "font_scale": 2.0})
        probe.wait_until(lambda: next(e for e in probe.app.host.session.household if e["id"] == other["id"])
                         ["preferences"]["locale"] == "en", 10, "his profile updated")
        assert probe.app.strings.locale == "zh_CN" and probe.app.look.font_scale != 2.0
    finally:
        probe.stop()
