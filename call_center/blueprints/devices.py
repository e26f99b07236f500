"""Devices for agents: which are bound, and unbinding one (a TV box sold, broken or moved; a
kiosk taken from its station). The rule is ``call_center/devices.py``; a device, a family
member or the family's service may not unbind anything (403)."""
from __future__ import annotations

from apiflask import APIBlueprint

from .. import devices, present
from ..auth import current_caller, requires
from ..clock import now
from ..console import audit
from ..errors import ApiError
from ..models import Device
from ..schemas.access import DevicesQuery, DeviceStateOut, UnbindIn
from ..unit_of_work import session

bp = APIBlueprint("devices", __name__, url_prefix="/v1/devices", tag="Devices")


@bp.get("")
@requires("agent")
@bp.input(DevicesQuery, location="query", arg_name="query")
@bp.output(list[DeviceStateOut])
def list_devices(query: DevicesQuery) -> list[DeviceStateOut]:
    """A household's boxes or a station's kiosks (or every device), bound ones first."""
    found = devices.listed(session(), household_id=query.household_id, station=query.station,
                           kind=query.kind, bound=query.bound, limit=query.limit)
    return [present.device_state(d) for d in found]


@bp.post("/<device_id>/unbind")
@requires("agent")
@bp.input(UnbindIn, arg_name="body")
@bp.output(DeviceStateOut)
def unbind(device_id: str, body: UnbindIn) -> DeviceStateOut:
    """Its token is refused from the next call on (401) and a poll it has waiting ends at once;
    an alarm it raised escalates to the end. Unbinding an unbound device changes nothing."""
    db = session()
    device = db.get(Device, device_id)
    if device is None:
        raise ApiError("not_found", "没有找到这台设备。")
    caller = current_caller()
    done = devices.unbind(db, device, caller.actor, body.note.strip(), now())
    if done.changed:
        audit.record_caller(db, "unbind_device", caller.actor, "device", device.id, devices.words(device))
    return present.device_state(device)
