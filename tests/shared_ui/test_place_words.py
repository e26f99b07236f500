"""Sentences true where the elder is and where the car comes (the lead's find: a taxi booked at
the station's kiosk was told 请提前下楼等候). Words that put her at home — 下楼, 上楼接, 在家,
家里, 您家, 上门, 回家, 到家, 楼下 — may stand only where what they say is about her home
whoever reads it and wherever (a parcel sent home, an installer at her door, a car taking her
home, the distance from her home said as such). Every sentence of the spec and of the
conformance scripts is walked, and the centre's own sentences are scanned; a new one with such
a word must say here why it is true at a kiosk, on the family's phone and on the TV alike."""
from __future__ import annotations

import ast
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_ui.i18n import iter_translatable
from shared_ui.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
HOME_WORDS = re.compile("下楼|上楼|楼下|在家|家里|家中|您家|上门|回家|到家|家门|留人")
# Phrases whose home words are about her home wherever the sentence is read, and why.
ABOUT_HER_HOME = {
    "送到家里": "a renewed medicine is sent to her home (续方配药)",
    "送到您家里": "the same, said by the centre",
    "送到家了": "the parcel arrived at her home",
    "家里留人": "someone at home for the parcel or the installer",
    "上门": "an installer, an assessor or the police come to her home",
    "出院回家": "the transfer car takes her home from hospital",
    "接您回家": "the same",
    "上下楼": "staff carry her down and up her own stairs (上下楼接送, a service's name)",
    "能下楼": "her answer about her own stairs (特殊用车)",
    "随车人员会上楼接您": "in the hospital ward, where the transfer car fetches her",
    "离您家": "a distance from her home, said as from her home",
    "在家里装一键通": "a 一键通 terminal is installed at her home",
    "家里装": "the same (a policy's summary), and home adaptations",
    "家里经济情况": "the household's means, not a place",
    "家里是低保": "the same",
    "送餐到家": "meals delivered to her home",
    "到家里接": "her answer: the companion meets her at her home (陪诊)",
    "您家楼下": "the companion meets her below her home, as she chose",
    "楼下有无障碍坡道": "an address as she gave it (the corpus's long address)",
    "在家里按一键通找人工": "the one-key terminal at her home (a slip's note, read at home)",
    "家里已经装了一键通": "her 一键通 terminal is at her home",
}
# Said only on the TV, which stands in her home: where she is now is home.
TV_AT_HOME = {"叫出租车。按确定键，从家里出发。"}


def unexplained(sentence: str) -> list[str]:
    # (a sentence's form for one acting for her names her where 您 stood: the same place;
    # 家人 is her family, not her home)
    rest = sentence.replace("{elder}", "您").replace("家人", "亲人")
    for phrase in sorted(ABOUT_HER_HOME, key=len, reverse=True):
        rest = rest.replace(phrase, "·")
    return HOME_WORDS.findall(rest)


def spec_sentences() -> list[str]:
    spec = load_spec()
    said = {s for s in iter_translatable(spec.model_dump()) if isinstance(s, str)}
    return sorted(s for s in said if HOME_WORDS.search(s))


def tv_only(sentence: str) -> bool:
    spec = load_spec()
    for svc in spec.services.values():
        speak = svc.speak if isinstance(svc.speak, dict) else {"default": svc.speak}
        if speak.get("tv") == sentence and speak.get("default") != sentence:
            return True
    return False


@pytest.mark.parametrize("sentence", spec_sentences())
def test_every_sentence_of_the_spec_that_says_home_is_true_wherever_it_is_read(sentence):
    if sentence in TV_AT_HOME:
        assert tv_only(sentence), f"{sentence}: said off the TV too"
        return
    assert unexplained(sentence) == [], f"{sentence}: where the elder may not be (say why in ABOUT_HER_HOME)"


def test_the_taxi_and_special_vehicle_notes_wait_where_the_car_comes():
    spec = load_spec()
    notes = [*spec.services["taxi"].confirmation.notes, *spec.services["special_vehicle"].confirmation.notes]
    assert not any("下楼" in n or "在家" in n for n in notes), notes
    assert any("上车点" in n for n in spec.services["taxi"].confirmation.notes)


def test_every_conformance_script_expects_words_true_wherever_they_are_read():
    for path in sorted((ROOT / "shared_ui/conformance/scripts").glob("*.yaml")):
        for step in yaml.safe_load(path.read_text("utf-8")).get("steps", []):
            expect = step.get("expect") or {}
            for word in [*(expect.get("says") or []), *(expect.get("facts") or [])]:
                assert unexplained(str(word)) == [], f"{path.name}: {word}"


def screen_sentences(data) -> list[str]:
    if isinstance(data, dict):
        return [s for k, v in data.items() if not str(k).startswith("x-") for s in screen_sentences(v)]
    if isinstance(data, list):
        return [s for v in data for s in screen_sentences(v)]
    return [data] if isinstance(data, str) and HOME_WORDS.search(data) else []


def test_every_screen_of_the_shared_corpus_says_home_only_where_it_is_true():
    import json

    for path in sorted((ROOT / "shared_ui/conformance/screens").glob("*.json")):
        for sentence in screen_sentences(json.loads(path.read_text("utf-8"))):
            if sentence in TV_AT_HOME:
                continue
            assert unexplained(sentence) == [], f"{path.name}: {sentence}"


# -- the centre's own sentences -----------------------------------------------------------------
CENTRE_SENTENCES = ["call_center/fulfilment", "call_center/alarms", "call_center/present.py",
                    "call_center/device_applications", "call_center/elder_services", "call_center/family",
                    "accessibility/slips"]
# Sentences the centre composes by where the car comes (notices.wait_words): the home words of
# its at-home branch are true there alone.
PLACE_BRANCHES = {"请提前下楼等候。", "请在家等候。", "工作人员会带{aid}上楼接您，"}


def literals() -> list[tuple[str, str]]:
    out = []
    for root in CENTRE_SENTENCES:
        paths = [ROOT / root] if root.endswith(".py") else sorted((ROOT / root).rglob("*.py"))
        for path in paths:
            if path.name == "samples.py":
                continue  # what people typed into the sample slips, not said by us
            tree = ast.parse(path.read_text("utf-8"))
            docs = {id(n.body[0].value) for n in ast.walk(tree)
                    if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                    and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
            for node in ast.walk(tree):
                if id(node) in docs:
                    continue  # a docstring says nothing to her
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and HOME_WORDS.search(node.value):
                    out.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.value))
    return out


@pytest.mark.parametrize("where,text", literals())
def test_every_sentence_the_centre_composes_that_says_home_is_true_where_it_is_read(where, text):
    if text.strip() in PLACE_BRANCHES:
        return
    assert unexplained(text) == [], f"{where}: {text}"


class Recorder:
    def __init__(self):
        self.added = []

    def add(self, message):
        self.added.append(message)


ELDER = SimpleNamespace(id="el-1", name="王秀英", gender="female", home_address="上海市长宁区愚园路1000弄5号")
STATIONS = ["长宁区仙霞路620号 仙霞社区智慧健康驿站", "徐汇区宜山路600号", "长宁区天山路345号 天山社区文化活动中心"]
PICKUP = datetime(2026, 12, 8, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def reminders(pickup_address: str, stair_aid: str | None) -> list[str]:
    from call_center.fulfilment import notices

    db = Recorder()
    taxi = SimpleNamespace(result={"car": "白色大众朗逸", "plate": "沪A12345", "pickup_address": pickup_address})
    special = SimpleNamespace(result={"vehicle": "轮椅车", "plate": "沪B23456", "pickup_address": pickup_address,
                                      "pickup_until": (PICKUP + timedelta(minutes=30)).isoformat(),
                                      **({"stair_aid": stair_aid} if stair_aid else {})})
    notices.taxi_reminder(db, taxi, ELDER, PICKUP)
    notices.special_vehicle_reminders(db, special, ELDER, PICKUP)
    return [m.body for m in db.added]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(STATIONS), st.sampled_from([None, "履带爬楼机"]), st.sampled_from(["", " ", "上海市"]))
def test_a_car_that_comes_elsewhere_is_waited_for_there(station, stair_aid, prefix):
    for body in reminders(prefix + station, stair_aid):
        assert not re.search("下楼|在家|上楼", body), body
        assert "在那里等候" in body, body


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["上海市长宁区愚园路1000弄5号", "长宁区愚园路1000弄5号", "长宁区 愚园路1000弄5号"]),
       st.sampled_from([None, "履带爬楼机"]))
def test_a_car_that_comes_home_is_waited_for_at_home(home, stair_aid):
    taxi, *special = reminders(home, stair_aid)
    assert "请提前下楼等候" in taxi
    assert all("请在家等候" in body and (("上楼接您" in body) == bool(stair_aid)) for body in special)
