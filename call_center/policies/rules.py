"""Who qualifies for a policy: its conditions (data, catalog.yaml) over an elder's facts.

Three answers, not two: a condition on a fact the centre does not hold is *unknown*, and a
policy whose answer is unknown is never pushed — nobody is told she qualifies on a guess
(seed 000 §三(二)3(6) 数据找人 works from the data the centre has). ``all`` is false when one
part is false, unknown when none is false and one is unknown; ``any`` the other way round.

The same conditions say *why* she qualifies ("您今年81岁，是本市户籍，独自居住") and what a
policy asks of someone who does not ("年满80岁、独自居住"), so the sentence an elder hears
can never drift from the rule the centre applied.
"""
from __future__ import annotations

from typing import Any, Iterable

from .. import message_words as mw
from ..message_words import N_

Facts = dict[str, Any]
Condition = dict[str, Any]

# In the order they are said: 您今年81岁，是本市户籍，独自居住，家庭经济困难 …
FACTS = ("age", "hukou_shanghai", "living_alone", "economic_hardship", "severe_disability",
         "care_level", "owns_home", "service_package", "meal_assistance_approved")
TESTS = ("is", "at_least", "at_most", "known")

# What a true condition says of her, and what a policy asks, in an elder's words.
_TRUE_WORDS = {
    ("hukou_shanghai", True): N_("是本市户籍"), ("hukou_shanghai", False): N_("不是本市户籍"),
    ("living_alone", True): N_("独自居住"), ("living_alone", False): N_("和家人同住"),
    ("economic_hardship", True): N_("家庭经济困难"), ("economic_hardship", False): "",
    ("severe_disability", True): N_("有重度残疾"), ("severe_disability", False): "",
    ("owns_home", True): N_("住的是自己的房子"), ("owns_home", False): "",
    ("meal_assistance_approved", True): N_("已经办了助餐服务"), ("meal_assistance_approved", False): "",
}
_NEED_WORDS = {
    ("hukou_shanghai", True): N_("本市户籍"), ("living_alone", True): N_("独自居住"),
    ("living_alone", False): N_("不是独自居住"), ("economic_hardship", True): N_("家庭经济困难"),
    ("economic_hardship", False): N_("家庭经济不困难"), ("severe_disability", True): N_("有重度残疾"),
    ("owns_home", True): N_("住房有产权或长期使用权"),
    ("meal_assistance_approved", True): N_("已经办了助餐服务"),
}


def check(conditions: Iterable[Condition]) -> None:
    """A catalog's conditions are well formed (a typo must fail the load, not match nobody)."""
    for cond in conditions:
        if "any" in cond or "all" in cond:
            if set(cond) not in ({"any"}, {"all"}) or not cond.get("any", cond.get("all")):
                raise ValueError(f"a group is one non-empty 'any' or 'all': {cond!r}")
            check(cond.get("any") or cond.get("all"))
            continue
        if cond.get("fact") not in FACTS:
            raise ValueError(f"unknown fact in {cond!r}; facts are {', '.join(FACTS)}")
        tests = [t for t in TESTS if t in cond]
        if len(tests) != 1 or set(cond) != {"fact", tests[0]}:
            raise ValueError(f"a condition is a fact and one of {', '.join(TESTS)}: {cond!r}")
        if tests[0] in ("at_least", "at_most") and not isinstance(cond[tests[0]], int):
            raise ValueError(f"{tests[0]} takes a whole number: {cond!r}")


def holds(cond: Condition, facts: Facts) -> bool | None:
    """True, False, or None when a fact it needs is unknown."""
    if "all" in cond:
        return all_hold(cond["all"], facts)
    if "any" in cond:
        parts = [holds(c, facts) for c in cond["any"]]
        if any(p is True for p in parts):
            return True
        return None if any(p is None for p in parts) else False
    value = facts.get(cond["fact"])
    if "known" in cond:
        return (value is not None) == bool(cond["known"])
    if value is None:
        return None
    if "is" in cond:
        return value == cond["is"]
    if "at_least" in cond:
        return value >= cond["at_least"]
    return value <= cond["at_most"]


def all_hold(conditions: Iterable[Condition], facts: Facts) -> bool | None:
    parts = [holds(c, facts) for c in conditions]
    if any(p is False for p in parts):
        return False
    return None if any(p is None for p in parts) else True


def _true_leaves(conditions: Iterable[Condition], facts: Facts) -> list[Condition]:
    """The conditions that made her qualify: in an ``any``, the first branch that held."""
    out: list[Condition] = []
    for cond in conditions:
        if "all" in cond:
            out += _true_leaves(cond["all"], facts)
        elif "any" in cond:
            branch = next((c for c in cond["any"] if holds(c, facts) is True), None)
            if branch is not None:
                out += _true_leaves([branch], facts)
        elif holds(cond, facts) is True:
            out.append(cond)
    return out


def reasons(conditions: Iterable[Condition], facts: Facts) -> str:
    """Why she qualifies, as she would be told: 您今年81岁，是本市户籍，独自居住."""
    return mw.chinese(mw.said("{why}", why=reasons_words(conditions, facts)))


def reasons_words(conditions: Iterable[Condition], facts: Facts) -> dict[str, Any]:
    """:func:`reasons` as a parameter of structured words (call_center/message_words.py);
    nothing when no condition speaks of her."""
    words: list[dict[str, Any]] = []
    leaves = sorted(_true_leaves(conditions, facts), key=lambda c: FACTS.index(c["fact"]))
    for cond in leaves:
        fact = cond["fact"]
        if fact == "age":
            said = mw.clause(mw.said(N_("今年{age}岁"), age=mw.as_written(facts["age"])))
        elif fact == "care_level":
            said = mw.clause(mw.said(N_("照护等级是{grade}级"), grade=mw.as_written(facts["care_level"])))
        elif "is" in cond and _TRUE_WORDS.get((fact, cond["is"])):
            said = mw.word(_TRUE_WORDS[(fact, cond["is"])])
        else:
            continue
        if said not in words:
            words.append(said)
    if not words:
        return mw.nothing()
    return mw.clause(mw.said(N_("您{facts}"), facts=mw.joined(words, "，")))


def needs(conditions: Iterable[Condition], facts: Facts, unmet_only: bool = False) -> str:
    """What the policy asks that she does not meet or the centre does not know: 年满80岁、独自居住.
    ``unmet_only``: only what she is known not to meet (why a refusal is a refusal)."""
    return mw.chinese(mw.said("{needs}", needs=needs_words(conditions, facts, unmet_only)))


def needs_words(conditions: Iterable[Condition], facts: Facts, unmet_only: bool = False) -> dict[str, Any]:
    """:func:`needs` as a parameter of structured words (call_center/message_words.py)."""
    words: list[dict[str, Any]] = []
    wanted = (False,) if unmet_only else (False, None)

    def add(cond: Condition) -> None:
        if "all" in cond:
            for c in cond["all"]:
                add(c)
            return
        if "any" in cond:
            if holds(cond, facts) in wanted:
                said = mw.joined([_need(b) for b in cond["any"]], "或")
                if said != mw.nothing() and said not in words:
                    words.append(said)
            return
        if holds(cond, facts) in wanted:
            said = _need(cond)
            if said != mw.nothing() and said not in words:
                words.append(said)

    for cond in conditions:
        add(cond)
    return mw.joined(words, "、")


def _need(cond: Condition) -> dict[str, Any]:
    if "fact" not in cond:  # a group inside an ``any``: 年满80岁且独自居住
        return mw.joined([_need(c) for c in cond.get("all") or cond.get("any") or []],
                         "且" if "all" in cond else "或")
    fact = cond["fact"]
    if fact == "age":
        if "at_least" in cond:
            return mw.clause(mw.said(N_("年满{age}岁"), age=mw.as_written(cond["at_least"])))
        if "at_most" in cond:
            return mw.clause(mw.said(N_("不超过{age}岁"), age=mw.as_written(cond["at_most"])))
    if fact == "care_level" and "at_least" in cond:
        return mw.clause(mw.said(N_("照护等级{grade}级及以上"), grade=mw.as_written(cond["at_least"])))
    if "is" in cond and _NEED_WORDS.get((fact, cond["is"])):
        return mw.word(_NEED_WORDS[(fact, cond["is"])])
    return mw.nothing()
