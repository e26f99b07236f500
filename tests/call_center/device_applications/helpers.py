"""An application's body and the desk's steps, as the centre's own tests use them."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from call_center.clock import now
from call_center.device_applications import applications


def application_body(demo: Any, elder_key: str = "zhang", **form: Any) -> dict[str, Any]:
    base = {"package": "A", "hukou_shanghai": "true", "living_alone": "false", "hardship": "none",
            "phone": "profile"}
    base.update(form)
    return {"elder_id": demo.elders[elder_key], "service": "device_application", "form": base}


def desk(app: Any, step: str, request_id: str, *args: Any) -> None:
    """The street office or the installer, as the console does it: one transaction a step."""
    with app.extensions["onekey"].db.writing() as db:
        getattr(applications, step)(db, request_id, *args)
        db.commit()


def tomorrow() -> Any:
    return now() + timedelta(days=1)
