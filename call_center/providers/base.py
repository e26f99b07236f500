"""What the centre needs from outside platforms, and how they fail.

Real district platforms differ (seed 000 §四 asks for standards to be built), so the centre
speaks to them only through these interfaces. Every call may raise :class:`ProviderDown`;
the centre then writes nothing and answers 503 ``provider_unavailable``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class ProviderError(Exception):
    """Base of every provider failure; ``provider`` names the platform."""

    def __init__(self, provider: str, detail: str = ""):
        super().__init__(f"{provider}: {detail}" if detail else provider)
        self.provider = provider
        self.detail = detail


class ProviderDown(ProviderError):
    """The platform did not answer (timeout, 5xx, maintenance)."""


class SlotFull(ProviderError):
    """The registration platform has no number left in that slot."""


class NoCarAvailable(ProviderError):
    """The ride platform found no car for that time and place."""


class NoVehicleAvailable(ProviderError):
    """The transfer platform has no car of that kind free at that time."""


class NoEscortAvailable(ProviderError):
    """The escort platform has no companion free at that time (or not that soon)."""


@dataclass(frozen=True)
class SlotBooking:
    """What a registration platform needs: the slot and the patient (health-cloud style)."""

    slot_id: str
    hospital_name: str
    department_name: str
    doctor_name: str
    start: datetime
    capacity: int
    booked: int
    patient_name: str
    patient_id_number: str
    patient_phone: str


@dataclass(frozen=True)
class Booking:
    provider: str
    booking_ref: str
    queue_number: int


class RegistrationPlatform(Protocol):
    name: str

    def book(self, booking: SlotBooking) -> Booking: ...

    def cancel(self, booking_ref: str) -> None: ...


@dataclass(frozen=True)
class RideOrder:
    pickup_address: str
    destination_address: str
    pickup_time: datetime | None  # None = now
    passengers: int
    phone: str
    passenger_name: str
    reference: str  # the centre's request id, for the platform's own idempotency


@dataclass(frozen=True)
class Ride:
    provider: str
    booking_ref: str
    plate: str
    car: str
    driver_name: str
    driver_phone: str
    eta_minutes: int


class RidePlatform(Protocol):
    name: str

    def order(self, order: RideOrder) -> Ride: ...

    def cancel(self, booking_ref: str) -> None: ...


@dataclass(frozen=True)
class EscortOrder:
    """What an escort (陪诊) platform needs: the patient, the hospital, when to meet and where."""

    patient_name: str
    patient_phone: str
    hospital_name: str
    hospital_address: str
    visit_time: datetime
    meet_time: datetime
    meet_address: str
    reference: str  # the centre's request id, for the platform's own idempotency


@dataclass(frozen=True)
class Escort:
    provider: str
    booking_ref: str
    companion_name: str
    companion_phone: str


class EscortPlatform(Protocol):
    name: str

    def order(self, order: EscortOrder) -> Escort: ...

    def cancel(self, booking_ref: str) -> None: ...


@dataclass(frozen=True)
class TransferOrder:
    """What a transfer platform (962120-like) needs: who, how they travel, from where to where."""

    patient_name: str
    patient_phone: str
    mobility: str  # seated | wheelchair | stretcher
    pickup_time: datetime
    pickup_address: str
    destination_address: str
    reference: str  # the centre's request id, for the platform's own idempotency


@dataclass(frozen=True)
class Transfer:
    provider: str
    booking_ref: str
    plate: str
    vehicle: str
    crew_phone: str


class TransferPlatform(Protocol):
    name: str

    def order(self, order: TransferOrder) -> Transfer: ...

    def cancel(self, booking_ref: str) -> None: ...
