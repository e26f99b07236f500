"""Made-up roster rows for the enrolment tests: valid ID numbers with any birth date and
gender, and rows in the shape a street office's spreadsheet has."""
from __future__ import annotations

import random
from datetime import date
from typing import Any

from personal_data.id_number import id_check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "桂兰秀英玉珍国强建华丽华志明淑芬凤英德明金宝福生阿毛"


def id_number(born: date, male: bool, area: str = "310105", seq: int = 12) -> str:
    first17 = f"{area}{born:%Y%m%d}{seq:02d}{(1 if male else 2) + 2 * random.randrange(4)}"
    return first17 + id_check_digit(first17)


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def fields(rng: random.Random, **changed: Any) -> dict[str, Any]:
    """A valid record's fields (as :func:`call_center.enrolment.records.checked` takes them)."""
    born = date(rng.randrange(1925, 1960), rng.randrange(1, 13), rng.randrange(1, 29))
    row = {"name": name(rng), "id_number": id_number(born, rng.random() < 0.5),
           "phone": f"13{rng.randrange(10**9):09d}",
           "address": f"上海市长宁区仙霞路{rng.randrange(1, 999)}弄{rng.randrange(1, 40)}号{rng.randrange(101, 1802)}室",
           "district": "长宁区", "street": "仙霞新村街道", "household_ref": "",
           "hukou_shanghai": rng.choice(("是", "否")), "living_alone": rng.choice(("是", "否")),
           "economic_hardship": rng.choice(("是", "否", "")), "care_level": rng.choice(("", "2", "4")),
           "contacts": [(name(rng), rng.choice(("女儿", "儿子", "侄女")), f"139{rng.randrange(10**8):08d}")]}
    row.update(changed)
    return row
