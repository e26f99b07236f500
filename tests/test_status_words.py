"""One table of status words (personal_data/status_words.py) that the console, the TV and kiosk
(the flow engine), the family's H5 pages and the slips all read. A user trial found the console
saying 已办好 of a joint application the channels called 分别审核中, and the TV saying 已确认 and
办理中 where the console and the slips said 已办好 and 正在办理.

For every service of the spec and the centre, every lifecycle status and every stage, each place
that shows where a request stands says the same word; and no module keeps a table of its own."""
from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest

from call_center import lifecycle
from call_center.console import labels
from call_center.fulfilment.registry import SERVICE_WORDS
from personal_data import status_words
from shared_ui.flow.engine import FlowEngine
from shared_ui.spec.loader import load_spec

ROOT = Path(__file__).resolve().parents[1]


def cases() -> list[tuple[str, str, str | None]]:
    services = sorted(set(SERVICE_WORDS) | {s.id for s in load_spec().services.values() if s.kind == "request"})
    return [(service, status, stage) for service in services for status in lifecycle.STATUSES
            for stage in [None, *status_words.STAGE_WORDS.get(service, {})]]


def _slip_status(request: dict) -> str:
    from accessibility.slips.content import ContentBuilder

    receipt = ContentBuilder(load_spec(), lambda text: text).receipt(request, None)
    return next(f.value for f in receipt.facts if f.key == "status")


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_every_place_words_every_status_and_stage_of_every_service_alike(channel):
    engine = FlowEngine(load_spec(), channel)
    differ = []
    for service, status, stage in cases():
        request = {"id": "req_x", "service": service, "status": status, "mode": "self", "channel": "tv",
                   "result": {"stage": stage} if stage else None, "form": {}}
        console = labels.request_status(SimpleNamespace(service=service, status=status, result=request["result"]))
        words = {"console": console, "channel": engine.record_status(request), "slip": _slip_status(request),
                 "table": status_words.shown_status(request)}
        if len(set(words.values())) != 1 or not console or console in (status, stage):
            differ.append((service, status, stage, words))
    assert differ == []


def test_a_joint_application_being_decided_reads_分别审核中_in_the_console_and_on_every_channel():
    """The trial's example: confirmed (the grade is in), stage deciding."""
    request = {"service": "elder_services", "status": "confirmed", "result": {"stage": "deciding"}}
    assert labels.request_status(SimpleNamespace(**request)) == "分别审核中"
    for channel in ("tv", "kiosk", "miniprogram"):
        assert FlowEngine(load_spec(), channel).record_status(request) == "分别审核中"


def test_english_reads_the_same_table_translated():
    engine = FlowEngine(load_spec(), "tv", locale="en")
    for service, status, stage in cases():
        request = {"service": service, "status": status, "result": {"stage": stage} if stage else None}
        word = engine.record_status(request)
        assert word and not any("\u4e00" <= ch <= "\u9fff" for ch in word), (service, status, stage, word)


def test_the_spec_stages_and_the_centre_stages_are_the_tables():
    """Each service's spec stages are the table's (the spec names no word of its own) and the
    centre's modules set no stage the table does not word."""
    from call_center.device_applications import applications
    from call_center.elder_services import joint
    from call_center.fulfilment import refills

    for service in load_spec().services.values():
        if service.stages:
            assert set(service.stages) == set(status_words.STAGE_WORDS[service.submits_as or service.id]), service.id
    assert refills.STAGE_WORDS is status_words.STAGE_WORDS["refill"]
    assert applications.STAGE_WORDS is status_words.STAGE_WORDS["device_application"]
    assert joint.STAGE_WORDS is status_words.STAGE_WORDS["elder_services"]
    assert lifecycle.STATUS_WORDS is status_words.STATUS_WORDS


def _status_tables(path: Path) -> list[int]:
    """Line numbers of dict literals that word two or more lifecycle statuses in Chinese."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    verbs = {id(a.value) for a in ast.walk(tree) if isinstance(a, ast.Assign)
             and any(isinstance(t, ast.Name) and t.id == "MOVE_WORDS" for t in a.targets)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and id(node) not in verbs:  # the console's buttons: verbs
            worded = [k.value for k, v in zip(node.keys, node.values)
                      if isinstance(k, ast.Constant) and k.value in lifecycle.STATUSES
                      and isinstance(v, (ast.Constant, ast.Call))]
            chinese = any(isinstance(v, ast.Constant) and isinstance(v.value, str)
                          and any("\u4e00" <= ch <= "\u9fff" for ch in v.value) for v in node.values)
            if len(worded) >= 2 and chinese and set(worded) - {"cancelled"}:
                found.append(node.lineno)
    return found


def test_no_module_words_request_statuses_but_the_table():
    """A second table is how the words drifted apart: none in the product's sources (the
    alarm desk's states are an alarm's, not a request's: raised, acknowledged …)."""
    own = ROOT / "personal_data" / "status_words.py"
    tables = []
    for package in ("personal_data", "shared_ui", "accessibility", "tv_app", "kiosk_app", "miniprogram_api",
                    "call_center"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path != own:
                tables += [f"{path.relative_to(ROOT)}:{line}" for line in _status_tables(path)]
    assert tables == []
