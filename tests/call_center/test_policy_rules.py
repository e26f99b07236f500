"""Who qualifies for a policy, as a class: generated elders across ages and facts, boundary ages
from the birth date, and missing facts that leave the answer open (never guessed)."""
from __future__ import annotations

from datetime import date
from itertools import product
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from call_center.policies import rules
from call_center.policies.catalog import PolicyEntry, entries
from call_center.policies.offers import age_on, facts_of, standing

CATALOG = entries()
BY_ID = {p.id: p for p in CATALOG}

# Each fact's possible values; None = the centre does not hold it.
VALUES: dict[str, list[Any]] = {
    "hukou_shanghai": [True, False, None], "living_alone": [True, False, None],
    "economic_hardship": [True, False, None], "care_level": [None, 0, 1, 2, 3, 4, 5, 6],  # 0: assessed, no care needed
    "severe_disability": [True, False, None], "owns_home": [True, False, None],
    "service_package": [None, "A", "B"], "meal_assistance_approved": [None, True, False],
}
facts_st = st.fixed_dictionaries({"age": st.one_of(st.none(), st.integers(40, 110)),
                                  **{k: st.sampled_from(v) for k, v in VALUES.items()}})


def _fillings(facts: dict[str, Any], used: str) -> list[dict[str, Any]]:
    """Every way to fill in the facts the centre does not hold that the policy asks about
    (ages: around every boundary)."""
    unknown = [k for k, v in facts.items() if v is None and f"'{k}'" in used]
    choices = [[54, 55, 59, 60, 64, 65, 74, 75, 79, 80, 95] if k == "age" else [v for v in VALUES[k] if v is not None]
               for k in unknown]
    filled = {k: (v if v is not None else VALUES.get(k, [70])[-1]) for k, v in facts.items()}
    return [{**filled, **dict(zip(unknown, combo))} for combo in product(*choices)]


# What seeds 002 and 003 say, written out independently of the catalog's conditions.
def oracle(pid: str, f: dict[str, Any]) -> bool:
    hk, age, alone, poor, level = f["hukou_shanghai"], f["age"], f["living_alone"], f["economic_hardship"], f["care_level"]
    return {
        "emergency_call_covered": hk and age >= 80 and alone and poor,  # 002 §一、§二(一)
        "emergency_call_rescue_fee": hk and age >= 80 and alone and not poor,  # 002 §二(二)
        "care_assessment": hk and age >= 60 and (f["severe_disability"] or (age >= 80 and alone)),  # 003 (一)
        "care_subsidy": hk and poor and level is not None and level >= 1,  # 003 (二)
        "nursing_home": hk and level is not None and level >= 3,  # 003 (三)
        "home_adaptation": hk and age >= 60 and f["owns_home"],  # 003 (四)
        "meal_assistance": hk and age >= 60,  # 003 (五)
        "device_rental": hk and (age >= 75 or (60 <= age <= 74 and level is not None and level >= 2)),  # 003 (七)
        "elder_allowance": hk and age >= 65,  # 003 (八)
        "senior_card": hk and age >= 65,  # 003 (九)
        "sports_voucher": age >= 55,  # 003 (十二)
        "meal_assistance_change": hk and age >= 60 and f["meal_assistance_approved"],  # 003 (六): 已申请…并审核通过
        "elder_education": age >= 60,  # 003 (十): 本市符合规定条件的老年人 (60, 老年人权益保障法 §2)
        "easy_taxi": True,  # 003 (十一): 老年人等市民, everyone
    }[pid]


def test_the_catalog_has_the_emergency_call_device_and_all_twelve_of_seed_003s_matters():
    assert set(BY_ID) == {"emergency_call_covered", "emergency_call_rescue_fee", "care_assessment", "care_subsidy",
                          "nursing_home", "home_adaptation", "meal_assistance", "device_rental", "elder_allowance",
                          "senior_card", "sports_voucher", "meal_assistance_change", "elder_education", "easy_taxi"}
    for p in CATALOG:
        assert p.summary.endswith("。") and len(p.summary) <= 45, p.id  # one sentence, heard in a breath
        assert p.source.startswith(("002", "003")) and p.apply_where


@settings(max_examples=300, deadline=None)
@given(facts=facts_st)
def test_an_answer_never_rests_on_a_fact_the_centre_does_not_hold(facts):
    """True or False only when every way of filling the unknown facts agrees; else None."""
    for p in CATALOG:
        got = rules.all_hold(p.rules, facts)
        filled = {bool(oracle(p.id, f)) for f in _fillings(facts, str(p.rules))}
        if got is None:
            assert len(filled) == 2 or not filled, (p.id, facts)
        else:
            assert filled == {got}, (p.id, facts, got)


@settings(max_examples=300, deadline=None)
@given(facts=facts_st)
def test_why_she_qualifies_is_true_of_her_and_what_it_asks_is_what_she_lacks(facts):
    for p in CATALOG:
        got = rules.all_hold(p.rules, facts)
        reasons, needs = rules.reasons(p.rules, facts), rules.needs(p.rules, facts)
        if got is True:
            assert (reasons.startswith("您") or not p.rules) and not needs
            if facts["age"] is not None and "age" in str(p.rules):
                assert f"今年{facts['age']}岁" in reasons
            assert ("是本市户籍" in reasons) == (facts["hukou_shanghai"] is True and "hukou" in str(p.rules))
            assert "不是" not in reasons
        else:
            assert needs and not rules.reasons(p.rules, facts) or got is not True
            if facts["hukou_shanghai"] is not True and "hukou_shanghai" in str(p.rules):
                assert "本市户籍" in needs


AGE_BOUNDARIES = [("sports_voucher", 55), ("meal_assistance", 60), ("senior_card", 65), ("elder_allowance", 65),
                  ("device_rental", 75), ("emergency_call_rescue_fee", 80)]


@pytest.mark.parametrize("pid,years", AGE_BOUNDARIES)
@pytest.mark.parametrize("birth", [date(1946, 12, 5), date(1944, 2, 29), date(1950, 1, 1), date(1945, 12, 31)])
def test_boundary_ages_are_counted_from_the_birth_date(pid, years, birth):
    """周岁: the day before the birthday she is one year short; on it she qualifies."""
    def elder_on(day: date) -> Any:
        return SimpleNamespace(birth_date=birth, hukou_shanghai=True, living_alone=True, economic_hardship=False,
                               care_level=1, severe_disability=False, owns_home=True, service_package=None)

    year = birth.year + years
    birthday = date(year, birth.month, birth.day) if (birth.month, birth.day) != (2, 29) or year % 4 == 0 \
        else date(year, 3, 1)
    before = date.fromordinal(birthday.toordinal() - 1)
    policy = SimpleNamespace(rules=BY_ID[pid].rules, held_when=BY_ID[pid].held_when)
    assert age_on(birth, before) == years - 1 and age_on(birth, birthday) == years
    assert standing(policy, facts_of(elder_on(before), before), None).qualifies is False
    assert standing(policy, facts_of(elder_on(birthday), birthday), None).qualifies is True


def test_a_policy_she_has_is_held_not_offered():
    policy = SimpleNamespace(rules=BY_ID["emergency_call_rescue_fee"].rules,
                             held_when=BY_ID["emergency_call_rescue_fee"].held_when, push=True, active=True)
    facts = {"age": 86, "hukou_shanghai": True, "living_alone": True, "economic_hardship": False,
             "care_level": 2, "severe_disability": False, "owns_home": True, "service_package": "B"}
    found = standing(policy, facts, None)
    assert found.qualifies is True and found.held and not found.pushable
    assert not standing(policy, {**facts, "service_package": None}, None).held


@pytest.mark.parametrize("bad,why", [
    ([{"fact": "income", "is": True}], "unknown fact"),
    ([{"fact": "age", "at_least": "80"}], "whole number"),
    ([{"fact": "age", "at_least": 80, "is": True}], "one of"),
    ([{"any": []}], "non-empty"),
    ([{"any": [{"fact": "age", "at_least": 60}], "all": []}], "one non-empty"),
])
def test_a_misspelt_condition_fails_the_catalog_load(bad, why):
    with pytest.raises(ValueError, match=why):
        PolicyEntry.model_validate({"id": "x_test", "title": "t", "summary": "s。", "offer": "o", "source": "003",
                                    "rules": bad, "apply_where": "w"})


@settings(max_examples=150, deadline=None)
@given(facts=facts_st, name=st.sampled_from(["王秀英", "李国强", "欧阳娜娜"]))
def test_every_push_and_every_listing_reads_aloud_as_words(facts, name):
    """What an elder hears of a policy (the push, the list) leaves no digit or letter for the
    voice to spell: the project's speech-text normaliser reads every age, level and sum."""
    from accessibility.speech_text import normalise
    from call_center.policies.offers import sentence
    from call_center.speech_text import message_speech

    elder = SimpleNamespace(name=name, gender="female" if name != "李国强" else "male")
    for p in CATALOG:
        policy = SimpleNamespace(rules=p.rules, held_when=p.held_when, push=p.push, active=True, title=p.title,
                                 summary=p.summary, offer=p.offer)
        found = standing(policy, facts, None)
        texts = [message_speech(p.title, f"{found.needs or '可以办理'}。{p.summary}")]
        if found.qualifies:
            texts.append(message_speech(p.title, sentence(elder, found)))
        for text in texts:
            said = normalise(text)
            assert not any(ch.isascii() and ch.isalnum() for ch in said), (text, said)
