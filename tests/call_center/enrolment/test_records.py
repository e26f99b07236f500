"""A roster row is checked field by field — every kind of wrong value is refused in its own
field, with a reason, and nothing else is — and stored: a new elder in her household with her
contacts, or the elder with the same ID number updated (never a second one)."""
from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from call_center.enrolment.records import ELDER_AGE, checked, enrol
from call_center.models import Contact, Elder, Household

from ..test_postgres import pg_app, pg_url  # noqa: F401  (the throw-away cluster and its centre)
from .people import fields, id_number

ON = date(2026, 12, 6)
RNG = random.Random(13)


def problems(**changed: Any) -> dict[str, str]:
    record, wrong = checked(fields(random.Random(7), **changed), ON)
    assert (record is None) == bool(wrong)
    return wrong


@pytest.mark.parametrize("seed", range(60))
def test_generated_valid_rows_are_taken_with_birth_and_gender_from_the_id_number(seed):
    rng = random.Random(seed)
    born = date(rng.randrange(1910, 1966), rng.randrange(1, 13), rng.randrange(1, 29))
    male = rng.random() < 0.5
    given = fields(rng, id_number=id_number(born, male).lower())
    record, wrong = checked(given, ON)
    assert wrong == {} and record is not None
    assert record.birth_date == born and record.gender == ("male" if male else "female")
    assert record.id_number == given["id_number"].upper()
    assert record.contacts and record.contacts[0][0] == given["contacts"][0][0]


# One number, drawn once: id_number() draws its sequence digit afresh each call, so two calls
# gave two numbers, and "the first 17 of one with a check digit changed" was sometimes valid.
VALID_1940 = id_number(date(1940, 1, 1), True)
BAD = {
    "name": ["", "王", "Wang Fang", "王1芳", "王" * 17],
    "id_number": ["", "31010519400101123", "3101051940010112345", "31010519400101123Y",
                  VALID_1940[:-1] + "Z", VALID_1940[:17] + ("0" if VALID_1940[17] != "0" else "1")],
    "address": ["", "仙霞路"],
    "district": ["", "长宁", "Changning", "上海市长宁区街道"],
    "street": ["", "仙"],
    "hukou_shanghai": ["", "也许", "?"],
    "living_alone": ["", "不清楚"],
    "economic_hardship": ["困难"],
    "care_level": ["0", "7", "七级", "1.5", "2-3级", "待评估中"],
    "phone": ["", "1381234567", "23812345678", "电话没有", "12345", "6251234", "13812345678/62512345",
              "62512345转801", "13812345678 13912345678"],
}


@pytest.mark.parametrize("field, value", [(f, v) for f, values in BAD.items() for v in values])
def test_each_wrong_value_is_refused_in_its_own_field(field, value):
    wrong = problems(**{field: value})
    assert list(wrong) == [field], wrong
    assert wrong[field].endswith("。")


def test_an_id_number_whose_birth_date_does_not_exist_or_is_too_young_is_refused():
    first17 = "31010519490230123"  # 30 February
    from personal_data.id_number import id_check_digit
    assert "出生日期不存在" in problems(id_number=first17 + id_check_digit(first17))["id_number"]
    young = id_number(date(ON.year - ELDER_AGE + 1, 1, 1), False)
    assert f"不满{ELDER_AGE}岁" in problems(id_number=young)["id_number"]
    born_later = id_number(date(2030, 1, 1), False)
    assert "出生日期不对" in problems(id_number=born_later)["id_number"]
    exactly = id_number(date(ON.year - ELDER_AGE, ON.month, ON.day), True)
    assert problems(id_number=exactly) == {}


@pytest.mark.parametrize("contact, parts", [
    (("", "", ""), []),                      # nobody to call
    (("Li", "女儿", "13912345678"), ["name"]),
    (("李静", "", "13912345678"), ["relation"]),
    (("李静", "女儿", "1391234567"), ["phone"]),
    (("Li", "", "1391234567"), ["name", "relation", "phone"]),
    (("李静", "", "1391234567"), ["relation", "phone"]),
])
def test_contacts_are_checked_each_part_in_its_own_field(contact, parts):
    """A contact's problem is keyed by the part that is wrong (the console puts it under that
    box; the roster says 紧急联系人2电话), every wrong part of it, not only the first."""
    assert list(problems(contacts=[contact])) == ([f"contact1_{p}" for p in parts] or ["contact1"])
    assert list(problems(contacts=[("李静", "女儿", "13912345678"), contact])) == [f"contact2_{p}" for p in parts]


def test_landlines_and_written_numbers_are_taken():
    record, wrong = checked(fields(random.Random(1), phone="021-6251 2345",
                                   contacts=[("陈静", "女儿", "＋86 139-1234-5678")]), ON)
    assert wrong == {} and record is not None
    assert record.phone == "02162512345" and record.contacts[0][2] == "13912345678"


def test_enrol_makes_her_household_and_updates_her_after(make_center_app):
    check_enrol(make_center_app(alarm_worker=False), random.Random(5))


@pytest.mark.integration
def test_enrol_on_postgres(pg_app):
    check_enrol(pg_app, random.Random(6))


def check_enrol(app: Any, rng: random.Random) -> None:
    database = app.extensions["onekey"].db
    wife = checked(fields(rng), ON)[0]
    husband = checked(fields(rng, address=wife.address + " ", district=wife.district), ON)[0]
    with database.writing() as db:
        first, second = enrol(db, wife), enrol(db, husband)
        db.commit()
    assert first.created and first.household_created
    assert second.created and not second.household_created  # the same address: one household
    with database.reading() as db:
        her, him = db.get(Elder, first.elder_id), db.get(Elder, second.elder_id)
        assert her.household_id == him.household_id
        assert (her.name, her.id_number, her.phone) == (wife.name, wife.id_number, wife.phone)
        assert her.birth_date == wife.birth_date and her.gender == wife.gender
        assert [(c.name, c.relation, c.phone, c.priority) for c in her.contacts] == [
            (*wife.contacts[0], 1)]
        households = db.scalar(select(func.count()).select_from(Household))
    moved = checked(fields(rng, name=wife.name, id_number=wife.id_number, phone="13800001111",
                           address=wife.address, district=wife.district,
                           contacts=[("张伟", "儿子", "13700001111"), wife.contacts[0]]), ON)[0]
    with database.writing() as db:
        again = enrol(db, moved)
        db.commit()
    assert again.elder_id == first.elder_id and not again.created
    with database.reading() as db:
        her = db.get(Elder, first.elder_id)
        assert her.phone == "13800001111"
        assert [(c.name, c.priority) for c in her.contacts] == [("张伟", 1), (wife.contacts[0][0], 2)]
        assert db.scalar(select(func.count()).select_from(Elder).where(
            Elder.id_number_hash == her.id_number_hash)) == 1
        assert db.scalar(select(func.count()).select_from(Household)) == households
        assert db.scalar(select(func.count()).select_from(Contact).where(
            Contact.elder_id == her.id)) == 2


# How a district's spreadsheet writes what the roster means (Excel, WPS, a Chinese input method):
# (field, as written, as stored).
WRITTEN = [
    ("care_level", "2级", 2), ("care_level", "二级", 2), ("care_level", "２级", 2), ("care_level", "照护三级", 3),
    ("care_level", "六级", 6), ("care_level", " 4 ", 4), ("care_level", "未评估", None), ("care_level", "无", None),
    ("hukou_shanghai", "√", True), ("hukou_shanghai", "✓", True), ("hukou_shanghai", "Y", True),
    ("hukou_shanghai", "Ｙ", True), ("hukou_shanghai", "1", True), ("hukou_shanghai", "是 ", True),
    ("hukou_shanghai", "×", False), ("hukou_shanghai", "N", False), ("hukou_shanghai", "０", False),
    ("living_alone", "是\u3000", True), ("economic_hardship", "✔", True), ("economic_hardship", "否", False),
    ("phone", "021-62512345", "02162512345"), ("phone", "6251 2345", "02162512345"),
    ("phone", "(021)6251-2345", "02162512345"), ("phone", "+86 21 6251 2345", "02162512345"),
    ("phone", "+86 139 1234 5678", "13912345678"), ("phone", "86 13912345678", "13912345678"),
    ("phone", "１３９１２３４５６７８", "13912345678"), ("phone", "139 1234 5678 ", "13912345678"),
    ("district", "上海市长宁区", "长宁区"), ("district", "长宁区\u3000", "长宁区"),
]


@pytest.mark.parametrize("field, written, stored", WRITTEN)
def test_what_a_spreadsheet_writes_is_read_as_it_means(field, written, stored):
    record, wrong = checked(fields(random.Random(8), **{field: written}), ON)
    assert wrong == {} and record is not None, wrong
    assert getattr(record, field) == stored


@pytest.mark.parametrize("seed", range(30))
def test_names_padded_with_spaces_or_written_in_full_width_are_taken(seed):
    """A spreadsheet pads a two-character name to line up (王　芳, 王 芳) and cells carry
    spaces at either end; a minority name's dot comes in several forms."""
    rng = random.Random(seed)
    given = fields(rng)
    name = given["name"]
    pad = rng.choice((" ", "\u3000", "  ", "\u00a0"))
    written = rng.choice((pad.join(name), name + pad, pad + name))
    contact = given["contacts"][0]
    record, wrong = checked({**given, "name": written,
                             "contacts": [(pad + contact[0], contact[1] + pad, contact[2])]}, ON)
    assert wrong == {} and record is not None, (written, wrong)
    assert record.name == name and record.contacts[0][:2] == contact[:2]
    for dot in "•・．.":
        record, wrong = checked({**given, "name": f"买买提{dot}吐尔逊"}, ON)
        assert wrong == {} and record.name == "买买提·吐尔逊"


def test_two_numbers_in_one_phone_cell_are_refused_with_that_reason():
    for written in ("13812345678/62512345", "62512345转801", "13812345678\n13912345678", "13812345678、13912345678"):
        assert "一格只填一个号码" in problems(phone=written)["phone"], written
        assert "一格只填一个号码" in problems(contacts=[("李静", "女儿", written)])["contact1_phone"]


MOVES = ["alone", "couple_together", "one_of_a_couple", "into_another_home", "same_home_respelt"]


@pytest.mark.parametrize("seed", range(15))
def test_an_elder_whose_home_changed_is_in_the_household_of_her_new_home(make_center_app, seed):
    """Re-imported with a new address: her household (and its TV) moves with her when nobody
    stays behind, else she joins the household of her new home and the others keep theirs;
    the coordinates of her old home are forgotten. The same home spelt again moves nothing."""
    from call_center.models import Device

    rng = random.Random(seed)
    case = MOVES[seed % len(MOVES)]
    app = make_center_app(alarm_worker=False)
    database = app.extensions["onekey"].db
    her = checked(fields(rng, living_alone="否"), ON)[0]
    him = checked(fields(rng, address=her.address, district=her.district, living_alone="否"), ON)[0]
    sister = checked(fields(rng, living_alone="否"), ON)[0]
    with database.writing() as db:
        first = enrol(db, her)
        if case in ("couple_together", "one_of_a_couple"):
            enrol(db, him)
        if case == "into_another_home":
            enrol(db, sister)
        elder = db.get(Elder, first.elder_id)
        elder.home_lat, elder.home_lon = 31.2, 121.4
        old_household = elder.household_id
        db.add(Device(kind="tv", name="客厅电视", household_id=old_household, token_hash=f"t{seed}"))
        db.commit()
    new_address = {"into_another_home": sister.address,
                   "same_home_respelt": her.district + " " + her.address.removeprefix(
                       "上海市" + her.district).replace("1", "１")
                   }.get(case, f"上海市{her.district}天山路{rng.randrange(1, 99)}弄{rng.randrange(1, 9)}号")
    moved = checked(fields(rng, name=her.name, id_number=her.id_number, address=new_address,
                           district=her.district, living_alone="否"), ON)[0]
    roster = {moved.id_number: moved}
    if case == "couple_together":
        roster[him.id_number] = checked(fields(rng, name=him.name, id_number=him.id_number, address=new_address,
                                               district=him.district, living_alone="否"), ON)[0]
    with database.writing() as db:
        done = [enrol(db, r, roster) for r in roster.values()]
        db.commit()
    with database.reading() as db:
        elder = db.get(Elder, first.elder_id)
        household = elder.household
        household_id = household.id
        if case == "same_home_respelt":
            assert done[0].moved is None and household.id == old_household
            assert (elder.home_lat, elder.home_lon) == (31.2, 121.4)
            return
        assert (elder.home_lat, elder.home_lon) == (None, None)
        assert household.address == (sister.address if case == "into_another_home" else new_address)
        tv = db.scalar(select(Device).where(Device.token_hash == f"t{seed}"))
        if case in ("alone", "couple_together"):
            assert household.id == old_household and done[0].moved.household_moved
            assert tv.household_id == household.id
            assert [e.name for e in household.elders] == (
                [her.name, him.name] if case == "couple_together" else [her.name])
        else:
            assert household.id != old_household and not done[0].moved.household_moved
            left = db.get(Household, old_household)
            assert [e.name for e in left.elders] == ([him.name] if case == "one_of_a_couple" else [])
            assert done[0].moved.left_empty_tv == (case == "into_another_home")
            assert done[0].moved.others_left == ((him.name,) if case == "one_of_a_couple" else ())
        # a new elder at her new address joins her there
        newcomer = checked(fields(rng, address=new_address.replace(" ", ""), district=her.district), ON)[0]
    with database.writing() as db:
        assert db.get(Elder, enrol(db, newcomer).elder_id).household_id == household_id
        db.rollback()



@pytest.mark.parametrize("written", ["3.10105E+17", "3.1E+17", "3.10105e17", "1.38123E+10"])
def test_a_number_excel_turned_into_a_number_is_refused_with_that_reason(written):
    """Opened and saved again in Excel, an 18-digit ID number becomes 3.10105E+17 (its last
    digits gone): the clerk is told why and how, not that it is 'not digits'."""
    field = "phone" if written.startswith("1.") else "id_number"
    wrong = problems(**{field: written})
    assert list(wrong) == [field] and "被表格软件当成了数字" in wrong[field] and "设成“文本”" in wrong[field]


@pytest.mark.parametrize("mark", ["'", "`", "\t", "‘"])
def test_the_mark_a_spreadsheet_puts_before_a_long_number_is_dropped(mark):
    given = fields(random.Random(9))
    record, wrong = checked({**given, "id_number": mark + given["id_number"], "phone": mark + given["phone"]}, ON)
    assert wrong == {} and (record.id_number, record.phone) == (given["id_number"], given["phone"])


@pytest.mark.parametrize("seed", range(6))
def test_an_optional_fact_the_roster_leaves_empty_keeps_what_is_on_file(make_center_app, seed):
    """The assessor's grade (一件事) and a known hardship are not wiped by a roster without
    them (an empty cell, or no such column); a roster that says them changes them."""
    rng = random.Random(seed)
    app = make_center_app(alarm_worker=False)
    database = app.extensions["onekey"].db
    given = fields(rng, economic_hardship="是", care_level="4")
    with database.writing() as db:
        elder_id = enrol(db, checked(given, ON)[0]).elder_id
        db.commit()
    left_out = rng.choice(("economic_hardship", "care_level"))
    again = {**given, "phone": "13800002222", left_out: ""}
    if rng.random() < 0.5:
        del again[left_out]  # the column is not in this roster at all
    with database.writing() as db:
        enrol(db, checked(again, ON)[0])
        db.commit()
    with database.reading() as db:
        her = db.get(Elder, elder_id)
        assert (her.economic_hardship, her.care_level, her.phone) == (True, 4, "13800002222")
    said = {**given, "economic_hardship": "否", "care_level": "2级"}
    with database.writing() as db:
        enrol(db, checked(said, ON)[0])
        db.commit()
    with database.reading() as db:
        her = db.get(Elder, elder_id)
        assert (her.economic_hardship, her.care_level) == (False, 2)
    new = checked(fields(rng, economic_hardship="", care_level=""), ON)[0]
    with database.writing() as db:
        her = db.get(Elder, enrol(db, new).elder_id)
        assert (her.economic_hardship, her.care_level) == (False, None)
        db.rollback()
