"""Provider adapters behind interfaces; :func:`build` picks them from the settings.

Consultation and help go to agents, not to a provider.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..config import Settings
from .base import (
    CourierPlatform,
    DeliveryOrder,
    RenewalDecision,
    RenewalOrder,
    RenewalPlatform,
    RenewalTicket,
    Shipment,
    Tracking,
    Booking,
    Escort,
    EscortOrder,
    EscortPlatform,
    NoCarAvailable,
    NoEscortAvailable,
    NoVehicleAvailable,
    ProviderDown,
    ProviderError,
    RegistrationPlatform,
    Ride,
    RideOrder,
    RidePlatform,
    SlotBooking,
    SlotFull,
    SpecialVehicleOrder,
    SpecialVehiclePlatform,
    SpecialVehicleTrip,
    Transfer,
    TransferOrder,
    TransferPlatform,
)
from .simulated import (SimulatedCourier, SimulatedEscort, SimulatedRegistration, SimulatedRenewal, SimulatedRide,
                        SimulatedSpecialVehicle, SimulatedTransfer)

__all__ = [
    "Booking", "Escort", "EscortOrder", "EscortPlatform", "NoCarAvailable", "NoEscortAvailable",
    "NoVehicleAvailable", "ProviderDown", "ProviderError", "Providers", "RegistrationPlatform", "Ride",
    "RideOrder", "RidePlatform", "SlotBooking", "SlotFull", "SpecialVehicleOrder", "SpecialVehiclePlatform",
    "SpecialVehicleTrip", "Transfer", "TransferOrder", "TransferPlatform",
    "CourierPlatform", "DeliveryOrder", "RenewalDecision", "RenewalOrder", "RenewalPlatform", "RenewalTicket",
    "Shipment", "Tracking", "build",
]


@dataclass
class Providers:
    registration: RegistrationPlatform
    # Tried in order: 申程出行 first, then another platform when it has no car
    # (seed 000 §三(一)2(2)②: 呼叫中心联系其他互联网网约车平台).
    rides: list[RidePlatform]
    # 陪诊 (seed 000 §三(二)1(2)): the platform that sends a companion for a hospital visit.
    escort: EscortPlatform = field(default_factory=SimulatedEscort)
    # 康复出院用车 (seed 000 §三(二)2(3)): 962120's transfer cars first, then another platform.
    transfers: list[TransferPlatform] = field(default_factory=lambda: [SimulatedTransfer()])
    # 慢病续方配药 (seed 000 §三(二)1(1)): the internet hospital renews, a courier delivers.
    renewal: RenewalPlatform = field(default_factory=SimulatedRenewal)
    courier: CourierPlatform = field(default_factory=SimulatedCourier)
    # 特殊用车 (seed 000 §三(二)2(4)): 上下楼接送 and 无障碍福祉车 operators, tried in order.
    special_vehicles: list[SpecialVehiclePlatform] = field(default_factory=lambda: [SimulatedSpecialVehicle()])

    def special_vehicle(self, name: str) -> SpecialVehiclePlatform | None:
        return next((p for p in self.special_vehicles if p.name == name), None)

    def transfer(self, name: str) -> TransferPlatform | None:
        return next((p for p in self.transfers if p.name == name), None)

    def ride(self, name: str) -> RidePlatform | None:
        return next((p for p in self.rides if p.name == name), None)


def build(settings: Settings) -> Providers:
    """The embedded default: simulated platforms configured by ``ONEKEY_SIM_*``."""
    latency = settings.sim_latency_ms
    return Providers(
        registration=SimulatedRegistration(latency_ms=latency, down=settings.sim_registration_down),
        rides=[
            SimulatedRide(name="申程出行", prefix="SCX", latency_ms=latency,
                          down=settings.sim_ride_down,
                          no_car=settings.sim_ride_no_car in {"primary", "all"}),
            SimulatedRide(name="享道出行", prefix="XD", latency_ms=latency,
                          down=settings.sim_ride_down,
                          no_car=settings.sim_ride_no_car == "all"),
        ],
        escort=SimulatedEscort(latency_ms=latency, down=settings.sim_escort_down,
                               none_free=settings.sim_escort_none),
        transfers=[
            SimulatedTransfer(name="962120", prefix="ZY", latency_ms=latency, down=settings.sim_transfer_down,
                              no_vehicle=settings.sim_transfer_no_vehicle in {"primary", "all"}),
            SimulatedTransfer(name="安康转运", prefix="AK", latency_ms=latency, down=settings.sim_transfer_down,
                              no_vehicle=settings.sim_transfer_no_vehicle == "all"),
        ],
        renewal=SimulatedRenewal(latency_ms=latency, down=settings.sim_renewal_down,
                                 doctor=settings.sim_renewal_doctor, review_s=settings.sim_renewal_review_s),
        courier=SimulatedCourier(latency_ms=latency, down=settings.sim_courier_down,
                                 delivery_s=settings.sim_delivery_s),
        special_vehicles=[
            SimulatedSpecialVehicle(name="申城福祉车", prefix="FZ", latency_ms=latency,
                                    down=settings.sim_special_vehicle_down,
                                    no_vehicle=settings.sim_special_vehicle_none in {"primary", "all"}),
            SimulatedSpecialVehicle(name="助行无障碍出行", prefix="ZX", latency_ms=latency,
                                    down=settings.sim_special_vehicle_down,
                                    no_vehicle=settings.sim_special_vehicle_none == "all"),
        ],
    )
