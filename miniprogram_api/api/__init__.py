"""The mini-program's JSON API under ``/api/v1``: one blueprint per concern (sign-in,
bindings, parents, the flow engine's screens, subscriptions). Every member endpoint passes
``backend.member_required`` and reaches the centre as the member."""
from __future__ import annotations

from . import bindings, flow, parents, signin, subscriptions

BLUEPRINTS = (signin.bp, bindings.bp, parents.bp, flow.bp, subscriptions.bp)
