"""The guard that no Kivy app outlives its test (tests/kivy_apps.py), run on a small test file of
its own in a pytest of its own (one Kivy window per process): a test that leaves its app running
errors at teardown, named, and the app is stopped so the next test starts clean; an app only
constructed (``App.__init__`` makes it "the running app") trips nothing; an app a module's
fixture holds lives through that module's tests and is stopped by the fixture; a module fixture
that forgets to stop its app is caught after the module's last test."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.ui]

ROOT = Path(__file__).resolve().parents[1]

TESTS = '''
import pytest
from kivy.app import App
from kivy.base import EventLoop, runTouchApp
from kivy.uix.label import Label


class Small(App):
    def build(self):
        return Label(text="hi")


def run(app):
    app._run_prepare()
    runTouchApp(embedded=True)
    EventLoop.idle()
    return app


def stopped(app):
    app.stop()
    EventLoop.idle()


def test_only_constructs_one():
    app = Small()
    assert App.get_running_app() is app  # what a naive check would take for a running app


def test_leaves_its_app_running():
    run(Small())


def test_after_it_finds_none_running():
    assert App.get_running_app() is None or App.get_running_app().root is None


def test_stops_its_own():
    stopped(run(Small()))


@pytest.fixture
def started():
    app = run(Small())
    yield app
    stopped(app)


def test_a_fixture_stops_it(started):
    assert App.get_running_app() is started


@pytest.fixture(scope="module")
def kept():
    app = run(Small())
    yield app
    stopped(app)


def test_a_module_app_first(kept):
    assert App.get_running_app() is kept


def test_between_them_one_that_does_not_use_it():
    assert App.get_running_app() is not None  # the module's app lives on: not this test's doing


def test_a_module_app_second(kept):
    assert App.get_running_app() is kept
'''

FORGOTTEN = '''
import pytest
from kivy.app import App
from kivy.base import EventLoop, runTouchApp
from kivy.uix.label import Label


class Forgotten(App):
    def build(self):
        return Label(text="hi")


@pytest.fixture(scope="module")
def forgot():
    app = Forgotten()
    app._run_prepare()
    runTouchApp(embedded=True)
    yield app  # never stopped


def test_one(forgot):
    pass


def test_two(forgot):
    pass
'''


def run_pytest(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.kivy_apps", "-p", "no:cacheprovider",
                           "-o", "addopts=", "--rootdir", str(tmp_path), "-v", "-rE", str(tmp_path / name)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240)
    return done.stdout + done.stderr


def test_a_test_that_leaves_its_app_running_errors_by_name_and_the_app_is_stopped(tmp_path):
    out = run_pytest(tmp_path, "test_apps.py", TESTS)
    assert "8 passed, 1 error" in out, out
    assert "ERROR at teardown of test_leaves_its_app_running" in out, out
    assert "test_apps.py::test_leaves_its_app_running left the Kivy app Small running (stopped it now)" in out, out
    for name in ("test_only_constructs_one", "test_after_it_finds_none_running", "test_stops_its_own",
                 "test_a_fixture_stops_it", "test_a_module_app_first", "test_between_them_one_that_does_not_use_it",
                 "test_a_module_app_second"):
        assert f"test_apps.py::{name} PASSED" in out, out
        assert f"ERROR at teardown of {name}" not in out, out


def test_a_module_fixture_that_forgets_its_app_is_caught_after_the_module(tmp_path):
    out = run_pytest(tmp_path, "test_forgot.py", FORGOTTEN)
    assert "2 passed, 1 error" in out, out
    assert "ERROR at teardown of test_two" in out and "left the Kivy app Forgotten running" in out, out
    assert "ERROR at teardown of test_one" not in out, out
