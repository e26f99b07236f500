"""The one place a service's :class:`~.handling.Handling` is listed, by the service's name.

The services the centre takes are the contract's ``Service`` enum; one with handling of its
own (a provider books it, a desk works it, a check before it is filed) is listed here, the rest
are call-backs about a topic an agent answers and need only their words in ``PLAIN``. Intake,
the console and the OpenAPI document read every per-service table from here.
"""
from __future__ import annotations

from typing import get_args

from pydantic import BaseModel

from ..device_applications import applications
from ..elder_services import joint
from ..schemas.service_requests import Service
from . import consultations, escorts, refills, registration, rides, special_vehicles, transfers
from .handling import Handling
from ..message_words import N_

REGISTRY: dict[str, Handling] = {handling.service: handling for handling in (
    registration.HANDLING, rides.HANDLING, consultations.HANDLING, escorts.HANDLING,
    transfers.HANDLING, refills.HANDLING, special_vehicles.HANDLING, applications.HANDLING,
    joint.HANDLING)}
# 找人工 from any screen (the channels' help): an agent calls back, nothing else happens.
PLAIN: dict[str, Handling] = {"help": Handling("help", N_("求助"))}
SERVICES: tuple[str, ...] = get_args(Service)


def handling_of(service: str) -> Handling:
    """Looked up on every call, so a handling registered later (a test's) is found too."""
    return REGISTRY.get(service) or PLAIN[service]


# Tables for the console's labels and the OpenAPI document, in the contract's order.
SERVICE_WORDS: dict[str, str] = {name: handling_of(name).words for name in SERVICES}
FORMS: dict[str, type[BaseModel]] = {name: handling_of(name).form for name in SERVICES}
BOOKED_BY_PROVIDER = frozenset(name for name in SERVICES if handling_of(name).books_by_provider)
OWN_DESK: dict[str, str] = {name: handling_of(name).desk_words for name in SERVICES
                            if handling_of(name).fulfilled_by == "desk"}
