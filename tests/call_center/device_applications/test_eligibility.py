"""Who pays what (seed 002 §一、§二 and 附件), generated over ages, hukou, living alone, means
and packages: the rules file decides, each verdict cites its clause, the words say the fee."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from call_center.device_applications import eligibility

AGES = st.integers(min_value=60, max_value=110)
YES_NO = st.booleans()
MEANS = st.sampled_from(["tekun", "dibao", "low_income", "none", "unknown"])
PACKAGES = st.sampled_from(["A", "B"])
HARDSHIP = {"tekun": True, "dibao": True, "low_income": True, "none": False, "unknown": None}
LIST_PRICE = {"A": 40, "B": 10}  # 附件: 套餐A ≤ 40 元/月, 套餐B ≤ 10 元/月 (不含设备费)


def expected_fee(age: int, hukou: bool, alone: bool, hardship: bool | None, package: str) -> int:
    """The seed read directly: the most the family may pay a month."""
    if not (hukou and age >= 80 and alone):
        return LIST_PRICE[package]  # §二(三): 其他有需要的老年人, self-paid
    if hardship:
        return 0  # §二(一): every fee covered
    return max(0, LIST_PRICE[package] - 10)  # §二(二) (and 不清楚: the most it may be)


@settings(max_examples=300, deadline=None)
@given(AGES, YES_NO, YES_NO, MEANS, PACKAGES)
def test_the_fee_is_the_seeds(age, hukou, alone, means, package):
    verdict = eligibility.decide(eligibility.facts_of(age, hukou, alone, means), package)
    assert verdict.monthly_fee_yuan == expected_fee(age, hukou, alone, HARDSHIP[means], package)
    assert verdict.package_yuan == LIST_PRICE[package]
    assert verdict.source.startswith("002 §")
    # The words say the fee — the number itself, or that nothing is paid.
    said = "不用付" if verdict.monthly_fee_yuan == 0 else f"最多付{verdict.monthly_fee_yuan}元"
    assert verdict.said.startswith(f"套餐{package}每月") and said in verdict.said.split("。")[0]
    assert verdict.said.endswith(verdict.words)
    assert verdict.device_free == (verdict.tier == "hardship_alone_80")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=80, max_value=110), PACKAGES)
def test_not_knowing_the_means_says_both_answers(age, package):
    """不清楚: told the most she may pay, and that a street office finding hardship makes it free."""
    verdict = eligibility.decide(eligibility.facts_of(age, True, True, "unknown"), package)
    assert verdict.tier == "alone_80" and verdict.maybe_tier == "hardship_alone_80"
    assert verdict.maybe_monthly_fee_yuan == 0
    assert "如果街道核实家庭经济困难" in verdict.words


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=60, max_value=79), YES_NO, YES_NO, MEANS, PACKAGES)
def test_under_eighty_the_reasons_never_claim_a_subsidy(age, hukou, alone, means, package):
    verdict = eligibility.decide(eligibility.facts_of(age, hukou, alone, means), package)
    assert verdict.tier == "others" and "政府补贴" not in verdict.words and verdict.maybe_tier is None


def test_every_tier_cites_its_clause_and_the_last_takes_everyone():
    rules = eligibility.loaded()
    assert all(t.source.startswith("002 §") for t in rules.tiers)
    assert rules.tiers[-1].rules == []
    assert {p: rules.packages[p].monthly_yuan for p in "AB"} == LIST_PRICE
    assert rules.packages["A"].care_calls_per_week == 2  # 附件 一: 2 次/周的主动关爱服务


def test_a_malformed_rules_file_fails_loudly(tmp_path):
    import pytest
    import yaml

    data = yaml.safe_load(eligibility.RULES_FILE.read_text(encoding="utf-8"))
    data["tiers"][0]["rules"][0] = {"fact": "hukou_beijing", "is": True}
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError):
        eligibility.loaded.__wrapped__(bad)
    data = yaml.safe_load(eligibility.RULES_FILE.read_text(encoding="utf-8"))
    data["tiers"] = data["tiers"][:-1]  # nobody left to answer for the others
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError):
        eligibility.loaded.__wrapped__(bad)


@settings(max_examples=300, deadline=None)
@given(AGES, YES_NO, YES_NO, MEANS)
def test_the_street_office_reviews_the_seeds_priority_groups_first(age, hukou, alone, means):
    """Seed 001 §三(一)1: 优先保障基本养老服务对象和80周岁及以上高龄独居老年人."""
    why = eligibility.priority_of({"age": age, "hukou_shanghai": hukou, "living_alone": alone, "hardship": means})
    if HARDSHIP[means]:
        assert why == "基本养老服务对象（特困、低保、低收入）"
    elif age >= 80 and alone:
        assert why == "80岁以上独居"
    else:
        assert why is None
