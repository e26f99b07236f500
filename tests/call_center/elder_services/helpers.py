"""A joint application's body and the desks' steps, as the centre's own tests use them."""
from __future__ import annotations

from typing import Any

from call_center.elder_services import joint


def joint_body(demo: Any, elder_key: str = "wang", **form: Any) -> dict[str, Any]:
    base = {"parts": "all", "hukou_shanghai": "true", "hardship": "unknown", "phone": "profile"}
    base.update(form)
    return {"elder_id": demo.elders[elder_key], "service": "elder_services", "form": base}


def desk(app: Any, step: str, request_id: str, *args: Any) -> None:
    """A desk, as the console does it: one transaction a step."""
    with app.extensions["onekey"].db.writing() as db:
        getattr(joint, step)(db, request_id, *args)
        db.commit()
