"""Typed client of the central one-key API (`/v1`, docs/central-api.md).

Every front end reaches the centre only through this class. Reads retry with backoff; writes
retry too, because every write carries an ``Idempotency-Key`` generated once per user action, so
a retry can never book twice. Failures become :class:`CenterError` values whose ``message`` is a
short sentence an elder can hear.
"""
from __future__ import annotations

import copy
from datetime import datetime, timezone
import uuid
from typing import Any
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from personal_data.names import PEOPLE

from .client_models import (
    Elder,
    Hospital,
    Department,
    Message,
    ServiceRequest,
    Slot,
)

DEFAULT_HOTLINE = "12345"
GRANT_HEADER = "Onekey-Grant"  # a kiosk's grant for the elder identified there
NETWORK_MESSAGE = "网络不通，请稍后再试，或拨打热线{hotline}。"
SERVER_MESSAGE = "服务暂时出了点问题，请稍后再试，或拨打热线{hotline}。"
NOT_FOUND_MESSAGE = "没有找到您要的内容。"


class CenterError(Exception):
    """A failed call: machine ``code``, speakable Chinese ``message``, HTTP ``status`` (0 = no answer)."""

    def __init__(self, code: str, message: str, status: int = 0, fields: dict | None = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.fields = fields or {}

    @property
    def unreachable(self) -> bool:
        """True when the centre never answered (network down, timeout): worth queueing."""
        return self.status == 0


def _body(resp: requests.Response) -> Any:
    if resp.status_code == 204 or not resp.content:
        return None
    return _told(resp.json())


def _told(data: Any) -> Any:
    """Every answer of the centre passes here: the people it names (her, her contacts, a driver,
    a visitor, those a message's words name) are kept, so no line of any screen, slip or page
    breaks inside a name (``accessibility.line_breaks``; ``personal_data.names.people_in``)."""
    PEOPLE.keep_from(data)
    return data


class CenterRetry(Retry):
    """Retry-After is honoured for a 503 only. A 429 is said at once ("操作太频繁了，请稍后再
    试"): a limit's window can be an hour, and nobody waits an hour at a kiosk."""

    RETRY_AFTER_STATUS_CODES = frozenset({503})


# An alarm's try waits this long, once, before the screen says 暂时连不上 and gives the numbers
# to call (a user trial froze the centre: the TV said 正在呼叫 for a minute, four tries of 15 s);
# the device's outbox keeps trying in the background with the same key, so nothing is lost.
URGENT_TIMEOUT = (3.05, 5.0)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def quoted_path(path: str) -> str | None:
    """``path`` with every segment percent-quoted, so an id someone typed (``x?y``, ``a#b``)
    stays one segment of this route instead of cutting the URL short and calling another
    route (the mini-program's back end once answered 405 so). None when a segment is only
    dots: requests would fold ``..`` away, and such an id names nothing."""
    segments = path.split("/")
    if any(s and not s.strip(".") for s in segments):
        return None
    return "/".join(quote(s, safe="") for s in segments)


class CenterClient:
    """One instance per device/session; thread-safe for concurrent reads like requests.Session.

    A kiosk acts for the elder identified in front of it only with that elder's grant
    (docs/central-api.md §Kiosk grants): :meth:`identify_elder` returns it, and
    ``client.with_grant(grant["token"])`` is a client sending it on every call (sharing the
    connection pool). :meth:`end_grant` ends it at sign-out or the idle wipe.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: tuple[float, float] = (3.05, 15.0),
        urgent_timeout: tuple[float, float] = URGENT_TIMEOUT,
        retries: int = 3,
        backoff: float = 0.3,
        hotline: str = DEFAULT_HOTLINE,
    ):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.grant: str | None = None
        self.timeout = timeout
        self.urgent_timeout = urgent_timeout
        self.hotline = hotline
        retry = CenterRetry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff,
            status_forcelist=(502, 503, 504),
            # Writes are safe to retry: each carries an Idempotency-Key (see module doc).
            allowed_methods=frozenset({"GET", "POST", "PATCH", "PUT", "DELETE"}),
            raise_on_status=False,
            respect_retry_after_header=True,
        )
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=8)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        # Urgent calls (an alarm) are tried once here: whoever sends them retries (the outbox).
        self.urgent = requests.Session()
        once = HTTPAdapter(max_retries=0, pool_maxsize=2)
        self.urgent.mount("http://", once)
        self.urgent.mount("https://", once)

    # -- plumbing ---------------------------------------------------------------------------
    def _headers(self, idempotency_key: str | None, version: str | None = None) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.grant:
            headers[GRANT_HEADER] = self.grant
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        if version is not None:
            headers["If-Match"] = version
        return headers

    def request(self, method: str, path: str, *, json: Any = None, params: dict | None = None,
                idempotency_key: str | None = None, urgent: bool = False) -> Any:
        """``urgent``: tried once, answered within ``urgent_timeout`` or given up (an alarm)."""
        return self.exchange(method, path, json=json, params=params,
                             idempotency_key=idempotency_key, urgent=urgent)[1]

    def exchange(self, method: str, path: str, *, json: Any = None, params: dict | None = None,
                 idempotency_key: str | None = None, urgent: bool = False) -> tuple[int, Any]:
        """As :meth:`request`, with the answer's status: where 201 and 200 mean different things
        (a new binding, or the one already asked for)."""
        resp = self._send(method, path, json=json, params=params, idempotency_key=idempotency_key,
                          urgent=urgent)
        return resp.status_code, _body(resp)

    def versioned(self, method: str, path: str, *, json: Any = None, version: str | None = None,
                  idempotency_key: str | None = None) -> tuple[Any, str | None]:
        """A read or write of something several people edit: the answer and its version
        (``ETag``). A write names the version it was made from (``version``, sent as
        ``If-Match``); someone else's write since is :class:`CenterError` 412
        ``precondition_failed``, and nothing was changed (read it again)."""
        resp = self._send(method, path, json=json, idempotency_key=idempotency_key, version=version)
        return _body(resp), resp.headers.get("ETag")

    def _send(self, method: str, path: str, *, json: Any = None, params: dict | None = None,
              idempotency_key: str | None = None, version: str | None = None,
              urgent: bool = False) -> requests.Response:
        if method != "GET" and idempotency_key is None:
            idempotency_key = new_idempotency_key()
        sent = quoted_path(path)
        if sent is None:
            raise CenterError("not_found", NOT_FOUND_MESSAGE, 404)
        try:
            resp = (self.urgent if urgent else self.session).request(
                method, self.base_url + sent, json=json, params=params,
                headers=self._headers(idempotency_key, version),
                timeout=self.urgent_timeout if urgent else self.timeout,
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise CenterError("network", NETWORK_MESSAGE.format(hotline=self.hotline)) from exc
        except requests.RequestException as exc:
            raise CenterError("network", NETWORK_MESSAGE.format(hotline=self.hotline)) from exc
        if resp.status_code >= 400:
            raise self._error(resp)
        return resp

    def _error(self, resp: requests.Response) -> CenterError:
        try:
            err = resp.json().get("error") or {}
        except ValueError:
            err = {}
        message = err.get("message")
        if not message:
            message = (SERVER_MESSAGE if resp.status_code >= 500 else NETWORK_MESSAGE).format(
                hotline=self.hotline)
        return CenterError(err.get("code") or f"http_{resp.status_code}", message,
                           resp.status_code, err.get("fields"))

    # -- resources --------------------------------------------------------------------------
    def health(self) -> dict:
        return self.request("GET", "/v1/health")

    def me(self) -> dict:
        return self.request("GET", "/v1/me")

    def household(self, me: dict | None = None) -> list[Elder]:
        """Every elder this device serves, each with their own profile (the first is the one
        the device is bound to). ``me``: an answer of :meth:`me` already at hand."""
        return [self.elder(e["id"]) for e in ((me or self.me()).get("elders") or [])]

    def with_grant(self, grant_token: str | None) -> "CenterClient":
        """This client sending ``grant_token`` with every call (None: without a grant); the
        connection pool is shared, so one per call is cheap."""
        if grant_token == self.grant:
            return self
        other = copy.copy(self)
        other.grant = grant_token
        return other

    def identify_elder(self, id_number: str, phone_tail: str) -> dict:
        """A kiosk identifies the person in front of it: the whole ID number and the last four
        digits of the registered phone, sent in the body (never in a URL). Returns
        ``{"elder": profile, "grant": {id, token, expires_at, expires_in}}``; the kiosk's
        earlier grant ends. An agent gets ``grant`` None."""
        found = self.request("POST", "/v1/elders/lookup", json={"id_number": id_number, "phone_tail": phone_tail})
        return self._identified(found)

    def identify_by_request(self, request_id: str, phone_tail: str) -> dict:
        """The same by an earlier slip: the request its QR names (the kiosk verified the slip's
        signature) and the registered phone's last four digits."""
        found = self.request("POST", "/v1/elders/lookup-by-request",
                             json={"request_id": request_id, "phone_tail": phone_tail})
        return self._identified(found)

    def _identified(self, found: dict) -> dict:
        grant = found.get("grant")
        acting = self.with_grant(grant["token"]) if grant else self
        return {"elder": acting.elder(found["id"]).as_dict(), "grant": grant}

    def end_grant(self, grant_id: str, reason: str = "sign_out", idempotency_key: str | None = None) -> dict:
        """The person has gone (``sign_out`` or ``idle_wipe``): the kiosk acts for them no more."""
        return self.request("POST", f"/v1/grants/{grant_id}/end", json={"reason": reason},
                            idempotency_key=idempotency_key)

    def volunteer_sign_in(self, pin: str) -> dict:
        """A volunteer of this kiosk's station starts helping here: ``{id, name, shift_id}``
        (the id is what requests filed meanwhile name in ``assisted_by``)."""
        shift = self.request("POST", "/v1/volunteers/sign-in", json={"pin": pin})
        return {**shift["volunteer"], "shift_id": shift["id"]}

    def end_shift(self, shift_id: str, idempotency_key: str | None = None) -> dict:
        """The volunteer has gone (signed out, or the kiosk was left alone)."""
        return self.request("POST", f"/v1/volunteers/shifts/{shift_id}/end", idempotency_key=idempotency_key)

    def elder(self, elder_id: str) -> Elder:
        return Elder.model_validate(self.request("GET", f"/v1/elders/{elder_id}"))

    def update_preferences(self, elder_id: str, idempotency_key: str | None = None, *,
                           version: str | None = None, **prefs) -> Elder:
        """Only the fields given change. ``version``: the profile's ETag this change was made
        from (412 if someone changed the profile since); without it the fields are merged."""
        data, _tag = self.versioned("PATCH", f"/v1/elders/{elder_id}/preferences", json=prefs,
                                    version=version, idempotency_key=idempotency_key)
        return Elder.model_validate(data)

    def hospitals(self, district: str | None = None) -> list[Hospital]:
        params = {"district": district} if district else None
        return [Hospital.model_validate(h) for h in self.request("GET", "/v1/catalog/hospitals", params=params)]

    def departments(self, hospital_id: str) -> list[Department]:
        data = self.request("GET", f"/v1/catalog/hospitals/{hospital_id}/departments")
        return [Department.model_validate(d) for d in data]

    def slots(self, hospital_id: str, department_id: str, date_from: str | None = None,
              date_to: str | None = None) -> list[Slot]:
        params = {"hospital_id": hospital_id, "department_id": department_id}
        if date_from:
            params["date_from"] = date_from
        if date_to:
            params["date_to"] = date_to
        return [Slot.model_validate(s) for s in self.request("GET", "/v1/catalog/slots", params=params)]

    def service_area(self) -> dict:
        return self.request("GET", "/v1/catalog/service-area")

    def create_request(self, elder_id: str, service: str, form: dict, *, mode: str = "self",
                       channel: str = "tv", assisted_by: str | None = None,
                       idempotency_key: str | None = None, labels: dict[str, str] | None = None) -> ServiceRequest:
        """``labels``: the words shown for the form's values, for the centre's agents."""
        body = {"elder_id": elder_id, "service": service, "mode": mode, "channel": channel, "form": form}
        if assisted_by:
            body["assisted_by"] = assisted_by
        if labels:
            body["labels"] = labels
        data = self.request("POST", "/v1/requests", json=body, idempotency_key=idempotency_key)
        return ServiceRequest.model_validate(data)

    def requests_for(self, elder_id: str, *, status: str | None = None, service: str | None = None,
                     limit: int = 20) -> list[ServiceRequest]:
        params: dict[str, Any] = {"elder_id": elder_id, "limit": limit}
        if status:
            params["status"] = status
        if service:
            params["service"] = service
        return [ServiceRequest.model_validate(r) for r in self.request("GET", "/v1/requests", params=params)]

    def get_request(self, request_id: str) -> ServiceRequest:
        return ServiceRequest.model_validate(self.request("GET", f"/v1/requests/{request_id}"))

    def cancel_request(self, request_id: str, idempotency_key: str | None = None,
                       also: "list[str] | None" = None) -> ServiceRequest:
        """``also``: the trips linked to the visit (``linked``) she was shown, cancelled with it."""
        data = self.request("POST", f"/v1/requests/{request_id}/cancel", json={"also": list(also)} if also else {},
                            idempotency_key=idempotency_key)
        return ServiceRequest.model_validate(data)

    def file_complaint(self, request_id: str, reasons: "list[str]", call_back: bool = False,
                       idempotency_key: str | None = None) -> dict:
        """投诉 about a request's service: ``{id, status, speech, …}`` (speech: what to say back)."""
        return self.request("POST", f"/v1/requests/{request_id}/complaints",
                            json={"reasons": list(reasons), "call_back": call_back}, idempotency_key=idempotency_key)

    def send_slip_to_family(self, request_id: str, idempotency_key: str | None = None) -> dict:
        """发给家人: ``{request_id, relations, message}`` (relations empty: nobody to send to)."""
        return self.request("POST", f"/v1/requests/{request_id}/send-to-family", json={},
                            idempotency_key=idempotency_key)

    def precheck(self, elder_id: str, service: str) -> dict[str, Any]:
        """May she file ``service`` now? ``{may_file, refusal, code, message, request_id}``:
        asked before its form opens, so a refusal known at the start is said at the start."""
        return dict(self.request("GET", f"/v1/elders/{elder_id}/services/{service}/precheck"))

    def policies(self, elder_id: str) -> list[dict[str, Any]]:
        """The policy catalog as it stands for her, hers first (政策查询)."""
        return list(self.request("GET", f"/v1/elders/{elder_id}/policies"))

    def nearby(self, elder_id: str, kind: str) -> list[dict[str, Any]]:
        """The places of ``kind`` nearest her home, nearest first (身边服务)."""
        return list(self.request("GET", f"/v1/elders/{elder_id}/nearby", params={"kind": kind}))

    def messages(self, elder_id: str, *, due: bool = True, unread: bool = False) -> list[Message]:
        params = {"due": str(due).lower(), "unread": str(unread).lower()}
        data = self.request("GET", f"/v1/elders/{elder_id}/messages", params=params)
        return [Message.model_validate(m) for m in data]

    def ack_message(self, message_id: str, idempotency_key: str | None = None) -> Message:
        data = self.request("POST", f"/v1/messages/{message_id}/ack", json={},
                            idempotency_key=idempotency_key)
        return Message.model_validate(data)

    def answer_message(self, message_id: str, answer: str, idempotency_key: str | None = None) -> dict:
        """The elder's answer to a message that asks (``agree``, ``decline``, ``revoke``):
        ``{"message_id", "answer", "speech"}``, ``speech`` being what the device says back."""
        return self.request("POST", f"/v1/messages/{message_id}/answer", json={"answer": answer},
                            idempotency_key=idempotency_key)

    def start_pairing(self, kind: str, name: str) -> dict:
        return self.request("POST", "/v1/pairings", json={"kind": kind, "name": name})

    def pairing_status(self, pairing_id: str, poll_secret: str) -> dict:
        """The secret goes in the body, never in a URL (URLs are written to logs)."""
        return self.request("POST", f"/v1/pairings/{pairing_id}/poll", json={"poll_secret": poll_secret})

    def checkin(self, elder_id: str) -> dict:
        """Today's 每日报平安 state: ``enrolled``, ``status`` (due, missed, done …), prompt, speech."""
        return self.request("GET", f"/v1/elders/{elder_id}/checkin")

    def check_in(self, elder_id: str, idempotency_key: str | None = None) -> dict:
        """Record today's 平安; the answer's ``speech`` thanks the elder."""
        return self.request("POST", f"/v1/elders/{elder_id}/checkin", json={}, idempotency_key=idempotency_key)

    def open_alarms(self) -> list[dict]:
        """The alarms still open that this device may see (a TV: its household's), oldest first."""
        return self.request("GET", "/v1/alarms", params={"status": "open"})

    def cancel_alarm(self, alarm_id: str, idempotency_key: str | None = None) -> dict:
        """我没事: the elder cancels their own alarm (the centre stops the escalation)."""
        return self.request("POST", f"/v1/alarms/{alarm_id}/cancel", json={"by": "elder"},
                            idempotency_key=idempotency_key)

    def raise_alarm(self, elder_id: str, *, channel: str, idempotency_key: str, note: str | None = None,
                    pressed_at: str | None = None) -> dict:
        """``pressed_at`` (ISO 8601 with offset) is when the elder pressed — now, unless given:
        an alarm the outbox delivers after an outage, or one a stalled centre took in late,
        tells the agent how long the elder has waited. Tried once (``urgent``)."""
        body = {"elder_id": elder_id, "channel": channel,
                "pressed_at": pressed_at or datetime.now(timezone.utc).isoformat()}
        if note:
            body["note"] = note
        return self.request("POST", "/v1/alarms", json=body, idempotency_key=idempotency_key,
                            urgent=True)

    # -- family members (亲友代办): the mini-program back end ---------------------------------
    def family_session(self, provider: str, subject: str, name: str | None = None,
                       phone: str | None = None) -> dict:
        """(service token) A signed-in member's family token: ``{token, expires_at, family}``."""
        body = {"provider": provider, "subject": subject}
        body.update({k: v for k, v in (("name", name), ("phone", phone)) if v})
        return self.request("POST", "/v1/family/sessions", json=body)

    def family_me(self) -> dict:
        """(family token) The member and their bindings."""
        return self.request("GET", "/v1/family/me")

    def update_family_me(self, **fields: str) -> dict:
        return self.request("PATCH", "/v1/family/me", json=fields)

    def start_binding(self, relation: str, *, elder_phone: str | None = None,
                      elder_name: str | None = None, code: str | None = None,
                      permissions: list[str] | None = None,
                      idempotency_key: str | None = None) -> tuple[dict, bool]:
        """The binding, and whether it is new (False: the member had already asked for it)."""
        body: dict[str, Any] = {"relation": relation}
        body.update({k: v for k, v in (("elder_phone", elder_phone), ("elder_name", elder_name),
                                       ("code", code), ("permissions", permissions)) if v})
        status, binding = self.exchange("POST", "/v1/family/bindings", json=body,
                                        idempotency_key=idempotency_key)
        return binding, status == 201

    def show_family_code(self, elder_phone: str, elder_name: str) -> dict:
        return self.request("POST", "/v1/family/codes", json={"elder_phone": elder_phone,
                                                              "elder_name": elder_name})

    def binding(self, binding_id: str) -> dict:
        return self.request("GET", f"/v1/family/bindings/{binding_id}")

    def revoke_binding(self, binding_id: str, note: str = "", idempotency_key: str | None = None) -> dict:
        return self.request("POST", f"/v1/family/bindings/{binding_id}/revoke", json={"note": note},
                            idempotency_key=idempotency_key)

    def send_family_message(self, elder_id: str, *, text: str | None = None, preset: str | None = None,
                            idempotency_key: str | None = None) -> dict:
        body = {"text": text} if text is not None else {"preset": preset}
        return self.request("POST", f"/v1/family/elders/{elder_id}/messages", json=body,
                            idempotency_key=idempotency_key)

    def family_messages(self, elder_id: str) -> list[dict]:
        return self.request("GET", f"/v1/family/elders/{elder_id}/messages")

    def family_today(self, elder_id: str) -> dict:
        """(family token) One parent at a glance: ``{elder, checkin, open_alarms, requests,
        return_visits}`` (回访 she may answer for the parent)."""
        return self.request("GET", f"/v1/family/elders/{elder_id}/today")

    def family_alarm(self, alarm_id: str) -> dict:
        """An alarm as a bound member sees it: headline, now, next, lines, answers."""
        return self.request("GET", f"/v1/family/alarms/{alarm_id}")

    def answer_alarm(self, alarm_id: str, answer: str, note: str = "",
                     idempotency_key: str | None = None) -> dict:
        """``coming`` (我马上过去) or ``ok`` (他没事)."""
        return self.request("POST", f"/v1/family/alarms/{alarm_id}/answer",
                            json={"answer": answer, "note": note}, idempotency_key=idempotency_key)

    def alarms_of(self, elder_id: str, status: str = "all", limit: int = 20) -> list[dict]:
        return self.request("GET", "/v1/alarms", params={"elder_id": elder_id, "status": status,
                                                         "limit": limit})

    def get_alarm(self, alarm_id: str) -> dict:
        return self.request("GET", f"/v1/alarms/{alarm_id}")

    def contacts(self, elder_id: str) -> list[dict]:
        """The emergency contacts in calling order (to change them: :meth:`contacts_versioned`)."""
        return self.request("GET", f"/v1/elders/{elder_id}/contacts")

    def contacts_versioned(self, elder_id: str) -> tuple[list[dict], str | None]:
        """The emergency contacts and the list's version (its ETag), which
        :meth:`replace_contacts` must name."""
        return self.versioned("GET", f"/v1/elders/{elder_id}/contacts")

    def replace_contacts(self, elder_id: str, contacts: list[dict], version: str | None,
                         idempotency_key: str | None = None) -> tuple[list[dict], str | None]:
        """The whole list, made from the list read at ``version``: someone else's save since
        is :class:`CenterError` 412 ``precondition_failed`` (nothing changed; read it again);
        no version is 428. Returns the new list and its version."""
        return self.versioned("PUT", f"/v1/elders/{elder_id}/contacts", json={"contacts": contacts},
                              version=version, idempotency_key=idempotency_key)

    def alert_recipients(self, elder_id: str, permission: str = "alerts") -> list[dict]:
        """(service token) Members the centre allows to be alerted about this elder."""
        return self.request("GET", "/v1/family/recipients",
                            params={"elder_id": elder_id, "permission": permission})

    def close(self) -> None:
        self.session.close()
        self.urgent.close()

    def events(self, after: str | None, wait: float = 25.0, path: str = "/v1/devices/me/events") -> dict:
        """Long-poll the device's event stream (``GET /v1/devices/me/events``).

        Returns ``{"events": [{id, kind, at, elder_id, ref_id, data, speech}], "next": token,
        "reset": bool}``; pass ``next`` back as ``after``. ``after=None`` answers at once with
        the current token (take it before loading the screen's state, so nothing is missed).
        Kinds: ``alarm`` (data.alarm for ``engine.alarm_update``), ``request``, ``message``,
        ``checkin``; ``speech`` is what the device may say at once. A back end follows every
        household's events with ``path="/v1/events"`` (its service token).
        """
        params: dict[str, Any] = {}
        if after is not None:
            params = {"after": after, "wait": wait}
        try:
            resp = self.session.get(self.base_url + path, params=params,
                                    headers=self._headers(None),
                                    timeout=(self.timeout[0], self.timeout[1] + wait))
        except requests.RequestException as exc:
            raise CenterError("network", NETWORK_MESSAGE.format(hotline=self.hotline)) from exc
        if resp.status_code >= 400:
            raise self._error(resp)
        return _told(resp.json())
