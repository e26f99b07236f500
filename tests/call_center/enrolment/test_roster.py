"""`onekey enrol ROSTER.csv`: a street office's spreadsheet, saved as CSV in UTF-8 (with
Excel's BOM or without) or GB18030, becomes households, elders and contacts the whole centre
then works with (the kiosk finds her by ID number and phone, an agent raises her alarm and
sees her contacts); a roster with any problem stores nothing and lists every problem by row."""
from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from call_center.enrolment import roster
from call_center.enrolment.cli import enrol
from onekey_cli.main import main

from ..conftest import Api
from .people import fields

HEADER = next(csv.reader(io.StringIO(roster.template())))


def rows(n: int, seed: int = 3, **changed: Any) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [fields(rng, **changed) for _ in range(n)]


def as_csv(people: list[dict[str, Any]], header: list[str] = HEADER) -> str:
    by_header = {"姓名": "name", "身份证号": "id_number", "电话": "phone", "住址": "address",
                 "区": "district", "街道": "street", "户号": "household_ref", "上海户籍": "hukou_shanghai",
                 "独居": "living_alone", "经济困难": "economic_hardship", "照护等级": "care_level"}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for person in people:
        cells = []
        for column in header:
            if column in by_header:
                cells.append(person.get(by_header[column], ""))
            elif not column.startswith("紧急联系人"):
                cells.append("")
            else:  # 紧急联系人N姓名 / 关系 / 电话
                n, part = int(column[5:-2]), {"姓名": 0, "关系": 1, "电话": 2}[column[-2:]]
                contacts = person.get("contacts") or []
                cells.append(contacts[n - 1][part] if n <= len(contacts) else "")
        writer.writerow(cells)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_roster_in_any_spreadsheet_encoding_is_read(encoding):
    people = rows(5)
    records, problems = roster.read(roster.decoded(as_csv(people).encode(encoding)))
    assert problems == []
    assert [r.name for r in records] == [p["name"] for p in people]


def test_every_problem_is_listed_by_row_and_nothing_is_taken():
    people = rows(4)
    people[1]["phone"] = "12345"
    people[2]["id_number"] = people[0]["id_number"]
    people[3]["contacts"] = []
    records, problems = roster.read(as_csv(people))
    assert [(p.line, p.field) for p in problems] == [(3, "phone"), (4, "id_number"), (5, "contact1")]
    lines = roster.lines(problems)
    assert lines[0].startswith("第3行 电话：") and "和第2行是同一个身份证号" in lines[1]


def test_a_header_missing_a_column_or_with_an_unknown_one_is_refused():
    header = [h for h in HEADER if h != "独居"] + ["备注"]
    _, problems = roster.read(as_csv(rows(1), header))
    assert sorted(str(p) for p in problems) == [
        "表头 独居：缺少这一列。", "表头：不认识“备注”这一列（它的内容不会存）：删去这一列，或改成模板里的列名。"]
    _, problems = roster.read("")
    assert [str(p) for p in problems] == ["表头：文件是空的。"]


def test_the_command_enrols_a_roster_the_centre_then_works_with(make_center_app, center_template,
                                                                   tmp_path: Path):
    people = rows(6, seed=11, living_alone="否")  # some share a home
    people[1]["address"], people[1]["district"] = people[0]["address"], people[0]["district"]
    people[2]["household_ref"] = people[3]["household_ref"] = "XX-2026-0031"
    people[3]["address"] = people[2]["address"]  # one 户号, one home
    path = tmp_path / "花名册.csv"
    path.write_bytes(as_csv(people).encode("gb18030"))
    db_path = tmp_path / "roster.db"
    db_path.write_bytes(center_template.path.read_bytes())
    url = f"sqlite:///{db_path}"
    runner = CliRunner()
    checked = runner.invoke(enrol, [str(path), "--db", url, "--check"])
    assert checked.exit_code == 0 and "6位老人" in checked.output
    done = runner.invoke(main, ["enrol", str(path), "--db", url])
    assert done.exit_code == 0, done.output
    assert "新建6位老人（新建4户），更新0位。" in done.output
    people[4]["phone"] = "13611112222"
    people[5]["address"] = "上海市长宁区天山路8弄1号101室"  # she moved (alone in her home)
    people[1]["address"] = "上海市长宁区天山路9弄2号202室"  # he moved; his wife stays
    path.write_text(as_csv(people), encoding="utf-8-sig")
    again = runner.invoke(enrol, [str(path), "--db", url])
    assert "新建0位老人（新建0户），更新6位。" in again.output, again.output
    assert f"{people[5]['name']}搬家：这一户连同电视一起改到新住址。" in again.output
    assert f"{people[1]['name']}搬家：归入新住址的一户；{people[0]['name']}和电视留在原来那户。" in again.output

    app = make_center_app(db_url=url)
    kiosk = Api(app, "kiosk")
    found = kiosk.post("/v1/elders/lookup", {"id_number": people[4]["id_number"],
                                             "phone_tail": "2222"})
    assert found.status_code == 200, found.get_json()
    elder_id = found.get_json()["id"]
    agent = Api(app, "agent")
    profile = agent.get(f"/v1/elders/{elder_id}").get_json()
    assert [c["relation"] for c in profile["contacts"]] == [people[4]["contacts"][0][1]]
    raised = agent.post("/v1/alarms", {"elder_id": elder_id}, key="enrolled-press")
    assert raised.status_code == 201, raised.get_json()


def test_a_bad_roster_stores_nothing(tmp_path: Path, center_template):
    people = rows(3, seed=4)
    people[2]["living_alone"] = "不知道"
    path = tmp_path / "roster.csv"
    path.write_text(as_csv(people), encoding="utf-8")
    db_path = tmp_path / "bad.db"
    db_path.write_bytes(center_template.path.read_bytes())
    before = db_path.read_bytes()
    result = CliRunner().invoke(enrol, [str(path), "--db", f"sqlite:///{db_path}"])
    assert result.exit_code == 1
    assert "第4行 独居：“独居”请填“是”或“否”。" in result.output
    assert "1处要改，什么也没有存。" in result.output
    assert db_path.read_bytes() == before


def test_the_template_is_the_header_the_reader_takes():
    result = CliRunner().invoke(enrol, ["--template"])
    assert result.exit_code == 0 and result.output.startswith("姓名,身份证号,电话,")
    records, problems = roster.read(result.output + as_csv(rows(1)).split("\n", 1)[1])
    assert problems == [] and len(records) == 1


# Headers as district spreadsheets write them: spaces, full-width or half-width brackets, a
# star on required columns, and the columns the template does not have but every sheet does.
HEADER_SPELLINGS = {"姓名": ["姓 名", "姓名*", " 姓名 ", "姓名\u3000"], "街道": ["街道(镇)", "街道（镇）", "街道 （镇）", "街镇"],
                    "电话": ["联系电话", "电话 "], "身份证号": ["公民身份号码", "身份证号码*"]}


@pytest.mark.parametrize("seed", range(12))
def test_a_district_spreadsheet_saved_as_csv_is_read_as_the_clerk_sees_it(seed):
    """Excel or WPS 另存为 CSV: a title row above the header, 序号, headers with spaces and
    brackets of either width, an empty column at the end, CRLF line ends, blank rows, GB18030
    or UTF-8 with BOM — the same elders as the clean file, at the rows the clerk sees."""
    rng = random.Random(seed)
    people = rows(5, seed=seed)
    header = [rng.choice(HEADER_SPELLINGS.get(h, [h])) for h in HEADER]
    clean = list(csv.reader(io.StringIO(as_csv(people))))[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    title = rng.random() < 0.5
    if title:
        writer.writerow(["仙霞新村街道老年人花名册"] + [""] * len(header))
        if rng.random() < 0.5:
            writer.writerow(["制表单位：仙霞新村街道办事处", "", "制表日期：2026年12月1日"] + [""] * (len(header) - 2))
    writer.writerow(["序号", *header, ""])
    lines = {}
    for n, cells in enumerate(clean, 1):
        if rng.random() < 0.4:
            writer.writerow([""] * (len(header) + 2))
        lines[cells[0]] = out.getvalue().count("\r\n") + 1
        writer.writerow([str(n), *(c + rng.choice(("", " ", "\u3000")) for c in cells), ""])
    data = out.getvalue().encode(rng.choice(("gb18030", "utf-8-sig")))
    records, problems = roster.read(roster.decoded(data))
    assert problems == [], roster.lines(problems)
    assert [r.name for r in records] == [p["name"] for p in people]
    people[2]["phone"] = "12345"
    bad = as_csv([people[2]]).split("\n")[1]
    broken = io.StringIO()
    csv.writer(broken, lineterminator="\r\n").writerow(["3", *next(csv.reader(io.StringIO(bad))), ""])
    text = roster.decoded(data)
    text = text.replace(next(line for line in text.split("\r\n") if people[2]["id_number"] in line),
                        broken.getvalue().rstrip("\r\n"))
    _, problems = roster.read(text)
    assert [(p.line, p.field) for p in problems] == [(lines[people[2]["name"]], "phone")]


def test_content_beyond_the_header_is_refused_not_dropped():
    """A cell past the last named column (an address with an unquoted comma, a note typed to
    the right) would be silently lost: the row is refused and says which column."""
    text = as_csv(rows(2))
    head, first, second = text.rstrip("\r\n").split("\r\n")
    _, problems = roster.read("\n".join([head + ",", first + ",", second + ",,3号楼"]) + "\n")
    (problem,) = problems
    assert problem.line == 3 and "表头之外还有内容" in str(problem)
    assert str(problem).startswith(f"第3行：第{roster._column_name(len(HEADER) + 1)}列")


@pytest.mark.parametrize("data, says", [(b"PK\x03\x04\x14\x00\x06\x00", "这是Excel文件"),
                                        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "这是Excel文件"),
                                        ("姓名\t身份证号\n".encode("utf-16"), "UTF-16")])
def test_a_spreadsheet_not_saved_as_csv_is_named_for_what_it_is(data, says, tmp_path: Path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(data + b"\x00" * 64)
    result = CliRunner().invoke(enrol, [str(path), "--check"])
    assert result.exit_code == 1 and says in result.output and "另存为" in result.output


@pytest.mark.parametrize("seed", range(10))
def test_one_home_written_two_ways_is_one_household(seed):
    """A couple's rows written by hand: 上海市长宁区仙霞路１００弄 and 仙霞路100弄 in 长宁区 are one
    home; the same 户号 on two different homes is refused as a mistake."""
    from call_center.enrolment.records import household_key

    rng = random.Random(seed)
    wife, husband = rows(2, seed=seed, living_alone="否")
    home = wife["address"].removeprefix("上海市长宁区")
    wife["address"] = rng.choice(("上海市长宁区", "长宁区", "上海长宁区", "")) + home
    husband["address"] = rng.choice(("上海市长宁区", "", "长宁区 ")) + "".join(
        chr(ord(c) + 0xFEE0) if c.isdigit() and rng.random() < 0.5 else c for c in home) + rng.choice(("", " ", "\u3000"))
    records, problems = roster.read(as_csv([wife, husband]))
    assert problems == []
    assert household_key(records[0]) == household_key(records[1])
    wife["household_ref"] = husband["household_ref"] = "XX-1"
    husband["address"] = home.replace("弄", "弄9", 1)
    _, problems = roster.read(as_csv([wife, husband]))
    assert [(p.line, p.field) for p in problems] == [(3, "household_ref")]
    assert "和第2行户号相同，住址却不同" in problems[0].reason


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r"])
def test_any_line_ending_is_read(ending):
    """Windows (CRLF), Unix, and the old Mac CR that Excel for Mac's 'CSV (Macintosh)' writes."""
    people = rows(3, seed=8)
    text = ending.join(as_csv(people).rstrip("\r\n").split("\r\n")) + ending
    records, problems = roster.read(text)
    assert problems == [] and [r.name for r in records] == [p["name"] for p in people]


@pytest.mark.parametrize("seed", range(8))
def test_an_elder_living_alone_in_a_household_with_another_is_refused(seed):
    """独居 = 是 for one of two elders the roster puts in one home (same address or 户号)."""
    rng = random.Random(seed)
    people = rows(4, seed=seed, living_alone="否")
    shared = rng.choice(("address", "household_ref"))
    people[3]["address"] = people[1]["address"]
    if shared == "household_ref":
        people[1]["household_ref"] = people[3]["household_ref"] = "XX-7"
    records, problems = roster.read(as_csv(people))
    assert problems == []
    people[0]["living_alone"] = "是"  # alone in her own home: fine
    alone = rng.choice((1, 3))
    people[alone]["living_alone"] = rng.choice(("是", "√", "Y"))
    _, problems = roster.read(as_csv(people))
    assert [(p.line, p.field) for p in problems] == [(alone + 2, "living_alone")]
    other = 4 - alone
    assert f"和第{other + 2}行的{people[other]['name']}同住一户" in problems[0].reason


def test_living_alone_where_an_elder_is_on_file_stores_nothing(tmp_path: Path, center_template):
    """The roster's 独居 row at a home where an elder on file stays: refused by row, nothing
    stored; when that elder moves away in the same roster, it is taken."""
    people = rows(3, seed=12, living_alone="否")
    db_path = tmp_path / "alone.db"
    db_path.write_bytes(center_template.path.read_bytes())
    url = f"sqlite:///{db_path}"
    first = tmp_path / "first.csv"
    first.write_text(as_csv(people[:2]), encoding="utf-8")
    assert CliRunner().invoke(enrol, [str(first), "--db", url]).exit_code == 0
    widow = {**people[2], "address": people[0]["address"], "living_alone": "是"}
    second = tmp_path / "second.csv"
    second.write_text(as_csv([people[1], widow]), encoding="utf-8")
    before = db_path.read_bytes()
    refused = CliRunner().invoke(enrol, [str(second), "--db", url])
    assert refused.exit_code == 1
    assert f"第3行 独居：选了独居，但这个住址（或户号）已有{people[0]['name']}的档案" in refused.output
    assert db_path.read_bytes() == before
    moved_out = {**people[0], "address": "上海市长宁区天山路7弄7号707室"}
    second.write_text(as_csv([moved_out, widow]), encoding="utf-8")
    taken = CliRunner().invoke(enrol, [str(second), "--db", url])
    assert taken.exit_code == 0, taken.output


def test_an_id_number_on_file_under_another_name_stores_nothing(tmp_path: Path, center_template):
    """Row 3 carries the ID number of an elder on file, under another name (a cell copied from
    the wrong row): storing it would give her phone, home and contacts to someone else."""
    people = rows(2, seed=14)
    db_path = tmp_path / "names.db"
    db_path.write_bytes(center_template.path.read_bytes())
    url = f"sqlite:///{db_path}"
    path = tmp_path / "roster.csv"
    path.write_text(as_csv(people[:1]), encoding="utf-8")
    assert CliRunner().invoke(enrol, [str(path), "--db", url]).exit_code == 0
    wrong = {**people[1], "id_number": people[0]["id_number"]}
    path.write_text(as_csv([rows(1, seed=15)[0], wrong]), encoding="utf-8")
    before = db_path.read_bytes()
    refused = CliRunner().invoke(enrol, [str(path), "--db", url])
    assert refused.exit_code == 1
    assert (f"第3行 身份证号：这个身份证号已有档案，档案里的姓名是“{people[0]['name']}”，"
            f"这里写的是“{people[1]['name']}”") in refused.output
    assert db_path.read_bytes() == before
    spaced = {**people[0], "name": " ".join(people[0]["name"]), "phone": "13912340000"}  # the same name
    path.write_text(as_csv([spaced]), encoding="utf-8")
    assert CliRunner().invoke(enrol, [str(path), "--db", url]).exit_code == 0


@pytest.mark.parametrize("seed", range(6))
def test_a_couple_with_the_household_number_written_for_one_only_is_one_household(seed):
    rng = random.Random(seed)
    people = rows(3, seed=seed, living_alone="否")
    people[1]["address"] = people[0]["address"]
    people[rng.choice((0, 1))]["household_ref"] = "CN-2026-17"
    records, problems = roster.read(as_csv(people))
    assert problems == []
    assert [r.household_ref for r in records] == ["CN-2026-17", "CN-2026-17", ""]
