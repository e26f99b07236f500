"""One thread at a time in ``ast.parse`` (CPython 3.11: the AST constructor's recursion counter
is one per interpreter, not per thread — gh-95185's design, gh-106905).

Two threads converting a parse tree at once — a finalizer run by a collection in the middle of
one lets the other in — leave the counter off, and the one that finishes first gets
``SystemError: AST constructor recursion depth mismatch``. A test run parses in several threads:
Python 3.11 parses a source line to underline it in every traceback it formats (servers'
threads log theirs), and hypothesis parses every new local module for constants and every
lambda it describes (schemathesis's strategies), so ``test_schemathesis`` failed so under load.
``tests/test_ast_guard.py`` shows the race and the guard.
"""
from __future__ import annotations

import ast
import functools
import threading

_LOCK = threading.RLock()   # re-entrant: a finalizer may parse inside a parse on its own thread
_unguarded = ast.parse


@functools.wraps(_unguarded)
def _parse(*args, **kwargs):
    with _LOCK:
        return _unguarded(*args, **kwargs)


def install() -> None:
    """Guard ``ast.parse`` (``ast.literal_eval`` and ``traceback`` call it through the module)."""
    ast.parse = _parse


def installed() -> bool:
    return ast.parse is _parse
