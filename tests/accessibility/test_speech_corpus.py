"""Say the right thing: a pinned corpus of what an elder service says, and each class of reading
tested over generated inputs (issue 11: "1/2片" must never be 一或两片)."""
from __future__ import annotations

import re
import subprocess
from collections import Counter

import cn2an
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from accessibility.speech_text import normalise
from accessibility.speech_text.measures import LATIN_UNITS
from accessibility.speech_text.rare_characters import HAN, in_gb2312, readings, speakable

from .conftest import DATA, espeak_phonemes

CORPUS = [line.split("\t") for line in (DATA / "speech_corpus.tsv").read_text(encoding="utf-8").splitlines()
          if line and not line.startswith("#")]
CLASSES = ("dates", "times", "money", "phones", "plates", "ids", "queue", "addresses", "measures", "fractions",
           "ranges", "medical", "rare", "english", "symbols", "yue", "names")


def cn(n: int) -> str:
    return cn2an.an2cn(str(n))


def test_the_corpus_covers_every_class_with_at_least_200_sentences():
    counts = Counter(row[0] for row in CORPUS)
    assert len(CORPUS) >= 200 and len({row[2] for row in CORPUS}) == len(CORPUS)
    assert set(counts) == set(CLASSES), counts


@pytest.mark.parametrize("cls, locale, written, spoken", CORPUS, ids=[f"{r[0]}:{r[2]}" for r in CORPUS])
def test_pinned_sentence(cls, locale, written, spoken):
    assert normalise(written, locale) == spoken


@pytest.mark.parametrize("cls, locale, written, spoken", [r for r in CORPUS if r[1] != "en"],
                         ids=[f"{r[0]}:{r[2]}" for r in CORPUS if r[1] != "en"])
def test_no_slash_is_or_and_no_dash_is_minus_unless_written_so(cls, locale, written, spoken):
    if "/" in written and not re.search(r"[^\d\s/]/[^\d\s/]", re.sub(r"mmol/L|μmol/L|km/h", "", written)):
        assert "或" not in spoken, (written, spoken)
    if "-" in written and not re.search(r"(^|[^\d日号月楼])-\d", written):
        assert "负" not in spoken and "减" not in spoken, (written, spoken)


# -- classes over generated inputs ---------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(st.integers(90, 220), st.integers(50, 130), st.sampled_from(["血压", "BP ", "血压：", ""]),
       st.sampled_from(["", "mmHg", " mmHg", "毫米汞柱"]))
def test_blood_pressure_is_high_then_low(high, low, before, unit):
    low = min(low, high - 10)
    spoken = normalise(f"{before}{high}/{low}{unit}")
    assert f"高压{cn(high)}，低压{cn(low)}" in spoken, spoken
    assert "分之" not in spoken and "或" not in spoken and "月" not in spoken


@settings(max_examples=120, deadline=None)
@given(st.integers(1, 8), st.integers(2, 9), st.sampled_from("片粒杯袋支勺"))
def test_a_dose_fraction_is_a_fraction(a, b, unit):
    a = min(a, b - 1)
    spoken = normalise(f"每次{a}/{b}{unit}")
    assert spoken == f"每次{cn(b)}分之{cn(a)}{unit}", spoken


@settings(max_examples=120, deadline=None)
@given(st.integers(40, 180), st.sampled_from([("次/分", "次每分钟"), ("次/min", "次每分钟"), ("元/次", "元每次"),
                                              ("mmol/L", "毫摩尔每升"), ("km/h", "公里每小时"), ("mg/dL", "毫克每分升"),
                                              ("g/L", "克每升"), ("元/天", "元每天")]))
def test_per_units_say_mei(n, unit):
    written, said = unit
    assert normalise(f"{n}{written}") == f"{cn(n)}{said}"


@settings(max_examples=120, deadline=None)
@given(st.integers(1, 999), st.sampled_from(sorted(set(LATIN_UNITS) - {"bpm", "d", "s", "m", "l"})))
def test_latin_units_after_a_number(n, unit):
    spoken = normalise(f"共{n}{unit}")
    assert spoken.endswith(LATIN_UNITS[unit]) and not re.search(r"[A-Za-z\d]", spoken), spoken


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 12), st.integers(1, 28), st.integers(1, 3), st.sampled_from(["-", "~", "—", "至"]),
       st.sampled_from(["日", "号"]))
def test_date_ranges_say_dao(month, day, span, dash, unit):
    spoken = normalise(f"{month}月{day}{unit}{dash}{month}月{day + span}{unit}停诊")
    assert spoken == f"{cn(month)}月{cn(day)}{unit}{'至' if dash == '至' else '到'}{cn(month)}月{cn(day + span)}{unit}停诊"


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 200), st.integers(1, 50), st.sampled_from(["号楼", "天", "岁", "人", "元", "次", "片", "公斤"]))
def test_number_ranges_never_say_minus(a, span, unit):
    spoken = normalise(f"约{a}-{a + span}{unit}")
    assert "到" in spoken and "负" not in spoken and "减" not in spoken, spoken


@settings(max_examples=150, deadline=None)
@given(st.text("0123456789", min_size=3, max_size=5), st.sampled_from(["X", "x", ""]),
       st.sampled_from(["尾号", "身份证后四位", "尾号是", "末四位"]))
def test_id_and_card_tails_are_read_one_by_one(digits, x, key):
    spoken = normalise(f"{key}{digits}{x}")
    expected = "".join("零幺二三四五六七八九"[int(d)] for d in digits) + ("叉" if x else "")
    assert spoken == key + expected, spoken


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["上午", "中午", "下午", "晚上", "凌晨"]), st.integers(0, 23), st.sampled_from(["（", "("]))
def test_a_period_written_after_the_time_is_said_once(_, hour, bracket):
    from personal_data.day_periods import day_period

    period = day_period(hour)
    close = "）" if bracket == "（" else ")"
    spoken = normalise(f"{hour}:00{bracket}{period}{close}取药")
    assert spoken.count(period) == 1 and spoken.startswith(period) and spoken.endswith("取药"), spoken


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["HC", "SC", "G", "K", "AB"]), st.sampled_from(["-", ""]), st.integers(100, 99999999))
def test_letter_codes_are_spelled_never_a_minus_or_a_quantity(letters, dash, number):
    spoken = normalise(f"预约号{letters}{dash}{number}")
    assert "负" not in spoken and "百" not in spoken and "千" not in spoken and "万" not in spoken, spoken
    assert spoken.startswith("预约号" + " ".join(letters))


# -- every character can be spoken ---------------------------------------------------------
# The rare characters the slips already print (tests/accessibility/slips) and a few more names.
RARE_NAMES = ["㛃丽𠮷", "𠮷", "𪚥", "𠀋", "䶮", "堃", "喆", "昇", "玥", "珺", "琇", "㐂", "𡈼", "龘", "\U00020000"]


@pytest.mark.parametrize("name", RARE_NAMES)
def test_rare_names_are_said_by_characters_espeak_knows(name):
    spoken = normalise(f"{name}阿姨，您好")
    assert spoken.endswith("阿姨，您好")
    assert all(in_gb2312(c) for c in HAN.findall(spoken)), spoken
    assert "@:" not in espeak_phonemes(spoken)  # espeak marks what it spells by code point


def test_espeak_spells_what_it_does_not_know_and_knows_every_speakable_character():
    """The premise of rare_characters: espeak reads GB 2312 (minus five radicals) and spells
    𠮷 by its code point; checked on the installed espeak-ng."""
    assert "@:" in espeak_phonemes("𠮷")
    chars = [bytes((h, lo)).decode("gb2312") for h in range(0xB0, 0xF8) for lo in range(0xA1, 0xFF)
             if _gb(h, lo)]
    chars = [c for c in chars if speakable(c)]
    assert len(chars) > 6700
    out = subprocess.run(["espeak-ng", "-q", "-x", "-v", "cmn-latn-pinyin"], input="。".join(chars) + "。",
                         capture_output=True, text=True, check=True).stdout
    assert "@:" not in out


def _gb(high: int, low: int) -> bool:
    try:
        bytes((high, low)).decode("gb2312")
        return True
    except UnicodeDecodeError:
        return False


def test_a_character_without_any_reading_is_skipped():
    assert readings().stand_in("𠀋") == ""
    assert normalise("𠀋伯伯") == "伯伯"


def test_unihan_readings_and_variants_are_used_where_pypinyin_has_none():
    r = readings()
    assert r.found_unihan, "Debian's unicode-data (Unihan) must be installed"
    assert r.stand_in("𠮷") == "吉"  # no reading anywhere; Unihan's variant 吉
    from pypinyin import pinyin

    # pypinyin already has every kMandarin reading; Unihan adds the variants of the characters
    # that have no reading at all, and most of those get a voice through them.
    no_reading = [c for c in r.variants if c not in r.mandarin and not pinyin(c, errors="ignore")]
    voiced = [c for c in no_reading if r.stand_in(c)]
    assert len(no_reading) > 1000 and len(voiced) > 0.5 * len(no_reading)
    assert all(in_gb2312(r.stand_in(c)) for c in voiced)


@settings(max_examples=300, deadline=None)
@given(st.characters(min_codepoint=0x3400, max_codepoint=0x323AF))
def test_no_hanzi_is_ever_left_for_espeak_to_spell(char):
    spoken = normalise(f"王{char}英")
    assert spoken.startswith("王") and spoken.endswith("英")
    assert all(in_gb2312(c) for c in HAN.findall(spoken)), (char, spoken)


def test_rare_names_take_no_longer_to_say_than_common_ones(tmp_path):
    """By length (sox): 𠮷阿姨 lasts as long as 吉阿姨, not as long as 二零BB七阿姨."""
    from accessibility.speech import EspeakEngine

    engine = EspeakEngine()
    lengths = {}
    for label, text in (("rare", normalise("𠮷阿姨，您好")), ("common", "吉阿姨，您好"),
                        ("as_code", "二零BB七阿姨，您好")):
        path = tmp_path / f"{label}.wav"
        engine.synthesize(text, "zh_CN", 1.0, path)
        lengths[label] = float(subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True,
                                              check=True).stdout)
    assert lengths["rare"] == pytest.approx(lengths["common"], rel=0.05)
    assert lengths["as_code"] > lengths["rare"] * 1.3


def test_the_readings_load_in_the_background_at_start_up():
    import threading

    from accessibility.speech_text import rare_characters

    rare_characters.warm_in_background()
    warming = [t for t in threading.enumerate() if t.name == "unihan-warm"]
    for thread in warming:
        thread.join(timeout=60)
    assert rare_characters._readings and readings().found_unihan  # loaded once, kept
    assert readings().stand_in("𠮷") == "吉"


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=2),
       st.integers(1, 3), st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=1),
       st.sampled_from(["，您好。", "的挂号已成功", "（电话138****5678）", ""]))
@settings(max_examples=150, deadline=None)
def test_a_masked_name_is_said_with_mou_never_as_stars(surname, stars, last, after):
    assume(last not in ("号", "键"))  # 按*号键 is the star key
    said = normalise(f"{surname}{'*' * stars}{last}{after}")
    # The name's own characters as they are said: a generated 某 (一*某), a 星 (一*星), or a rare
    # character said by its stand-in 星 (騂 reads xīng: 一*騂 is 一某星).
    own = normalise(f"{surname}，{last}")
    already = own.count("某")
    own_stars = own.count("星")
    assert said.count("星") == own_stars and "*" not in said and said.count("某") == stars + already, said
