"""Who is addressed and whose thing it is (the lead's find: on the family's phone 我的服务 and
its tile spoke as if the phone's holder were the elder; a TV a couple shares said 您 of the
other spouse's booking). On a screen read by someone acting for her — her daughter's phone —
every tile, list title, prompt and answer that says 您 or speaks as her (我) names her; on a box
a household shares, a booking of one of them read back names its owner. Walked over every
service the family's phone offers, every question of its form and every answer, in Chinese and
in English; and every service's result and record on a shared box."""
from __future__ import annotations

import re

import pytest

from accessibility.hosts import abilities_for
from shared_ui.flow.acting import acting
from shared_ui.flow.kinds.menu import services_under
from shared_ui.spec import load_spec
from shared_ui.spec.models import worded

from .scripted import ELDER, Scripted, confirmed_registration

SPEC = load_spec()
PARENT = acting({**ELDER, "prescriptions": [{"id": "rx-1", "medicine": "氨氯地平片", "strength": "5mg",
                                              "condition": "高血压", "quantity": "28片"}]}, ["view", "book"])
NAME = ELDER["name"]
SPEAKS_AS_HER = re.compile("[您我]")


def family(locale: str = "zh_CN") -> Scripted:
    flow = Scripted("miniprogram", locale=locale, abilities=abilities_for("miniprogram"), household=[PARENT])
    flow.answers["raise_alarm"] = {"id": "a-1", "status": "raised"}
    return flow


def home_and_more(flow: Scripted):
    screens = [flow.screen]
    more = next((i.id for i in flow.screen.items if i.id.startswith("menu:")), None)
    if more:
        screens.append(flow.send("select", more).screen)
        flow.send("home")
    return screens


def test_every_tile_on_the_family_phone_names_her_where_it_said_you_or_me():
    flow = family()
    for screen in home_and_more(flow):
        for item in screen.items:
            svc = SPEC.services.get(item.id)
            if svc is None:
                continue
            if SPEAKS_AS_HER.search(svc.title):
                assert NAME in item.label and not SPEAKS_AS_HER.search(item.label), item.label
            if SPEAKS_AS_HER.search(worded(svc.speak, "miniprogram")):
                assert NAME in item.speak and "我" not in item.speak and "您" not in item.speak, item.speak
    assert any(i.label == f"{NAME}的服务" for i in flow.screen.items)


def test_in_english_too_the_tiles_are_hers():
    flow = family("en")
    tiles = {i.id: i for s in home_and_more(flow) for i in s.items}
    assert tiles["my_requests"].label == f"{NAME}'s services"
    assert NAME in tiles["registration"].speak and " your " not in tiles["registration"].speak


def services() -> list[str]:
    menus = SPEC.menus["miniprogram"]
    return sorted(s for s in services_under(menus, menus.home) if SPEC.services[s].form)


def tiles_to(service: str) -> list[str]:
    menus = SPEC.menus["miniprogram"]
    home = menus.menus[menus.home].items
    if service in home:
        return [service]
    return next([m, service] for m in home if m.startswith("menu:") and service in services_under(menus, m[5:]))


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@pytest.mark.parametrize("service", services())
def test_every_question_and_answer_of_every_form_names_her_to_her_family(service, locale):
    flow = family(locale)
    for tile in tiles_to(service):
        flow.send("select", tile)
    form = SPEC.forms[SPEC.services[service].form]
    asked = 0
    for _ in range(16):
        screen = flow.screen.top
        if screen.kind != "field" or not screen.id.startswith(f"field:{service}:") or not screen.items:
            break
        fld = next(f for f in form.fields if screen.id == f"field:{service}:{f.id}")
        asked += 1
        if SPEAKS_AS_HER.search(fld.prompt or ""):
            assert NAME in flow.step.speech, (fld.id, flow.step.speech)
            if locale == "zh_CN":
                assert not SPEAKS_AS_HER.search(fld.prompt.replace("您", NAME).replace("我", NAME)) or \
                    fld.prompt.replace("您", NAME).replace("我", NAME) in flow.step.speech, flow.step.speech
        for option in fld.options or []:
            shown = next((i for i in screen.items if i.id == option.value), None)
            if shown is None:
                continue  # (on a later page)
            if "我" in option.label:
                assert NAME in shown.label and "我" not in shown.label and " me" not in shown.label, shown.label
            if option.speak and SPEAKS_AS_HER.search(option.speak):
                assert NAME in shown.speak and "我" not in shown.speak, shown.speak
        flow.send("select", screen.focus if screen.focus and not screen.focus.startswith("page:")
                  else screen.items[0].id)
    assert asked or flow.screen.kind in ("review", "error", "result", "alarm"), flow.screen.id


def test_her_services_list_and_the_way_to_it_are_hers():
    flow = family()
    flow.answers["requests"] = [confirmed_registration({}, "r-1")]
    step = flow.send("select", "my_requests")
    assert step.screen.title == f"{NAME}的服务" and step.speech.startswith(f"{NAME}的服务")
    flow.send("home")
    flow.send("select", "registration")
    while flow.screen.kind in ("field", "review"):
        flow.send("select", "confirm" if flow.screen.kind == "review" else flow.screen.items[0].id)
    assert flow.screen.kind == "result"
    more = flow.screen.item("my_requests")
    assert more.label == f"查看{NAME}的服务", more.label


def test_the_elders_own_screens_keep_you_and_me():
    flow = Scripted("tv")
    tiles = {i.id: i for i in flow.screen.items}
    assert tiles["my_requests"].label == "我的服务"
    assert "您" in tiles["registration"].speak


# -- a box a household shares ---------------------------------------------------------------
HUSBAND = {**ELDER, "id": "el-chen", "name": "陈志明", "name_masked": "陈*明", "gender": "male"}
TAXI = {"id": "r-taxi", "elder_id": "el-chen", "service": "taxi", "mode": "self", "channel": "tv",
        "status": "confirmed", "form": {"pickup_address": ELDER["home_address"]}, "failure": None,
        "created_at": "2026-12-05T09:00:00+08:00",
        "result": {"plate": "沪A12345", "car": "白色大众", "pickup_time": "2026-12-08T08:00:00+08:00",
                   "pickup_address": ELDER["home_address"], "destination_address": "徐汇区宜山路600号",
                   "driver_phone": "13912345678", "eta_minutes": 10}}


def shared_box() -> Scripted:
    flow = Scripted("tv")
    flow.session.household = [ELDER, HUSBAND]
    return flow


@pytest.mark.parametrize("record", [TAXI, {**confirmed_registration({}, "r-reg"), "elder_id": "el-chen",
                                            "created_at": "2026-12-05T08:00:00+08:00"}], ids=["taxi", "registration"])
def test_on_a_shared_box_his_booking_is_read_back_as_his(record):
    flow = shared_box()
    flow.answers["requests"] = lambda args, key: [record] if args["elder_id"] == "el-chen" else []
    flow.send("select", "my_requests")
    step = flow.send("select", record["id"])
    assert step.screen.kind == "detail"
    assert "陈志明" in step.speech and "您" not in step.speech, step.speech


def test_on_a_shared_box_a_booking_made_for_him_is_said_as_his():
    flow = shared_box()
    flow.send("select", "registration")
    flow.send("select", "el-chen")
    flow.answers["create_request"] = lambda args, key: {**confirmed_registration(args["form"]),
                                                        "elder_id": args["elder_id"]}
    while flow.screen.kind in ("field", "review"):
        flow.send("select", "confirm" if flow.screen.kind == "review" else flow.screen.focus or flow.screen.items[0].id)
    assert flow.screen.kind == "result"
    assert "陈志明" in flow.step.speech and "您的" not in flow.step.speech, flow.step.speech


def test_on_a_box_one_elder_alone_uses_her_is_still_spoken_to():
    flow = Scripted("tv")
    flow.answers["requests"] = [TAXI | {"elder_id": ELDER["id"]}]
    flow.send("select", "my_requests")
    step = flow.send("select", "r-taxi")
    assert "您" in step.speech and NAME not in step.speech, step.speech


@pytest.mark.parametrize("reader", ["herself", "family", "family-en"])
def test_a_place_near_her_home_is_near_whose_home_it_is(reader):
    """离您家约200米 was read to her daughter, whose home it is not (the centre's sentence)."""
    flow = Scripted("tv") if reader == "herself" else family("en" if reader.endswith("en") else "zh_CN")
    for tile in tiles_to("nearby"):
        flow.send("select", tile)
    flow.send("select", "meal_point")
    option = flow.screen.item("res-meal")
    if reader == "herself":
        assert option.speak.startswith("仙霞社区长者食堂。离您家约200米，在仙霞路620号，开放时间每天10:30-13:00。")
    elif reader == "family":
        assert "离王秀英家约200米" in option.speak and "您" not in option.speak, option.speak
    else:
        assert "约200米 from 王秀英's home" in option.speak and "your" not in option.speak, option.speak


def test_a_refusal_pointing_to_her_list_points_to_it_by_the_name_her_family_sees():
    flow = family()
    flow.answers["precheck"] = lambda args, key: {
        "service": args["service"], "may_file": False, "refusal": "already_open", "code": "already_open",
        "message": "已经申请过一键通了，现在是“街道审核中”，不用再申请。可以在“我的服务”里查看办理进度，有问题请找人工。",
        "request_id": "r-1"}
    for tile in tiles_to("device_application"):
        flow.send("select", tile)
    assert flow.screen.kind == "error"
    assert f"“{NAME}的服务”" in flow.screen.body and "我的服务" not in flow.step.speech
