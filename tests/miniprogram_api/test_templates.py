"""Subscribe messages are always in a shape WeChat accepts (its 47003 would lose an alarm
alert): every field of every template, for any name, status, phase or note, passes the
sandbox's checks, which follow WeChat's published limits. And the check-in in words."""
from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from miniprogram_api.alerts import templates
from miniprogram_api.sandbox.wechat import TEMPLATES, field_problem

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
STATUSES = ["raised", "acknowledged", "in_contact", "escalating", "responders_on_site", "resolved", "cancelled", "x"]
PHASES = ["", "callback", "contacts", "police", "keep_calling", "x"]


def valid(template: str, data: dict) -> list[str]:
    assert set(data) == set(TEMPLATES[template])
    return [p for p in (field_problem(k, v) for k, v in data.items()) if p]


@settings(max_examples=300, deadline=None)
@given(name=texts.filter(lambda t: t.strip()), status=st.sampled_from(STATUSES), phase=st.sampled_from(PHASES),
       words=texts, at=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31),
                       timezones=st.just(templates.SHANGHAI)))
def test_alarm_messages_always_pass_wechats_checks(name, status, phase, words, at):
    alarm = {"status": status, "phase": phase, "phase_word": words, "status_word": words}
    assert valid("tmpl-alarm", templates.alarm_message(alarm, at.isoformat(), name)) == []


@settings(max_examples=300, deadline=None)
@given(name=texts.filter(lambda t: t.strip()), service=st.sampled_from(["registration", "taxi", "escort", "x"]),
       status=st.sampled_from(["confirmed", "failed", "cancelled", "submitted"]), note=texts)
def test_booking_messages_always_pass_wechats_checks(name, service, status, note):
    request = {"service": service, "status": status, "note": note}
    assert valid("tmpl-booking", templates.request_message(request, "2026-12-05T09:30:00+08:00", name)) == []


def test_which_changes_alert_the_family():
    assert templates.wants_alarm_alert({"status": "raised"})
    assert templates.wants_alarm_alert({"status": "escalating", "phase": "contacts"})
    assert not templates.wants_alarm_alert({"status": "escalating", "phase": "callback"})  # shown live, not pushed
    assert templates.wants_request_alert({"service": "registration", "status": "confirmed"})
    assert templates.wants_request_alert({"service": "escort", "status": "failed"})  # booked by a platform too
    assert not templates.wants_request_alert({"service": "consultation", "status": "confirmed"})
    # a service the spec alone adds is named and alerted as the spec declares it (续方配药)
    assert templates.wants_request_alert({"service": "refill", "status": "failed"})
    assert templates.request_message({"service": "refill", "status": "confirmed", "note": "药品配送中"},
                                     "2026-11-25T10:00:00+08:00", "张*兰")["thing1"]["value"] == "张*兰的续方配药"


def test_a_long_thing_is_cut_with_an_ellipsis_never_past_twenty():
    cut = templates.thing("复旦大学附属中山医院心内科专家门诊预约成功请提前到达")
    assert len(cut) == 20 and cut.endswith("…")


def test_the_days_check_in_in_words():
    from flask import Flask

    from miniprogram_api import i18n
    from miniprogram_api.parents import checkin_words

    app = Flask("words")
    i18n.init_app(app)
    with app.test_request_context("/?lang=zh_CN"):
        assert checkin_words({"enrolled": True, "status": "done",
                              "checked_in_at": "2026-12-05T08:12:40+08:00"}) == "今天 8:12 已报平安"
        assert checkin_words({"enrolled": True, "status": "due"}) == "今天还没报平安"
        assert checkin_words({"enrolled": True, "status": "missed"}) == "今天还没报平安"
        assert checkin_words({"enrolled": False, "status": "not_enrolled"}) == "没有参加每日报平安"


def test_a_stage_the_spec_marks_alerts_the_family_once_in_its_own_word():
    """续方配药's 药品配送中 and 已送达 reached nobody's phone: the rules knew only confirmed,
    failed and cancelled, and a second change while confirmed was the same message. Now every
    stage a service's spec marks ``alert`` is a message of its own, its word as the phrase
    (within WeChat's five characters), and a stage not marked spends no credit."""
    from shared_ui.spec.loader import load_spec

    marked = 0
    for service in load_spec().services.values():
        for key, stage in service.stages.items():
            request = {"service": service.id, "status": "in_progress", "result": {"stage": key}}
            wanted = stage.alert and service.id in templates.booked()
            assert templates.wants_request_alert(request) == wanted, (service.id, key)
            if stage.alert:
                marked += 1
                assert len(service.stage_word(key)) <= templates.PHRASE_MAX, (service.id, key)
                message = templates.request_message(request, "2026-11-25T10:00:00+08:00", "张*兰")
                assert message["phrase2"]["value"] == service.stage_word(key)
                assert valid("tmpl-booking", message) == []
    assert marked >= 2
    done = {"service": "refill", "status": "confirmed", "result": {"stage": "renewed"}}
    assert templates.alerting_stage(done) == "" and templates.wants_request_alert(done)  # 已办好, as before
