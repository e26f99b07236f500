"""Two threads parsing at once, collections running finalizers between: with ``ast.parse``
guarded (tests/ast_guard.py, installed for the run by tests/conftest.py) none sees CPython
3.11's "AST constructor recursion depth mismatch" (unguarded, ~35 in 3 s here)."""
from __future__ import annotations

import ast
import gc
import sys
import threading
import time
from pathlib import Path

from tests import ast_guard

SOURCE = (Path(__file__).resolve().parents[1] / "shared_ui" / "flow" / "engine.py").read_text(encoding="utf-8")


class Cycle:
    """Garbage with a finalizer: a collection runs Python code, and lets another thread in."""

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        for _ in range(20):
            pass


def test_two_threads_parse_at_once_without_a_mismatch():
    assert ast_guard.installed()
    errors: list[str] = []
    stop = time.monotonic() + 3.0
    switch, threshold = sys.getswitchinterval(), gc.get_threshold()

    def parse(text: str) -> None:
        while time.monotonic() < stop:
            for _ in range(20):
                Cycle()
            try:
                ast.parse(text)
            except SystemError as error:
                errors.append(str(error))

    sys.setswitchinterval(1e-6)
    gc.set_threshold(50, 1, 1)
    try:
        threads = [threading.Thread(target=parse, args=(text,)) for text in (SOURCE, "x = (1 + 2) * f(y[3])")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switch)
        gc.set_threshold(*threshold)
    assert errors == []
