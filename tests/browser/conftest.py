"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser) against a
real centre on 127.0.0.1 and a random port."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.miniprogram_api.servers import Stand

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: ./onekey installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh profile at the agents' screen size; any page error fails the test."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, errors


def phone_tab(chromium: Any, viewport: dict | None = None, **extra: Any) -> tuple[Any, Any, list[str]]:
    """A family member's phone (375 px, touch, 2× pixels): the context, its tab and the page
    errors seen (the caller closes the context and asserts there were none)."""
    context = chromium.new_context(viewport=viewport or {"width": 375, "height": 667}, locale="zh-CN",
                                   device_scale_factor=2, has_touch=True, is_mobile=True, **extra)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, tab, errors


@pytest.fixture
def docs_dir(tmp_path: Path) -> Path:
    """Where screenshots go: ``docs/`` with ``ONEKEY_UPDATE_DOCS=1`` (to refresh the committed
    pictures), else a temporary folder — a plain test run leaves the work tree clean."""
    return DOCS if os.environ.get("ONEKEY_UPDATE_DOCS") == "1" else tmp_path


@pytest.fixture
def family_h5(make_live_center: Any, fake_ssb: Stand, tmp_path: Path) -> Iterator[Any]:
    """The family's H5 pages on a live centre of their own (signed in through the fake 随申办):
    call it with the centre's settings; the server it returns has ``.centre``."""
    from miniprogram_api.app import create_app, stop
    from miniprogram_api.sandbox.serving import Served

    started: list[tuple[Any, Any]] = []

    def start(**centre_settings: Any) -> Any:
        centre = make_live_center(**centre_settings)
        app = create_app({"centre_url": centre.url, "service_token": centre.tokens["service"],
                          "db_url": f"sqlite:///{tmp_path / f'mp-{len(started)}.db'}", "alerts": False,
                          **fake_ssb.fake.settings(fake_ssb.server.url)})
        served = Served(app).start()
        served.centre = centre
        started.append((served, app))
        return served

    yield start
    for served, app in started:
        served.stop()
        stop(app)
