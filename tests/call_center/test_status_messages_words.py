"""Every status message the centre sends (``notices.status_message`` and ``notices.filed``, from
every service's code) reads whole in English on an English screen — its title and its body, shown,
said and popped up — but for what is as written (a name, a place, a provider's or an agent's own
words); and a Chinese screen shows and says what it did before.

The walk runs each service's own flows through the API and the desks — booked, none free, filed
for an agent, confirmed or failed by one, cancelled with a visit's trips, each step of a refill, a
一键通 application and a joint application — and fails when a call site of the code (found in the
source) was not reached: a new status message is held to this test from the day it is written."""
from __future__ import annotations

import ast
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

import pytest
from sqlalchemy import select

import call_center
from call_center import present
from call_center.clock import local, now
from call_center.fulfilment import notices, refills
from call_center.models import Message
from shared_ui.flow import FlowEngine
from shared_ui.flow.abilities import Abilities
from shared_ui.flow.frames import PopupFrame
from shared_ui.flow.kinds import popup, records
from shared_ui.spec import load_spec

from .conftest import (Api, discharge_body, escort_body, refill_body, special_vehicle_body, taxi_body)
from .device_applications.helpers import application_body, desk as street_desk, tomorrow
from .elder_services.helpers import desk as joint_desk, joint_body
from .test_message_words import CJK, as_written

SOURCE = Path(call_center.__file__).resolve().parent
TOLD = ("status_message", "filed")


def call_sites() -> set[tuple[str, int, int]]:
    """(file, first line, last line) of every call of ``notices.status_message`` / ``notices.filed``
    in the centre's source (and ``status_message`` inside notices itself)."""
    found = set()
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            named = (isinstance(f, ast.Attribute) and f.attr in TOLD and isinstance(f.value, ast.Name)
                     and f.value.id == "notices") or \
                    (isinstance(f, ast.Name) and f.id in TOLD and path.name == "notices.py")
            if named:
                found.add((str(path.relative_to(SOURCE)), node.lineno, node.end_lineno or node.lineno))
    return found


@pytest.fixture
def reached(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Where each status message was asked for: (file, line) of the caller."""
    out: list[tuple[str, int]] = []

    def recording(original: Callable[..., Any]) -> Callable[..., Any]:
        def called(*args: Any, **kwargs: Any) -> Any:
            frame = sys._getframe(1)
            out.append((str(Path(frame.f_code.co_filename).resolve().relative_to(SOURCE)), frame.f_lineno))
            return original(*args, **kwargs)
        return called

    for name in TOLD:
        monkeypatch.setattr(notices, name, recording(getattr(notices, name)))
    return out


def status_messages(app: Any) -> list[dict]:
    with app.extensions["onekey"].db.session(write=False) as db:
        return [present.message(m).model_dump(mode="json")
                for m in db.scalars(select(Message).where(Message.kind == "status").order_by(Message.created_at))]


def ok(response: Any, status: int = 201) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def _visit_with_trips(tv: Api) -> tuple[dict, dict, dict]:
    """A visit a day or more ahead, a taxi and a companion to it."""
    hospitals = {h["id"]: h for h in tv.get("/v1/catalog/hospitals").get_json()}
    slot = next(s for s in tv.favourite_slots() if s["remaining"] > 0
                and datetime.fromisoformat(s["start"]) > now() + timedelta(days=1, hours=6))
    visit = ok(tv.book(slot))
    start = datetime.fromisoformat(visit["result"]["start"])
    taxi = ok(tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=(start - timedelta(hours=2)).isoformat(),
                                                destination_address=hospitals[slot["hospital_id"]]["address"])))
    escort = ok(tv.post("/v1/requests", escort_body(tv, hospital_id=slot["hospital_id"], visit_time=start.isoformat())))
    return visit, taxi, escort


def served(app: Any) -> None:
    """Everything booked and done: each service's confirmation, a refill to the door, an agent's
    call-backs confirmed and failed, a visit cancelled with one of its trips, a 一键通 application
    installed, a joint application decided part by part, the two kinds of 咨询."""
    tv, agent = Api(app, "tv_wang"), Api(app, "agent")
    wang = tv.demo.elders["wang"]
    ok(tv.post("/v1/requests", taxi_body(tv.demo)))  # now: 大约N分钟到
    ok(tv.post("/v1/requests", taxi_body(tv.demo, pickup_time=local(now() + timedelta(days=3)).replace(
        hour=15, minute=0, second=0, microsecond=0).isoformat())))
    ok(tv.post("/v1/requests", discharge_body(tv)))
    ok(tv.post("/v1/requests", special_vehicle_body(tv)))
    visit, taxi, _escort = _visit_with_trips(tv)
    ok(tv.post(f"/v1/requests/{visit['id']}/cancel", {"also": [taxi["id"]]}), 200)
    ok(tv.post("/v1/requests", refill_body(tv)))
    centre = app.extensions["onekey"]
    assert refills.follow_up(centre.db, centre.providers) == 1  # renewed, on its way
    assert refills.follow_up(centre.db, centre.providers) == 1  # delivered
    for form in ({"policy_id": "home_adaptation", "callback_window": "asap"},
                 {"resource_id": "res_xx_meal", "callback_window": "asap"},
                 {"topic": "高龄津贴怎么申请", "callback_window": "今天下午"}):
        ok(tv.post("/v1/requests", {"elder_id": wang, "service": "consultation", "mode": "call", "form": form},
                   key=uuid.uuid4().hex))
    for to, body in (("confirmed", {"result": {"summary": "已经帮您约好社区医生周三上门。"}}),
                     ("failed", {"note": "社区医生这周排满了，下周一再帮您约。"}), ("failed", {})):
        asked = ok(tv.post("/v1/requests", {"elder_id": wang, "service": "help", "mode": "call", "form": {}},
                           key=uuid.uuid4().hex))
        for step in ("accepted", "in_progress"):
            ok(agent.post(f"/v1/requests/{asked['id']}/transitions", {"to": step}), 200)
        ok(agent.post(f"/v1/requests/{asked['id']}/transitions", {"to": to, **body}), 200)
    zhang = Api(app, "tv_zhang")
    applied = ok(zhang.post("/v1/requests", application_body(zhang.demo, living_alone="true", hardship="unknown")))
    for step, *args in (("approve",), ("schedule", tomorrow()), ("mark_installed",)):
        street_desk(app, step, applied["id"], *args, "agent:street")
    joint = ok(tv.post("/v1/requests", joint_body(tv.demo, parts="all", hardship="unknown")))
    joint_desk(app, "record_grade", joint["id"], 4, "agent:assessor")
    joint_desk(app, "decide", joint["id"], "subsidy", False, "街道核实家庭不属于低保或低收入", "agent:street")
    joint_desk(app, "decide", joint["id"], "admission", True, "请12月10日到田林街道长者照护之家办入住", "agent:district")


def none_free(app: Any) -> None:
    """No car, companion or vehicle anywhere; a doctor who wants to see her; an application sent
    back; a joint application with a part the rules refuse at once."""
    tv = Api(app, "tv_wang")
    req = ok(tv.post("/v1/requests", taxi_body(tv.demo)))
    assert req["status"] == "failed", req
    for body in (escort_body(tv), discharge_body(tv), special_vehicle_body(tv)):
        assert ok(tv.post("/v1/requests", body))["status"] == "failed"
    ok(tv.post("/v1/requests", refill_body(tv)))
    centre = app.extensions["onekey"]
    assert refills.follow_up(centre.db, centre.providers) == 1
    zhang = Api(app, "tv_zhang")
    applied = ok(zhang.post("/v1/requests", application_body(zhang.demo, hardship="low_income")))
    street_desk(app, "give_back", applied["id"], "户籍证明没有交", "agent:street")
    joint = ok(tv.post("/v1/requests", joint_body(tv.demo, parts="all", hardship="none")))
    joint_desk(app, "record_grade", joint["id"], 2, "agent:assessor")


def english_left(messages: list[dict], public: bool) -> dict[str, list[str]]:
    """Per message, whatever Chinese an English screen still shows or says beyond what is as
    written; and, on a Chinese screen, that it shows and says what the centre stored."""
    english = FlowEngine(load_spec(), "tv", locale="en", abilities=Abilities(public_screen=public))
    chinese = FlowEngine(load_spec(), "tv", abilities=Abilities(public_screen=public))
    session = english.start({"id": "eld_x", "name": "王秀英"})[0]
    left: dict[str, list[str]] = {}
    for m in messages:
        assert m["words"], m["body"]
        kept = sorted({*as_written(m["words"]), *as_written(m.get("title_words") or {})}, key=len, reverse=True)
        screen = popup.build(english, session, PopupFrame(popup_kind="message", message=m, focus="ack"))
        listed = records.message_item(english, m)
        shown = [english.message_title(m), english.message_body(m), english.message_speech(m),
                 screen.title, screen.body or "", listed.label, listed.speak or ""]
        for text in shown:
            for value in kept:
                text = text.replace(value, "")
            if CJK.search(text):
                left.setdefault(f"{m['title']}｜{m['body']}", []).append(text)
        assert chinese.message_title(m) == chinese.message_text(m["title"])
        assert chinese.message_body(m) == chinese.message_text(m["body"])
        assert chinese.message_speech(m) == chinese.message_text(m["speech"])
    return left


def test_every_status_message_reads_in_english_but_what_is_as_written(make_center_app, reached):
    happy = make_center_app(sim_renewal_review_s=0, sim_delivery_s=0)
    served(happy)
    unhappy = make_center_app(sim_ride_no_car="all", sim_escort_none=True, sim_transfer_no_vehicle="all",
                              sim_special_vehicle_none="all", sim_renewal_review_s=0, sim_renewal_doctor="visit")
    none_free(unhappy)
    sites = call_sites()
    assert len(sites) >= 27
    missed = {(f, first) for f, first, last in sites
              if not any(f == g and first <= line <= last for g, line in reached)}
    assert missed == set(), "status messages no flow here reaches: add the flow"
    messages = status_messages(happy) + status_messages(unhappy)
    assert len(messages) >= 30
    for public in (False, True):
        assert english_left(messages, public) == {}


def test_a_body_given_as_text_is_refused(center_app):
    """Never again a Chinese sentence an English screen cannot render: a status message's body is words."""
    from call_center.models import Elder, ServiceRequest

    with center_app.extensions["onekey"].db.writing() as db:
        elder = db.get(Elder, center_app.demo.elders["wang"])
        req = db.scalars(select(ServiceRequest)).first()
        with pytest.raises(TypeError):
            notices.status_message(db, req, elder, "叫车成功", "车牌沪A·12345。", "system")  # type: ignore[arg-type]
        db.rollback()


def test_a_title_naming_the_service_is_words_and_its_chinese_as_before(center_app):
    tv = Api(center_app, "tv_wang")
    asked = ok(tv.post("/v1/requests", {"elder_id": tv.demo.elders["wang"], "service": "consultation", "mode": "call",
                                        "form": {"topic": "高龄津贴怎么申请"}}, key=uuid.uuid4().hex))
    told = [m for m in tv.get(f"/v1/elders/{tv.demo.elders['wang']}/messages").get_json() if m["request_id"] == asked["id"]]
    assert [(m["title"], m["body"]) for m in told] == [
        ("咨询请求已提交", "王阿姨，我们收到了您的咨询请求，话务员会尽快打电话给您。")]
    assert told[0]["title_words"] == {"id": "{service}请求已提交", "params": {"service": {"word": "咨询"}}}
    english = FlowEngine(load_spec(), "tv", locale="en")
    assert not CJK.search(english.message_title(told[0]))


def test_the_event_that_pops_it_up_is_the_message_the_inbox_lists(center_app):
    """A box pops a new message up from its event stream and decides from it whether it is
    news: the event is the message as the inbox gives it, every field, for every way one is
    written (a status message, an agent's notice, a policy push whose 想办理 opens a form).
    An event without ``created_at`` popped 已受理 up again after she had read the result, and
    one without ``words`` showed Chinese on an English box."""
    from call_center.models import Device, Elder
    from call_center.models.device_events import DeviceEvent

    tv, agent = Api(center_app, "tv_wang"), Api(center_app, "agent")
    wang, chen = tv.demo.elders["wang"], tv.demo.elders["chen"]
    head = tv.get("/v1/devices/me/events").get_json()["next"]
    ok(tv.post("/v1/requests", {"elder_id": wang, "service": "consultation", "mode": "call",
                                "form": {"topic": "高龄津贴怎么申请"}}, key=uuid.uuid4().hex))
    ok(agent.post(f"/v1/elders/{wang}/messages", {"kind": "notice", "title": "通知", "body": "明天停水。"}))
    with center_app.extensions["onekey"].db.writing() as db:  # 陈: made to qualify for 一键通 itself
        row = db.get(Elder, chen)
        row.living_alone, row.service_package, row.hukou_shanghai, row.economic_hardship = True, None, True, True
        for box in db.scalars(select(Device).where(Device.household_id == row.household_id)):
            box.active = False
        db.commit()
    assert agent.post(f"/v1/elders/{chen}/policies/emergency_call_covered/push", key=uuid.uuid4().hex).status_code == 201
    listed = {m["id"]: m for elder in (wang, chen) for m in agent.get(f"/v1/elders/{elder}/messages").get_json()}
    with center_app.extensions["onekey"].db.reading() as db:
        logged = {e.ref_id: e.data["message"] for e in db.scalars(select(DeviceEvent).where(DeviceEvent.kind == "message"))
                  if e.ref_id in listed}
    streamed = {e["data"]["message"]["id"]: e["data"]["message"]
                for e in tv.get("/v1/devices/me/events", after=head, wait=0).get_json()["events"] if e["kind"] == "message"}
    assert {m["kind"] for m in logged.values()} >= {"status", "notice", "policy"}, logged
    assert logged == {mid: listed[mid] for mid in logged}, [(k, m.get(k), listed[i].get(k)) for i, m in logged.items() for k in {*m, *listed[i]} if m.get(k) != listed[i].get(k)]
    assert streamed and all(m == listed[mid] for mid, m in streamed.items())
    assert all(m["created_at"] and m["words"] for m in logged.values())
    assert any(a["opens"] == "device_application" for m in logged.values() for a in m["answers"])


def test_what_an_applicant_is_told_from_the_rules_file_is_in_the_catalogs():
    """eligibility.yaml's package labels and tiers' words are said in the application's message
    as catalog words: each one translated (a new tier's words added to eligibility.TOLD)."""
    from call_center.device_applications import eligibility
    from shared_ui.i18n import translate

    rules = eligibility.loaded()
    told = [p.label for p in rules.packages.values()] + [t.words for t in rules.tiers]
    assert set(told) <= set(eligibility.TOLD)
    assert [w for w in told if translate(w, "en") == w] == []
