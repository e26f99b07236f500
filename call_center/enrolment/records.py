"""One elder's record as a roster gives it, checked field by field (each problem in words a
street-office clerk can fix), and stored: her household, her profile, her contacts.

Birth date and gender are read from the ID number (GB 11643), never typed twice; the
household is the roster's 户号 when it has one, else the one at the same address in the same
district (a couple living together shares a TV), found by a keyed hash so the address stays
sealed."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from personal_data.id_number import id_number_problem
from personal_data.written_numbers import plain_number

from ..clock import today
from ..models import Contact, Elder, Household
from ..sealed import normalise, number_hash
from . import homes
from .homes import Move

OLDEST_AGE_CHECKED = 120
ELDER_AGE = 60  # 《老年人权益保障法》第二条: 六十周岁以上
MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
LANDLINE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}$")
# A Shanghai number written without its area code (6251 2345): the centre serves Shanghai
# (上海户籍, 12345), so a bare 8-digit landline is one of the city's own.
LOCAL_AREA_CODE = "021"
LOCAL_LANDLINE = re.compile(r"^[2-9][0-9]{7}$")
# Two numbers in one cell (13812345678/62512345, 62512345转801): which to call is not ours to guess.
SEVERAL_NUMBERS = re.compile(r"[/／、,，;；|]|转|或|\d\s*[\r\n]+\s*\d")
# A long number Excel turned into a number (3.10105E+17): its last digits are already lost.
AS_A_NUMBER = re.compile(r"^[0-9](?:\.[0-9]+)?E\+?[0-9]{1,2}$", re.IGNORECASE)
AS_A_NUMBER_PROBLEM = ("{what}被表格软件当成了数字（{written}），后几位已经丢了："
                       "请把这一列设成“文本”，重新填入{what}后再另存为CSV。")
NAME = re.compile(r"^[\u3400-\u9fff\U00020000-\U0003134f·]{2,16}$")
# The dot of a minority name (买买提·吐尔逊) as spreadsheets write it.
NAME_DOTS = str.maketrans({c: "·" for c in "•・･‧∙⋅.．。"})
MAX_CONTACTS = 3
# How spreadsheets mark yes and no (a tick, a cross, Y/N, 1/0); an empty cell is neither.
YES = frozenset({"是", "有", "y", "yes", "1", "true", "√", "✓", "✔", "☑", "是的", "对"})
NO = frozenset({"否", "无", "n", "no", "0", "false", "×", "✗", "✘", "☒", "不是", "没有"})
CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
CARE_LEVEL = re.compile(r"^(?:照护|护理)?(?:等级)?(?:第)?([0-9]+|[一二两三四五六七八九十]+)级?$")
NOT_ASSESSED = frozenset({"无", "未评估", "没有评估", "/", "-", "—", "－"})


def folded(text: str) -> str:
    """A cell as a spreadsheet may hold it, in one spelling: full-width letters, digits and
    brackets folded (NFKC: ２级 → 2级, Ｙ → Y), line breaks and runs of spaces (also the
    full-width one) made one space, the ends trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


@dataclass
class Record:
    """A checked roster row (what :func:`enrol` stores)."""
    name: str
    id_number: str
    birth_date: date
    gender: str
    phone: str
    address: str
    district: str
    street: str
    hukou_shanghai: bool
    living_alone: bool
    # Optional facts: None = the row does not say (empty, or no such column). A new elder
    # then has no hardship and no grade; one on file keeps hers (the assessor's grade from
    # 一件事 is newer than any roster).
    economic_hardship: bool | None
    care_level: int | None
    household_ref: str
    contacts: list[tuple[str, str, str]] = field(default_factory=list)  # (name, relation, phone)
    line: int = 0  # the roster's row it came from (0: the console)


@dataclass(frozen=True)
class Enrolled:
    elder_id: str
    created: bool
    household_created: bool
    moved: Move | None = None  # an elder on file whose home changed


def household_key(record: Record) -> str:
    """The home a record names, one spelling for one home (see :mod:`.homes`)."""
    return homes.household_key(record.district, record.address)


def checked(given: dict[str, Any], on: date | None = None) -> tuple[Record | None, dict[str, str]]:
    """The record, or None and {field: what is wrong}. ``given``: the fields by name, as text
    (a CSV cell or a form field); ``contacts`` a list of (name, relation, phone). A contact's
    problem is keyed by its part (``contact2_phone``), or ``contact1`` when there is none."""
    problems: dict[str, str] = {}
    text = {k: folded(v) if isinstance(v, str) or v is None else v for k, v in given.items()}
    for key in ("id_number", "phone"):  # '310105… or `310105…: a spreadsheet's mark for text
        text[key] = text.get(key, "").lstrip("'`‘’")
    name = _name(text.get("name", ""))
    if not NAME.fullmatch(name):
        problems["name"] = "姓名应为2到16个汉字。"
    id_number = normalise(text.get("id_number", ""))
    birth, gender = None, ""
    problem = id_number_problem(id_number)
    if AS_A_NUMBER.fullmatch(text.get("id_number", "")):
        problems["id_number"] = AS_A_NUMBER_PROBLEM.format(what="身份证号", written=text["id_number"])
    elif problem is not None:
        problems["id_number"] = {"not_digits": "身份证号只能是数字，最后一位可以是X。",
                                 "wrong_length": f"身份证号应为18位，这里是{problem.length}位。",
                                 }.get(problem.code, "身份证号的校验位不对，请核对。")
    else:
        birth, gender = _born(id_number)
        age = _age(birth, on or today()) if birth else None
        if birth is None:
            problems["id_number"] = "身份证号里的出生日期不存在，请核对。"
        elif age is None or age > OLDEST_AGE_CHECKED:
            problems["id_number"] = "身份证号里的出生日期不对，请核对。"
        elif age < ELDER_AGE:
            problems["id_number"] = f"按身份证号，这位今年{age}岁，不满{ELDER_AGE}岁。"
    phone = _phone(text.get("phone", ""))
    if phone is None:
        problems["phone"] = _phone_problem(text.get("phone", ""), "电话")
    address = text.get("address", "")
    if not 6 <= len(address) <= 100:
        problems["address"] = "住址应写到门牌号（6到100个字）。"
    district = re.sub(r"^上海市?", "", text.get("district", "").replace(" ", ""))
    if not re.fullmatch(r"[\u3400-\u9fff]{1,15}[区县]", district):
        problems["district"] = "区应写全称，如“长宁区”。"
    street = text.get("street", "")
    if not 2 <= len(street) <= 32:
        problems["street"] = "请写街道或镇的名称。"
    flags = {}
    for key, words, default in (("hukou_shanghai", "上海户籍", None), ("living_alone", "独居", None),
                                ("economic_hardship", "经济困难", None)):
        flags[key] = _yes_no(text.get(key, ""), default)
        if flags[key] is None and (key != "economic_hardship" or text.get(key)):
            problems[key] = f"“{words}”请填“是”或“否”。"
    care_level, care_problem = _care_level(text.get("care_level", ""))
    if care_problem:
        problems["care_level"] = "照护等级应为1到6级，没有评估就空着。"
    household_ref = text.get("household_ref", "")
    if len(household_ref) > 48 or (household_ref and not household_ref.isprintable()):
        problems["household_ref"] = "户号最多48个字符。"
    contacts = []
    for n, contact in enumerate(given.get("contacts") or [], 1):
        c_name, relation, c_phone = (folded(part) for part in contact)
        c_name, relation = _name(c_name), relation.replace(" ", "")
        if not (c_name or relation or c_phone):
            continue
        wrong = {}
        if not NAME.fullmatch(c_name):
            wrong[f"contact{n}_name"] = f"紧急联系人{n}的姓名应为2到16个汉字。"
        if not 1 <= len(relation) <= 8:
            wrong[f"contact{n}_relation"] = f"请写紧急联系人{n}和老人的关系，如“女儿”。"
        if _phone(c_phone) is None:
            wrong[f"contact{n}_phone"] = _phone_problem(c_phone, f"紧急联系人{n}的电话")
        problems.update(wrong)
        if not wrong:
            contacts.append((c_name, relation, _phone(c_phone) or ""))
    if not contacts and not any(k.startswith("contact") for k in problems):
        problems["contact1"] = "至少要有一位紧急联系人：没人接听时，平台按顺序打给他们。"
    elif len(contacts) > MAX_CONTACTS:
        problems["contact1"] = f"紧急联系人最多{MAX_CONTACTS}位。"
    if problems:
        return None, problems
    assert birth is not None and phone is not None
    return Record(name=name, id_number=id_number, birth_date=birth, gender=gender, phone=phone,
                  address=address, district=district, street=street,
                  hukou_shanghai=bool(flags["hukou_shanghai"]),
                  living_alone=bool(flags["living_alone"]),
                  economic_hardship=flags["economic_hardship"], care_level=care_level,
                  household_ref=household_ref, contacts=contacts), {}


def enrol(db: Session, record: Record, roster: Mapping[str, Record] | None = None) -> Enrolled:
    """Store ``record``: a new elder (in her household, made if need be), or the one with her
    ID number updated — her contacts replaced by the roster's, in its order, and her household
    following her if her home changed (:func:`.homes.rehome`; ``roster``: the records stored
    with hers, by ID number)."""
    elder = db.scalar(select(Elder).where(
        Elder.id_number_hash == number_hash(db, record.id_number)))
    household_created = False
    moved = None
    if elder is not None:
        moved = homes.rehome(db, elder, record, roster)
    else:
        household = homes.household_for(db, record)
        household_created = household.id is None
        if household_created:
            db.add(household)
            db.flush()
        elder = Elder(household_id=household.id, preferences={})
        db.add(elder)
    elder.name, elder.id_number, elder.phone = record.name, record.id_number, record.phone
    elder.birth_date, elder.gender = record.birth_date, record.gender
    elder.home_address, elder.district, elder.street = record.address, record.district, record.street
    elder.hukou_shanghai, elder.living_alone = record.hukou_shanghai, record.living_alone
    if record.economic_hardship is not None or elder.economic_hardship is None:
        elder.economic_hardship = bool(record.economic_hardship)
    if record.care_level is not None:
        elder.care_level = record.care_level
    created = elder.id is None
    kept = {(c.name, c.relation, normalise(c.phone)): c for c in ([] if created else elder.contacts)}
    elder.contacts = [kept.get((n, r, p)) or Contact(name=n, relation=r, phone=p)
                      for n, r, p in record.contacts]
    for priority, contact in enumerate(elder.contacts, 1):
        contact.priority = priority
    db.flush()
    return Enrolled(elder.id, created, household_created, moved)


def _born(id_number: str) -> tuple[date | None, str]:
    try:
        birth = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None, ""
    return birth, "male" if int(id_number[16]) % 2 else "female"


def _age(birth: date, on: date) -> int | None:
    if birth > on:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _name(text: str) -> str:
    """A name without the spaces a spreadsheet pads it with (王　芳, 王 桂 兰) and with one
    kind of middle dot."""
    return re.sub(r"\s+", "", text).translate(NAME_DOTS)


def _phone(text: str) -> str | None:
    """One number to call, as the centre dials it: a mobile, or a landline with its area code
    (a Shanghai one written without it gets 021; +86 or 86 before either is dropped)."""
    if SEVERAL_NUMBERS.search(text or ""):
        return None
    number = plain_number(text or "").upper()
    had_country = number.startswith(("+86", "0086")) or (
        number.startswith("86") and len(number) == 13 and MOBILE.fullmatch(number[2:]) is not None)
    if had_country:
        number = number[3:] if number.startswith("+") else number[4:] if number.startswith("0086") else number[2:]
        if number and not number.startswith(("0", "1")):
            number = "0" + number  # +86 21 6251 2345: the area code without its 0
    if LOCAL_LANDLINE.fullmatch(number):
        number = LOCAL_AREA_CODE + number
    return number if MOBILE.fullmatch(number) or LANDLINE.fullmatch(number) else None


def _phone_problem(text: str, what: str) -> str:
    if AS_A_NUMBER.fullmatch(text.lstrip("'`‘’")):
        return AS_A_NUMBER_PROBLEM.format(what=what, written=text)
    digits = sum(c.isdigit() for c in text or "")
    if (SEVERAL_NUMBERS.search(text or "") and digits > 8) or digits >= 15:
        return f"{what}一格只填一个号码（分机也不要写）：平台按它拨打。"
    return f"{what}应为11位手机号，或固定电话（上海的可不写区号021）。"


def _care_level(text: str) -> tuple[int | None, bool]:
    """(level, wrong): 2, 2级, 二级, 照护二级 → 2; empty, 无, 未评估 → none."""
    if not text or text.replace(" ", "") in NOT_ASSESSED:
        return None, False
    found = CARE_LEVEL.fullmatch(text.replace(" ", ""))
    if found is None:
        return None, True
    number = found.group(1)
    level = int(number) if number.isdigit() else CHINESE_DIGITS.get(number)
    return (level, False) if level is not None and 1 <= level <= 6 else (None, True)


def _yes_no(text: str, default: bool | None) -> bool | None:
    if not text:
        return default
    word = text.replace(" ", "").lower()
    return True if word in YES else False if word in NO else None
