"""No Kivy app outlives the test that ran it (a pytest plugin, loaded by tests/conftest.py).

One test run shares one Kivy window and one ``App._running_app``: a TV left running by a test
that forgot ``stop()`` kept its clock events and widgets, and every later kiosk of the run
looked its sizes up on the wrong app (``AttributeError: margin``), far from the test at fault.

After each test's teardown (its fixtures gone, as far as the next test lets them go) an app that
was *run* — built its root and took the window — and that no fixture still set up holds, is
stopped cleanly there, and that test errors at teardown, naming the app. An app merely
constructed is not running: ``App.__init__`` names itself the running app before anything runs,
so "``get_running_app()`` is not None" would blame tests that only build one.
"""
from __future__ import annotations

import sys
from typing import Any

import pytest


def running_app() -> Any | None:
    """The Kivy app that was run and not stopped (None without Kivy, or for an app only built)."""
    kivy_app = sys.modules.get("kivy.app")
    if kivy_app is None:
        return None
    app = kivy_app.App._running_app
    if app is None or getattr(app, "root", None) is None:
        return None  # never run (App.__init__ alone sets _running_app), or stopped
    return app


# The fixtures of a wider scope (module, session) set up now: a module's one kiosk, driven by
# each of its tests, lives until its module is done.
_WIDE: set[Any] = set()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: Any):
    result = yield
    if fixturedef.scope != "function":
        _WIDE.add(fixturedef)
    return result


def pytest_fixture_post_finalizer(fixturedef: Any, request: Any) -> None:
    _WIDE.discard(fixturedef)


def held(app: Any, item: pytest.Item) -> bool:
    """Whether a fixture of a wider scope, still set up for the tests after ``item``, holds
    ``app`` (``item`` itself need not use it): the app ends with that fixture."""
    for fixturedef in list(_WIDE):
        cached = getattr(fixturedef, "cached_result", None)
        if not cached or cached[2] is not None:
            continue
        value = cached[0]
        if value is app or getattr(value, "app", None) is app:
            return True
    return False


def stop(app: Any) -> None:
    """What a probe's ``stop()`` does: the app's ``on_stop``, the loop stopped, the window cleared."""
    from kivy.base import EventLoop

    app.stop()
    for _ in range(2):
        EventLoop.idle()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    result = yield
    app = running_app()
    if app is not None and not held(app, item):
        stop(app)
        raise AssertionError(f"{item.nodeid} left the Kivy app {type(app).__name__} running (stopped it now): "
                             f"stop it in the test or its fixture (AppProbe.stop()), or every later app "
                             f"of the run finds it running")
    return result
