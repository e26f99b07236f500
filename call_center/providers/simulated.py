"""Simulated platforms for the embedded default: they behave like the real ones.

They take time (``latency_ms``), sell out (a slot at capacity raises :class:`SlotFull`),
find no car (``no_car``), and can be down (``down``), so every branch of the centre can be
shown in the demo and tested. The registration platform's inventory is the slot row the
centre locked for this booking (the centre's catalog mirrors the platform), which keeps
queue numbers consistent across server processes.
"""
from __future__ import annotations

import hashlib
import random
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from .base import (
    Booking,
    DeliveryOrder,
    RenewalDecision,
    RenewalOrder,
    RenewalTicket,
    Shipment,
    Tracking,
    Escort,
    EscortOrder,
    NoEscortAvailable,
    NoVehicleAvailable,
    Transfer,
    TransferOrder,
    NoCarAvailable,
    ProviderDown,
    Ride,
    RideOrder,
    SlotBooking,
    SlotFull,
    SpecialVehicleOrder,
    SpecialVehicleTrip,
    TripEnd,
)


# The platforms are Shanghai's: their days (a half year since a visit, the date in a number)
# are Shanghai days — in UTC it is still yesterday until eight in the morning.
_SHANGHAI = ZoneInfo("Asia/Shanghai")


def _day(moment: datetime) -> datetime:
    """``moment`` (aware; naive is UTC, as stored) in Shanghai time."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(_SHANGHAI)


# A trip platform keeps when each trip ends on its side; the simulated ones keep it in the
# reference they give (as the courier keeps its delivery time), so any centre process can ask.
# How long after it starts each kind of trip is over:
_RIDE = timedelta(minutes=40)  # a taxi across the district
_ESCORT = timedelta(hours=3)  # the visit, the queue and the pharmacy, and home again
_TRANSFER = timedelta(minutes=90)  # discharge: the ward's paperwork, carried in at home
_SPECIAL = timedelta(minutes=90)  # the stairs, the trip, helped into the destination


def _trip_ref(prefix: str, ends: datetime) -> str:
    """Ten digits (when the trip ends) and two letters: twelve digits in a row would read as a
    card number (masked)."""
    return f"{prefix}{int(ends.timestamp()):010d}" + "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(2))


def _trip_end(prefix: str, booking_ref: str) -> TripEnd:
    digits = booking_ref[len(prefix):len(prefix) + 10]
    if not (booking_ref.startswith(prefix) and digits.isdigit() and len(booking_ref) == len(prefix) + 12):
        return TripEnd("unknown")  # a reference the platform does not know
    ends = datetime.fromtimestamp(int(digits), timezone.utc)
    return TripEnd("done", ends) if _now() >= ends else TripEnd("booked")


def _pause(latency_ms: int) -> None:
    if latency_ms > 0:
        time.sleep(latency_ms / 1000)


@dataclass
class SimulatedRegistration:
    """健康云-like registration: book a slot → booking ref + queue number; cancel."""

    name: str = "健康云"
    latency_ms: int = 0
    down: bool = False

    def book(self, booking: SlotBooking) -> Booking:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "预约接口无响应")
        if booking.booked >= booking.capacity:
            raise SlotFull(self.name, booking.slot_id)
        ref = "JKY" + _day(booking.start).strftime("%Y%m%d") + secrets.token_hex(4).upper()
        return Booking(provider=self.name, booking_ref=ref, queue_number=booking.booked + 1)

    def cancel(self, booking_ref: str) -> None:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "退号接口无响应")


_CARS = ("大众朗逸 白色", "荣威 Ei5 蓝色", "别克 GL8 黑色", "大众途安 绿色", "比亚迪秦 白色")
_SURNAMES = "张王李赵陈刘杨黄周吴徐孙朱马胡"
_PLATE_LETTERS = "ABDEFGHJKLMNPQRSTUVWXYZ"


@dataclass
class SimulatedRide:
    """申程出行-like ride hailing: order → plate, car, driver, ETA; or no car; cancel."""

    name: str = "申程出行"
    prefix: str = "SCX"
    latency_ms: int = 0
    down: bool = False
    no_car: bool = False

    def order(self, order: RideOrder) -> Ride:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "叫车接口无响应")
        if self.no_car:
            raise NoCarAvailable(self.name, "附近暂无空车")
        # Deterministic per request, so a retried order gets the same car.
        rng = random.Random(hashlib.sha256((self.name + order.reference).encode()).digest())
        plate = "沪" + rng.choice("BDEFGA") + "·" + "".join(
            rng.choice(_PLATE_LETTERS + "0123456789") if i == 0 else rng.choice("0123456789")
            for i in range(5))
        driver = rng.choice(_SURNAMES) + "师傅"
        phone = "13" + str(rng.randint(0, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        eta = rng.randint(4, 12)
        return Ride(
            provider=self.name,
            booking_ref=_trip_ref(self.prefix, (order.pickup_time or datetime.now(timezone.utc))
                                  + timedelta(minutes=eta) + _RIDE),
            plate=plate,
            car=rng.choice(_CARS),
            driver_name=driver,
            driver_phone=phone,
            eta_minutes=eta,
        )

    def cancel(self, booking_ref: str) -> None:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "取消接口无响应")

    def trip(self, booking_ref: str) -> TripEnd:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "行程查询接口无响应")
        return _trip_end(self.prefix, booking_ref)


_GIVEN_NAMES = ("红梅", "秀兰", "建华", "丽萍", "海燕", "志刚", "玉珍", "国平")


@dataclass
class SimulatedEscort:
    """A 陪诊-platform-like service: order → a named companion with a phone; or nobody free
    (``none_free``, and always for a meeting sooner than ``lead_hours``); cancel."""

    name: str = "申城陪诊"
    prefix: str = "PZ"
    latency_ms: int = 0
    down: bool = False
    none_free: bool = False
    lead_hours: float = 1

    def order(self, order: EscortOrder) -> Escort:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "派单接口无响应")
        soon = (order.meet_time - datetime.now(order.meet_time.tzinfo)).total_seconds() < self.lead_hours * 3600
        if self.none_free or soon:
            raise NoEscortAvailable(self.name, "这个时间没有空闲的陪诊员")
        rng = random.Random(hashlib.sha256((self.name + order.reference).encode()).digest())
        phone = "13" + str(rng.randint(0, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        return Escort(provider=self.name, booking_ref=_trip_ref(self.prefix, order.visit_time + _ESCORT),
                      companion_name=rng.choice(_SURNAMES) + rng.choice(_GIVEN_NAMES),
                      companion_phone=phone)

    def cancel(self, booking_ref: str) -> None:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "取消接口无响应")

    def trip(self, booking_ref: str) -> TripEnd:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "行程查询接口无响应")
        return _trip_end(self.prefix, booking_ref)


_VEHICLES = {"seated": "转运车（座椅）", "wheelchair": "转运车（轮椅升降）", "stretcher": "转运车（担架）"}


@dataclass
class SimulatedTransfer:
    """A 962120-like transfer platform: order → plate, the kind of car the elder needs, the
    crew's phone; or none free (``no_vehicle``, and always for a pickup within ``lead_hours``);
    cancel."""

    name: str = "962120"
    prefix: str = "ZY"
    latency_ms: int = 0
    down: bool = False
    no_vehicle: bool = False
    lead_hours: float = 2

    def order(self, order: TransferOrder) -> Transfer:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "预约接口无响应")
        soon = (order.pickup_time - datetime.now(order.pickup_time.tzinfo)).total_seconds() < self.lead_hours * 3600
        if self.no_vehicle or soon:
            raise NoVehicleAvailable(self.name, "这个时间没有空闲的转运车")
        rng = random.Random(hashlib.sha256((self.name + order.reference).encode()).digest())
        plate = "沪" + rng.choice("ABDE") + "·" + "".join(rng.choice("0123456789") for _ in range(5))
        phone = "13" + str(rng.randint(0, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        return Transfer(provider=self.name, booking_ref=_trip_ref(self.prefix, order.pickup_time + _TRANSFER), plate=plate,
                        vehicle=_VEHICLES[order.mobility], crew_phone=phone)

    def cancel(self, booking_ref: str) -> None:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "取消接口无响应")

    def trip(self, booking_ref: str) -> TripEnd:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "行程查询接口无响应")
        return _trip_end(self.prefix, booking_ref)


# A special-vehicle operator's car for each kind of help, and its price list (yuan a trip, one
# way, companions free): what a 福祉车 operator in Shanghai publishes, in round figures.
_SPECIAL_VEHICLES = {"seated": "福祉车（座椅）", "wheelchair": "无障碍福祉车（轮椅升降）",
                     "stretcher": "无障碍福祉车（担架）"}
_SPECIAL_PRICES = {"seated": (60, "座椅车"), "wheelchair": (80, "轮椅车"), "stretcher": (220, "担架车（含抬上下楼）")}
_CARRY_PRICE = 100  # 上下楼接送: two staff and a stair-climbing chair, down and up again
_HALF_HOUR = timedelta(minutes=30)


@dataclass
class SimulatedSpecialVehicle:
    """A 福祉车 operator: order → its car, driver, a half hour inside the window asked for and
    its fare; or none free (``no_vehicle``, and always for a window starting within
    ``lead_hours``); cancel."""

    name: str = "申城福祉车"
    prefix: str = "FZ"
    latency_ms: int = 0
    down: bool = False
    no_vehicle: bool = False
    lead_hours: float = 3

    def order(self, order: SpecialVehicleOrder) -> SpecialVehicleTrip:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "派车接口无响应")
        start = order.window_start
        if self.no_vehicle or (start - datetime.now(start.tzinfo)).total_seconds() < self.lead_hours * 3600:
            raise NoVehicleAvailable(self.name, "这个时间没有空闲的福祉车")
        rng = random.Random(hashlib.sha256((self.name + order.reference).encode()).digest())
        halves = max(1, int((order.window_end - start) / _HALF_HOUR))
        pickup_from = start + rng.randrange(halves) * _HALF_HOUR
        price, line = _SPECIAL_PRICES[order.mobility]
        carry = order.carry and order.mobility != "stretcher"  # a stretcher crew carries anyway
        if carry:
            price, line = price + _CARRY_PRICE, f"{line}加上下楼接送"
        return SpecialVehicleTrip(
            provider=self.name, booking_ref=_trip_ref(self.prefix, pickup_from + _HALF_HOUR + _SPECIAL),
            vehicle=_SPECIAL_VEHICLES[order.mobility],
            plate="沪" + rng.choice("ABDE") + "·" + "".join(rng.choice("0123456789") for _ in range(5)),
            driver_name=rng.choice(_SURNAMES) + "师傅",
            driver_phone="13" + str(rng.randint(0, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8)),
            pickup_from=pickup_from, pickup_until=pickup_from + _HALF_HOUR, fare_yuan=float(price),
            fare_basis=f"{self.name}价目表：{line}单程",
            stair_aid="履带爬楼机" if carry else "")

    def cancel(self, booking_ref: str) -> None:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "取消接口无响应")

    def trip(self, booking_ref: str) -> TripEnd:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "行程查询接口无响应")
        return _trip_end(self.prefix, booking_ref)


# The simulated internet hospital and courier keep what a real platform keeps on its side (when
# the doctor will have decided, what; when the parcel arrives) in their own references, so any
# centre process — an API worker, the follow-up worker beside it — can ask about them.
_OUTCOME_CODES = {"renewed": "R", "visit": "V", "call": "C"}
_CODE_OUTCOMES = {v: k for k, v in _OUTCOME_CODES.items()}
_DOCTORS = ("刘建华", "陈敏", "周立新", "孙丽萍", "郑国平", "徐静", "林海燕", "何文彬")
_DOCTOR_NOTES = {
    "renewed": "按原来的用法继续用药，有不舒服请及时就医。",
    "visit": "上次到医院看病已经超过半年，请先到医院复诊，医生看过后再开药。",
    "call": "医生要先打电话问问您最近的情况，再决定续方，请留意来电。",
}
VISIT_WITHIN_DAYS = 180  # a renewal online follows up a visit in person of the last half year


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _rng(*parts: str) -> random.Random:
    return random.Random(hashlib.sha256("|".join(parts).encode()).digest())


@dataclass
class SimulatedRenewal:
    """An internet hospital's 续方 service: a doctor reviews a renewal ``review_s`` after it is
    sent; a prescription last seen in person more than half a year ago is sent back for a
    visit; ``doctor`` forces an answer (``visit``: come in first, ``call``: the doctor phones
    first); ``down``: nothing answers."""

    name: str = "健康云互联网医院"
    latency_ms: int = 0
    down: bool = False
    doctor: str = ""  # "" (by the rules) | "renewed" | "visit" | "call"
    review_s: float = 60
    pharmacy: str = "健康云互联网医院药房"
    pharmacy_address: str = "上海市徐汇区宜山路600号"

    def _check(self, what: str) -> None:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, f"{what}接口无响应")

    def submit(self, order: RenewalOrder) -> RenewalTicket:
        self._check("续方")
        outcome = self.doctor or ("visit" if (_day(_now()).date() - order.last_visit).days > VISIT_WITHIN_DAYS
                                  else "renewed")
        due = int(_now().timestamp() + self.review_s)
        ref = f"HLW{due:08X}{_OUTCOME_CODES[outcome]}{secrets.token_hex(3).upper()}"
        return RenewalTicket(provider=self.name, ticket_ref=ref)

    def decision(self, ticket_ref: str) -> RenewalDecision:
        self._check("查询")
        due, code = int(ticket_ref[3:11], 16), ticket_ref[11]
        if _now().timestamp() < due:
            return RenewalDecision("reviewing")
        outcome = _CODE_OUTCOMES[code]
        rng = _rng(self.name, ticket_ref)
        doctor = rng.choice(_DOCTORS) + " " + rng.choice(("主治医师", "副主任医师"))
        number = ""
        if outcome == "renewed":
            # Ten digits: twelve in a row would read as a card number, and be masked on the slip
            number = "CF" + datetime.fromtimestamp(due, _SHANGHAI).strftime("%y%m%d") + \
                "".join(rng.choice("0123456789") for _ in range(4))
        return RenewalDecision(outcome, doctor=doctor, note=_DOCTOR_NOTES[outcome],  # type: ignore[arg-type]
                               prescription_no=number, pharmacy=self.pharmacy,
                               pharmacy_address=self.pharmacy_address)

    def cancel(self, ticket_ref: str) -> None:
        self._check("撤回")


@dataclass
class SimulatedCourier:
    """A same-city courier for medicine: dispatch → a tracking number, delivered
    ``delivery_s`` later; ``down``: nothing answers."""

    name: str = "申城快递"
    prefix: str = "SC"
    latency_ms: int = 0
    down: bool = False
    delivery_s: float = 600

    def _check(self, what: str) -> None:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, f"{what}接口无响应")

    def dispatch(self, order: DeliveryOrder) -> Shipment:
        self._check("下单")
        due = int(_now().timestamp() + self.delivery_s)
        # Ten digits and two letters: twelve digits in a row would read as a card number (masked)
        tracking = f"{self.prefix}{due:010d}" + "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(2))
        return Shipment(provider=self.name, tracking_no=tracking,
                        expected_at=datetime.fromtimestamp(due, timezone.utc))

    def track(self, tracking_no: str) -> Tracking:
        self._check("查询")
        due = datetime.fromtimestamp(int(tracking_no[len(self.prefix):len(self.prefix) + 10]), timezone.utc)
        return Tracking("delivered", due) if _now() >= due else Tracking("in_transit")

    def cancel(self, tracking_no: str) -> None:
        self._check("取消")
