"""Chinese line breaking by the rules (W3C clreq 禁则; ELDER_UI.md "Chinese line breaks"),
property-tested over the text these screens carry: addresses, hospitals, departments, dates
and times, at every width and size a label may have."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_ui.confirmation import format_value
from accessibility.line_breaks import CLOSING, OPENING, PROTECTED, SEGMENTER, units
from shared_ui.kivy_kit.text_fit import break_softly, em_width

DISTRICTS = ["长宁区", "徐汇区", "黄浦区", "静安区", "浦东新区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区"]
ROADS = ["仙霞路", "愚园路", "宜山路", "瑞金二路", "枫林路", "乌鲁木齐中路", "浦建路", "天山路", "淮海中路"]
HOSPITALS = ["上海交通大学医学院附属瑞金医院", "复旦大学附属中山医院", "复旦大学附属华山医院", "上海市第六人民医院",
             "上海交通大学医学院附属仁济医院（东院）", "上海市同仁医院", "长宁区天山中医医院"]
DEPARTMENTS = ["心内科", "内分泌科", "心血管内科", "骨科", "神经内科", "老年医学科", "康复医学科", "呼吸与危重症医学科"]
KEEP_WHOLE = [*DISTRICTS, *ROADS, "瑞金医院", "中山", "华山医院", "内分泌科", "心血管", "服务中心"]
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module", autouse=True)
def words():
    SEGMENTER.warm()


def address():
    return st.builds(lambda c, d, r, lane, no, room, near: f"{c}{d}{r}{lane}弄{no}号{room}室{near}",
                     st.sampled_from(["", "上海市"]), st.sampled_from(DISTRICTS), st.sampled_from(ROADS),
                     st.integers(1, 2000), st.integers(1, 99), st.integers(101, 2806),
                     st.sampled_from(["", "（仙霞新村街道社区卫生服务中心对面）", "（近地铁2号线）"]))


def when():
    return st.builds(lambda days, minutes: format_value(
        (datetime(2026, 12, 2, 6, 0, tzinfo=TZ) + timedelta(days=days, minutes=minutes * 30)).isoformat(),
        "datetime"), st.integers(0, 30), st.integers(0, 28))


TEXT = st.one_of(address(), st.sampled_from(HOSPITALS), st.sampled_from(DEPARTMENTS), when(),
                 st.builds(lambda h, w: f"{h}（{w}就诊）", st.sampled_from(HOSPITALS), when()),
                 st.builds(lambda w, h, d: f"您的挂号已成功。{w}，{h}{d}，排队号15号。请提前30分钟到达。",
                           when(), st.sampled_from(HOSPITALS), st.sampled_from(DEPARTMENTS)))


def breaks(text: str, broken: str) -> list[int]:
    """Positions in ``text`` where ``broken`` starts a new line."""
    positions, i = [], 0
    for line in broken.split("\n")[:-1]:
        i = text.index(line, i) + len(line)
        while i < len(text) and text[i] == " ":
            i += 1
        positions.append(i)
    return positions


def broken_by_the_rules(text: str, width: float, size: int) -> str:
    """``text`` broken to ``width``: the same text, no line starting with a closing mark or
    ending with an opening one (禁则)."""
    broken = break_softly(text, width, size)
    lines = broken.split("\n")
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines[1:]:
        assert line[:1] not in CLOSING, (line, broken)
    for line in lines[:-1]:
        assert line[-1:] not in OPENING, (line, broken)
    return broken


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(6, 36), st.sampled_from([40, 48, 56, 60, 72, 80]))
def test_lines_break_only_where_the_rules_allow(text, ems, size):
    """(Widths from six characters — the narrowest box a screen gives text — to a whole TV line.)"""
    width = ems * size
    broken = broken_by_the_rules(text, width, size)
    lines = broken.split("\n")
    cuts = breaks(text, broken)
    room = width * 0.98 / size
    spans = [m.span() for m in PROTECTED.finditer(text) if em_width(m.group(0)) <= room]
    spans += [(text.index(w), text.index(w) + len(w)) for w in KEEP_WHOLE if w in text and em_width(w) <= room]
    for cut in cuts:
        assert not any(a < cut < b for a, b in spans), (text[:cut], "|", text[cut:], broken)
    # a line is longer than the room only when one unit alone is (then that unit is cut)
    starts, at = [], 0
    for unit in units(text):
        starts.append((at, at + len(unit), em_width(unit) > room))
        at += len(unit)
    at = 0
    for line in lines:
        begin = text.index(line, at)
        end, at = begin + len(line), begin + len(line)
        inside_wide_unit = any(wide and a <= begin and end <= b for a, b, wide in starts)
        assert em_width(line) <= width / size + 1e-6 or inside_wide_unit or \
            any(wide and a < end and begin < b for a, b, wide in starts), (line, broken)


@pytest.mark.parametrize("text,width,size,wanted", [
    ("11月25日（周三）下午2:00", 700, 72, "11月25日（周三）\n下午2:00"),
    ("短句。", 800, 72, "短句。"),
    ("上海交通大学医学院附属瑞金医院", 640, 60, "上海交通大学医学院\n附属瑞金医院"),
])
def test_the_examples_the_tv_got_wrong(text, width, size, wanted):
    assert break_softly(text, width, size) == wanted


def test_the_defects_found_on_the_tv_are_gone():
    for text, whole, bad in [("12月3日（周三）上午8:30", "（周三）", "（周三\n）"), ("（12月2日）", "12月2日", "（12\n月"),
                             ("601室", "601室", "60\n1室"), ("附属中山医院", "中山医院", "附属中\n山医院")]:
        for width in range(80, 900, 20):
            for size in (48, 60, 72, 80):
                if em_width(whole) * size <= width * 0.98:  # (what does not fit a line at all is cut)
                    assert bad not in break_softly(text, width, size), (text, width, size)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["", "凌晨", "上午", "下午", "晚上"]), st.integers(0, 12), st.sampled_from(["", "分", "半"]),
       st.integers(0, 59), st.sampled_from(["您的药{}送到了", "司机{}来接您", "{}，请下楼等候"]))
def test_a_time_said_in_words_is_one_unit(period, hour, tail, minute, sentence):
    """凌晨3点7 / 分 was a line break on a TV pop-up (the new-user trial)."""
    said = f"{period}{hour}点" + (f"{minute}分" if tail == "分" else tail)
    assert any(u.startswith(said) and all(c in CLOSING for c in u[len(said):])  # （3点，keeps its ，）
               for u in units(sentence.format(said))), units(sentence.format(said))


@pytest.mark.parametrize("text, word", [
    ("没有参加每日报平安", "报平安"), ("老人没事（已联系上）", "联系上）"), ("养老服务一件事", "一件事"),
    ("自助机", "自助机"), ("一键通申请", "一键通"), ("请输入绑定码", "绑定码"),
])
def test_the_products_own_words_are_not_cut(text, word):
    assert word in units(text)


# Quoted names these screens say (the buttons and lists a sentence points to), and sentences
# the product says around them: at every text size the TV and the kiosk use (their styles ×
# the elder's three scales) and every width from a secondary button's to a whole line.
QUOTED_NAMES = ["“我的服务”", "“我没事”", "“发给家人”", "「找人工」", "“稍后再看”", "“知道了”", "“听消息”",
                "“查看进度”", "“紧急求助”", "“一键通申请”", "「办完了」", "“王秀英的服务”", "“张桂兰的服务”"]
QUOTE_SENTENCES = ["每一项的进度都在{q}里。", "可以按{q}，把单子发到家人的手机上；也可以请工作人员帮忙。",
                   "如果您没事，请按{q}。", "{q}里能看到王秀英的挂号。", "请点{q}（在屏幕下方）。",
                   "正在请民警上门查看。如果您没事，请按{q}，{q}。"]
SCREEN_SIZES = sorted({round(style * scale) for style in (40, 44, 48, 52, 60, 68, 80, 88)
                       for scale in (1.0, 1.25, 1.5)})


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(QUOTE_SENTENCES), st.sampled_from(QUOTED_NAMES), st.integers(4, 36),
       st.sampled_from(SCREEN_SIZES))
def test_a_quoted_name_is_never_split_nor_its_marks_left_alone(sentence, quoted, ems, size):
    """“我的服务” broke as “我的 / 服务” and 服务” / 里 (the lead's find): the marks stay with the
    name, the name stays whole wherever a line holds it."""
    text = sentence.format(q=quoted)
    width = ems * size
    broken = broken_by_the_rules(text, width, size)
    if em_width(quoted + "，") <= width * 0.98 / size:  # a name that fits a line is on one line
        spans, at = [], text.find(quoted)
        while at >= 0:
            spans.append((at, at + len(quoted)))
            at = text.find(quoted, at + 1)
        for cut in breaks(text, broken):
            assert not any(a < cut < b for a, b in spans), (text[:cut], "|", text[cut:], broken)


def test_the_quoted_name_the_lead_saw_split_stays_whole():
    assert "“我的服务”" in units("每一项的进度都在“我的服务”里。")
    assert "“我的 / 服务”" not in " / ".join(units("每一项的进度都在“我的服务”里。"))


def test_a_long_quotation_still_breaks_between_its_words():
    said = "他说：“今天天气很好，我们去公园散步吧。”"
    assert len(units(said)) > 3 and units(said)[-1].endswith("。”")
