"""消息 on every channel: opening a message reads it (marked at the centre, never offered or
counted as new again), and the list is unread first, newest first within each — the trial's list
put read ones first (a consent answered long ago, a policy) and spread the unread over five
pages of two."""
import random

import pytest

from shared_ui.flow import Abilities

from .scripted import Scripted


def message(mid: str, minute: int, read: bool = False, **extra) -> dict:
    at = f"2026-12-06T19:{minute:02d}:00+08:00"
    return {"id": mid, "kind": "notice", "title": f"通知{mid}", "body": f"通知{mid}的内容", "created_at": at,
            "due_at": at, "read_at": at if read else None, **extra}


CHANNELS = ["tv", "kiosk", "miniprogram"]


def scripted(channel: str) -> Scripted:
    s = Scripted(channel, abilities=Abilities()) if channel != "tv" else Scripted("tv")
    s.answers["ack_message"] = lambda args, key: {"id": args["message_id"], "read_at": "now"}
    return s


def all_rows(s: Scripted) -> list[str]:
    """Every row of 消息, page by page."""
    rows = []
    step = s.step
    while True:
        rows += [i.id for i in step.screen.items if i.kind == "record"]
        if not step.screen.item("page:next"):
            return rows
        step = s.send("select", "page:next")


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_list_is_unread_first_newest_first_within_each(channel):
    """(A question still waiting on her answer leads the unread: tests/shared_ui/test_popups.py.)"""
    s = scripted(channel)
    consent = message("consent", 5, read=True, kind="consent", answers=[{"id": "revoke", "label": "解除绑定"}])
    records = [consent, *(message(f"u{n}", n * 3 + 1) for n in range(6)), *(message(f"r{n}", n * 3 + 2, True)
                                                                               for n in range(5))]
    random.Random(7).shuffle(records)
    s.answers["messages"] = records
    s.send("select", "messages")
    rows = all_rows(s)
    assert rows == [f"u{n}" for n in reversed(range(6))] + ["r4", "r3", "r2", "r1", "consent", "r0"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_opening_a_message_reads_it_at_the_centre(channel):
    s = scripted(channel)
    s.answers["messages"] = [message("m1", 1), message("m2", 2)]
    s.send("select", "messages")
    step = s.send("select", "m1")
    assert step.screen.kind == "detail"
    assert ("ack_message", {"message_id": "m1"}) in [c[:2] for c in s.calls]  # read without 知道了
    step = s.send("back")
    assert step.screen.kind == "list"
    # the next pop-up does not count it new again: offered again (a poll), it stays down
    assert s.offer(message("m1", 1)).screen.popup is None


def test_a_message_that_asks_stays_unread_until_answered():
    s = scripted("tv")
    asks = message("c1", 1, kind="consent", answers=[{"id": "agree", "label": "同意"},
                                                     {"id": "decline", "label": "不同意"}])
    s.answers["messages"] = [asks]
    s.send("select", "messages")
    s.send("select", "c1")
    assert "ack_message" not in s.ops()
