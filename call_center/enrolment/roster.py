"""The roster file: a CSV with one elder a row, as a street office exports it from a
spreadsheet — UTF-8 (with or without the BOM Excel writes) or GB18030 (Excel's Chinese
default), headers in Chinese. Every row is checked before anything is stored: a roster with a
problem stores nothing and says, row by row, what to fix."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from .records import MAX_CONTACTS, Record, checked, household_key

# header -> field (a few spellings seen in district spreadsheets)
COLUMNS: dict[str, str] = {
    "姓名": "name", "老人姓名": "name",
    "身份证号": "id_number", "身份证号码": "id_number", "公民身份号码": "id_number",
    "电话": "phone", "手机": "phone", "联系电话": "phone",
    "住址": "address", "家庭住址": "address", "居住地址": "address",
    "区": "district", "所在区": "district",
    "街道": "street", "街道（镇）": "street", "所属街道": "street", "街镇": "street", "街道/镇": "street",
    "街道（乡镇）": "street", "所属街道（镇）": "street",
    "户号": "household_ref",
    "上海户籍": "hukou_shanghai", "本市户籍": "hukou_shanghai",
    "独居": "living_alone", "是否独居": "living_alone",
    "经济困难": "economic_hardship",
    "照护等级": "care_level",
}
# The clerk's own row numbers: they carry nothing about the elder.
IGNORED = frozenset({"序号", "编号", "No", "No.", "NO", "NO."})
REQUIRED = ("name", "id_number", "phone", "address", "district", "street", "hukou_shanghai",
            "living_alone")
CONTACT_PARTS = {"姓名": 0, "关系": 1, "电话": 2}
CONTACT_WORDS = {"name": "姓名", "relation": "关系", "phone": "电话"}
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
        contact = re.fullmatch(r"contact(\d+)(?:_(name|relation|phone))?", self.field)
        words = FIELD_WORDS.get(self.field) or (
            f"紧急联系人{contact[1]}{CONTACT_WORDS.get(contact[2], '')}" if contact else self.field)
        return f"{where} {words}：{self.reason}" if words else f"{where}：{self.reason}"


def header_word(cell: str) -> str:
    """A header as the clerk meant it: full-width letters and brackets folded, no spaces, the
    required-field star dropped (街道 (镇)* → 街道（镇）)."""
    word = re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell or "")).strip("*＊")
    return word.replace("(", "（").replace(")", "）")


def decoded(data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # .xlsx (a zip) or .xls
        raise ValueError("这是Excel文件，不是CSV：请在Excel或WPS里“另存为”CSV（逗号分隔）再导入。")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("这是“Unicode文本”（UTF-16）：请在Excel或WPS里“另存为”CSV UTF-8（逗号分隔）再导入。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("文件既不是UTF-8也不是GB18030编码，请从表格软件另存为CSV（UTF-8）。")


def read(text: str, on: date | None = None) -> tuple[list[Record], list[Problem]]:
    """The roster's records, or the problems that keep it from being stored.

    The header is the first row that names columns; what is above it (长宁区老年人花名册,
    制表单位, 制表日期…) is skipped. Line numbers are the spreadsheet's rows."""
    try:  # newline=None: CRLF, LF and a Mac's CR all end a line
        all_rows = list(csv.reader(io.StringIO(text, newline=None)))
    except csv.Error as exc:
        return [], [Problem(0, "", f"读不懂这个CSV（{exc}），请在表格软件里重新“另存为”CSV。")]
    start = _header_row(all_rows)
    header = all_rows[start] if start < len(all_rows) else None
    if not header or not any(cell.strip() for cell in header):
        return [], [Problem(0, "", "文件是空的。")]
    fields, contacts, problems = _columns([header_word(h) for h in header])
    if problems:
        return [], problems
    width = max(i for i, h in enumerate(header) if h.strip()) + 1
    records: list[Record] = []
    seen: dict[str, int] = {}
    homes: dict[str, tuple[int, str]] = {}  # 户号 -> (line, where its first elder lives)
    for line, row in enumerate(all_rows[start + 1:], start + 2):
        if not any(cell.strip() for cell in row):
            continue
        beyond = [i for i, cell in enumerate(row[width:], width) if cell.strip()]
        if beyond:
            problems.append(Problem(line, "", f"第{_column_name(beyond[0])}列在表头之外还有内容"
                                              "（是不是某一格里有逗号，或多了一列？），请核对这一行。"))
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
        if record.household_ref:
            first = homes.setdefault(record.household_ref, (line, household_key(record)))
            if first[1] != household_key(record):
                problems.append(Problem(line, "household_ref", f"和第{first[0]}行户号相同，住址却不同："
                                                               "同住一户的老人住址应一样，请核对户号或住址。"))
                continue
        record.line = line
        records.append(record)
    _share_household_refs(records)
    problems.extend(_alone_with_others(records))
    if not records and not problems:
        problems.append(Problem(0, "", "表里没有老人。"))
    return records, problems


def _share_household_refs(records: list[Record]) -> None:
    """A couple's rows where the clerk filled 户号 for one only: the other, at the same home,
    gets it too (else they would be two households, two TVs). Two 户号 at one home are left
    as written."""
    by_home: dict[str, list[Record]] = {}
    for record in records:
        by_home.setdefault(household_key(record), []).append(record)
    for together in by_home.values():
        refs = {r.household_ref for r in together if r.household_ref}
        if len(refs) == 1:
            for record in together:
                record.household_ref = record.household_ref or next(iter(refs))


def _alone_with_others(records: list[Record]) -> list[Problem]:
    """独居 written for an elder the roster puts in one household with another: one of the two
    is wrong, and 独居 decides how the centre looks after her (the daily check-in)."""
    by_home: dict[str, list[Record]] = {}
    for record in records:
        by_home.setdefault(record.household_ref or household_key(record), []).append(record)
    problems = []
    for together in by_home.values():
        if len(together) < 2:
            continue
        for record in together:
            if record.living_alone:
                other = next(r for r in together if r is not record)
                problems.append(Problem(record.line, "living_alone",
                                        f"填了“是”，但和第{other.line}行的{other.name}同住一户"
                                        "（户号或住址相同）：请核对独居或住址。"))
    return problems


def _header_row(rows: list[list[str]]) -> int:
    """The index of the header: the first of the first ten rows with at least two known
    columns (above it: a title, 制表单位, 制表日期…); else the first row."""
    for index, row in enumerate(rows[:10]):
        if sum(header_word(c) in COLUMNS for c in row) >= 2:
            return index
    return 0


def _column_name(index: int) -> str:
    """The spreadsheet's letter for a column (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _columns(header: list[str]) -> tuple[dict[int, str], dict[int, list[int]], list[Problem]]:
    fields: dict[int, str] = {}
    contacts: dict[int, list[int]] = {}
    problems: list[Problem] = []
    for i, name in enumerate(header):
        if name in IGNORED:
            continue
        if name in COLUMNS:
            if COLUMNS[name] in fields.values():
                problems.append(Problem(0, COLUMNS[name], f"“{name}”这一列重复了。"))
            fields[i] = COLUMNS[name]
            continue
        n, part = _contact_column(name)
        if n is not None and 1 <= n <= MAX_CONTACTS:
            contacts.setdefault(n, [-1, -1, -1])[part] = i
        elif name:
            problems.append(Problem(0, "", f"不认识“{name}”这一列（它的内容不会存）：删去这一列，或改成模板里的列名。"))
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
