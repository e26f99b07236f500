"""No line a review, a result or a progress screen builds reads a word group twice in a row, and
no clause has two "：" (a user trial: the TV showed "已评估：照护等级3级 审核中 审核中" and said
"照护需求评估：已评估：照护等级3级").

Generated: every request service of the spec × every lifecycle status × every stage, with the
results its centre gives (the slip samples'; for 养老服务一件事 every combination of its parts'
states, from the centre's own words), through 我的服务's row, the request's page, its result
screen and the H5 history; and every review a form makes from its options."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from call_center import lifecycle
from call_center.elder_services import joint
from personal_data.status_words import STAGE_WORDS
from shared_ui.confirmation import said_fact
from shared_ui.flow import FlowEngine
from shared_ui.flow.frames import DetailFrame, ResultFrame
from shared_ui.flow.kinds import outcome, records
from shared_ui.flow.session import Session
from shared_ui.lines import labelled, repeated, summary
from shared_ui.spec import load_spec
from tests.generated_screens import joint_results

SAMPLES = Path(__file__).resolve().parents[2] / "assets" / "slips" / "samples"
CLAUSE = re.compile(r"[。；;\n]")


def problems_of(line: str) -> list[str]:
    out = []
    again = repeated(line)
    if again:
        out.append(f"reads {again!r} twice")
    if any(clause.count("：") > 1 for clause in CLAUSE.split(line)):
        out.append("two ： in one clause")
    return out


def test_the_checks_catch_the_trials_lines():
    assert problems_of("已评估：照护等级3级 审核中 审核中") == ["reads '审核中' twice"]
    assert problems_of("照护需求评估：已评估：照护等级3级") == ["two ： in one clause"]
    assert problems_of("已取消：已取消") == ["reads '已取消' twice"]
    assert problems_of("明天 上午9:30 第六人民医院 心内科") == []
    assert problems_of(labelled("照护需求评估", "已评估：照护等级3级")) == []
    assert problems_of(summary([("评估", "已评估：照护等级3级"), ("补贴", "审核中"), ("入住", "审核中")])) == []
    # A matter's name ending in its status's verb (the TV's 我的服务 row read 照护需求评估已评估).
    assert problems_of("照护需求评估已评估，照护等级3级；养老服务补贴审核中") == ["reads '评估' twice"]
    row = summary([("照护需求评估", "已评估：照护等级3级"), ("养老服务补贴", "审核中"), ("入住养老机构", "审核中")])
    assert row == "照护需求已评估，照护等级3级；养老服务补贴审核中；入住养老机构审核中"
    assert problems_of(row) == []
    # In English the row is joined with English marks (shared_ui/punctuation.py), a value's own
    # colon a comma: never a full-width mark between English words.
    english = summary([("Care assessment", "assessed: level 3"), ("Care subsidy", "under review"),
                       ("Care home", "under review")], "en")
    assert english == "Care assessment assessed, level 3; Care subsidy under review; Care home under review"


def _results(service: str) -> list[dict]:
    if service == "elder_services":
        return joint_results()
    found = []
    for path in sorted(SAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        record = data.get("request") or {}
        if record.get("service") == service and record.get("result"):
            found.append(record["result"])
    return found or [{}]


def _records():
    spec = load_spec()
    for service in sorted(s.id for s in spec.services.values() if s.kind == "request"):
        for result in _results(service):
            for status in lifecycle.STATUSES:
                for stage in [result.get("stage"), *STAGE_WORDS.get(service, {})]:
                    yield {"id": "req_0123456789ab", "elder_id": "el-1", "service": service, "status": status,
                           "mode": "self", "channel": "tv", "form": {},
                           "result": {**result, "stage": stage} if stage else {**result, "stage": None},
                           "events": [{"status": "submitted", "at": "2026-11-24T09:00:00+08:00",
                                       "note": joint.STAGE_WORDS["assessing"] + "：照护需求评估一起受理"},
                                      {"status": status, "at": "2026-11-24T10:00:00+08:00", "note": "已取消"}]}


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_no_progress_or_result_line_reads_a_word_twice_or_nests_its_colons(channel):
    flow = FlowEngine(load_spec(), channel)
    session = Session(channel, "zh_CN", {"id": "el-1", "name": "王秀英"})
    found = set()
    seen = 0
    for r in _records():
        row = records.request_item(flow, r)
        lines = [row.label, row.detail or "", row.speak]
        screen, said = records.build_detail(flow, session, DetailFrame(record=r))
        lines += [screen.title, said, screen.body or "", *(said_fact(f.label, f.value) for f in screen.facts)]
        if r["status"] in ("confirmed", "completed"):
            result, said = outcome.build_result(flow, session, ResultFrame(service_id=r["service"], record=r))
            lines += [result.title, said, *(said_fact(f.label, f.value) for f in result.facts), *result.notes]
        for line in lines:
            seen += 1
            for problem in problems_of(line):
                found.add((r["service"], r["status"], (r["result"] or {}).get("stage"), line, problem))
    assert seen > 1000
    assert sorted(found) == []


def test_the_family_history_reads_a_note_after_its_word_with_one_colon():
    from miniprogram_api.h5 import look

    record = {"events": [{"status": "accepted", "at": "x", "note": "评估中：照护需求评估、养老服务补贴一起受理"},
                         {"status": "cancelled", "at": "y", "note": "已取消"}]}
    flow = FlowEngine(load_spec(), "miniprogram")

    class _Engine:
        status_word = staticmethod(flow.status_word)

    import miniprogram_api.flows as flows

    original = flows.engine_for
    flows.engine_for = lambda locale: _Engine()
    original_locale = look.current_locale
    look.current_locale = lambda: "zh_CN"
    try:
        steps = look.request_steps(record)
    finally:
        flows.engine_for = original
        look.current_locale = original_locale
    lines = [f"{s['word']}：{s['note']}" if s["note"] else s["word"] for s in steps]
    assert lines[1] == "已取消"
    assert [p for line in lines for p in problems_of(line)] == []


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_every_review_a_form_makes_reads_each_fact_once(channel):
    """Each form's review, with every answer its options give, said as the review says it."""
    from shared_ui.flow.kinds import form as form_kind
    from shared_ui.flow.screens import FactView

    spec = load_spec()
    flow = FlowEngine(spec, channel)
    found = []
    for fid, form in spec.forms.items():
        fields = [f for f in form.fields if not form_kind.is_bare_fork(f)]
        widest = max((len(f.options) for f in fields), default=1) or 1
        for n in range(widest):
            facts = [FactView(flow.t(f.label), flow.t(f.options[n % len(f.options)].label) if f.options
                              else "上海市长宁区仙霞路650弄12号") for f in fields]
            spoken = "；".join(said_fact(f.label, f.value) for f in facts)
            for line in [spoken, *(said_fact(f.label, f.value) for f in facts)]:
                found += [(fid, line, p) for p in problems_of(line)]
    assert found == []
