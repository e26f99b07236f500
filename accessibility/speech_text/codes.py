"""Numbers that are names, not amounts: phones, ID numbers, plates, hotlines, rooms, codes.

They are read digit by digit with 幺 for 1 (Mandarin phone convention, so 1 and 7 never
blur on a TV speaker), in short groups separated by a pause (，) the way people read them
back on the phone: 幺三八，幺二三四，五六七八. A masked number is said by its visible last digits
(138****5678 → 尾号五六七八): the stars mean nothing aloud.
"""
from __future__ import annotations

import re

from .measures import LATIN_UNITS
from .rule import Dialect, Rule, after

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

# Numbers the elder dials: emergency, government and elder-service hotlines (seed 000: 120,
# 110, 962120 discharge transport; 12345 citizen hotline).
HOTLINES = (
    "962120", "962222", "12345", "12315", "12320", "12333", "12348", "12355", "12358",
    "12366", "12369", "12393", "110", "119", "120", "122",
)

# A number followed by one of these is an amount or an address part, never a dialled number.
QUANTITY_AFTER = (
    "元", "块", "人", "个", "次", "号", "分", "米", "岁", "天", "年", "月", "日", "位", "名",
    "户", "楼", "层", "路", "弄", "室", "张", "份", "件", "台", "辆", "小时", "秒", "毫", "克",
    "斤", "升", "度", "%", "万", "千", "亿", "多", "余", "步", "字", "条", "项", "家", "床",
)


def read_groups(groups: list[str], dialect: Dialect) -> str:
    """Read each group digit by digit (stars as 星, X as 叉) and pause between groups."""
    spoken = []
    for group in groups:
        parts = re.findall(r"\*+|[^*]+", group)
        for part in parts:
            spoken.append(dialect.read_stars(len(part)) if part.startswith("*") else dialect.read_digits(part))
    return dialect.pause.join(s.strip() for s in spoken if s.strip())


def chunk(number: str, size: int = 4) -> list[str]:
    """Split a long digit string into groups of `size` from the left."""
    return [number[i:i + size] for i in range(0, len(number), size)]


def _plate(m: re.Match[str], dialect: Dialect) -> str:
    tail = " ".join(
        dialect.read_digits(tok) if tok.isdigit() else " ".join(tok)
        for tok in re.findall(r"\d+|[A-Z]+", m["tail"])
    )
    return f"{m['prov']} {m['letter']} {tail}"


def _id_number(m: re.Match[str], dialect: Dialect) -> str:
    # GB 11643: 6-digit region, 8-digit birth date, 3-digit sequence and a check character.
    return read_groups([m["region"], m["birth"], m["seq"]], dialect)


def _masked(m: re.Match[str], dialect: Dialect) -> str:
    """A masked number is said by what identifies it, its last digits: 尾号五六七八 — never as
    the stars ("星星星星" means nothing to a listener), and not its first digits either."""
    token = m.group(0)
    if "**" not in token or not re.search(r"\d", token):
        return token
    tail = re.search(r"([\dXx]+)\s*$", token)
    if tail is None:
        return ""  # nothing visible to say
    words = "ending in " if dialect.name == "en" else "尾号"
    return words + read_groups([tail.group(1).upper()], dialect)


def _masked_name(m: re.Match[str], dialect: Dialect) -> str:
    """王*英, 欧阳** : a name masked for a public screen is said as people say it, 王某英 —
    never 王星号英. English has no such word: the stars are left unsaid."""
    stars = len(m["stars"])
    return m["before"] + ("" if dialect.name == "en" else "某" * stars)


def _mobile(m: re.Match[str], dialect: Dialect) -> str:
    plus = "plus " if dialect.name == "en" else "加"
    prefix = (plus + dialect.read_digits("86") + dialect.pause) if m["cc"] else ""
    return prefix + read_groups([m["a"], m["b"], m["c"]], dialect)


def _landline(m: re.Match[str], dialect: Dialect) -> str:
    local = m["local"]
    groups = [local[:3], local[3:]] if len(local) == 7 else chunk(local)
    return read_groups([m["area"], *groups], dialect)


def _service_number(m: re.Match[str], dialect: Dialect) -> str:
    return read_groups([m["a"], m["b"], m["c"]], dialect)


def _hotline(m: re.Match[str], dialect: Dialect) -> str:
    if after(m).lstrip().startswith(QUANTITY_AFTER + tuple(LATIN_UNITS)):
        return m.group(0)  # 120元, 110号, 119μg: an amount or an address, not the number to dial
    return dialect.read_digits(m.group(0))


def _after_keyword(m: re.Match[str], dialect: Dialect) -> str:
    # 尾号123X: an ID's last characters, X said 叉 (read_groups), never a quantity.
    groups = [g for g in re.split(r"[\s-]+", m["num"]) if g]
    if len(groups) == 1 and len(groups[0]) > 8:
        groups = chunk(groups[0])
    return m["key"] + read_groups(groups, dialect)


def _letter_code(m: re.Match[str], dialect: Dialect) -> str:
    """HC-8841207 → H C 八八四幺，二零七: a reference is spelled, never a quantity or a minus."""
    number = m["num"]
    groups = chunk(number) if len(number) > 6 else [number]
    return " ".join(m["letters"]) + " " + read_groups(groups, dialect)


def _room(m: re.Match[str], dialect: Dialect) -> str:
    return dialect.read_digits(m["num"])


_KEYWORDS = (
    "电话号码|电话|手机号码|手机号|手机|号码|热线|拨打|致电|尾号|卡号|工号|编号|验证码|订单号|"
    "单号|预约号|预约码|挂号单号|身份证号码|身份证号|证件号码|证件号|编码|账号|门牌号|取号码|配对码|"
    "房号|车次|航班号|后四位|末四位|尾数"
)
_EDGE = r"(?![0-9A-Za-z*])"

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

RULES = (
    # A masked name: one or more stars right after a hanzi (王*英, 欧阳**, 𠮷*); not the
    # star key (按*号键, 按*键).
    Rule("masked_name", re.compile(rf"(?P<before>[{_HAN}])(?P<stars>\*{{1,8}})(?![0-9*号键])"), _masked_name),
    Rule("plate", re.compile(
        rf"(?P<prov>[{PROVINCES}])\s*(?P<letter>[A-HJ-NP-Z])\s*[·•.\-]?\s*"
        rf"(?P<tail>(?=[A-HJ-NP-Z0-9]*\d)[A-HJ-NP-Z0-9]{{5,6}}){_EDGE}"), _plate),
    Rule("id_number", re.compile(
        rf"(?<![0-9A-Za-z*])(?P<region>\d{{6}})(?P<birth>(?:19|20)\d{{6}})(?P<seq>\d{{3}}[\dXx]){_EDGE}"), _id_number),
    Rule("masked", re.compile(
        r"(?<![0-9A-Za-z*])[0-9*](?:[0-9*]|[ -](?=[0-9*]))*(?:[Xx](?![A-Za-z]))?(?![0-9A-Za-z*])"), _masked),
    Rule("mobile", re.compile(
        rf"(?<![0-9A-Za-z+])(?P<cc>\+?86[\s-]?)?(?P<a>1[3-9]\d)[\s-]?(?P<b>\d{{4}})[\s-]?(?P<c>\d{{4}}){_EDGE}"), _mobile),
    Rule("landline", re.compile(
        rf"(?<![0-9A-Za-z])[(（]?(?P<area>0\d{{2,3}})[)）]?[\s-]?(?P<local>\d{{7,8}}){_EDGE}"), _landline),
    Rule("service_number", re.compile(
        rf"(?<![0-9A-Za-z])(?P<a>[48]00)[\s-]?(?P<b>\d{{3}})[\s-]?(?P<c>\d{{4}}){_EDGE}"), _service_number),
    Rule("after_keyword", re.compile(
        rf"(?P<key>(?:{_KEYWORDS})\s*(?:是|为|：|:)?\s*)(?P<num>\d{{3,}}(?:[\s-]\d+)*[Xx]?){_EDGE}"), _after_keyword),
    # Letters then three or more digits: booking references, train numbers (HC-8841207, G1234).
    Rule("letter_code", re.compile(
        r"(?<![A-Za-z0-9])(?P<letters>[A-Z]{1,4})[-·]?(?P<num>\d{3,})(?![\d.])"), _letter_code),
    # 119-120号楼, 110/70: one end of a range or a pair is an amount, not a number to dial.
    Rule("hotline", re.compile(rf"(?<![0-9A-Za-z.¥￥$/~～–—-])(?:{'|'.join(HOTLINES)}){_EDGE}(?!\.\d)"
                               r"(?!\s*(?:[-~～–—/]\s*\d))"), _hotline),
    # 1201室 is a door number (幺二零幺室); 3室1厅 counts rooms and stays a cardinal.
    Rule("room", re.compile(r"(?<![0-9.])(?P<num>\d{3,})(?=室(?!\d*厅)|房间|号房)"), _room),
    # B座1201, 3号楼502, 2单元301: a door number after the building, not a quantity.
    Rule("door", re.compile(r"(?:(?<=[座栋幢楼])|(?<=单元))(?P<num>\d{3,4})(?![\d.]|\s*(?:[号层人个元米平]|楼(?!\d)))"), _room),
)
