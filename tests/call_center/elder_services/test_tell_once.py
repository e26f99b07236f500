"""一次告知 (seed 003 §二(一)1): the twelve matters as they stand for one elder, each citing its
clause — generated elders across the seed's boundaries (59/60, 64/65, 74/75, grade 2/3, a
non-Shanghai hukou), checked against the seed read directly, not against the rules file."""
from __future__ import annotations

from itertools import product
from typing import Any

import pytest

from call_center.elder_services import matters

from ..conftest import Api

SEED_ORDER = ["care_assessment", "care_subsidy", "nursing_home", "home_adaptation", "meal_assistance",
              "meal_assistance_change", "device_rental", "elder_allowance", "senior_card", "elder_education",
              "easy_taxi", "sports_voucher"]
CHINESE_ITEMS = "一二三四五六七八九十"


def seed_says_of_a_known_grade(matter: str, f: dict[str, Any]) -> bool | None:
    """Seed 003 §一, clause by clause, for an elder whose grade is known (None: the clause asks
    for something the centre never holds)."""
    hk, age, grade = f["hukou_shanghai"], f["age"], f["care_level"]
    return {
        # (一) 本市重度残疾等有特殊困难的老年人 (the catalog reads 特殊困难 as 80+ living alone too)
        "care_assessment": hk and age >= 60 and (f["severe_disability"] or (age >= 80 and f["living_alone"])),
        "care_subsidy": hk and f["economic_hardship"] and grade >= 1,  # (二) 经评估后…本市户籍困难老年人
        "nursing_home": hk and grade >= 3,  # (三) 评估等级达到3级及以上
        "home_adaptation": hk and age >= 60 and f["owns_home"],  # (四) 60周岁及以上, 产权或长期使用权
        "meal_assistance": hk and age >= 60,  # (五)
        "meal_assistance_change": None if hk and age >= 60 else False,  # (六) 已申请…并审核通过: not held
        "device_rental": hk and (age >= 75 or (60 <= age <= 74 and grade >= 2)),  # (七)
        "elder_allowance": hk and age >= 65,  # (八) 年满65周岁
        "senior_card": hk and age >= 65,  # (九)
        "elder_education": age >= 60,  # (十) 老年人
        "easy_taxi": True,  # (十一) 老年人等市民
        "sports_voucher": age >= 55,  # (十二) 55周岁及以上的市民
    }[matter]


def seed_says(matter: str, f: dict[str, Any]) -> bool | None:
    """Not assessed: the answer is known only when every grade gives the same one."""
    if f["care_level"] is not None:
        return seed_says_of_a_known_grade(matter, f)
    found = {seed_says_of_a_known_grade(matter, {**f, "care_level": g}) for g in range(7)}
    return found.pop() if len(found) == 1 else None


AGES = [54, 55, 59, 60, 64, 65, 74, 75, 79, 80]
GRADES = [None, 0, 1, 2, 3, 6]


def elders():
    for age, hk, grade, hardship, alone in product(AGES, [True, False], GRADES, [True, False], [True, False]):
        yield {"age": age, "hukou_shanghai": hk, "care_level": grade, "economic_hardship": hardship,
               "living_alone": alone, "severe_disability": False, "owns_home": True, "service_package": None}


@pytest.mark.parametrize("facts", list(elders()), ids=lambda f: "{age}-{hk}-g{care_level}-{h}-{a}".format(
    hk="sh" if f["hukou_shanghai"] else "out", h="poor" if f["economic_hardship"] else "ok",
    a="alone" if f["living_alone"] else "with", **f))
def test_every_matter_at_every_boundary_as_the_seed_says(facts):
    told = matters.tell(facts)
    assert [m.id for m in told] == SEED_ORDER  # all twelve, in the seed's order
    for i, m in enumerate(told):
        assert m.clause == f"003 §一({CHINESE_ITEMS[i] if i < 10 else '十' + CHINESE_ITEMS[i - 10]})"
        assert m.speech.endswith(f"依据养老服务一件事第{m.clause[7:-1]}项。")  # the clause, said
        expected = seed_says(m.id, facts)
        if m.held:  # a grade on file: assessed already (a new one when it runs out)
            assert m.id == "care_assessment" and facts["care_level"] is not None
            assert m.standing.startswith(f"已评估：照护等级{facts['care_level']}级")
            continue
        assert m.can == expected, (m.id, facts, m.standing)
        if m.can is True:
            assert m.standing == "可以申请"
        elif m.can is False:
            assert m.standing.startswith("不能申请：要") and m.why  # why not, in words
            if not facts["hukou_shanghai"] and "hukou" in str(matters.policy_of(m.id).rules):
                assert "本市户籍" in m.why
        else:
            assert m.standing.startswith("要核实：")


@pytest.mark.parametrize("matter,below,at", [("meal_assistance", 59, 60), ("home_adaptation", 59, 60),
                                             ("senior_card", 64, 65), ("elder_allowance", 64, 65),
                                             ("device_rental", 74, 75), ("sports_voucher", 54, 55)])
def test_a_year_short_is_said_with_the_age_it_asks(matter, below, at):
    base = {"hukou_shanghai": True, "care_level": 1, "economic_hardship": False, "living_alone": False,
            "severe_disability": False, "owns_home": True, "service_package": None}
    short = next(m for m in matters.tell({**base, "age": below}) if m.id == matter)
    ok = next(m for m in matters.tell({**base, "age": at}) if m.id == matter)
    assert short.can is False and f"年满{at}岁" in short.why and ok.can is True and f"今年{at}岁" in ok.why


@pytest.mark.parametrize("grade,admitted", [(2, False), (3, True)])
def test_nursing_home_asks_grade_three(grade, admitted):
    facts = {"age": 82, "hukou_shanghai": True, "care_level": grade, "economic_hardship": False,
             "living_alone": True, "severe_disability": False, "owns_home": True, "service_package": None}
    home = next(m for m in matters.tell(facts) if m.id == "nursing_home")
    assert home.can is admitted
    assert ("照护等级3级及以上" in home.why) is not admitted


def test_the_rules_are_the_catalogs_and_the_three_joined_are_marked():
    data = matters.loaded()
    assert [m.id for m in data.matters] == SEED_ORDER
    assert {m.id: m.joined for m in data.matters if m.joined} == {
        "care_assessment": "assessment", "care_subsidy": "subsidy", "nursing_home": "admission"}
    assert all(len(c) and c[0] == "assessment" for c in data.choices.values()) and len(data.choices) <= 4


def test_told_at_once_over_the_api_to_her_tv_and_refused_to_others(center_app):
    tv = Api(center_app, "tv_wang")
    got = tv.get(f"/v1/elders/{tv.demo.elders['wang']}/elder-services")
    assert got.status_code == 200, got.get_data(as_text=True)
    body = got.get_json()
    assert body["cites"] == "沪民养老发〔2024〕18号" and body["open_request_id"] is None
    found = {m["id"]: m for m in body["matters"]}
    assert list(found) == SEED_ORDER
    # 王秀英: 86, 本市户籍, grade 2 on file, not in hardship
    assert found["care_assessment"]["held"] and found["care_assessment"]["standing"].startswith("已评估：照护等级2级")
    assert found["nursing_home"]["can"] is False and "照护等级3级及以上" in found["nursing_home"]["why"]
    assert found["senior_card"]["can"] is True and found["senior_card"]["why"].startswith("您今年86岁")
    assert found["care_subsidy"]["standing"] == "不能申请：要家庭经济困难"
    # 陈志明 (外省户籍): another household's TV may not ask
    assert tv.get(f"/v1/elders/{tv.demo.elders['chen']}/elder-services").status_code == 403
    chen = Api(center_app, "tv_zhang").get(f"/v1/elders/{tv.demo.elders['chen']}/elder-services").get_json()
    assert all(m["can"] is not True for m in chen["matters"] if m["id"] in SEED_ORDER[:9])
