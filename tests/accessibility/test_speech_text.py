"""Chinese speech text: each kind of number is read the way a listener expects, and nothing
(no input at all) leaves an Arabic digit or an English-read symbol for the synthesizer."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accessibility.speech_text import normalise

CASES = [
    # the sentence of the brief
    ("您的挂号已成功，11月25日上午9:30", "您的挂号已成功，十一月二十五日上午九点三十分"),
    # dates and years
    ("11月25日", "十一月二十五日"),
    ("2026-11-25", "二〇二六年十一月二十五日"),
    ("2026/11/25", "二〇二六年十一月二十五日"),
    ("2026年11月25日", "二〇二六年十一月二十五日"),
    ("2026年", "二〇二六年"),
    ("2026-11", "二〇二六年十一月"),
    ("２０２６年", "二〇二六年"),
    ("住了3年", "住了三年"),
    ("2026-11-25T09:30:00+08:00", "二〇二六年十一月二十五日上午九点三十分"),
    # clock times
    ("9:30", "上午九点三十分"),
    ("14:05", "下午两点零五分"),
    ("12:00", "中午十二点"),
    ("0:30", "凌晨零点三十分"),
    ("20:00", "晚上八点"),
    ("下午2:30", "下午两点三十分"),
    ("下午14:05", "下午两点零五分"),
    ("9:30-10:00", "上午九点三十分到十点"),
    ("10:00-14:30", "上午十点到下午两点三十分"),
    ("9点05分", "九点零五分"),
    ("2点", "两点"),
    ("比分3:2", "比分三比二"),
    # durations and counts
    ("30分钟", "三十分钟"),
    ("2小时", "两小时"),
    ("1.5小时", "一点五小时"),
    ("2个人", "两个人"),
    ("第2个", "第二个"),
    ("3-5天", "三到五天"),
    ("共10000人", "共一万人"),
    ("2000元", "两千元"),
    # money
    ("¥12.50", "十二元五角"),
    ("￥12.5", "十二元五角"),
    ("12.5元", "十二元五角"),
    ("12.05元", "十二元零五分"),
    ("0.05元", "五分"),
    ("¥100", "一百元"),
    ("1,200元", "一千二百元"),
    ("2元", "两元"),
    ("费用25元/次", "费用二十五元每次"),
    # phone numbers, hotlines, IDs, masked numbers
    ("13812345678", "幺三八，幺二三四，五六七八"),
    ("138-1234-5678", "幺三八，幺二三四，五六七八"),
    ("+86 138 1234 5678", "加八六，幺三八，幺二三四，五六七八"),
    ("138****5678", "尾号五六七八"),
    ("021-62345678", "零二幺，六二三四，五六七八"),
    ("(021)62345678", "零二幺，六二三四，五六七八"),
    ("400-820-1234", "四零零，八二零，幺二三四"),
    ("拨打120", "拨打幺二零"),
    ("请拨110", "请拨幺幺零"),
    ("962120", "九六二幺二零"),
    ("市民热线12345", "市民热线幺二三四五"),
    ("120元", "一百二十元"),
    ("310101194001011234", "三幺零幺零幺，幺九四零零幺零幺，幺二三四"),
    ("31010119400101123X", "三幺零幺零幺，幺九四零零幺零幺，幺二三叉"),
    ("3101**********1234", "尾号幺二三四"),
    ("尾号1234", "尾号幺二三四"),
    ("预约号20261125001", "预约号二零二六，幺幺二五，零零幺"),
    # plates
    ("沪A12345", "沪 A 幺二三四五"),
    ("沪A·D1234", "沪 A D 幺二三四"),
    ("车牌京B1C234", "车牌京 B 幺 C 二三四"),
    # queue numbers and addresses
    ("15号", "十五号"),
    ("请15号到3号窗口", "请十五号到三号窗口"),
    ("长宁路123号", "长宁路一百二十三号"),
    ("3楼", "三楼"),
    ("1201室", "幺二零幺室"),
    ("3室1厅", "三室一厅"),
    ("长宁路123弄45号1201室", "长宁路一百二十三弄四十五号幺二零幺室"),
    # percentages, temperatures, signs
    ("85%", "百分之八十五"),
    ("12.5%", "百分之十二点五"),
    ("36.5℃", "三十六点五摄氏度"),
    ("-5℃", "零下五摄氏度"),
    ("气温-3度", "气温零下三度"),
    # mixed Latin and symbols
    ("CT检查", "C T检查"),
    ("按#号键", "按井号键"),
    ("按*号键", "按星号键"),
    ("A+B", "A加B"),
    ("男/女", "男或女"),
    ("WiFi", "WiFi"),
]


@pytest.mark.parametrize("text, spoken", CASES, ids=[c[0] for c in CASES])
def test_mandarin_reading(text, spoken):
    assert normalise(text, "zh_CN") == spoken


def test_an_impossible_date_is_not_read_as_one():
    spoken = normalise("2026-13-45")
    assert "月" not in spoken and not re.search(r"\d", spoken)


def test_cantonese_keeps_yi_for_one_in_numbers():
    assert normalise("电话13812345678，拨打120", "yue") == "电话一三八，一二三四，五六七八，拨打一二零"


@pytest.mark.parametrize("text, spoken", [
    ("Call 138 1234 5678", "Call 1 3 8, 1 2 3 4, 5 6 7 8"),
    ("Fee ¥12.50", "Fee 12.5 yuan"),
    ("On 2026-11-25 at 9:30", "On 25 November 2026 at 9:30"),
    ("Phone 138****5678", "Phone ending in 5 6 7 8"),
    ("Your doctor at 第6人民医院", "Your doctor at 第六人民医院"),
    ("Dial 120 now", "Dial 1 2 0 now"),
])
def test_english_reading(text, spoken):
    assert normalise(text, "en") == spoken


# Symbols espeak's Mandarin voice reads in English (checked with `espeak-ng -x`).
ENGLISH_READ = set("#%&*+/=@\\~±")
NUMBERY = st.sampled_from(
    list("0123456789０１２٣-.:：/*#%¥￥元号年月日点分个室楼 ,，Xx沪第+~") + ["12:30", "138", "2026-", "**", "下午"])
TEXTS = st.lists(NUMBERY, max_size=30).map("".join) | st.text(max_size=60)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from(["zh_CN", "yue"]))
def test_chinese_output_never_has_a_digit_or_english_symbol(text, locale):
    spoken = normalise(text, locale)
    assert not re.search(r"\d", spoken), spoken   # \d: every Unicode decimal digit
    assert not set(spoken) & ENGLISH_READ, spoken


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_english_normalisation_never_raises(text):
    assert isinstance(normalise(text, "en"), str)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_every_clock_time_has_a_period_and_no_digits(hour, minute):
    spoken = normalise(f"{hour}:{minute:02d}")
    assert spoken.startswith(("凌晨", "上午", "中午", "下午", "晚上")), spoken
    assert "点" in spoken and not re.search(r"\d", spoken)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False))
def test_money_always_ends_in_a_unit(amount):
    spoken = normalise(f"¥{amount}")
    assert spoken.endswith(("元", "角", "分")), spoken
