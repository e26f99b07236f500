"""Demo data: realistic Shanghai elders, households, devices, hospitals and slots.

Idempotent (run it twice, get the same rows) and relative to *today* in Asia/Shanghai, so the
demo never goes stale: re-running it on a later day adds the new days' slots. Tokens are
fixed and printed by ``onekey center --seed-demo`` so a TV or kiosk can be started at once.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta, timezone
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from personal_data.id_number import id_check_digit

from .auth import hash_token
from . import message_words as mw
from .clock import at, today
from .message_words import N_
from .console.demo import seed_logins
from .db import Database
from .models import (Agent, Contact, Department, Device, Elder, Hospital, Household, Message, Prescription, Resource,
                     Slot, Volunteer)
from .models.family import Binding, FamilyAccount

VOLUNTEER_PIN = "1357"  # 志愿者 张建华 at 仙霞新村街道智慧健康驿站 (printed by onekey demo)
VOLUNTEER_PHONE = "13671845902"  # the number 王秀英 is told to expect her patrol visitor from
TOKENS = {
    "agent": "demo-agent",
    "service": "demo-service",
    "tv_wang": "demo-tv-wang",
    "tv_li": "demo-tv-li",
    "tv_zhang": "demo-tv-zhang",
    "kiosk": "demo-kiosk-1",
}

HOSPITALS = [
    # name, short name, district, address, level, departments
    ("上海市第六人民医院", "市六医院", "徐汇区", "上海市徐汇区宜山路600号", "三级甲等",
     ["心内科", "骨科", "内分泌代谢科", "神经内科", "眼科"]),
    ("复旦大学附属中山医院", "中山医院", "徐汇区", "上海市徐汇区枫林路180号", "三级甲等",
     ["心内科", "消化科", "呼吸科", "老年病科"]),
    ("复旦大学附属华山医院", "华山医院", "静安区", "上海市静安区乌鲁木齐中路12号", "三级甲等",
     ["神经内科", "皮肤科", "老年医学科"]),
    ("上海交通大学医学院附属瑞金医院", "瑞金医院", "黄浦区", "上海市黄浦区瑞金二路197号", "三级甲等",
     ["内分泌科", "心内科", "消化内科"]),
    ("上海市同仁医院", "同仁医院", "长宁区", "上海市长宁区仙霞路1111号", "三级乙等",
     ["老年医学科", "心内科", "眼科", "骨科"]),
    ("上海市普陀区中心医院", "普陀区中心医院", "普陀区", "上海市普陀区兰溪路164号", "三级乙等",
     ["心内科", "呼吸内科", "骨科"]),
]

# (start hour, minute, minutes long, title, fee, capacity): a morning specialist session,
# a morning ordinary session, an afternoon ordinary session. Sundays closed, Saturday mornings.
SESSIONS = [
    (8, 30, 60, "主任医师", Decimal("50.00"), 6),
    (10, 0, 60, "副主任医师", Decimal("35.00"), 10),
    (14, 0, 90, "普通门诊", Decimal("25.00"), 20),
]
DAYS_AHEAD = 14
_DOCTOR_NAMES = ["刘建华", "陈敏", "周立新", "吴卫东", "孙丽萍", "郑国平", "黄志刚", "徐静",
                 "马晓东", "朱红", "胡振宇", "林海燕", "何文彬", "高洁", "罗志明", "梁美玲"]


@dataclass
class ElderSeed:
    key: str
    household_ref: str
    name: str
    gender: str
    age: int
    region: str  # first 6 digits of the ID number (district of birth registration)
    phone: str
    home_address: str
    district: str
    street: str
    hukou_shanghai: bool
    living_alone: bool
    economic_hardship: bool
    care_level: int | None
    service_package: str | None
    severe_disability: bool | None
    owns_home: bool | None
    favourite: tuple[str, str]
    health_notes: str
    contacts: list[tuple[str, str, str]]
    preferences: dict = field(default_factory=dict)


HOUSEHOLDS = [
    # ref, name, address, district, tv token key, tv name
    ("demo-wang", "王秀英家", "上海市长宁区仙霞路650弄12号302室", "长宁区", "tv_wang", "王家客厅电视"),
    ("demo-li", "李国强家", "上海市普陀区枣阳路218弄5号601室", "普陀区", "tv_li", "李家电视"),
    ("demo-zhang", "张桂兰、陈志明家", "上海市徐汇区田林东路75弄8号401室", "徐汇区", "tv_zhang",
     "张家电视"),
]

ELDERS = [
    ElderSeed("wang", "demo-wang", "王秀英", "female", 86, "310105", "13916205871",
              "上海市长宁区仙霞路650弄12号302室", "长宁区", "仙霞新村街道", True, True, False, 2,
              "B", False, True, ("上海市第六人民医院", "心内科"),
              "高血压，早上服药；右耳听力较弱，说话请慢一点。",
              [("李娟", "侄女", "13817306612"), ("刘阿姨", "邻居", "13524408193")],
              {"speech_rate": 180, "volume": 90, "font_scale": 1.5, "theme": "high_contrast"}),
    # seed 002 §二(一): hardship + 80+ living alone → device and fees covered; package A has
    # two proactive care calls a week.
    ElderSeed("li", "demo-li", "李国强", "male", 82, "310107", "13621873305",
              "上海市普陀区枣阳路218弄5号601室", "普陀区", "长风新村街道", True, True, True, 3,
              "A", False, False, ("上海市普陀区中心医院", "呼吸内科"),
              "慢阻肺，冬季易发作；走路要拄拐杖。",
              [("李明", "侄子", "13761129054")]),
    ElderSeed("zhang", "demo-zhang", "张桂兰", "female", 79, "310104", "13788921546",
              "上海市徐汇区田林东路75弄8号401室", "徐汇区", "田林街道", True, False, False, None,
              None, False, True, ("复旦大学附属中山医院", "心内科"),
              "2型糖尿病，注射胰岛素。",
              [("陈静", "女儿", "13764561234"), ("陈伟", "儿子", "13585671230")]),
    ElderSeed("chen", "demo-zhang", "陈志明", "male", 81, "320102", "13788921547",
              "上海市徐汇区田林东路75弄8号401室", "徐汇区", "田林街道", False, False, False, None,
              None, False, True, ("上海交通大学医学院附属瑞金医院", "内分泌科"),
              "前列腺增生；随子女来沪，外省户籍。",
              [("陈静", "女儿", "13764561234"), ("陈伟", "儿子", "13585671230")]),
]


# Standing prescriptions (慢病续方): elder key → (medicine, strength, dosage, one renewal's
# quantity, days it lasts, condition, hospital, department, days since the last visit in person). 李国强's
# inhaler was last seen to eight months ago: a doctor online asks him to come in first.
PRESCRIPTIONS = {
    "wang": [("苯磺酸氨氯地平片", "5mg", "每天一次，每次一片", "28片（四周）", 28, "高血压",
              "上海市第六人民医院", "心内科", 45),
             ("厄贝沙坦片", "150mg", "每天一次，每次一片", "28片（四周）", 28, "高血压",
              "上海市第六人民医院", "心内科", 45)],
    "li": [("噻托溴铵吸入粉雾剂", "18μg", "每天一次，每次吸一粒", "30粒（一个月）", 30, "慢阻肺",
            "上海市普陀区中心医院", "呼吸内科", 240)],
    "zhang": [("盐酸二甲双胍缓释片", "0.5g", "每天两次，每次一片", "60片（一个月）", 30, "2型糖尿病",
               "复旦大学附属中山医院", "老年病科", 30),
              ("门冬胰岛素注射液", "3ml（300单位）", "三餐前注射，按医嘱剂量", "3支", 30, "2型糖尿病",
               "复旦大学附属中山医院", "老年病科", 30)],
    "chen": [("盐酸坦索罗辛缓释胶囊", "0.2mg", "每天一次，每次一粒，睡前", "30粒（一个月）", 30, "前列腺增生",
              "上海交通大学医学院附属瑞金医院", "内分泌科", 90)],
}


# Where the demo homes are (WGS-84, approximate), for 身边服务's nearest places.
HOMES = {"wang": (31.2093, 121.3859), "li": (31.2266, 121.4077), "zhang": (31.1771, 121.4377),
         "chen": (31.1771, 121.4377)}

# 身边服务 (seed 000 §三(二)3(5)): a sample catalog around the demo's three streets — the names
# are of the kind a district lists, the addresses and numbers are made up for the demo (a
# district loads its own). (id, kind, name, district, street, address, lat, lon, hours, phone,
# one sentence an elder hears)
RESOURCES = [
    ("res_xx_meal", "meal_point", "仙霞社区长者食堂", "长宁区", "仙霞新村街道", "仙霞路620号", 31.2087, 121.3878,
     "每天10:30-13:00、16:30-18:00", "021-62190001", "午饭晚饭都有，本市户籍老人用餐有优惠，也可以送餐到家。"),
    ("res_xx_meal2", "meal_point", "虹古路助餐点", "长宁区", "仙霞新村街道", "虹古路210号", 31.2041, 121.3931,
     "周一至周六10:30-12:30", "021-62190002", "午饭助餐点，凭敬老卡登记就能吃。"),
    ("res_tl_meal", "meal_point", "田林社区长者食堂", "徐汇区", "田林街道", "田林东路120号", 31.1760, 121.4352,
     "每天10:30-13:00", "021-64850001", "午饭助餐点，行动不便可以送餐到家。"),
    ("res_cf_meal", "meal_point", "长风社区助餐点", "普陀区", "长风新村街道", "枣阳路260号", 31.2279, 121.4062,
     "每天10:30-12:30", "021-52600001", "午饭助餐点，本市户籍老人用餐有优惠。"),
    ("res_cn_univ", "elder_university", "长宁区老年大学", "长宁区", "仙霞新村街道", "茅台路500号", 31.2130, 121.3960,
     "周一至周五8:30-16:30", "021-62190010", "书法、太极、智能手机课都有，每学期开学前报名。"),
    ("res_xh_univ", "elder_university", "徐汇区老年大学", "徐汇区", "田林街道", "钦州路600号", 31.1720, 121.4290,
     "周一至周五8:30-16:30", "021-64850010", "合唱、绘画、养生课都有，每学期开学前报名。"),
    ("res_pt_univ", "elder_university", "普陀区老年大学", "普陀区", "长风新村街道", "金沙江路900号", 31.2310, 121.4000,
     "周一至周五8:30-16:30", "021-52600010", "摄影、英语、手机课都有，每学期开学前报名。"),
    ("res_xx_care", "care_centre", "仙霞街道综合为老服务中心", "长宁区", "仙霞新村街道", "仙霞路700号", 31.2098, 121.3901,
     "每天8:00-17:00", "021-62190020", "白天照料、助浴、康复，也能在这里找养老顾问。"),
    ("res_tl_care", "care_centre", "田林街道长者照护之家", "徐汇区", "田林街道", "田林路200号", 31.1745, 121.4335,
     "全天", "021-64850020", "家门口的小型养老机构，可以短期住，也可以长住。"),
    ("res_cf_care", "care_centre", "长风街道日间照料中心", "普陀区", "长风新村街道", "枣阳路300号", 31.2288, 121.4050,
     "周一至周五8:00-17:00", "021-52600020", "白天有人照看、陪着吃饭，傍晚回家。"),
]

# A family member of the demo (亲友代办): 陈静, daughter of 张桂兰 and 陈志明, signs in to the
# H5 pages through the demo's 随申办 sandbox; both parents agreed on their TV long ago.
DEMO_FAMILY = [
    # provider, subject, name, phone, [(elder key, relation)]
    ("ssb", "ssb-demo-chenjing", "陈静", "13764561234", [("zhang", "女儿"), ("chen", "女儿")]),
]


@dataclass
class Demo:
    tokens: dict[str, str]
    elders: dict[str, str]  # short name -> elder id
    households: dict[str, str]  # short name -> household id
    id_numbers: dict[str, str]  # short name -> full ID number (for kiosk identification)
    phone_tails: dict[str, str] = field(default_factory=dict)  # the other half of it


def id_number_for(region: str, birth: date, gender: str, serial: int) -> str:
    """A well-formed GB 11643 number (odd sequence digit = male) with the right check digit."""
    sequence = serial * 2 + (1 if gender == "male" else 0)
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_digit(first17)


def _birth(age: int, key: str, day: date) -> date:
    # A birthday a stable number of days after today's date in the birth year: the age stays
    # what the demo says for most of the year around the seeding day.
    offset = 30 + int(hashlib.sha256(key.encode()).hexdigest(), 16) % 200
    year_ago = date(day.year - age - 1, day.month, min(day.day, 28))
    return year_ago + timedelta(days=offset)


def seed(database: Database) -> Demo:
    with database.session(write=True) as db:
        demo = _seed(db)
        db.commit()
    return demo


def _seed(db: Session) -> Demo:
    hospitals, departments = _catalog(db)
    households: dict[str, Household] = {}
    for ref, name, address, district, _tv, _tv_name in HOUSEHOLDS:
        hh = db.scalar(select(Household).where(Household.ref == ref))
        if hh is None:
            hh = Household(ref=ref, name=name, address=address, district=district)
            db.add(hh)
            db.flush()
        households[ref] = hh
    elders: dict[str, Elder] = {}
    for serial, s in enumerate(ELDERS, start=101):
        hh = households[s.household_ref]
        elder = db.scalar(select(Elder).where(Elder.household_id == hh.id, Elder.name == s.name))
        if elder is None:
            birth = _birth(s.age, s.key, today())
            fav_h = hospitals[s.favourite[0]]
            elder = Elder(
                household_id=hh.id, name=s.name, gender=s.gender, birth_date=birth,
                id_number=id_number_for(s.region, birth, s.gender, serial), phone=s.phone,
                home_address=s.home_address, district=s.district, street=s.street,
                hukou_shanghai=s.hukou_shanghai, living_alone=s.living_alone,
                economic_hardship=s.economic_hardship, care_level=s.care_level,
                service_package=s.service_package, severe_disability=s.severe_disability,
                owns_home=s.owns_home, favourite_hospital_id=fav_h.id,
                favourite_department_id=departments[(fav_h.id, s.favourite[1])].id,
                health_notes=s.health_notes, preferences=dict(s.preferences))
            elder.contacts = [Contact(name=n, relation=r, phone=p, priority=i)
                              for i, (n, r, p) in enumerate(s.contacts, start=1)]
            db.add(elder)
            db.flush()
        if elder.severe_disability is None and elder.owns_home is None:  # made before 政策找人
            elder.severe_disability, elder.owns_home = s.severe_disability, s.owns_home
        if elder.home_lat is None and s.key in HOMES:  # made before 身边服务
            elder.home_lat, elder.home_lon = HOMES[s.key]
        if not elder.prescriptions:  # a demo database made before 慢病续方 gets them too
            elder.prescriptions = [
                Prescription(medicine=m, strength=st, dosage=d, quantity=q, supply_days=lasts, condition=c,
                             hospital_id=hospitals[h].id, department=dep, position=i,
                             last_visit=today() - timedelta(days=ago))
                for i, (m, st, d, q, lasts, c, h, dep, ago) in enumerate(PRESCRIPTIONS.get(s.key, []))]
        elders[s.key] = elder
    for ref, _name, _address, _district, token_key, tv_name in HOUSEHOLDS:
        _device(db, TOKENS[token_key], kind="tv", name=tv_name, household_id=households[ref].id)
    _device(db, TOKENS["kiosk"], kind="kiosk", name="仙霞驿站1号自助机",
            station="仙霞新村街道智慧健康驿站", station_address="上海市长宁区仙霞路700号")
    _volunteer(db, "志愿者 张建华", "仙霞新村街道智慧健康驿站", VOLUNTEER_PIN, VOLUNTEER_PHONE)
    _agent(db, TOKENS["agent"], "agent", "话务员 李敏")
    _agent(db, TOKENS["service"], "service", "家属小程序后台")
    seed_logins(db, TOKENS["agent"])  # console logins agent1 / super1 (console/demo.py)
    _families(db, elders)
    _resources(db)
    _slots(db, departments)
    db.flush()
    return Demo(
        tokens=dict(TOKENS),
        elders={k: e.id for k, e in elders.items()},
        households={ref.removeprefix("demo-"): hh.id for ref, hh in households.items()},
        id_numbers={k: e.id_number for k, e in elders.items()},
        phone_tails={k: e.phone[-4:] for k, e in elders.items()},
    )


def _catalog(db: Session) -> tuple[dict[str, Hospital], dict[tuple[str, str], Department]]:
    hospitals: dict[str, Hospital] = {}
    departments: dict[tuple[str, str], Department] = {}
    for name, short, district, address, level, deps in HOSPITALS:
        h = db.scalar(select(Hospital).where(Hospital.name == name))
        if h is None:
            h = Hospital(name=name, short_name=short, district=district, address=address,
                         level=level)
            db.add(h)
            db.flush()
        hospitals[name] = h
        for position, dep_name in enumerate(deps):
            d = db.scalar(select(Department).where(Department.hospital_id == h.id,
                                                   Department.name == dep_name))
            if d is None:
                d = Department(hospital_id=h.id, name=dep_name, position=position)
                db.add(d)
                db.flush()
            departments[(h.id, dep_name)] = d
    return hospitals, departments


def _slots(db: Session, departments: dict[tuple[str, str], Department]) -> None:
    first = today()
    existing = {(dep, doc, start.replace(tzinfo=None)) for dep, doc, start in db.execute(
        select(Slot.department_id, Slot.doctor_name, Slot.start)
        .where(Slot.start >= at(first, 0)))}
    new: list[Slot] = []
    for (hospital_id, dep_name), dep in departments.items():
        digest = int(hashlib.sha256(dep.hospital_id.encode() + dep_name.encode()).hexdigest(), 16)
        doctors = [_DOCTOR_NAMES[(digest >> (4 * i)) % len(_DOCTOR_NAMES)] for i in range(2)]
        for offset in range(DAYS_AHEAD):
            day = first + timedelta(days=offset)
            if day.weekday() == 6:
                continue
            for index, (hour, minute, length, title, fee, capacity) in enumerate(SESSIONS):
                if day.weekday() == 5 and hour >= 12:
                    continue
                start = at(day, hour, minute)
                doctor = doctors[index] if index < 2 else "普通门诊"
                key = (dep.id, doctor, start.astimezone(timezone.utc).replace(tzinfo=None))
                if key in existing:
                    continue
                # A few sessions are already full, as real popular clinics are.
                full = (offset + index + digest) % 9 == 0 or (offset == 1 and index == 0)
                new.append(Slot(hospital_id=hospital_id, department_id=dep.id,
                                doctor_name=doctor, doctor_title=title, start=start,
                                end=start + timedelta(minutes=length), capacity=capacity,
                                booked=capacity if full else (digest + offset) % max(capacity // 2, 1),
                                fee_yuan=fee))
    db.add_all(new)


def _resources(db: Session) -> None:
    for position, (rid, kind, name, district, street, address, lat, lon, hours, phone, summary) in \
            enumerate(RESOURCES):
        if db.get(Resource, rid) is None:
            db.add(Resource(id=rid, kind=kind, name=name, district=district, street=street, address=address,
                            lat=lat, lon=lon, hours=hours, phone=phone, summary=summary, position=position))
    db.flush()


def _families(db: Session, elders: dict[str, Elder]) -> None:
    """Demo members with active bindings; each parent's 消息 keeps the notice whose 解除绑定
    ends it, already heard (a demo TV starts without a pop-up)."""
    for provider, subject, name, phone, bound in DEMO_FAMILY:
        member = db.scalar(select(FamilyAccount).where(FamilyAccount.provider == provider,
                                                       FamilyAccount.subject == subject))
        if member is None:
            member = FamilyAccount(provider=provider, subject=subject, name=name, phone=phone)
            db.add(member)
            db.flush()
        for key, relation in bound:
            elder = elders[key]
            if db.scalar(select(Binding.id).where(Binding.family_id == member.id,
                                                  Binding.elder_id == elder.id)) is not None:
                continue
            moment = at(today() - timedelta(days=30), 10)
            words = mw.said(N_("您的{who}现在可以用手机帮您办事了。如果不想让她办，请在这里按解除绑定。"),
                            who=mw.clause(mw.said(N_("{relation}{name}"), relation=mw.word(relation),
                                                  name=mw.as_written(name))))
            notice = Message(elder_id=elder.id, kind="consent", title=N_("家人已经可以帮您办事"),
                             body=mw.chinese(words), words=words,
                             created_by="system:family", created_at=moment, due_at=moment,
                             read_at=moment, answers=["revoke"])
            db.add(notice)
            db.flush()
            db.add(Binding(family_id=member.id, elder_id=elder.id, relation=relation,
                           permissions=["view", "book", "alerts"], status="active",
                           started_via="agent", consent_message_id=notice.id, requested_at=moment,
                           answered_at=moment, answered_by="agent:demo", note="演示数据"))


def _device(db: Session, token: str, **values: object) -> None:
    if db.scalar(select(Device.id).where(Device.token_hash == hash_token(token))) is None:
        db.add(Device(token_hash=hash_token(token), **values))


def _volunteer(db: Session, name: str, station: str, pin: str, phone: str | None = None) -> None:
    from .volunteers import add_volunteer

    if db.scalar(select(Volunteer.id).where(Volunteer.name == name, Volunteer.station == station)) is None:
        add_volunteer(db, name, station, pin, phone)


def _agent(db: Session, token: str, kind: str, name: str) -> None:
    if db.scalar(select(Agent.id).where(Agent.token_hash == hash_token(token))) is None:
        db.add(Agent(token_hash=hash_token(token), kind=kind, name=name))
