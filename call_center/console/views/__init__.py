"""Console pages, one module per concern; importing this package registers every route."""
from . import (  # noqa: F401
    alarms, audit_log, device_applications, devices, elder_services, elders, enrolment, family,
    patrols, policies, queue_page, requests, satisfaction, signin)
