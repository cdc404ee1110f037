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


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A fresh data dir with the demo raw files copied in as if imported by a user."""
    shutil.copytree(ROOT / "data" / "demo", tmp_path / "raw")
    return tmp_path


LOOPBACK = {"server_address": "127.0.0.1", "client_ip": None, "headers": {"Host": "127.0.0.1:8501"}}


@pytest.fixture
def local_user(monkeypatch):
    """The app's session is the one person at the computer (server and browser on loopback, no sign-in)."""
    from lagesbild.access import Connection
    from pages import _shared

    monkeypatch.setattr(_shared, "connection", lambda: Connection(**LOOPBACK))
