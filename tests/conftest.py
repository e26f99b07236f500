"""Fixtures for everyone: a centre app on a temporary SQLite file, and a real centre server.

- ``center_app``: the APIFlask app on its own copy of a seeded database (function scope);
  ``center_app.demo`` has the demo tokens, elder ids, household ids and ID numbers.
- ``center_client``: its Flask test client.
- ``make_center_app(**config)``: the same with settings (e.g. ``sim_registration_down=True``).
- ``live_center``: a real threaded HTTP server on 127.0.0.1 and a random port, shared by the
  session; attributes ``url``, ``tokens`` (``agent``, ``service``, ``tv_wang``, ``tv_li``,
  ``tv_zhang``, ``kiosk``), ``elders`` (``wang``, ``li``, ``zhang``, ``chen``),
  ``households``, ``id_numbers``, ``phone_tails`` (a kiosk identifies with both),
  ``headers(token_key)`` and ``reseed()``.
- ``make_live_center(**config)``: a private server with its own database and settings.

The database is migrated and seeded once per session into a template file; every app gets a
copy of it, so a test costs a file copy instead of a migration.
"""
from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

# CPython 3.11's ast.parse is not safe in two threads at once (tests/ast_guard.py)
from tests import ast_guard

ast_guard.install()

# no Kivy app outlives its test (tests/kivy_apps.py)
from tests.kivy_apps import pytest_fixture_post_finalizer, pytest_fixture_setup, pytest_runtest_teardown  # noqa: F401


@pytest.fixture(scope="session", autouse=True)
def words_for_line_breaks():
    """The word segmenter lines break with (Kivy, slips, H5), loaded once (apps warm it on a worker;
    tests want the same breaks every time)."""
    from accessibility.line_breaks import SEGMENTER

    SEGMENTER.warm()


@dataclass
class CenterTemplate:
    path: Path
    demo: Any


@pytest.fixture(scope="session")
def center_template(tmp_path_factory: pytest.TempPathFactory) -> CenterTemplate:
    from call_center.app import create_app
    from call_center.demo_data import seed

    path = tmp_path_factory.mktemp("center-template") / "center.db"
    app = create_app({"db_url": f"sqlite:///{path}"})
    database = app.extensions["onekey"].db
    demo = seed(database)
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return CenterTemplate(path, demo)


def _copy_db(template: CenterTemplate, target_dir: Path) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / "center.db"
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(template.path, target)
    return target


@pytest.fixture
def center_db(center_template: CenterTemplate, tmp_path: Path) -> Path:
    """A copy of the demo centre's database file, for a command run on it (enrol, keys rotate)."""
    return _copy_db(center_template, tmp_path / "center-copy")


@pytest.fixture
def make_center_app(center_template: CenterTemplate, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    from call_center.app import create_app

    apps: list[Any] = []

    def build(**config: Any) -> Any:
        db_path = _copy_db(center_template, tmp_path / f"center-{len(apps)}")
        app = create_app({"db_url": f"sqlite:///{db_path}", "sim_latency_ms": 0, **config})
        app.demo = center_template.demo
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["onekey"].db.dispose()


@pytest.fixture
def center_app(make_center_app: Callable[..., Any]) -> Any:
    return make_center_app()


@pytest.fixture
def center_client(center_app: Any) -> Any:
    return center_app.test_client()


@dataclass
class LiveCenter:
    """A real centre server in a background thread (werkzeug ``make_server``, threaded)."""

    app: Any
    demo: Any
    template: CenterTemplate
    db_path: Path
    server: Any = None
    thread: threading.Thread | None = None
    url: str = ""
    tokens: dict[str, str] = field(default_factory=dict)
    elders: dict[str, str] = field(default_factory=dict)
    households: dict[str, str] = field(default_factory=dict)
    id_numbers: dict[str, str] = field(default_factory=dict)
    phone_tails: dict[str, str] = field(default_factory=dict)

    def start(self) -> "LiveCenter":
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        # A short poll interval makes shutdown() return promptly at teardown.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       name="live-center", daemon=True)
        self.thread.start()
        self.tokens = dict(self.demo.tokens)
        self.elders = dict(self.demo.elders)
        self.households = dict(self.demo.households)
        self.id_numbers = dict(self.demo.id_numbers)
        self.phone_tails = dict(self.demo.phone_tails)
        return self

    def headers(self, token_key: str = "agent") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[token_key]}"}

    def kiosk_headers(self, elder_key: str, token_key: str = "kiosk") -> dict[str, str]:
        """A kiosk's headers once ``elder_key`` has identified at it: the token and her grant."""
        import requests

        found = requests.post(f"{self.url}/v1/elders/lookup", headers=self.headers(token_key), timeout=10,
                              json={"id_number": self.id_numbers[elder_key],
                                    "phone_tail": self.phone_tails[elder_key]}).json()
        return {**self.headers(token_key), "Onekey-Grant": found["grant"]["token"]}

    def reseed(self) -> None:
        """Top the demo data up (idempotent): e.g. slots for days added since the start."""
        from call_center.demo_data import seed

        seed(self.app.extensions["onekey"].db)

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=10)
        self.app.extensions["onekey"].db.dispose()


# A shared test server serves the whole suite's kiosks and boxes from one address: its
# limits are those of a busy district, not of one prober (the limits have tests of their own).
SUITE_RATE_LIMITS = ("elders.lookup.token=10000 per minute;elders.lookup.id_number=10000 per minute;"
                     "pairings.start=10000 per minute;alarms.raise_alarm=10000 per minute")


def _live(template: CenterTemplate, directory: Path, **config: Any) -> LiveCenter:
    from call_center.app import create_app

    db_path = _copy_db(template, directory)
    config.setdefault("rate_limits", SUITE_RATE_LIMITS)
    app = create_app({"db_url": f"sqlite:///{db_path}", "sim_latency_ms": 0, **config})
    return LiveCenter(app=app, demo=template.demo, template=template, db_path=db_path).start()


@pytest.fixture(scope="session")
def live_center(center_template: CenterTemplate,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveCenter]:
    server = _live(center_template, tmp_path_factory.mktemp("live-center"))
    yield server
    server.stop()


@pytest.fixture
def make_live_center(center_template: CenterTemplate, tmp_path: Path) -> Iterator[Callable[..., LiveCenter]]:
    servers: list[LiveCenter] = []

    def build(**config: Any) -> LiveCenter:
        server = _live(center_template, tmp_path / f"live-{len(servers)}", **config)
        servers.append(server)
        return server

    yield build
    for server in servers:
        server.stop()
