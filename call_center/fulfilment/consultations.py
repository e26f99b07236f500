"""咨询: a call-back, about a policy (政策查询's 想办理) or a place near her (身边服务) when the
form names one. Either is checked before anything is written; the request then carries what the
elder was shown of it, and a policy asked about is never pushed to her again."""
from __future__ import annotations

from ..errors import ApiError
from ..models import Policy, Resource
from ..policies import nearby, offers
from ..schemas.service_requests import TopicForm
from . import notices
from .handling import Filing, Handling
from .. import message_words as mw
from ..message_words import N_

WORDS = N_("咨询")


def check(filing: Filing) -> tuple[Policy | None, Resource | None]:
    """404 for a policy no longer offered or a place not in the catalogue; the topic says which."""
    policy = place = None
    if filing.data.get("policy_id"):
        policy = filing.db.get(Policy, filing.data["policy_id"])
        if policy is None or not policy.active:
            raise ApiError("not_found", "没有找到这项政策。", fields={"form.policy_id": "没有这项政策。"})
        filing.data = {**filing.data, "topic": filing.data.get("topic") or "policy"}
    if filing.data.get("resource_id"):
        place = filing.db.get(Resource, filing.data["resource_id"])
        if place is None:
            raise ApiError("not_found", "没有找到这个地方。", fields={"form.resource_id": "没有这个地方。"})
        filing.data = {**filing.data, "topic": filing.data.get("topic") or "nearby"}
    return policy, place


def book(filing: Filing) -> None:
    """The elder is told who calls her about what; a policy asked about is answered."""
    req, elder, actor = filing.request, filing.elder, filing.actor
    assert req is not None
    policy, place = filing.found if filing.checked else check(filing)
    if policy is not None:
        req.result = offers.about(policy)
        offers.applied(filing.db, elder, policy.id, req, actor, req.created_at)
        # A policy's and a place's names are the catalogue's data, as written in every language.
        notices.status_message(filing.db, req, elder, mw.said(N_("{matter}已登记"), matter=mw.as_written(policy.title)),
                               mw.said(N_("您想办理{policy}，养老顾问会打电话给您。"), policy=mw.as_written(policy.title)),
                               actor)
    elif place is not None:
        req.result = nearby.about(place)
        notices.status_message(filing.db, req, elder, mw.said(N_("{matter}已登记"), matter=mw.as_written(place.name)),
                               mw.said(N_("您想去{place}，养老顾问会打电话帮您联系。"), place=mw.as_written(place.name)),
                               actor)
    else:
        notices.filed(filing.db, req, elder, WORDS, actor)


HANDLING = Handling("consultation", WORDS, TopicForm, check=check, book=book)
