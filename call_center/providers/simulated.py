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
from datetime import datetime

from .base import (
    Booking,
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
)


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
        ref = "JKY" + booking.start.strftime("%Y%m%d") + secrets.token_hex(4).upper()
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
        return Ride(
            provider=self.name,
            booking_ref=self.prefix + secrets.token_hex(5).upper(),
            plate=plate,
            car=rng.choice(_CARS),
            driver_name=driver,
            driver_phone=phone,
            eta_minutes=rng.randint(4, 12),
        )

    def cancel(self, booking_ref: str) -> None:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "取消接口无响应")


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
        return Escort(provider=self.name, booking_ref=self.prefix + secrets.token_hex(5).upper(),
                      companion_name=rng.choice(_SURNAMES) + rng.choice(_GIVEN_NAMES),
                      companion_phone=phone)

    def cancel(self, booking_ref: str) -> None:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "取消接口无响应")


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
        return Transfer(provider=self.name, booking_ref=self.prefix + secrets.token_hex(5).upper(), plate=plate,
                        vehicle=_VEHICLES[order.mobility], crew_phone=phone)

    def cancel(self, booking_ref: str) -> None:
        _pause(self.latency_ms)
        if self.down:
            raise ProviderDown(self.name, "取消接口无响应")
