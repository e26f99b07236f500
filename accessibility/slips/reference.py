"""The reference a slip's QR code carries: the request id and the day it was printed, signed,
never the elder's id.

Scanning it opens ``<h5_base><token>`` in the mini-program / H5 page, or identifies the
elder at a kiosk (DESIGN.md §2.3 "by the QR on an earlier slip"). The signature proves the
slip came from us, so a guessed or edited id is refused before any lookup; the day makes an
old slip expire (``REFERENCE_DAYS``). It is a pointer, not a permission — the page still
checks the viewer's login and family binding.

**The one function a scanner calls is** :func:`open_reference` (token or whole URL in, a
:class:`SlipReference` out); it raises :class:`ReferenceMalformed`, :class:`ReferenceTampered`
or :class:`ReferenceExpired`, each a :class:`SlipReferenceError` with a machine ``code``, an
HTTP ``status`` and a sentence an elder can hear — a clear page, never a 500.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qs, unquote, urlsplit

from .content import N_

_SIG_BYTES = 12  # 96 bits: unguessable, and keeps the QR code small (bigger modules on paper)
_CONTEXT = b"onekey-slip-ref:v2:"
_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_ENCODED = "~"  # prefix of an id that had to be base64url-encoded
_EPOCH = date(2020, 1, 1)
REFERENCE_DAYS = 366  # a slip reopens its request for a year: the visit, the follow-up, the family's questions
_SHANGHAI = timezone(timedelta(hours=8))


class SlipReferenceError(Exception):
    """A slip reference that cannot be opened: ``code``, ``status`` and a speakable ``message``."""

    code = "reference_invalid"
    status = 400
    message = N_("这个二维码打不开，请找工作人员帮忙，或拨打服务热线。")

    def __init__(self, detail: str = ""):
        super().__init__(f"{self.code}: {detail}" if detail else self.code)


class ReferenceMalformed(SlipReferenceError):
    """Not a slip reference at all (a different QR code, a cut-off scan)."""

    code = "reference_malformed"
    status = 400
    message = N_("这不是一键通单子上的二维码。")


class ReferenceTampered(SlipReferenceError):
    """Shaped like ours but the signature does not match: edited, guessed or another key's."""

    code = "reference_tampered"
    status = 403
    message = N_("这张单子的二维码核对不上，请找工作人员帮忙。")


class ReferenceExpired(SlipReferenceError):
    """Ours and intact, but printed longer ago than a slip stays valid."""

    code = "reference_expired"
    status = 410
    message = N_("这张单子已经过期了。请在一键通里查看最新的记录，或拨打服务热线。")

    def __init__(self, issued_on: date):
        super().__init__(f"printed {issued_on.isoformat()}")
        self.issued_on = issued_on


@dataclass(frozen=True)
class SlipReference:
    record_id: str
    issued_on: date  # the day the slip was printed (Shanghai)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str, record_id: str, day: int) -> bytes:
    mac = hmac.new(secret.encode("utf-8"), _CONTEXT + f"{day}:".encode() + record_id.encode("utf-8"),
                   hashlib.sha256)
    return mac.digest()[:_SIG_BYTES]


def _today(now: datetime | None) -> date:
    return (now or datetime.now(_SHANGHAI)).astimezone(_SHANGHAI).date()


def sign_reference(record_id: str, secret: str, now: datetime | None = None) -> str:
    """An URL-safe token ``<id>.<day>.<signature>`` for a request or alarm id, printed today.

    A plain id (letters, digits, ``_``, ``-``) is kept as it is, which keeps the QR code
    short; any other id is base64url-encoded behind a ``~``. The day is base 36.
    """
    day = (_today(now) - _EPOCH).days
    shown = record_id if _PLAIN_ID.fullmatch(record_id) else _ENCODED + _b64(record_id.encode("utf-8"))
    return f"{shown}.{_base36(day)}.{_b64(_signature(secret, record_id, day))}"


def open_reference(scanned: str, secret: str, *, now: datetime | None = None,
                   valid_days: int = REFERENCE_DAYS) -> SlipReference:
    """The request a scanned slip points at: ``scanned`` is the token or the whole URL the QR
    holds. Raises :class:`ReferenceMalformed`, :class:`ReferenceTampered` or
    :class:`ReferenceExpired` (all :class:`SlipReferenceError`); never anything else."""
    token = _token_of(scanned)
    try:
        raw_id, raw_day, raw_sig = token.split(".")
        record_id = _unb64(raw_id[1:]).decode("utf-8") if raw_id.startswith(_ENCODED) else raw_id
        day = int(raw_day, 36)
        signature = _unb64(raw_sig)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReferenceMalformed(str(exc)) from None
    if not record_id or not raw_day.isalnum() or len(signature) != _SIG_BYTES:
        raise ReferenceMalformed("empty id or bad signature length")
    if not hmac.compare_digest(signature, _signature(secret, record_id, day)):
        raise ReferenceTampered(record_id[:64])
    issued = _EPOCH + timedelta(days=day)
    if (_today(now) - issued).days > valid_days:
        raise ReferenceExpired(issued)
    return SlipReference(record_id, issued)


def verify_reference(token: str, secret: str, now: datetime | None = None) -> str | None:
    """The record id, or None when :func:`open_reference` refuses the token."""
    try:
        return open_reference(token, secret, now=now).record_id
    except SlipReferenceError:
        return None


def reopen_url(h5_base: str, record_id: str, secret: str, now: datetime | None = None) -> str:
    """The address the slip's QR code opens."""
    base = h5_base if h5_base.endswith(("/", "=")) else h5_base + "/"
    return base + sign_reference(record_id, secret, now)


def _token_of(scanned: str) -> str:
    """The token inside a scanned text: a bare token, ``…/r/<token>`` or ``…?ref=<token>``."""
    text = (scanned or "").strip()
    if "://" not in text:
        return text
    parts = urlsplit(text)
    query = parse_qs(parts.query)
    for key in ("ref", "r"):
        if query.get(key):
            return query[key][-1]
    return unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out
