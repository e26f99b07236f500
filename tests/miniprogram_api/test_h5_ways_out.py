"""Every H5 page offers each way out once: a screen's own answers (返回首页 on an error or a
result, 返回 on a record) are not said again in the nav row, and 找人工 stays in its one place
in the nav row (WCAG 3.2.6) instead of standing among the answers too. Walked over the real
engine's screens of every service on the family's phone — menus, forms, reviews, results,
refusals before the form, failures, the lists and their records — rendered by the real
template."""
from __future__ import annotations

import re
from html import unescape

import pytest

from accessibility.hosts import abilities_for
from shared_ui.flow.acting import acting
from shared_ui.flow.kinds.menu import services_under
from shared_ui.spec import load_spec
from tests.shared_ui.scripted import ELDER, Scripted, confirmed_registration

SPEC = load_spec()
PARENT = acting(ELDER, ["view", "book"])
BUTTON = re.compile(r'<(button|a)\b([^>]*class="button[^"]*"[^>]*)>(.*?)</\1>', re.S)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from miniprogram_api.app import create_app

    return create_app({"db_url": f"sqlite:///{tmp_path_factory.mktemp('h5') / 'mp.db'}"})


def render(app, screen) -> str:
    from flask import render_template

    from miniprogram_api.h5.forms import ActionForm

    with app.test_request_context("/h5/flow/k"):
        return render_template("h5/screen.html", key="k", screen=screen.to_dict(), speech="", form=ActionForm(),
                               elder=None)


def ways_out(page: str) -> list[tuple[str, str]]:
    """(what it does, what it says) of every button and button-link on the page."""
    out = []
    for _tag, attrs, inner in BUTTON.findall(page):
        value = re.search(r'\bvalue="([^"]*)"', attrs)
        href = re.search(r'\bhref="([^"]*)"', attrs)
        kind = re.search(r'name="kind" value="([^"]*)"', attrs)
        action = (kind.group(1) if kind else value.group(1) if value else href.group(1) if href else "")
        out.append((action, unescape(TAG.sub("", inner)).strip()))
    return out


def assert_each_once(page: str, where: str) -> None:
    found = ways_out(page)
    actions = [a for a, _ in found]
    labels = [label for _, label in found]
    assert len(set(actions)) == len(actions), f"{where}: an action twice: {found}"
    assert len(set(labels)) == len(labels), f"{where}: a label twice: {found}"
    helps = [label for a, label in found if a == "help"]
    assert len(helps) <= 1, f"{where}: 找人工 twice: {found}"


def tiles_to(service: str) -> list[str]:
    menus = SPEC.menus["miniprogram"]
    home = menus.menus[menus.home].items
    if service in home:
        return [service]
    return next([m, service] for m in home if m.startswith("menu:") and service in services_under(menus, m[5:]))


def services() -> list[str]:
    menus = SPEC.menus["miniprogram"]
    return sorted(services_under(menus, menus.home))


def run(outcome: str, refused_first: bool = False) -> Scripted:
    flow = Scripted("miniprogram", abilities=abilities_for("miniprogram"), household=[PARENT])
    if outcome == "failed":
        flow.answers["create_request"] = {"_error": {"code": "no_slots", "message": "没有号了，换一天试试。"}}
    if refused_first:
        flow.answers["precheck"] = lambda args, key: {
            "service": args["service"], "may_file": False, "refusal": "already_open", "code": "already_open",
            "message": "已经在办了。", "request_id": "r-1"}
    flow.answers["requests"] = [confirmed_registration({}, "r-1"),
                                {**confirmed_registration({}, "r-2"), "status": "submitted", "result": None}]
    flow.answers["raise_alarm"] = {"id": "a-1", "status": "raised"}
    flow.answers["messages"] = [{"id": "m-1", "title": "看病提醒", "body": "明天上午去看病。", "speech": "看病提醒。",
                                 "created_at": "2026-12-05T09:00:00+08:00", "read_at": None, "answers": []}]
    return flow


@pytest.mark.parametrize("outcome", ["done", "failed", "refused"])
@pytest.mark.parametrize("service", services())
def test_every_page_of_every_service_offers_each_way_out_once(app, service, outcome):
    flow = run(outcome, refused_first=outcome == "refused")
    seen = []
    assert_each_once(render(app, flow.screen), "home")
    for tile in tiles_to(service):
        flow.send("select", tile)
    for _ in range(14):  # a form's questions, its review, and what comes of it
        screen = flow.screen.top
        seen.append(screen.kind)
        assert_each_once(render(app, flow.screen), f"{service}/{outcome}: {flow.screen.id}")
        if screen.kind in ("result", "error", "notice", "list", "detail", "alarm") or not screen.items:
            if screen.kind == "list" and flow.screen.items:  # one record of the list too
                flow.send("select", flow.screen.items[0].id)
                assert_each_once(render(app, flow.screen), f"{service}: {flow.screen.id}")
            break
        # the first answer offered that moves on (not a page turn)
        choice = next((i for i in screen.items if not i.id.startswith("page:")), screen.items[0])
        flow.send("select", choice.id)
    assert seen, service


def test_an_error_page_says_its_ways_out_once_each(app):
    """The example this test was written for: 找人工 and 首页 were in the answers and in the nav row."""
    flow = run("failed")
    flow.send("select", "registration")
    for _ in range(10):
        if flow.screen.kind == "error":
            break
        flow.send("select", flow.screen.items[0].id)
    assert flow.screen.kind == "error"
    found = ways_out(render(app, flow.screen))
    assert [label for _, label in found].count("找人工") == 1
    assert sum(1 for a, _ in found if a == "home") == 1
