"""Keep the kiosk app running: a crash (an exception, a segfault in a driver, the OOM killer)
restarts it to the welcome screen, with anything not yet delivered still in its outbox. Only
the app's own clean exit (the admin's gesture and PIN) or a signal to the supervisor stops
it. Restarts back off a little when the app keeps failing at once, never past ``MAX_WAIT_S``.
"""
from __future__ import annotations

import logging
import signal
import subprocess
import time
from typing import Callable, Sequence

log = logging.getLogger(__name__)
MAX_WAIT_S = 10.0
HEALTHY_S = 30.0   # a run this long resets the back-off


def supervise(command: Sequence[str], *, sleep: Callable[[float], None] = time.sleep,
              popen: Callable[..., subprocess.Popen] = subprocess.Popen,
              max_restarts: int | None = None) -> int:
    """Run ``command`` until it exits with 0; returns that, or the signal's exit code."""
    stopping: list[int] = []
    child: list[subprocess.Popen] = []

    def stop(signum: int, _frame: object) -> None:
        stopping.append(signum)
        if child and child[0].poll() is None:
            child[0].send_signal(signal.SIGTERM)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    wait, restarts = 0.0, 0
    try:
        while True:
            started = time.monotonic()
            child[:] = [popen(list(command))]
            code = child[0].wait()
            if stopping:
                return 128 + stopping[0]
            if code == 0:
                log.info("kiosk app closed by the admin")
                return 0
            restarts += 1
            if max_restarts is not None and restarts > max_restarts:
                return code
            ran = time.monotonic() - started
            wait = 0.0 if ran > HEALTHY_S else min(MAX_WAIT_S, max(0.5, wait * 2))
            log.warning("kiosk app ended with %s after %.1f s; restarting in %.1f s", code, ran, wait)
            sleep(wait)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
