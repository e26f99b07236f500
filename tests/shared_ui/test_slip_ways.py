"""The ways to her slip on a kiosk's result and 我的服务 page (a user trial, k-10 and k-26: 打印
凭条 at a station with no printer, 发给家人 only after a failed print and in 取消这项服务's orange,
"请找驿站的工作人员或志愿者帮忙。" twice in one message, and after 发给家人 had worked, still "ask
the staff"). For every service with a number to call, result and detail, printer or not, family
or not, before and after printing or sending:

- 打印凭条 only where a printer is; 发给家人 up front wherever someone is bound to receive it;
- both in an action's colour, never in the colour of 取消这项服务;
- no sentence said twice in what the screen tells (``lines.sentences_once``);
- once the slip is printed or sent, nothing asks her to print it or to find the staff for it."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from accessibility.hosts import abilities_for

from .test_contact_phones import CALLABLE, ELDER, SPEC, draw

WITH_FAMILY = {**ELDER, "family_receives_slips": True}
STAFF = "驿站的工作人员或志愿者"
PRINTED = "单子打好了，请在出纸口取走。"
SENT = "凭条已经发给您的女儿，在手机上就能看到。"
NO_PRINTER = "这里没有连接打印机。请找驿站的工作人员或志愿者帮忙。"


def kiosk(printer: bool):
    return abilities_for("kiosk") if printer else replace(abilities_for("kiosk"), prints=False)


def told_of(screen) -> list[str]:
    return [x for x in (screen.body, *screen.notes) if x]


def sentences(lines: list[str]) -> list[str]:
    return [re.sub(r"\s+", "", s) for line in lines for s in re.findall(r"[^。！？]+[。！？]?", line) if s.strip()]


@pytest.mark.parametrize("frame_kind", ["result", "detail"])
@pytest.mark.parametrize("family", [True, False], ids=["family", "no-family"])
@pytest.mark.parametrize("printer", [True, False], ids=["printer", "no-printer"])
@pytest.mark.parametrize("sid", CALLABLE)
def test_what_works_here_is_offered_up_front_in_an_actions_colour(sid, printer, family, frame_kind):
    screen, said = draw("kiosk", sid, frame_kind, abilities=kiosk(printer), elder=WITH_FAMILY if family else ELDER)
    items = {i.id: i for i in screen.items}
    assert ("print" in items) is printer
    assert ("share" in items) is family                      # not only after a failed print
    cancel = items.get("cancel_request")
    for way in ("print", "share"):
        if way in items:
            assert items[way].colour == "primary", (way, items[way].colour)
            assert cancel is None or items[way].colour != cancel.colour
    if not printer:
        assert "打印凭条" not in " ".join(told_of(screen)) + said   # never an invitation to print


@pytest.mark.parametrize("frame_kind", ["result", "detail"])
@pytest.mark.parametrize("family", [True, False], ids=["family", "no-family"])
@pytest.mark.parametrize("sid", CALLABLE)
def test_a_print_that_failed_says_each_sentence_once(sid, family, frame_kind):
    screen, said = draw("kiosk", sid, frame_kind, elder=WITH_FAMILY if family else ELDER,
                        printed=NO_PRINTER, print_failed=True)
    told = sentences(told_of(screen))
    assert len(told) == len(set(told)), told_of(screen)
    assert len(sentences([said])) == len(set(sentences([said]))), said


@pytest.mark.parametrize("frame_kind", ["result", "detail"])
@pytest.mark.parametrize("sid", CALLABLE)
def test_a_slip_sent_to_the_family_says_so_and_no_more_asks_for_it(sid, frame_kind):
    screen, said = draw("kiosk", sid, frame_kind, abilities=kiosk(False), elder=WITH_FAMILY,
                        printed=SENT, shared=True)
    told = " ".join(told_of(screen))
    assert SENT in told and "share" not in {i.id for i in screen.items}
    assert STAFF not in told + said and "打印凭条" not in told + said


@pytest.mark.parametrize("frame_kind", ["result", "detail"])
@pytest.mark.parametrize("sid", CALLABLE)
def test_a_slip_printed_says_so_and_no_more_invites_printing(sid, frame_kind):
    screen, said = draw("kiosk", sid, frame_kind, printed=PRINTED, print_failed=False)
    told = " ".join(told_of(screen))
    assert PRINTED in told and SPEC.strings["contact.on_slip"] not in told + said
    assert STAFF not in told
