"""The ``miniprogram`` channel's screens: the flow engine through the kit's JSON entry.

Sessions are kept in the back end's database (any gunicorn worker continues any screen),
keyed by an unguessable id *and* the login that started them: another member's key is an
unknown session. The engine runs as everywhere else; what differs for a family member acting
for a parent is only how two intents reach the centre (:func:`family_intents`).
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from accessibility.hosts import abilities_for
from shared_ui.client import CenterClient, CenterError
from shared_ui.flow import FlowEngine
from shared_ui.flow.events import Answer
from shared_ui.flow.json_entry import JsonFlow
from shared_ui.flow.runner import run_intent
from shared_ui.flow.screens import Intent
from shared_ui.spec.loader import load_spec

from .db import Database, utcnow
from .models import FlowSession

if TYPE_CHECKING:
    from .family_sos import FamilySos

CHANNEL = "miniprogram"
LOCALES = ("zh_CN", "en")


@lru_cache(maxsize=len(LOCALES))
def engine_for(locale: str) -> FlowEngine:
    return FlowEngine(load_spec(), CHANNEL, locale=locale, abilities=abilities_for(CHANNEL))


class LoginSessionStore:
    """The JSON entry's store, in our database and scoped to one login."""

    def __init__(self, database: Database, login_id: str):
        self.database = database
        self.login_id = login_id

    def get(self, key: str) -> dict[str, Any] | None:
        with self.database.session(write=False) as db:
            row = db.scalar(select(FlowSession).where(FlowSession.key == key,
                                                      FlowSession.login_id == self.login_id))
            return dict(row.data) if row is not None else None

    def put(self, key: str, data: dict[str, Any]) -> None:
        with self.database.session() as db:
            row = db.get(FlowSession, key)
            if row is None:
                db.add(FlowSession(key=key, login_id=self.login_id, data=data, updated_at=utcnow()))
            elif row.login_id == self.login_id:
                row.data, row.updated_at = data, utcnow()

    def delete(self, key: str) -> None:
        with self.database.session() as db:
            db.execute(delete(FlowSession).where(FlowSession.key == key,
                                                 FlowSession.login_id == self.login_id))


def family_intents(client: CenterClient, intent: Intent) -> Answer:
    """Intents as a family member's phone runs them. Reading the parent's messages here does
    not mark them heard (the TV does that when the elder hears them); 我没事 on the family's
    emergency screen is the family's 他没事, which the centre records as theirs."""
    if intent.op == "ack_message":
        return Answer(intent.id, True, {"id": intent.args.get("message_id"), "read_at": None})
    if intent.op == "cancel_alarm":
        alarm_id = intent.args["alarm_id"]
        try:
            client.answer_alarm(alarm_id, "ok", idempotency_key=intent.idempotency_key)
            return Answer(intent.id, True, client.get_alarm(alarm_id))
        except CenterError as exc:
            return Answer(intent.id, False, error={"code": exc.code, "message": exc.message,
                                                   "status": exc.status, "fields": exc.fields})
    return run_intent(client, intent)


def json_flow(database: Database, login_id: str, centre: CenterClient, locale: str,
              sos: "FamilySos") -> JsonFlow:
    """A member's screens; an SOS for a parent is kept until the centre has it (:mod:`.family_sos`)."""
    return JsonFlow(engine_for(locale), lambda _session: centre, LoginSessionStore(database, login_id),
                    intent_runner=sos.runner(login_id, family_intents))
