"""ORM models, one module per resource; importing this package registers every table."""
from ..db import Base
from .access import Agent, Device, KioskGrant, Pairing
from .catalog import Department, Hospital, Slot
from .device_applications import DeviceApplication
from .elders import Contact, Elder, Household
from .idempotency import IdempotencyRecord
from .joint_applications import JointApplication, JointPart
from .messages import Message
from .policies import Policy, PolicyOffer
from .prescriptions import Prescription
from .resources import Resource
from .satisfaction import Complaint, ReturnVisit
from .service_requests import RequestEvent, ServiceRequest
from .volunteers import Volunteer, VolunteerShift

__all__ = [
    "Base", "Agent", "Complaint", "ReturnVisit", "Device", "DeviceApplication", "KioskGrant", "Pairing", "Department", "Hospital", "Slot", "Contact", "Elder",
    "Household", "IdempotencyRecord", "JointApplication", "JointPart", "Message", "Policy", "PolicyOffer", "Prescription", "RequestEvent", "Resource", "ServiceRequest", "Volunteer", "VolunteerShift",
]
from . import console as _console  # noqa: E402,F401  console tables (Alembic autogenerate)
from . import sealing as _sealing  # noqa: E402,F401  the key fingerprint
from . import alarms as _alarms, care as _care, device_events as _device_events  # noqa: E402,F401  alarm desk tables
from . import family as _family  # noqa: E402,F401  family accounts and bindings (亲友代办)
from . import patrols as _patrols  # noqa: E402,F401  patrol visits (巡视探访)
from . import rate_hits as _rate_hits  # noqa: E402,F401  rate-limit counters every process shares
from . import periodic_runs as _periodic_runs  # noqa: E402,F401  a sweep's turn, claimed once
