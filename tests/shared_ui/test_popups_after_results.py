"""A pop-up never repeats a result she has just seen, nor covers one she is reading.

Every way a device shows her the result of a request — a booking's result screen (every service
ends in FlowEngine.show_result), 找人工's 已通知客服, a cancellation's 已取消 — is one case: the
centre's status message about that request, created up to that moment, says what she saw and is
marked read without popping up, whether it was pushed while the answer was awaited (the trial's
叫车成功, back as a 新消息 after the result) or after (求助请求已提交 over 已通知客服). News written
later (求助已办好) still pops up — after she has left the result, never over it."""
from datetime import datetime, timedelta, timezone

import pytest

from .scripted import ELDER, Scripted, confirmed_registration


def status(mid: str, request_id: str, created_at: datetime, title: str = "挂号成功") -> dict:
    return {"id": mid, "kind": "status", "title": title, "body": f"王阿姨，{title}。", "request_id": request_id,
            "created_at": created_at.isoformat(), "read_at": None}


def now() -> datetime:
    return datetime.now(timezone.utc)


def help_record(args, key):
    return {"id": "r-h", "elder_id": ELDER["id"], "service": "help", "mode": "call", "status": "submitted",
            "form": args["form"], "updated_at": now().isoformat()}


def book(s: Scripted, pushed: list) -> str:
    """A booking's result; ``pushed``: messages pushed while its answer was awaited."""
    def answered(args, key):
        for m in pushed:
            s.offer(m)
        return {**confirmed_registration(args["form"], "r-42"), "updated_at": now().isoformat()}
    s.answers["create_request"] = answered
    s.send("select", "registration")
    s.send("confirm")
    assert s.screen.kind == "result"
    return "r-42"


def call_help(s: Scripted, pushed: list) -> str:
    def answered(args, key):
        for m in pushed:
            s.offer(m)
        return help_record(args, key)
    s.answers["create_request"] = answered
    s.send("help")
    assert s.screen.kind == "notice"
    return "r-h"


def cancel(s: Scripted, pushed: list) -> str:
    s.answers["requests"] = [confirmed_registration({}, "r-1")]
    s.send("select", "my_requests")
    s.send("select", "r-1")
    s.send("select", "cancel_request")

    def answered(args, key):
        for m in pushed:
            s.offer(m)
        return {**confirmed_registration({}, "r-1"), "status": "cancelled", "updated_at": now().isoformat()}
    s.answers["cancel_request"] = answered
    s.send("select", "yes")
    assert s.screen.kind == "notice"
    return "r-1"


RESULTS = {"booking": book, "help": call_help, "cancel": cancel}


def ack_calls(s: Scripted) -> list:
    return [c[1]["message_id"] for c in s.calls if c[0] == "ack_message"]


@pytest.fixture
def scripted():
    s = Scripted("tv")
    s.answers["ack_message"] = lambda args, key: {"id": args["message_id"], "read_at": "now"}
    return s


@pytest.mark.parametrize("shows", RESULTS)
@pytest.mark.parametrize("when", ["while_awaited", "after"])
def test_a_status_message_written_up_to_the_result_is_read_quietly(scripted, shows, when):
    s = scripted
    early = lambda rid: status("m-early", rid, now() - timedelta(seconds=1))  # noqa: E731
    rid = {"booking": "r-42", "help": "r-h", "cancel": "r-1"}[shows]
    if when == "while_awaited":
        RESULTS[shows](s, [early(rid)])
    else:
        RESULTS[shows](s, [])
        assert s.offer(early(rid)).screen.popup is None
    assert s.screen.popup is None and "m-early" in ack_calls(s)  # read at the centre, never popped up
    step = s.send("home")
    assert step.screen.id == "home" and step.screen.popup is None  # nor after she leaves


@pytest.mark.parametrize("shows", RESULTS)
def test_later_news_waits_until_she_leaves_the_result(scripted, shows):
    s = scripted
    RESULTS[shows](s, [])
    rid = {"booking": "r-42", "help": "r-h", "cancel": "r-1"}[shows]
    later = status("m-later", rid, now() + timedelta(minutes=30), "求助已办好")
    step = s.offer(later)
    assert step.screen.kind in ("result", "notice") and step.screen.popup is None  # never over it
    assert "m-later" not in ack_calls(s)
    step = s.send("home")
    assert step.screen.popup is not None and step.screen.popup.record_id == "m-later"


def test_a_status_message_of_another_request_is_news(scripted):
    s = scripted
    book(s, [status("m-other", "r-other", now() - timedelta(minutes=1))])
    assert "m-other" not in ack_calls(s)
    assert s.send("home").screen.popup.record_id == "m-other"


def test_what_was_told_survives_the_session_round_trip(scripted):
    from shared_ui.flow.session import Session

    s = scripted
    book(s, [])
    s.session = Session.from_dict(s.session.to_dict())
    s.offer(status("m-early", "r-42", now() - timedelta(seconds=1)))
    assert "m-early" in ack_calls(s)


# -- against the real centre: what it writes when a request is booked, cancelled, or 找人工 ----------
def offer_unread(runner, client, elder) -> list:
    """Every unread message the centre has for her, offered as a device's poll does."""
    shown = []
    for m in client.messages(elder["id"], due=True, unread=True):
        step = runner.offer(m.model_dump(mode="json"))
        if step.screen.popup is not None:
            shown.append(step.screen.popup.title)
            runner.send("back")  # put aside: it stays unread
    return shown


@pytest.mark.integration
@pytest.mark.parametrize("service", ["registration", "taxi", "help", "cancel"])
def test_the_centres_own_message_about_a_result_just_shown_never_pops_up(live_center, service):
    from .test_flow_live import tv_runner

    runner, client, elder = tv_runner(live_center)
    for m in client.messages(elder["id"], due=True, unread=True):  # what earlier tests left
        client.ack_message(m.id)
    if service == "registration":
        done = runner.send("select", "registration") and runner.send("confirm")
    elif service == "taxi":
        runner.send("select", "registration")
        runner.send("confirm")
        runner.send("home")
        offer_unread(runner, client, elder)  # the registration's own: shown with its result
        runner.send("select", "taxi")
        done = runner.send("confirm")
    elif service == "help":
        done = runner.send("help")
    else:
        runner.send("select", "registration")
        runner.send("confirm")
        runner.send("home")
        runner.send("select", "my_requests")
        booked = client.requests_for(elder["id"], service="registration", status="confirmed")[0]
        runner.send("select", booked.id)
        runner.send("select", "cancel_request")
        done = runner.send("select", "yes")
    assert done.screen.kind in ("result", "notice"), (done.screen.kind, done.speech)
    assert offer_unread(runner, client, elder) == [] and runner.send("home").screen.popup is None
    statuses = [m for m in client.messages(elder["id"], due=True) if m.kind == "status"]
    assert statuses and not [m.title for m in client.messages(elder["id"], due=True, unread=True)
                             if m.kind == "status"]  # read at the centre: the phone sees them read


@pytest.mark.parametrize("shows", ["booking", "cancel"])
def test_a_reminder_due_as_it_was_booked_is_read_quietly_one_due_later_is_news(scripted, shows):
    s = scripted
    rid = {"booking": "r-42", "cancel": "r-1"}[shows]
    due_now = {**status("m-now", rid, now() - timedelta(seconds=1), "看病提醒"), "kind": "reminder"}
    due_later = {**due_now, "id": "m-later", "due_at": (now() + timedelta(hours=2)).isoformat()}
    RESULTS[shows](s, [due_now])
    assert "m-now" in ack_calls(s)
    s.offer(due_later)
    assert "m-later" not in ack_calls(s)
    assert s.send("home").screen.popup.record_id == "m-later"


def test_a_question_about_the_request_is_never_answered_for_her(scripted):
    s = scripted
    book(s, [])
    visit = {**status("m-visit", "r-42", now() - timedelta(seconds=1), "服务回访"), "kind": "return_visit",
             "answers": [{"id": "satisfied", "label": "满意"}]}
    s.offer(visit)
    assert "m-visit" not in ack_calls(s) and s.send("home").screen.popup.record_id == "m-visit"
