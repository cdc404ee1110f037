"""Uploads run in a process of their own under a memory cap (etl/isolated.py): a file that turns into more
memory than an import may take ends its own process with a message naming the limit — the caller (the app
server) goes on, and the data dir is byte for byte as it was. (The finding: a 1.4 kB file reached 4.6 GB and
segfaulted inside the app server, ending every session.)"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from etl import build, isolated, store
from etl.imports import ImportResult
from lagesbild.errors import SourceFormatError, StoreError
from tests.conftest import FIXTURES
from tests.test_build import snapshot

YEARLY_2023 = FIXTURES / "imports" / "Anmälda brott kommunerna 2023.csv"


@pytest.fixture
def live(data_dir):
    build.build(data_dir)
    return data_dir


def test_an_import_that_needs_more_memory_than_the_cap_ends_its_own_process_and_changes_nothing(live, monkeypatch):
    # The cap is what an import may grow past the libraries it loads; a build of the demo's raw files grows more.
    monkeypatch.setenv(isolated.MEMORY_ENV, "16")
    monkeypatch.setenv(isolated.SECONDS_ENV, "60")
    before = snapshot(live)
    started = time.monotonic()
    with pytest.raises(StoreError) as err:
        isolated.call("import_bra", live, YEARLY_2023.read_bytes(), YEARLY_2023.name)
    message = err.value.message("sv")
    assert message.startswith(f"{YEARLY_2023.name}: importen behövde mer minne (16 MB") and "1 min" in message
    assert time.monotonic() - started < 60   # stopped by the cap (MemoryError), not by the clock
    assert "LAGESBILD_IMPORT_MEMORY_MB" in message and "Inget ändrades" in message
    assert snapshot(live) == before   # the child's staging copy is gone too


def test_the_childs_result_and_its_typed_errors_come_back(live):
    result = isolated.call("import_bra", live, YEARLY_2023.read_bytes(), YEARLY_2023.name)
    assert isinstance(result, ImportResult) and result.rows.added == 4
    bad = "Kommun;Antal;Per 100 000 inv.\nIngenstans;1;2\n".encode()
    with pytest.raises(SourceFormatError) as err:
        isolated.call("import_bra", live, bad, "Anmälda brott kommunerna 2024.csv")
    assert (err.value.file, err.value.row, err.value.column) == ("Anmälda brott kommunerna 2024.csv", 2, "Kommun")
    assert "känt kommunnamn" in err.value.message("sv") and "known municipality" in err.value.message("en")


def test_the_child_says_when_it_waits_for_another_import(live):
    said, done = threading.Event(), {}
    with store.build_lock(live):
        worker = threading.Thread(target=lambda: done.setdefault(
            "result", isolated.call("import_bra", live, YEARLY_2023.read_bytes(), YEARLY_2023.name, on_wait=said.set)))
        worker.start()
        assert said.wait(60)
    worker.join(120)
    assert done["result"].written


def test_a_cap_well_above_the_libraries_lets_an_import_through(live, monkeypatch):
    """The cap counts from what numpy and Arrow reserve at start (over 1 GB of VmData): a 1 GB cap once
    stopped Arrow's worker threads from starting, so every import failed (and the CLI's with a traceback)."""
    monkeypatch.setenv(isolated.MEMORY_ENV, "1024")
    assert isolated.call("import_bra", live, YEARLY_2023.read_bytes(), YEARLY_2023.name).rows.added == 4
    done = subprocess.run([sys.executable, "-m", "etl", "import", "bra", str(YEARLY_2023), "--data-dir", str(live)],
                          cwd=isolated.ROOT, capture_output=True, text=True, env=os.environ.copy())
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
