"""Server-rendered H5 pages (Jinja, no JS build step) for browsers and 随申办's H5 entry: sign
in, parents, book (the flow engine's screens as HTML forms), status, the live alarm timeline,
notes to the TV, contacts, slips, and the slip QR link ``/r/<reference>``.

The pages sign in with an HttpOnly cookie holding the product token (never the centre's
token, never a WeChat key) and check a CSRF token on every form (Flask-WTF)."""
from __future__ import annotations

from .blueprint import bp
from . import views  # noqa: F401,E402  registers the pages

__all__ = ["bp"]
