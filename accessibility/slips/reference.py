"""The reference a slip's QR code carries: the request id, signed, never the elder's id.

Scanning it opens ``<h5_base><token>`` in the mini-program / H5 page, or identifies the
elder at a kiosk (DESIGN.md §2.3 "by the QR on an earlier slip"). The signature proves the
slip came from us, so a guessed or edited id is refused before any lookup; it is a pointer,
not a permission — the page still checks the viewer's login and family binding.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re

_SIG_BYTES = 12  # 96 bits: unguessable, and keeps the QR code small (bigger modules on paper)
_CONTEXT = b"onekey-slip-ref:v1:"
_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_ENCODED = "~"  # prefix of an id that had to be base64url-encoded


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str, record_id: str) -> bytes:
    mac = hmac.new(secret.encode("utf-8"), _CONTEXT + record_id.encode("utf-8"), hashlib.sha256)
    return mac.digest()[:_SIG_BYTES]


def sign_reference(record_id: str, secret: str) -> str:
    """An URL-safe token ``<id>.<signature>`` for a request or alarm id.

    A plain id (letters, digits, ``_``, ``-``) is kept as it is, which keeps the QR code
    short; any other id is base64url-encoded behind a ``~``.
    """
    shown = record_id if _PLAIN_ID.fullmatch(record_id) else _ENCODED + _b64(record_id.encode("utf-8"))
    return f"{shown}.{_b64(_signature(secret, record_id))}"


def verify_reference(token: str, secret: str) -> str | None:
    """The record id inside ``token`` if its signature is ours, else ``None``."""
    try:
        raw_id, raw_sig = token.strip().rsplit(".", 1)
        record_id = _unb64(raw_id[1:]).decode("utf-8") if raw_id.startswith(_ENCODED) else raw_id
        signature = _unb64(raw_sig)
    except (ValueError, UnicodeDecodeError):
        return None
    if not record_id or not hmac.compare_digest(signature, _signature(secret, record_id)):
        return None
    return record_id


def reopen_url(h5_base: str, record_id: str, secret: str) -> str:
    """The address the slip's QR code opens."""
    base = h5_base if h5_base.endswith(("/", "=")) else h5_base + "/"
    return base + sign_reference(record_id, secret)
