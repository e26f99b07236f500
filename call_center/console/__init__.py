"""The call-centre agent console: server-rendered pages under ``/console``.

Agents see every alarm and request from every channel, work them and record the outcome
(seed 000 §三(一)); the console is also the human channel seed 004 asks to keep. This
package's ``__init__`` stays light (the ORM models import it); :func:`init_app` wires the
console into an app built by ``call_center.app.create_app``.
"""
from __future__ import annotations

from typing import Any


def init_app(app: Any) -> None:
    from .wiring import init_app as wire

    wire(app)
