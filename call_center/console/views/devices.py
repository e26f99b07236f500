"""自助机: the stations' kiosks, bound or not, and unbinding one taken from its station (moved,
broken). A household's TV boxes are on the elder's page (views/elders.py); both unbind through
``call_center/devices.py`` and are audited."""
from __future__ import annotations

from typing import Any

from flask import abort, render_template

from ... import devices
from ...clock import now
from ...models import Device
from ...unit_of_work import session as db_session
from .. import audit, logins, people
from ..blueprint import bp
from ..forms import UnbindDeviceForm


def _page(status: int = 200, done: str = "", unbind_error: tuple[str, str] | None = None) -> tuple[str, int]:
    kiosks = devices.listed(db_session(), kind="kiosk", limit=500)
    return render_template(
        "console/kiosks.html", kiosks=kiosks, done=done, unbind_error=unbind_error,
        unbinders=people.agent_names(db_session(), [d.unbound_by for d in kiosks if d.unbound_by])), status


@bp.get("/kiosks")
def kiosks() -> Any:
    return _page()


@bp.post("/kiosks/<device_id>/unbind")
def kiosk_unbind(device_id: str) -> Any:
    """A kiosk taken from its station: its token dies at once, the person at it (if any) loses
    the grant, its volunteer is signed out; it shows that it is not bound."""
    device = db_session().get(Device, device_id)
    if device is None or device.kind != "kiosk":
        abort(404)
    form = UnbindDeviceForm()
    if not form.validate_on_submit():
        return _page(422, unbind_error=(device.id, (form.note.errors or [""])[0]))
    done = devices.unbind(db_session(), device, logins.current().caller.actor, form.note.data.strip(), now())
    if not done.changed:
        return _page(done=f"{device.name}已经解绑过了。")
    audit.record("unbind_device", "device", device.id, devices.words(device))
    return _page(done=f"已解绑：{device.name}（{device.station or ''}）。它马上停止服务，显示没有绑定。")
