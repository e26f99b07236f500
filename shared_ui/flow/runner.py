"""Run the engine's intents through the central-API client and report the answers back.

:func:`run_intent` is the one place an intent becomes an HTTP call; Kivy hosts call it on a
worker thread, :class:`FlowRunner` calls it inline (tests, the JSON entry, the terminal).
An answer goes back through ``FlowEngine.resolve`` — never as a user event.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from ..client import CenterClient, CenterError
from ..outbox import client_sender
from .engine import FlowEngine
from .events import Answer, Event
from .screens import Intent, Step
from .session import Session

if TYPE_CHECKING:
    from ..outbox import Outbox

IntentRunner = Callable[[CenterClient, Intent], Answer]


def _call(client: CenterClient, intent: Intent) -> Any:
    client = client.with_grant(intent.grant)  # a kiosk acts for its session's elder only with it
    a, key = intent.args, intent.idempotency_key
    op = intent.op
    if op == "hospitals":
        return [h.as_dict() for h in client.hospitals()]
    if op == "departments":
        return [d.as_dict() for d in client.departments(a["hospital_id"])]
    if op == "slots":
        return [s.as_dict() for s in client.slots(a["hospital_id"], a["department_id"])]
    if op == "requests":
        return [r.as_dict() for r in client.requests_for(a["elder_id"], status=a.get("status"),
                                                          service=a.get("service"))]
    if op == "precheck":
        return client.precheck(a["elder_id"], a["service"])
    if op == "policies":
        return client.policies(a["elder_id"])
    if op == "nearby":
        return client.nearby(a["elder_id"], a["kind"])
    if op == "create_request":
        return client.create_request(a["elder_id"], a["service"], a["form"], mode=a.get("mode", "self"),
                                     channel=a.get("channel", "tv"), assisted_by=a.get("assisted_by"),
                                     idempotency_key=key, labels=a.get("labels")).as_dict()
    if op == "cancel_request":
        return client.cancel_request(a["request_id"], idempotency_key=key, also=a.get("also")).as_dict()
    if op == "file_complaint":
        return client.file_complaint(a["request_id"], a.get("reasons") or [], bool(a.get("call_back")),
                                     idempotency_key=key)
    if op == "send_to_family":
        return client.send_slip_to_family(a["request_id"], idempotency_key=key)
    if op == "messages":
        return [m.as_dict() for m in client.messages(a["elder_id"], due=True)]
    if op == "ack_message":
        return client.ack_message(a["message_id"], idempotency_key=key).as_dict()
    if op == "answer_message":
        return client.answer_message(a["message_id"], a["answer"], idempotency_key=key)
    if op == "check_in":
        return client.check_in(a["elder_id"], idempotency_key=key)
    if op == "raise_alarm":
        return client.raise_alarm(a["elder_id"], channel=a["channel"], idempotency_key=key)
    if op == "cancel_alarm":
        return client.cancel_alarm(a["alarm_id"], idempotency_key=key)
    if op == "withdraw_alarm":  # nothing is kept here (no outbox): nothing to take back
        return {"withdrawn": True}
    if op == "queued_alarm":  # nothing keeps a press here: it did not go
        raise CenterError("not_kept", "", status=0)
    if op == "update_preferences":
        return client.update_preferences(a["elder_id"], idempotency_key=key, **a["preferences"]).as_dict()
    if op == "identify_elder":
        return client.identify_elder(a["id_number"], a["phone_tail"])
    if op == "volunteer_sign_in":
        return client.volunteer_sign_in(a["pin"])
    if op == "end_shift":
        return client.end_shift(a["shift_id"], idempotency_key=key)
    if op == "end_grant":
        return client.end_grant(a["grant_id"], a.get("reason", "sign_out"), idempotency_key=key)
    raise ValueError(f"unknown intent op {op!r}")


def run_intent(client: CenterClient, intent: Intent) -> Answer:
    """The answer to ``intent``; errors become values, never exceptions."""
    try:
        data = _call(client, intent)
    except CenterError as exc:
        error = {"code": exc.code, "message": exc.message, "status": exc.status, "fields": exc.fields}
        return Answer(intent.id, False, error=error)
    return Answer(intent.id, True, data)


# Writes that must never be lost: kept in the device outbox until the centre has them.
DURABLE_OPS = frozenset({"raise_alarm"})


def durable_intent_runner(outbox: "Outbox", nudge: Callable[[], None] | None = None,
                          fallback: IntentRunner = run_intent) -> IntentRunner:
    """Like ``fallback`` (:func:`run_intent`), but durable ops are stored first and retried in
    the background.

    An unreachable centre answers ``ok=False, error={"status": 0, "queued": True}`` so the
    screen can say "we keep trying; call 120" while the outbox worker delivers later.
    """

    def run(client: CenterClient, intent: Intent) -> Answer:
        send = client_sender(client)
        if intent.op == "withdraw_alarm":
            return _withdraw(client, intent)
        if intent.op == "queued_alarm":
            return _kept(intent)
        if intent.op not in DURABLE_OPS or not intent.idempotency_key:
            return fallback(client, intent)
        # The grant goes with the entry: a kiosk's alarm delivered after an outage is still
        # the identified elder's (the centre checks the grant was live at the press).
        args = {**intent.args, "grant": intent.grant} if intent.grant else intent.args
        outbox.put(intent.op, args, intent.idempotency_key)
        entry = outbox.get(intent.idempotency_key)
        try:  # sent as the outbox sends it: the press time is the entry's, however late it lands
            data = send(entry) if entry is not None else _call(client, intent)
        except CenterError as exc:
            outbox.settle(intent.idempotency_key, error=exc)
            queued = exc.unreachable or exc.status >= 500
            if queued and nudge:
                nudge()
            error = {"code": "queued" if queued else exc.code, "message": exc.message,
                     "status": 0 if queued else exc.status, "queued": queued}
            return Answer(intent.id, False, error=error)
        outbox.settle(intent.idempotency_key, response=data)
        return Answer(intent.id, True, data)

    def _withdraw(client: CenterClient, intent: Intent) -> Answer:
        """我没事 on an alarm kept in the outbox: taken back if it is still unsent; if the
        centre has it already, cancelled there (the outbox cancels one it sends meanwhile)."""
        entry = outbox.withdraw(intent.args["alarm_key"])
        alarm_id = (entry.response or {}).get("id") if entry is not None and \
            entry.state == "delivered" and isinstance(entry.response, dict) else None
        if alarm_id is None:
            return Answer(intent.id, True, {"withdrawn": True})
        return fallback(client, Intent(intent.id, "cancel_alarm", {"alarm_id": alarm_id},
                                       intent.idempotency_key, grant=intent.grant))

    def _kept(intent: Intent) -> Answer:
        """Where a press kept in the outbox stands, answered as its raise would have been:
        the centre's answer once it has it; still queued; or why it never will."""
        entry = outbox.get(intent.args["alarm_key"])
        if entry is not None and entry.state == "delivered":
            return Answer(intent.id, True, entry.response)
        if entry is not None and entry.state == "pending":
            return Answer(intent.id, False, error={"code": "queued", "message": "", "status": 0,
                                                   "queued": True})
        if entry is not None and entry.state == "rejected":
            code, _, message = (entry.last_error or "").partition(": ")
            return Answer(intent.id, False, error={"code": code, "message": message, "status": 400})
        return Answer(intent.id, False, error={"code": entry.state if entry else "not_kept",
                                               "message": "", "status": 0})

    return run


class FlowRunner:
    """Synchronous driver: one call per user input, intents run until the screen settles."""

    def __init__(self, engine: FlowEngine, client: CenterClient, elder: dict[str, Any] | None = None,
                 *, on_step: Callable[[Step], None] | None = None, intent_runner: IntentRunner = run_intent):
        self.engine = engine
        self.client = client
        self.on_step = on_step
        self.intent_runner = intent_runner
        self.session: Session | None = None
        self.step: Step | None = None
        if elder is not None:
            self.start(elder)

    def start(self, elder: dict[str, Any] | None, household: list[dict[str, Any]] | None = None) -> Step:
        self.session, step = self.engine.start(elder, household=household)
        return self.settle(step)

    def resume(self, session: Session) -> Step:
        self.session = session
        return self.settle(self.engine.current(session))

    def send(self, kind: str, value: Any = None) -> Step:
        assert self.session is not None, "start() first"
        return self.settle(self.engine.handle(self.session, Event(kind, value)))

    def offer(self, message: dict[str, Any]) -> Step:
        assert self.session is not None, "start() first"
        return self.settle(self.engine.offer(self.session, message))

    def settle(self, step: Step) -> Step:
        """Run ``step``'s intents (and those their answers bring) until the screen is still."""
        speech, wipe = step.speech, step.wipe
        if self.on_step:
            self.on_step(step)
        queue = list(step.intents)
        while queue:
            step = self.engine.resolve(self.session, self.intent_runner(self.client, queue.pop(0)))
            if self.on_step:
                self.on_step(step)
            queue.extend(step.intents)
            speech, wipe = step.speech or speech, wipe or step.wipe
        self.step = Step(step.screen, step.speech or speech, [], wipe=wipe)
        return self.step
