"""Every sentence the centre composes for an elder in structured words (call_center/message_words.py)
reads whole in English on an English screen (shared_ui/message_words.py through the catalogs): no
Chinese remains but what is as written — names, places, a provider's or an agent's own words —
and the Chinese body is the one every Chinese screen showed before (made from the same words).

The walk makes each kind of composed message through the centre's own code: the patrol visit
reminder (a volunteer with a number, staff, nobody named), each request reminder (看病 with and
without a queue number and a list to bring, 用车 at home and elsewhere, 陪诊, 出院用车, 特殊用车 with
and without a window and a stair aid, 送药, 安装), the return visit's asks (a service, an
installation) and its follow-up, and a complaint's outcome."""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Iterator

import pytest

from call_center import present
from call_center.clock import now
from call_center.fulfilment import notices
from call_center.models import Elder, Message, ServiceRequest
from call_center.models.ids import new_id
from call_center.patrols import plans, schedule
from call_center.models.patrols import PatrolVisit
from call_center.satisfaction import complaints, visits
from shared_ui.flow import FlowEngine
from shared_ui.flow.abilities import Abilities
from shared_ui.flow.kinds import popup
from shared_ui.flow.frames import PopupFrame
from shared_ui.spec import load_spec

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def as_written(words: dict) -> Iterator[str]:
    """The values a screen shows as written, in every language."""
    for param in (words.get("params") or {}).values():
        (kind, value), = param.items()
        if kind == "as_written":
            yield str(value)
        elif kind == "address":
            yield value["name"]
        elif kind == "said":
            yield from as_written(value)


def request(elder: Elder, service: str, **result: Any) -> ServiceRequest:
    return ServiceRequest(id=new_id("req"), elder_id=elder.id, service=service, mode="self", channel="tv",
                          status="confirmed", form={}, result=result, provider=result.get("provider"),
                          created_by="test", created_at=now(), updated_at=now())


def composed(db: Any, elder: Elder) -> list[Message]:
    """One message of every composed kind and branch, made by the centre's code."""
    soon = now() + timedelta(days=2)
    made: list[Message] = []
    reg = dict(hospital_name="上海市第六人民医院", department_name="心内科", arrive_minutes_early=30)
    made += notices.registration_reminders(db, request(elder, "registration", **reg, queue_number=12,
                                                       bring=["医保卡", "身份证"]), elder, soon)
    made += notices.registration_reminders(db, request(elder, "registration", **reg), elder, soon)
    for place in (elder.home_address, "上海市徐汇区宜山路600号"):
        made.append(notices.taxi_reminder(db, request(elder, "taxi", car="白色大众朗逸", plate="沪D·K5821",
                                                      pickup_address=place), elder, soon))
    made += notices.escort_reminders(db, request(elder, "escort", companion_name="周丽", meet_place="小区门口",
                                                 hospital_name="中山医院"), elder, soon)
    made += notices.transfer_reminders(db, request(elder, "discharge_transport", hospital_name="华山医院",
                                                   plate="沪A·12345"), elder, soon)
    until = (soon + timedelta(minutes=30)).isoformat()
    made += notices.special_vehicle_reminders(db, request(elder, "special_vehicle", pickup_address=elder.home_address,
                                                          plate="沪B·55555", pickup_until=until, stair_aid="爬楼机"),
                                              elder, soon)
    made += notices.special_vehicle_reminders(db, request(elder, "special_vehicle", pickup_address="小区门口",
                                                          plate="沪B·55555"), elder, soon)
    made.append(notices.delivery_reminder(db, request(elder, "refill", medicine="苯磺酸氨氯地平片", courier="顺丰速运",
                                                      tracking_no="SF1234567890"), elder, soon))
    made += notices.install_reminder(db, request(elder, "device_application"), elder, soon)
    volunteer = plans.Visitor("volunteer", "vol_x", "张建华", "13671845902", "仙霞新村街道智慧健康驿站")
    staff = plans.Visitor("staff", "agt_x", "陈刚", "", plans.PROVIDER_STAFF)
    for who in (volunteer, staff, None):
        visit = PatrolVisit(key=new_id("k"), elder_id=elder.id, street=elder.street, planned_on=soon.date(),
                            due_by=soon.date(), status="planned")
        made.append(schedule.tell_elder(db, elder, visit, who, now()))
    for service, provider in (("taxi", "申程出行"), ("device_application", "一键通服务商")):
        req = request(elder, service, provider=provider)
        req.status = "completed"
        db.add(req)
        db.flush()
        asked = visits.ask(db, req, elder, now() - timedelta(hours=3), now())
        made.append(db.get(Message, asked.message_id))
    caller = type("Caller", (), {"actor": "tv:test"})()
    visits.answer(db, made[-1], "dissatisfied", caller, "tv", now())
    db.flush()
    made.append(db.get(Message, asked.follow_up_message_id))
    complaint = complaints.file(db, req, elder, "tv:test", "tv", "elder", ["late"], False, "", now())
    made.append(complaints.close(db, complaint, "已联系服务商，安装人员会上门道歉并检查设备", "agent:test", now()))
    db.flush()
    return made


@pytest.fixture
def messages(center_app: Any) -> Iterator[list[dict]]:
    with center_app.extensions["onekey"].db.writing() as db:
        elder = db.get(Elder, center_app.demo.elders["wang"])
        out = [present.message(m).model_dump(mode="json") for m in composed(db, elder)]
        db.rollback()
    yield out


@pytest.mark.parametrize("public", [False, True], ids=["her TV", "a kiosk"])
def test_every_composed_message_reads_in_english_but_names_and_places(messages, public):
    english = FlowEngine(load_spec(), "tv", locale="en", abilities=Abilities(public_screen=public))
    chinese = FlowEngine(load_spec(), "tv", abilities=Abilities(public_screen=public))
    assert len(messages) >= 20
    session = english.start({"id": "eld_x", "name": "王秀英"})[0]
    left = {}
    for m in messages:
        assert m["words"], m["body"]
        kept = sorted(set(as_written(m["words"])), key=len, reverse=True)
        shown = [english.message_text(m["title"]), english.message_body(m), english.message_speech(m)]
        frame = PopupFrame(popup_kind="message", message=m, focus="ack")
        screen = popup.build(english, session, frame)
        shown += [screen.title, screen.body or ""]
        for text in shown:
            for value in kept:
                text = text.replace(value, "")
            if CJK.search(text):
                left.setdefault(m["body"], []).append(text)
        # a Chinese screen shows and says the body the centre made, as before
        assert chinese.message_body(m) == chinese.message_text(m["body"])
        assert chinese.message_speech(m) == chinese.message_text(m["speech"])
    assert left == {}


def test_every_service_a_message_names_has_its_word_in_english():
    """A return visit or a complaint's outcome may be about any service: each service's word
    (its Handling's, marked for the catalogs) is translated."""
    from call_center.fulfilment.registry import SERVICE_WORDS
    from shared_ui.i18n import translate

    assert {w for w in SERVICE_WORDS.values() if translate(w, "en") == w} == set()


def test_what_a_return_visit_answer_says_back_is_in_english():
    """满意 / 一般 / 不满意 and the follow-up's answer are thanked in fixed sentences the screen
    says in its language (FlowEngine.from_centre)."""
    from shared_ui.i18n import translate

    said = [*visits.THANKS.values(), visits.RECORDED, visits.RECORDED_CALL_BACK]
    assert [s for s in said if translate(s, "en") == s] == []
