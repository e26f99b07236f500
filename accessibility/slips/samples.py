"""The records slips are tried with: the shipped samples (``assets/slips/samples``) and long
variants of them, the data that used to spill — a pickup address that wraps (demo elder
王秀英's own), an unbreakable ASCII string wider than a roll, a long name that masks to a
long run of stars, a hospital with its campus and department in full, rare characters,
six things to bring, an alarm with every escalation step twice.

Tests check every one fits one page in every layout; ``bench/bench_slips.py`` times them.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Iterator

SAMPLES = Path(__file__).resolve().parents[2] / "assets" / "slips" / "samples"
KINDS = ("registration", "taxi", "escort", "discharge_transport", "special_vehicle", "refill", "device_application", "consultation", "receipt",
         "alarm")

LONG_ASCII = "HC-" + "8841207" * 9 + "-EXPRESS-PRIORITY-BOOKING-REFERENCE"
LONG_NAME = "阿卜杜热依木·买买提艾力江·克然木·托合提尼亚孜"
LONG_ADDRESS = "上海市长宁区仙霞路650弄12号302室（仙霞新村南门进，右手第三幢，楼下有无障碍坡道）"
LONG_HOSPITAL = "上海交通大学医学院附属第六人民医院东院（临港院区）国际医疗部"
LONG_DEPARTMENT = "心血管内科高血压与动脉硬化专病门诊（特需）"
RARE = "㛃丽𠮷䶮堃喆"


def sample(kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A shipped sample: (request or alarm record, elder), fresh copies."""
    data = json.loads((SAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    return copy.deepcopy(data.get("request") or data["alarm"]), copy.deepcopy(data["elder"])


def long_samples() -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(name, record, elder) for each long variant of each kind."""
    record, elder = sample("registration")
    record["result"].update(hospital_name=LONG_HOSPITAL, department_name=LONG_DEPARTMENT,
                            hospital_address="上海市浦东新区临港新片区环湖西三路222号门诊大楼东侧二楼自助服务区旁",
                            doctor_name="欧阳" + RARE, booking_ref=LONG_ASCII,
                            bring=["身份证", "医保卡", "病历本", "既往检查报告（近半年内）", "正在服用的全部药物清单",
                                   "社保卡或医保电子凭证"])
    yield "registration-long", record, {**elder, "name": LONG_NAME, "name_masked": None}

    record, elder = sample("registration")
    record["result"].update(hospital_name="Shanghai-Sixth-Peoples-Hospital-International-Medical-Center",
                            hospital_address="https://very-long-unbreakable-url.example.com/" + "a" * 60)
    yield "registration-ascii", record, elder

    record, elder = sample("taxi")
    for part in (record["form"], record["result"]):
        part.update(pickup_address=LONG_ADDRESS, destination_address=LONG_HOSPITAL + " 门诊楼北侧落客区")
    record["result"].update(car="白色 上汽大众朗逸 新能源插电混动版（车身贴有“申程出行”标识）", booking_ref=LONG_ASCII)
    yield "taxi-long", record, {**elder, "name": LONG_NAME, "name_masked": None}

    record, elder = sample("taxi")
    for part in (record["form"], record["result"]):
        part["pickup_address"] = "上海市长宁区仙霞路650弄12号302室"  # demo elder 王秀英's home
    yield "taxi-wang", record, {**elder, "name": "王秀英", "name_masked": None}

    record, elder = sample("consultation")
    record["result"]["summary"] = ("您符合长护险评估条件，社区评估员会在三个工作日内上门评估，请准备好身份证、医保卡和近半年的病历；"
                                   "评估结果出来后街道会电话通知您，如有疑问请拨打街道电话021-64281234或市民热线12345。") * 2
    record["result"]["agent_name"] = LONG_NAME
    yield "consultation-long", record, elder

    record, elder = sample("device_application")
    record["result"]["fee_words"] += "如果街道核实家庭经济困难，设备、安装和每月的费用都由政府出。"  # 不清楚
    record["result"]["return_reason"] = "户口本上的地址不在本街道，请到户籍所在街道的社区事务受理服务中心申请" * 2
    yield "device-application-long", record, {**elder, "name": LONG_NAME, "name_masked": None}

    record, elder = sample("receipt")
    record["form"].update(topic="下周二上午去上海交通大学医学院附属第六人民医院东院复查心脏彩超和动态心电图，需要有人陪同挂号、缴费、取药并送回家" * 2,
                          note=LONG_ASCII + " 家属电话13900001111")
    yield "receipt-long", record, elder

    record, elder = sample("alarm")
    steps = record["events"]
    record["events"] = steps + [dict(e, at=e["at"].replace("T20:0", "T20:1"),
                                     note=(e.get("note") or "") + "，已记录处理经过并告知家属和社区网格员") for e in steps]
    yield "alarm-long", record, {**elder, "name": LONG_NAME, "name_masked": None}
