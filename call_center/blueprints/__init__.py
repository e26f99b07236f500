"""One blueprint per concern, all under /v1. A new concern (e.g. alarms) adds its module
here and one line to :data:`BLUEPRINTS`."""
from __future__ import annotations

from apiflask import APIFlask

from . import catalog, elders, messages, pairings, service_requests, system
from . import alarms, checkins, events, grants, volunteers
from . import contacts, devices, family, patrols, policies, satisfaction

BLUEPRINTS = (system.bp, elders.bp, catalog.bp, service_requests.bp, messages.bp, pairings.bp)
BLUEPRINTS += (alarms.bp, events.bp, checkins.bp, grants.bp, volunteers.bp)
BLUEPRINTS += (family.bp, contacts.bp, policies.bp, devices.bp, satisfaction.bp, patrols.bp)


def register(app: APIFlask) -> None:
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
