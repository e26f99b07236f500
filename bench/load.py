"""Paced load for benchmarks: calls at a steady rate from a few threads, on loopback."""
from __future__ import annotations

import threading
import time
from typing import Callable


def paced(count: int, rate: float, call: Callable[[int], None], threads: int = 4) -> None:
    """Call ``call(i)`` for i in 0..count-1, the i-th at ``i / rate`` s after the start (as
    near as ``threads`` threads keep up), and return when all are done."""
    start = time.monotonic() + 0.1
    work = iter(range(count))
    lock = threading.Lock()

    def run() -> None:
        while True:
            with lock:
                i = next(work, None)
            if i is None:
                return
            time.sleep(max(0.0, start + i / rate - time.monotonic()))
            call(i)

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
