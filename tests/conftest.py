import os
import shutil
from pathlib import Path

import pytest

from etl import build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """A data dir with the demo store built once for the whole session (read-only for tests)."""
    directory = tmp_path_factory.mktemp("demo-data")
    build.build(directory, demo=True)
    return directory


def needed(message: str):
    """Something a test needs is missing (a browser, a server, a font): skipped on a developer's machine, a
    failure in CI (CI=true), whose .ci/run installs it."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A fresh data dir with the demo raw files copied in as if imported by a user."""
    shutil.copytree(ROOT / "data" / "demo", tmp_path / "raw")
    return tmp_path


# A browser on the server's own computer, straight to its port (the WebSocket handshake carries the Origin).
LOOPBACK = {"server_address": "127.0.0.1", "client_ip": None, "server_port": 8501,
            "headers": {"Host": "127.0.0.1:8501", "Origin": "http://127.0.0.1:8501"}}


@pytest.fixture
def local_user(monkeypatch):
    """The app's session is the one person at the computer (server and browser on loopback, no sign-in)."""
    from lagesbild.access import Connection
    from pages import _shared

    monkeypatch.setattr(_shared, "connection", lambda: Connection(**LOOPBACK))
    _shared.PROXY_SEEN.clear()
    yield
    _shared.PROXY_SEEN.clear()


@pytest.fixture
def postgres(monkeypatch) -> str:
    """The test PostgreSQL server as the insatser database (LAGESBILD_DATABASE_URL), its tables emptied.
    `.ci/postgres start` gives one on loopback (LAGESBILD_TEST_POSTGRES_URL); without it the test is
    skipped locally and FAILS in CI (CI=true), where .ci/run starts one."""
    from etl import insatser as insatser_db

    url = os.environ.get("LAGESBILD_TEST_POSTGRES_URL")
    if not url:
        needed("no PostgreSQL server (eval \"$(.ci/postgres start)\" gives LAGESBILD_TEST_POSTGRES_URL)")
    monkeypatch.setenv(insatser_db.URL_ENV, url)
    with insatser_db._engine(insatser_db.database_url(ROOT)).begin() as conn:
        for table in reversed(insatser_db.metadata.sorted_tables):
            conn.execute(table.delete())
    return url


@pytest.fixture(scope="session")
def open_world_dir(tmp_path_factory) -> Path:
    """The open-data world (tests/open_world.py): a data dir as `fetch kolada` leaves it for one kommun of each
    data shape and the three kommuner of a förbund, from Kolada's shapes on loopback, and nothing else.
    Read-only for tests: copy it to change it."""
    from tests import open_world

    directory = tmp_path_factory.mktemp("open-world")
    return open_world.fetched_data_dir(directory, sorted({*open_world.SHAPES.values(), *open_world.FORBUND}))


def html_tables(at) -> list:
    """The tables a page drew with pages/_shared.table (st.html), as frames of text, in page order."""
    import lxml.html
    import pandas as pd

    out = []
    for element in at.get("html"):
        for node in lxml.html.fromstring(f"<div>{element.proto.body}</div>").iter("table"):
            head = [th.text_content() for th in node.iter("th")]
            rows = [[td.text_content() for td in tr.iter("td")] for tr in node.iter("tr")][1:]
            out.append(pd.DataFrame(rows, columns=head))
    return out
