"""The roster file: a CSV with one elder a row, as a street office exports it from a
spreadsheet — UTF-8 (with or without the BOM Excel writes) or GB18030 (Excel's Chinese
default), headers in Chinese. Every row is checked before anything is stored: a roster with a
problem stores nothing and says, row by row, what to fix."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from .records import MAX_CONTACTS, Record, checked

# header -> field (a few spellings seen in district spreadsheets)
COLUMNS: dict[str, str] = {
    "姓名": "name", "老人姓名": "name",
    "身份证号": "id_number", "身份证号码": "id_number", "公民身份号码": "id_number",
    "电话": "phone", "手机": "phone", "联系电话": "phone",
    "住址": "address", "家庭住址": "address", "居住地址": "address",
    "区": "district", "所在区": "district",
    "街道": "street", "街道（镇）": "street", "所属街道": "street",
    "户号": "household_ref",
    "上海户籍": "hukou_shanghai", "本市户籍": "hukou_shanghai",
    "独居": "living_alone", "是否独居": "living_alone",
    "经济困难": "economic_hardship",
    "照护等级": "care_level",
}
REQUIRED = ("name", "id_number", "phone", "address", "district", "street", "hukou_shanghai",
            "living_alone")
CONTACT_PARTS = {"姓名": 0, "关系": 1, "电话": 2}
FIELD_WORDS = {"name": "姓名", "id_number": "身份证号", "phone": "电话", "address": "住址",
               "district": "区", "street": "街道", "household_ref": "户号",
               "hukou_shanghai": "上海户籍", "living_alone": "独居",
               "economic_hardship": "经济困难", "care_level": "照护等级"}


@dataclass(frozen=True)
class Problem:
    line: int  # the file's line (the header is line 1)
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"第{self.line}行" if self.line else "表头"
        words = FIELD_WORDS.get(self.field) or (
            f"紧急联系人{self.field[7:]}" if self.field.startswith("contact") else self.field)
        return f"{where} {words}：{self.reason}"


def decoded(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("文件既不是UTF-8也不是GB18030编码，请从表格软件另存为CSV（UTF-8）。")


def read(text: str, on: date | None = None) -> tuple[list[Record], list[Problem]]:
    """The roster's records, or the problems that keep it from being stored."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if not header:
        return [], [Problem(0, "", "文件是空的。")]
    fields, contacts, problems = _columns([h.strip() for h in header])
    if problems:
        return [], problems
    records: list[Record] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        given: dict[str, object] = {name: row[i] if i < len(row) else ""
                                    for i, name in fields.items()}
        given["contacts"] = [tuple(row[i] if 0 <= i < len(row) else "" for i in parts)
                             for _, parts in sorted(contacts.items())]
        record, wrong = checked(given, on)
        problems.extend(Problem(line, name, reason) for name, reason in wrong.items())
        if record is None:
            continue
        if record.id_number in seen:
            problems.append(Problem(line, "id_number", f"和第{seen[record.id_number]}行是同一个身份证号。"))
            continue
        seen[record.id_number] = line
        records.append(record)
    if not records and not problems:
        problems.append(Problem(0, "", "表里没有老人。"))
    return records, problems


def _columns(header: list[str]) -> tuple[dict[int, str], dict[int, list[int]], list[Problem]]:
    fields: dict[int, str] = {}
    contacts: dict[int, list[int]] = {}
    problems: list[Problem] = []
    for i, name in enumerate(header):
        if name in COLUMNS:
            if COLUMNS[name] in fields.values():
                problems.append(Problem(0, COLUMNS[name], f"“{name}”这一列重复了。"))
            fields[i] = COLUMNS[name]
            continue
        n, part = _contact_column(name)
        if n is not None and 1 <= n <= MAX_CONTACTS:
            contacts.setdefault(n, [-1, -1, -1])[part] = i
        elif name:
            problems.append(Problem(0, "", f"不认识“{name}”这一列。"))
    for name in REQUIRED:
        if name not in fields.values():
            problems.append(Problem(0, name, "缺少这一列。"))
    if not contacts:
        problems.append(Problem(0, "contact1", "缺少“紧急联系人1姓名”“紧急联系人1关系”“紧急联系人1电话”三列。"))
    return fields, contacts, problems


def _contact_column(name: str) -> tuple[int | None, int]:
    """紧急联系人2电话 → (2, 2)."""
    if not name.startswith("紧急联系人") or len(name) < 8:
        return None, 0
    number, part = name[5:-2], name[-2:]
    if not number.isdigit() or part not in CONTACT_PARTS:
        return None, 0
    return int(number), CONTACT_PARTS[part]


def template() -> str:
    """The header row (and one example) a street office fills in."""
    contact = [f"紧急联系人{n}{part}" for n in range(1, MAX_CONTACTS + 1) for part in CONTACT_PARTS]
    header = ["姓名", "身份证号", "电话", "住址", "区", "街道", "户号", "上海户籍", "独居", "经济困难",
              "照护等级", *contact]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    return out.getvalue()


def lines(problems: Iterable[Problem]) -> list[str]:
    return [str(p) for p in sorted(problems, key=lambda p: (p.line, p.field))]
