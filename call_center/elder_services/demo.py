"""The demo's 养老服务一件事: 王秀英's joint application part-way through, so ``./onekey demo``
shows every part's own status on her TV's 我的服务 (评估 done, 补贴 and 入住 at their desks) and
work waiting at the console's 一件事 desks. Only the demo command seeds it (the tests' demo
data stays without it); seeding twice changes nothing."""
from __future__ import annotations

from sqlalchemy import select

from .. import lifecycle
from ..clock import now
from ..db import Database
from ..models import Elder, ServiceRequest
from ..models.ids import new_id
from ..schemas.service_requests import ElderServicesForm
from . import joint


def seed_showcase(database: Database, elder_id: str) -> str | None:
    """File hers (as her daughter would, from the phone) and record the assessor's grade 3."""
    with database.writing() as db:
        if db.scalars(select(ServiceRequest.id).where(ServiceRequest.elder_id == elder_id,
                                                      ServiceRequest.service == "elder_services")).first():
            return None
        elder = db.get(Elder, elder_id)
        form = ElderServicesForm(parts="all", hukou_shanghai="true", hardship="unknown", phone="profile")
        moment = now()
        req = ServiceRequest(id=new_id("req"), elder_id=elder_id, service="elder_services", mode="self",
                             channel="miniprogram", status="submitted", form=form.model_dump(mode="json"),
                             created_by="system:demo", created_at=moment, updated_at=moment)
        lifecycle.start(req, "system:demo")
        db.add(req)
        joint.apply(db, req, elder, form, "system:demo")  # type: ignore[arg-type]
        db.flush()
        joint.record_grade(db, req.id, 3, "agent:demo-assessor")
        db.commit()
        return req.id
