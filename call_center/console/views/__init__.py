"""Console pages, one module per concern; importing this package registers every route."""
from . import alarms, audit_log, devices, elders, family, policies, queue_page, requests, signin  # noqa: F401
