"""Browser tests: Playwright drives Debian's Chromium against the start command, `python dashboard.py`, on loopback.

No browser is ever downloaded (never `playwright install`). Without Chromium the tests are skipped
on a developer's machine but FAIL in CI (`CI=true`), where `.ci/run` installs it.
A failing test leaves a screenshot in test-results/.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from etl import build
from tests.conftest import ROOT, needed
from tests.e2e.server import CHROMIUM_ARGS, TIMEOUT_MS, VIEWPORT, chromium_path, serving

# expect() has its own 5 s default, separate from the page's: a first script run on a loaded
# 2-core machine can take longer than that.
expect.set_options(timeout=TIMEOUT_MS)

RESULTS = ROOT / "test-results"


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        needed("Chromium not found (Debian: apt-get install chromium); the browser tests need it")
    return path


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory) -> Path:
    """The served data dir, with the demo store built before the app starts."""
    directory = tmp_path_factory.mktemp("e2e-data")
    build.build(directory, demo=True)
    return directory


@pytest.fixture(scope="session")
def app_url(chromium, app_data_dir, tmp_path_factory) -> Iterator[str]:
    try:
        with serving(app_data_dir, tmp_path_factory.mktemp("e2e-log") / "streamlit.log") as (_, url):
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        try:
            pg.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
        except Exception as exc:  # the screenshot is a help, never the reason a test fails
            print(f"screenshot failed: {exc}", file=sys.stderr)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
