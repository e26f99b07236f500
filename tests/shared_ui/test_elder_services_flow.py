"""养老服务一件事 on every entry a channel uses — the engine's runner (the TV's and the kiosk's
flows) and the mini-program's JSON entry — against a real centre: told at once in 政策查询 (all
twelve matters, hers first), one of the three joined matters opens the one form, it is
accepted at one window, and every part's progress and result stands on one status screen in
我的服务, said; once the grade is in, the slip lists every part. No channel code: spec and centre."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from accessibility.hosts import abilities_for
from accessibility.slips.config import SlipConfig
from accessibility.slips.renderer import SlipRenderer
from call_center.elder_services import joint
from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine
from shared_ui.flow.json_entry import JsonFlow, MemoryStore
from shared_ui.flow.runner import FlowRunner
from shared_ui.spec import load_spec

pytestmark = pytest.mark.integration

TWELVE = ("老年照护统一需求评估", "养老服务补贴", "入住保基本养老机构", "居家环境适老化改造", "老年人助餐服务和优惠",
          "老年人助餐服务和优惠的变更", "康复辅助器具社区租赁补贴", "老年综合津贴", "敬老卡", "老年教育课程", "便捷叫车服务",
          "助老体育消费券")


def to_item(runner, step, item_id: str):
    """Page the list (four answers a screen on the TV) to an item and choose it; every page's
    items are read aloud with where she stands."""
    seen: list[str] = []
    for _ in range(10):
        ids = [i.id for i in step.screen.items]
        seen += [i.label for i in step.screen.items if i.kind == "option"]
        if item_id in ids:
            return runner.send("select", item_id)
        step = runner.send("select", "page:next")
    raise AssertionError(f"{item_id} not on any page: {seen}")


def grade(centre, request_id: str, value: int) -> None:
    with centre.app.extensions["onekey"].db.writing() as db:
        joint.record_grade(db, request_id, value, "agent:assessor")
        db.commit()


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_told_at_once_applied_on_one_form_tracked_in_one_place(make_live_center, channel, tmp_path):
    centre = make_live_center()
    client = CenterClient(centre.url, centre.tokens["tv_wang"])
    elder = client.elder(centre.elders["wang"]).as_dict()
    runner = FlowRunner(FlowEngine(load_spec(), channel, abilities=abilities_for(channel)), client)
    runner.start(elder, [elder])
    runner.send("select", "menu:more")
    told = runner.send("select", "policies")
    assert told.screen.kind == "field" and "养老政策" in told.speech
    step = to_item(runner, told, "care_assessment")  # one of the three joined: the one form
    assert step.screen.id == "field:elder_services:parts", (step.screen, step.speech)
    assert "一起申请" in step.speech and len(step.screen.items) >= 4
    runner.send("select", "all")
    runner.send("confirm")               # 是上海户口 (her profile)
    runner.send("select", "unknown")     # 不清楚: the street office checks
    step = runner.send("confirm")        # 本人电话
    assert step.screen.kind == "review"
    done = runner.send("confirm")
    assert done.screen.id == "result:elder_services", (done.screen, done.speech)
    assert "照护需求评估、养老服务补贴、入住养老机构已经一起受理了" in done.speech
    facts = {f.label: f.value for f in done.screen.facts}
    assert facts["照护需求评估"] == "等评估员上门评估"
    assert facts["养老服务补贴"] == facts["入住养老机构"] == "等评估结果"
    mine = client.requests_for(elder["id"], service="elder_services")
    assert len(mine) == 1 and mine[0].status == "accepted"
    # 分别办理: the assessor records grade 3; admission moves to its desk; the slip can print
    grade(centre, mine[0].id, 3)
    runner.send("home")
    listed = runner.send("select", "my_requests")
    row = next(i for i in listed.screen.items if i.id == mine[0].id)
    assert row.label.startswith("养老服务一件事") and "分别审核中" in row.label
    shown = runner.send("select", mine[0].id)
    facts = {f.label: f.value for f in shown.screen.facts}
    assert facts["照护需求评估"] == "已评估：照护等级3级"
    assert facts["入住养老机构"] == facts["养老服务补贴"] == "审核中"
    assert "照护需求已评估：照护等级3级" in shown.speech
    assert shutil.which("pdftotext")
    record = client.request("GET", f"/v1/requests/{mine[0].id}")
    slip = SlipRenderer(SlipConfig(hotline="12345", h5_base="https://h5.onekey.test/r/", secret="t")).render(
        record, elder, "80mm")
    (tmp_path / "slip.pdf").write_bytes(slip.pdf)
    text = "".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "slip.pdf"), "-"],
                                  capture_output=True, check=True).stdout.decode().split())
    for fact in ("照护需求评估", "已评估：照护等级3级", "养老服务补贴", "入住养老机构", "审核中", "18号", "12345"):
        assert fact in text, fact


def test_policies_tells_all_twelve_and_only_the_joined_open_the_form(make_live_center):
    centre = make_live_center()
    client = CenterClient(centre.url, centre.tokens["tv_wang"])
    listed = client.policies(centre.elders["wang"])
    titles = [p["title"] for p in listed]
    assert set(TWELVE) <= set(titles)
    opens = {p["id"] for p in listed if p.get("opens")}
    # 王秀英: grade 2 on file (assessed: 已评估), not in hardship (the subsidy refuses); 入住 asks grade 3
    assert opens == {"care_assessment"}


def test_applied_through_the_json_entry_by_the_family(make_live_center):
    centre = make_live_center()
    client = CenterClient(centre.url, centre.tokens["tv_wang"])
    elder = client.elder(centre.elders["wang"]).as_dict()
    flow = JsonFlow(FlowEngine(load_spec(), "miniprogram", abilities=abilities_for("miniprogram")),
                    lambda session: client, MemoryStore())
    key = flow.start(household=[elder])["session"]
    flow.send(key, {"kind": "select", "value": "menu:more"})
    flow.send(key, {"kind": "select", "value": "policies"})
    shown = flow.send(key, {"kind": "select", "value": "care_assessment"})
    for _ in range(6):  # page to it (the phone shows more a screen than the TV)
        if shown["screen"]["id"] != "field:policies:policy_id":
            break
        flow.send(key, {"kind": "select", "value": "page:next"})
        shown = flow.send(key, {"kind": "select", "value": "care_assessment"})
    assert shown["screen"]["id"] == "field:elder_services:parts"
    for event in ({"kind": "select", "value": "assessment_admission"}, {"kind": "confirm"},
                  {"kind": "select", "value": "none"}, {"kind": "confirm"}):
        shown = flow.send(key, event)
    assert shown["screen"]["kind"] == "review"
    done = flow.send(key, {"kind": "select", "value": "confirm"})
    assert done["screen"]["id"] == "result:elder_services" and "照护需求评估、入住养老机构已经一起受理了" in done["speech"]


@pytest.mark.parametrize("channel", ["tv", "kiosk", "miniprogram"])
def test_a_matter_asked_from_policies_shows_the_clause_it_comes_from(make_live_center, channel):
    """政策查询 on every channel: a matter of the 一件事 asked about (a call-back) shows and keeps
    its 政策依据 — the document and the clause of seed 003 its rule comes from — as the one
    form's result and 申请一键通's show theirs. Spec and centre, no channel code."""
    from call_center.elder_services import matters

    centre = make_live_center()
    client = CenterClient(centre.url, centre.tokens["tv_wang"])
    elder = client.elder(centre.elders["wang"]).as_dict()
    runner = FlowRunner(FlowEngine(load_spec(), channel, abilities=abilities_for(channel)), client)
    runner.start(elder, [elder])
    runner.send("select", "menu:more")
    told = runner.send("select", "policies")
    clause = {m.id: m.clause for m in matters.loaded().matters}
    asked = next(p for p in client.policies(elder["id"]) if p["id"] in clause and not p.get("opens"))
    step = to_item(runner, told, asked["id"])
    assert step.screen.kind == "review", (step.screen.id, asked["id"])
    done = runner.send("confirm")
    facts = {f.label: f.value for f in done.screen.facts}
    item = clause[asked["id"]].split("§", 1)[1].replace("(", "（").replace(")", "）")
    assert facts["政策依据"] == f"沪民养老发〔2024〕18号 {item}", (facts, done.speech)


def test_every_policy_cites_its_document_in_words():
    """The class: every policy of the catalog (seed 002's too) is cited by its document's
    number and clause, never by the seed file's number."""
    from call_center.policies import catalog

    for p in catalog.entries():
        cited = catalog.cited(p.source)
        assert cited.startswith("沪民养老发〔") and "§" not in cited and not cited[0].isdigit(), (p.id, cited)
    assert catalog.cited("002 §一、§二(一)") == "沪民养老发〔2021〕30号 一、二（一）"
