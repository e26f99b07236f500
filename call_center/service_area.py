"""Is an address inside the taxi service area?

The reference centre dispatches taxis within 上海市 (seed 000 §三(一)2: 申程出行 serves the
city). An address passes when it names a covered district ("长宁区", or the bare "长宁",
"浦东") and names no other province or city. Addresses naming no district at all are refused
too: a driver cannot be sent to "仙霞路 600 弄" without knowing which district it is in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .config import SHANGHAI_DISTRICTS

CITY = "上海市"

def _short(district: str) -> str:
    """Short forms people say: 浦东新区 → 浦东, 长宁区 → 长宁."""
    return district.removesuffix("新区").removesuffix("区")


# "江苏省…", "北京市…", "浙江省舟山市普陀区…" (a 普陀区 that is not Shanghai's).
_OTHER_PLACE = re.compile(r"省|自治区|特别行政区|^[\u4e00-\u9fff]{2,4}市")


@dataclass(frozen=True)
class AreaCheck:
    ok: bool
    district: str | None
    reason: str = ""


def named_district(address: str) -> str | None:
    text = re.sub(r"\s+", "", address)
    for district in SHANGHAI_DISTRICTS:
        if district in text:
            return district
    for district in SHANGHAI_DISTRICTS:
        if _short(district) in text:
            return district
    return None


def check_address(address: str, districts: tuple[str, ...] = SHANGHAI_DISTRICTS) -> AreaCheck:
    text = re.sub(r"\s+", "", address)
    district = named_district(text)
    before = text[: text.find(_short(district))] if district else text
    before = before.replace("中国", "").replace("上海市", "").replace("上海", "")
    if _OTHER_PLACE.search(before):
        return AreaCheck(False, None, "这个地址不在上海市，出租车去不了。")
    if district is None:
        return AreaCheck(False, None, "请说明是上海哪个区，比如“长宁区仙霞路”。")
    if district not in districts:
        return AreaCheck(False, district, f"{district}暂时不在叫车服务范围内。")
    return AreaCheck(True, district)


def check_trip(pickup: str, destination: str, districts: tuple[str, ...]) -> None:
    """Both ends of a car's trip inside the service area, or the refusal (422) naming each end
    that is not — the same for a taxi and a special vehicle."""
    from .errors import ApiError

    fields = {f"form.{name}": verdict.reason for name, address in
              (("pickup_address", pickup), ("destination_address", destination))
              if not (verdict := check_address(address, districts)).ok}
    if fields:
        raise ApiError("outside_service_area", next(iter(fields.values())), fields=fields)
