"""Screens the flow engine makes from generated requests, for the Kivy channels' layout tests:
every request service of the spec, with its slip sample's result (养老服务一件事: every mix of its
parts' states, in the centre's words) as it is (short) and with every place, name and sentence in
it made long; each as a row of 我的服务 (every page the channel's paging cuts), its page in 我的服务
(with what a printer or the family said under its title) and its result screen.

A user trial found what the hand-written corpus did not have: a row's second line two lines long
(cut top and bottom on the TV), a kiosk page whose printer sentence was drawn over its title, a
taxi result whose first page was mostly empty before a long address."""
from __future__ import annotations

import itertools
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

from shared_ui.flow import FlowEngine, Screen
from shared_ui.flow.abilities import Paging
from shared_ui.flow.build import list_pages
from shared_ui.flow.frames import DetailFrame, ListFrame, ResultFrame
from shared_ui.flow.kinds import outcome, records
from shared_ui.flow.session import Session
from shared_ui.spec import load_spec

SAMPLES = Path(__file__).resolve().parents[1] / "assets" / "slips" / "samples"
LONG_PLACE = "上海市浦东新区东方路1500弄锦绣前程花园南区第三十七号楼二单元一千二百零三室（近浦电路口，进小区后请走左边第二个门，电梯坏了走楼梯）"
LONG_NAME = "复旦大学附属中山医院青浦分院（上海市青浦区中心医院）"
PRINTED = "这里没有连接打印机。可以按“发给家人”，把单子发到家人的手机上；\n也可以请工作人员帮忙。"
LONG_TEXT_KEYS = ("address", "hospital_name", "department_name", "destination", "meet_place", "car", "vehicle")


def joint_results() -> list[dict]:
    """养老服务一件事's result for every combination of its parts' states, as the centre words it."""
    from call_center.elder_services import joint

    parts = ("assessment", "subsidy", "admission")
    states = {"assessment": ("assessing", "assessed"), "subsidy": ("waiting", "reviewing", "approved", "refused"),
              "admission": ("waiting", "reviewing", "approved", "refused", "cancelled")}
    out = []
    for combo in itertools.product(*(states[p] for p in parts)):
        app = SimpleNamespace(state="open", parts=[
            SimpleNamespace(part=p, state=s, grade=3 if s == "assessed" else None, reason="要照护等级3级及以上",
                            note="请带身份证到街道服务中心签约") for p, s in zip(parts, combo)])
        out.append(joint.result_of(app))
    return out


def _lengthened(values: dict) -> dict:
    out = {}
    for key, value in values.items():
        if isinstance(value, str) and any(k in key for k in LONG_TEXT_KEYS):
            out[key] = LONG_NAME if "name" in key or key == "destination" else LONG_PLACE
        else:
            out[key] = value
    return out


def generated_requests() -> list[dict]:
    """Every request service of the spec, confirmed, short and long (see the module's text)."""
    spec = load_spec()
    made = []
    for service in sorted(s.id for s in spec.services.values() if s.kind == "request"):
        found = []
        if service == "elder_services":
            found = [({}, r) for r in joint_results()]
        for path in sorted(SAMPLES.glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8")).get("request") or {}
            if record.get("service") == service:
                found.append((record.get("form") or {}, record.get("result") or {}))
        for form, result in found or [({}, {})]:
            for long in (False, True):
                made.append({"id": f"req_{len(made):04d}", "elder_id": "el-1", "service": service,
                             "status": "confirmed", "mode": "self", "channel": "tv",
                             "form": _lengthened(form) if long else form,
                             "result": _lengthened(result) if long else result,
                             "created_at": "2026-11-24T09:00:00+08:00", "events": []})
    return made


def _session(channel: str, paging: dict[str, Paging]) -> Session:
    return Session(channel, "zh_CN", {"id": "el-1", "name": "王秀英"}, paging=dict(paging))


def list_screens(channel: str, paging: dict[str, Paging]) -> Iterator[Screen]:
    """Every page of 我的服务 over every generated request, cut as the channel's paging cuts."""
    flow = FlowEngine(load_spec(), channel)
    session = _session(channel, paging)
    frame = ListFrame(list_kind="requests", records=generated_requests(), loaded=True)
    for page in range(len(list_pages(records.list_rows(flow, session, frame), paging["list"]))):
        frame.page = page
        yield records.build_list(flow, session, frame)[0]


def list_page_problems(probe: Any, channel: str, scale: str, problems: Any, artifacts: Path) -> list[str]:
    """Every page of 我的服务 over the generated requests drawn on ``probe``'s app at text size
    ``scale`` (high contrast): what ``problems`` finds on each, by page; a screenshot of each."""
    app = probe.app
    app.apply_preferences({"font_scale": scale, "theme": "high_contrast"})
    found = []
    for n, screen in enumerate(list_screens(channel, app.look.paging())):
        app.shell.show(screen)
        probe.frames(6)
        found += [f"page {n + 1}: {p}" for p in problems(probe)]
        probe.screenshot(artifacts / "generated" / f"list-{n + 1}@{scale}.png")
    return found


def fact_screens(channel: str, paging: dict[str, Paging], long_only: bool = True) -> Iterator[tuple[str, Screen]]:
    """Each generated request's page in 我的服务, with the printer's sentence under its title, and
    its result screen."""
    flow = FlowEngine(load_spec(), channel)
    session = _session(channel, paging)
    for n, r in enumerate(generated_requests()):
        if long_only and n % 2 == 0:
            continue
        yield f"{r['service']}-{n}-detail", records.build_detail(flow, session, DetailFrame(record=r, printed=PRINTED))[0]
        yield f"{r['service']}-{n}-result", outcome.build_result(flow, session,
                                                                 ResultFrame(service_id=r["service"], record=r))[0]


def pages_of(view: Any, probe: Any, act: Any) -> Iterator[None]:
    """Each page of a facts view in turn (``act``: the view's own 下一页)."""
    pages = int(view.facts.page_count) if hasattr(view, "facts") else 1
    for page in range(pages):
        yield None
        if page + 1 < pages:
            act()
            probe.frames(3)
