"""The red key raises in one press from EVERY screen the engine can show: the screens are not
listed by hand but found by walking the TV's flows (every tile, OK, Back, a pop-up on top),
with a centre that answers, one that is down, and a couple sharing the box; on each screen
found the red key is pressed once."""
from __future__ import annotations

from collections import Counter, deque

import pytest

from shared_ui.flow.session import Session

from .scripted import ELDER, Scripted, confirmed_registration
from .test_accidental_alarms import TV, tv
from .test_popups import CHECKIN, notice

DEPTH = 5
MOST = 400   # distinct screens visited at most (each walk finds 30–60 today)
DOWN = {"_error": {"code": "network", "message": "网络不通，请稍后再试，或拨打热线12345。", "status": 0}}
HUSBAND = {**ELDER, "id": "el-chen", "name": "陈志明", "name_masked": "陈*明"}


def start(centre: str) -> Scripted:
    answers = dict(requests=[confirmed_registration({}, "r-1")],
                   messages=[{**notice("m0"), "read_at": None}],
                   cancel_request=lambda a, k: {**confirmed_registration({}, "r-1"), "status": "cancelled"},
                   create_request=lambda a, k: confirmed_registration(a["form"]),
                   file_complaint=lambda a, k: {"id": "cmp-1", "request_id": a["request_id"], "status": "open",
                                                "speech": "收到了，我们会核实处理，处理结果会告诉您。"})
    if centre == "down":
        answers.update({op: DOWN for op in ("requests", "messages", "cancel_request", "create_request", "file_complaint",
                                             "hospitals", "departments", "slots")})
    if centre == "couple":
        s = Scripted("tv", abilities=TV, household=[ELDER, HUSBAND])
        s.answers.update(tv().answers, **answers)
        return s
    return tv(**answers)


def state_key(s: Scripted) -> tuple:
    sc = s.screen
    return (sc.id, sc.kind, getattr(sc, "status", None), sc.popup.kind if sc.popup else "", sc.focus)


def fork(s: Scripted) -> Scripted:
    """The same conversation, carried on apart (the session round-trips as JSON)."""
    twin = Scripted.__new__(Scripted)
    twin.engine, twin.answers, twin.calls = s.engine, dict(s.answers), list(s.calls)
    twin.session = Session.from_dict(s.session.to_dict())
    twin.step = s.step
    return twin


def moves(s: Scripted) -> list[tuple[str, object]]:
    shown = s.screen.popup or s.screen
    found = [("select", item.id) for item in shown.items + shown.nav if item.id != "emergency"]
    return found + [("confirm", None), ("back", None)]


def walk(centre: str) -> dict[tuple, Scripted]:
    """Breadth first from home: every distinct screen, each with a conversation standing on it."""
    seen: dict[tuple, Scripted] = {}
    queue = deque([start(centre)])
    while queue and len(seen) < MOST:
        s = queue.popleft()
        key = state_key(s)
        if key in seen or s.screen.kind == "alarm":
            continue
        seen[key] = s
        if len(s.calls) > 40 or sum(1 for c in s.calls if c[0] == "create_request") > 1:
            continue
        depth = getattr(s, "depth", 0)
        if depth >= DEPTH:
            continue
        for kind, value in moves(s):
            twin = fork(s)
            twin.send(kind, value)
            twin.depth = depth + 1
            queue.append(twin)
        for offered in (notice("pop"), CHECKIN):     # something pops up over this screen
            twin = fork(s)
            twin.offer(offered)
            twin.depth = depth + 1
            queue.append(twin)
    return seen


@pytest.mark.parametrize("centre", ["answers", "down", "couple"])
def test_the_red_key_raises_once_in_one_press_from_every_screen_reached(centre):
    screens = walk(centre)
    kinds = Counter(key[1] for key in screens)
    expected = {"answers": {"menu", "field", "review", "result", "list", "detail", "confirm"},
                "down": {"menu", "error"}, "couple": {"field", "review", "result"}}[centre]
    assert expected <= set(kinds), kinds
    if centre == "couple":
        assert any(key[0].startswith("who:") for key in screens), "为谁办理 was not reached"
    assert any(key[3] for key in screens), "no pop-up over a screen was reached"
    failures = []
    for key, s in screens.items():
        twin = fork(s)
        before = twin.ops().count("raise_alarm")
        step = twin.send("sos")
        raised = twin.ops().count("raise_alarm") - before
        if not (raised == 1 and step.screen.kind == "alarm" and step.screen.status == "raised"
                and step.screen.popup is None):
            failures.append(f"{key}: {raised} alarms, then {step.screen.kind}/{step.screen.status}")
    assert not failures, "\n".join(failures)
