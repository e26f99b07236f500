"""What the centre needs from outside platforms, and how they fail.

Real district platforms differ (seed 000 §四 asks for standards to be built), so the centre
speaks to them only through these interfaces. Every call may raise :class:`ProviderDown`;
the centre then writes nothing and answers 503 ``provider_unavailable``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol


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
class TripEnd:
    """What a trip platform says of a booked trip: ``"done"`` (ended at ``at``: she was taken, the
    companion went home), ``"booked"`` (not over yet), or ``"unknown"`` (the platform cannot say:
    an agent finds out)."""
    state: str
    at: datetime | None = None


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

    # Whether the trip is over, asked once it should be (call_center/fulfilment/trip_ends.py).
    def trip(self, booking_ref: str) -> TripEnd: ...


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

    # Whether the trip is over, asked once it should be (call_center/fulfilment/trip_ends.py).
    def trip(self, booking_ref: str) -> TripEnd: ...


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

    # Whether the trip is over, asked once it should be (call_center/fulfilment/trip_ends.py).
    def trip(self, booking_ref: str) -> TripEnd: ...


@dataclass(frozen=True)
class SpecialVehicleOrder:
    """What a special-vehicle operator (上下楼接送, 无障碍福祉车) needs: who, how she travels (the
    kind of car), whether staff carry her down and up the stairs, the window she asked for, from
    where to where, and how many ride along."""

    passenger_name: str
    passenger_phone: str
    mobility: str  # seated | wheelchair | stretcher
    carry: bool  # 上下楼接送: staff with a stair-climbing chair take her down and up again
    window_start: datetime
    window_end: datetime
    pickup_address: str
    destination_address: str
    companions: int
    reference: str  # the centre's request id, for the operator's own idempotency


@dataclass(frozen=True)
class SpecialVehicleTrip:
    """The operator's answer: its car and driver, the half hour it comes within (inside the
    window asked for), and its fare for the trip from its own price list — what the elder pays
    the operator on the day (``fare_basis`` says which line of the list)."""

    provider: str
    booking_ref: str
    vehicle: str
    plate: str
    driver_name: str
    driver_phone: str
    pickup_from: datetime
    pickup_until: datetime
    fare_yuan: float
    fare_basis: str
    stair_aid: str = ""  # the stair-climbing aid its staff bring, when carrying was asked for


class SpecialVehiclePlatform(Protocol):
    name: str

    def order(self, order: SpecialVehicleOrder) -> SpecialVehicleTrip: ...

    def cancel(self, booking_ref: str) -> None: ...

    # Whether the trip is over, asked once it should be (call_center/fulfilment/trip_ends.py).
    def trip(self, booking_ref: str) -> TripEnd: ...


@dataclass(frozen=True)
class RenewalOrder:
    """What an internet hospital needs to renew a standing prescription (续方, a 复诊 online of
    the last visit in person): the patient, the medicine as prescribed, where it was prescribed."""

    patient_name: str
    patient_phone: str
    medicine: str
    strength: str
    dosage: str
    quantity: str
    condition: str
    hospital_name: str
    department: str
    last_visit: date
    reference: str  # the centre's request id, for the platform's own idempotency


@dataclass(frozen=True)
class RenewalTicket:
    provider: str
    ticket_ref: str


@dataclass(frozen=True)
class RenewalDecision:
    """A doctor's answer: ``reviewing`` (nobody has decided yet), ``renewed`` (with the new
    prescription's number), ``visit`` (come to hospital first) or ``call`` (the doctor phones
    the patient first). ``note``: the doctor's words for the patient."""

    outcome: Literal["reviewing", "renewed", "visit", "call"]
    doctor: str = ""
    note: str = ""
    prescription_no: str = ""
    pharmacy: str = ""  # where the renewed medicine is handed to the courier
    pharmacy_address: str = ""


class RenewalPlatform(Protocol):
    name: str

    def submit(self, order: RenewalOrder) -> RenewalTicket: ...

    def decision(self, ticket_ref: str) -> RenewalDecision: ...

    def cancel(self, ticket_ref: str) -> None: ...


@dataclass(frozen=True)
class DeliveryOrder:
    """A parcel of medicine from the internet hospital's pharmacy to the patient's door."""

    recipient_name: str
    recipient_phone: str
    address: str
    sender: str
    sender_address: str
    contents: str
    reference: str


@dataclass(frozen=True)
class Shipment:
    provider: str
    tracking_no: str
    expected_at: datetime


@dataclass(frozen=True)
class Tracking:
    state: Literal["in_transit", "delivered"]
    at: datetime | None = None  # when it was delivered


class CourierPlatform(Protocol):
    name: str

    def dispatch(self, order: DeliveryOrder) -> Shipment: ...

    def track(self, tracking_no: str) -> Tracking: ...

    def cancel(self, tracking_no: str) -> None: ...
