"""Each way out once on the kiosk (the lead's find: 回到首页 and 找人工 stood among a result's and an
error's answers AND in the kiosk's fixed bottom row). The rule (``Abilities.fixed_row``,
``shared_ui.flow.screens.once_each``): a channel whose fixed row offers 首页 · 返回 · 重听 · 找人工 on
every screen offers no answer doing the same; answers doing something else (再试一次, 打印凭条,
查看进度) stay. The TV has no such row: there the answers keep them, they are its ways out.

Walked over the real engine's screens of every service the kiosk offers — menus, forms,
reviews, results, refusals before the form, failures, the lists and their records — and each
answer the row made redundant is shown to do exactly what the row's key does."""
from __future__ import annotations

from dataclasses import replace

import pytest

from accessibility.hosts import abilities_for
from shared_ui.flow.kinds.menu import services_under
from shared_ui.flow.session import Session
from shared_ui.spec import load_spec

from .scripted import ELDER, Scripted, confirmed_registration
from .test_start_and_idle import VALID_ID

SPEC = load_spec()
KIOSK = abilities_for("kiosk")
FOUND = {"elder": ELDER, "grant": {"id": "gr-1", "token": "g", "expires_in": 600}}
WAYS_OUT = ("home", "back", "repeat", "help")


def services(channel: str) -> list[str]:
    menus = SPEC.menus[channel]
    return sorted(services_under(menus, menus.home))


def tiles_to(channel: str, service: str) -> list[str]:
    menus = SPEC.menus[channel]
    home = menus.menus[menus.home].items
    if service in home:
        return [service]
    return next([m, service] for m in home if m.startswith("menu:") and service in services_under(menus, m[5:]))


def started(channel: str, outcome: str, abilities=None) -> Scripted:
    abilities = abilities or abilities_for(channel)
    s = Scripted(channel, abilities=abilities)
    s.answers.update({"identify_elder": FOUND, "end_grant": {"ended": True},
                      "raise_alarm": {"id": "a-1", "status": "raised"}, "ack_message": {"read_at": "now"},
                      "help_request": {"id": "r-help", "status": "submitted", "speech": "话务员会打电话给您。"}})
    if outcome == "failed":
        s.answers["create_request"] = {"_error": {"code": "no_slots", "message": "没有号了，换一天试试。"}}
        s.answers["precheck"] = lambda args, key: {"service": args["service"], "may_file": True, "refusal": None,
                                                   "code": None, "message": None, "request_id": None}
    if outcome == "refused":
        s.answers["precheck"] = lambda args, key: {
            "service": args["service"], "may_file": False, "refusal": "already_open", "code": "already_open",
            "message": "已经在办了。", "request_id": "r-1"}
    s.answers["requests"] = [confirmed_registration({}, "r-1"),
                             {**confirmed_registration({}, "r-2"), "status": "submitted", "result": None}]
    if s.session.elder is None:  # the kiosk: her card's number and her phone's last four
        s.send("select", "id_number")
        s.send("input", VALID_ID)
        s.send("input", "5678")
        assert s.screen.id == "home", s.screen.id
    return s


def fork(s: Scripted, abilities=None) -> Scripted:
    twin = Scripted.__new__(Scripted)
    engine = s.engine
    if abilities is not None:
        from shared_ui.flow import FlowEngine

        engine = FlowEngine(engine.spec, engine.channel, engine.locale, abilities)
    twin.engine, twin.answers, twin.calls = engine, dict(s.answers), list(s.calls)
    twin.session = Session.from_dict(s.session.to_dict())
    twin.step = s.step
    return twin


def screens_of(channel: str, service: str, outcome: str, abilities=None):
    """(conversation standing on it, its screen) for each screen of ``service`` on ``channel``."""
    s = started(channel, outcome, abilities)
    yield s, s.screen
    for tile in tiles_to(channel, service):
        s.send("select", tile)
    for _ in range(14):
        screen = s.screen.top
        yield s, screen
        if screen.kind in ("result", "error", "notice", "list", "detail", "alarm") or not screen.items:
            if screen.kind == "list" and screen.items:
                s.send("select", screen.items[0].id)
                yield s, s.screen.top
            break
        choice = next((i for i in screen.items if not i.id.startswith("page:")), screen.items[0])
        s.send("select", choice.id)


def test_the_kiosk_declares_the_row_its_views_draw():
    from kiosk_app.views.base import FIXED_ROW

    assert tuple(KIOSK.fixed_row) == FIXED_ROW == WAYS_OUT
    assert abilities_for("tv").fixed_row == ()


@pytest.mark.parametrize("outcome", ["done", "failed", "refused"])
@pytest.mark.parametrize("service", services("kiosk"))
def test_every_kiosk_screen_offers_each_way_out_once(service, outcome):
    seen = set()
    for s, screen in screens_of("kiosk", service, outcome):
        seen.add(screen.kind)
        doubled = [i.id for i in screen.items if i.id in KIOSK.fixed_row]
        assert not doubled, f"{service}/{outcome} {screen.id}: {doubled} among the answers and in the fixed row"
        assert screen.focus is None or screen.focus in {i.id for i in screen.items}, (screen.id, screen.focus)
    assert seen, service


def test_the_walk_reaches_results_errors_lists_and_records_with_ways_out_among_their_answers():
    """The walks above are not vacuous: without the row, their results and errors had 回到首页 and
    找人工 among the answers (the screens the find was about)."""
    rowless = replace(KIOSK, fixed_row=())
    kinds, doubled = set(), set()
    for service in services("kiosk"):
        for outcome in ("done", "failed", "refused"):
            for _s, screen in screens_of("kiosk", service, outcome, rowless):
                kinds.add(screen.kind)
                doubled |= {(screen.kind, i.id) for i in screen.items if i.id in WAYS_OUT}
    assert {"result", "error", "list", "detail"} <= kinds, kinds
    assert {("result", "home"), ("error", "home"), ("error", "help")} <= doubled, doubled


@pytest.mark.parametrize("outcome", ["done", "failed", "refused"])
@pytest.mark.parametrize("service", services("kiosk"))
def test_an_answer_the_row_made_redundant_did_what_the_rows_key_does(service, outcome):
    """The same screens on a kiosk without its row: every answer that the row would drop
    leads where the row's key leads, asks the centre the same and says the same — so dropping
    it took nothing from her (answers doing something else were kept)."""
    rowless = replace(KIOSK, fixed_row=())
    for s, screen in screens_of("kiosk", service, outcome, rowless):
        for item in screen.items:
            if item.id not in WAYS_OUT:
                continue
            by_answer = fork(s)
            by_answer_step = by_answer.send("select", item.id)
            by_row = fork(s)
            by_row_step = by_row.send(item.id)
            assert (by_answer_step.screen.top.id, [c[0] for c in by_answer.calls[len(s.calls):]]) == \
                   (by_row_step.screen.top.id, [c[0] for c in by_row.calls[len(s.calls):]]), \
                   f"{service}/{outcome} {screen.id}: {item.id} among the answers is not the row's {item.id}"


@pytest.mark.parametrize("outcome", ["done", "failed"])
def test_the_tv_keeps_them_among_the_answers_it_has_no_row(outcome):
    found = set()
    for service in services("tv"):
        for _s, screen in screens_of("tv", service, outcome):
            if screen.kind in ("result", "error"):
                found |= {i.id for i in screen.items} & set(WAYS_OUT)
    assert {"home", "help"} <= found if outcome == "failed" else "home" in found


def test_the_example_an_error_on_the_kiosk_keeps_retry_and_drops_home_and_help():
    s = started("kiosk", "failed")
    s.answers["create_request"] = {"_error": {"code": "network", "status": 0, "message": "网络不通。"}}
    for tile in tiles_to("kiosk", "registration"):
        s.send("select", tile)
    for _ in range(10):
        if s.screen.kind == "error":
            break
        s.send("select", next(i.id for i in s.screen.items if not i.id.startswith("page:")))
    assert s.screen.kind == "error"
    assert [i.id for i in s.screen.items] == ["retry"]
    assert s.screen.focus == "retry"
