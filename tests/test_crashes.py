"""Concurrency and crashes (the findings: a second import at the same time was refused instead of
waiting; a killed import left a copy of raw/ in the temp dir forever; and nothing kept a crash
between "raw files accepted" and "store switched" from leaving a state the next build takes in)."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from etl import build, imports, store
from lagesbild.errors import StoreError
from lagesbild.store import current_build_id
from tests.conftest import FIXTURES, ROOT
from tests.test_build import snapshot

YEARLY_2023 = FIXTURES / "imports" / "Anmälda brott kommunerna 2023.csv"
KEPT = f"bra/Anmälda brott kommunerna 2023 {imports._sha256(YEARLY_2023.read_bytes())[:16]}.csv"   # kept by its content


def raw_and_store(data_dir) -> dict[str, bytes]:
    """What a crash must not change: the raw files and the live store (not the lock file)."""
    return {k: v for k, v in snapshot(data_dir).items() if k.startswith("raw/") or k == "processed/CURRENT"}


def test_a_second_import_waits_for_the_first_and_says_so(data_dir):
    build.build(data_dir)
    held, said = threading.Event(), []

    def first():
        with store.build_lock(data_dir):
            held.set()
            time.sleep(1.5)

    thread = threading.Thread(target=first)
    thread.start()
    held.wait()
    result = imports.import_bra(data_dir, YEARLY_2023.read_bytes(), YEARLY_2023.name, on_wait=lambda: said.append(1))
    thread.join()
    assert said == [1] and result.written == (KEPT,)  # kept by its content beside the demo's 2023 file


def test_the_wait_is_bounded(data_dir, monkeypatch):
    build.build(data_dir)
    before = raw_and_store(data_dir)
    with store.build_lock(data_dir):
        with pytest.raises(StoreError) as err:
            with store.build_lock(data_dir, timeout=0.5):
                pass
    assert "mer än 1 min" in err.value.message("sv") and raw_and_store(data_dir) == before


KILLED_IMPORT = """
import os, sys
from pathlib import Path
from etl import imports, store
data_dir, where = Path(sys.argv[1]), sys.argv[2]
if where == "staging":      # killed while the trial build runs on its staging copy
    import etl.build as b
    b.prepare = lambda *a, **k: os._exit(9)
else:                       # killed after the raw files were replaced, before the store was switched
    store.write_store = lambda *a, **k: os._exit(9)
data = Path(sys.argv[3]).read_bytes()
imports.import_bra(data_dir, data, "Anmälda brott kommunerna 2023.csv")
"""


@pytest.mark.parametrize("where", ["staging", "switch"])
def test_a_killed_import_is_rolled_back_and_cleaned_by_the_next_writer(data_dir, where):
    build.build(data_dir)
    before, live = raw_and_store(data_dir), current_build_id(data_dir)
    proc = subprocess.run([sys.executable, "-c", KILLED_IMPORT, str(data_dir), where, str(YEARLY_2023)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    processed = data_dir / "processed"
    if where == "staging":
        assert list(processed.glob(".staging-*"))   # its copy of raw/ is in the data dir, not in /tmp
    else:
        assert (processed / ".journal" / "plan.json").exists()
        assert (data_dir / "raw" / KEPT).read_bytes() == YEARLY_2023.read_bytes()  # half done
    with store.build_lock(data_dir):   # the next writer, whoever it is, cleans up first
        pass
    assert raw_and_store(data_dir) == before and current_build_id(data_dir) == live
    assert not list(processed.glob(".staging-*")) and not (processed / ".journal").exists()
    assert imports.import_bra(data_dir, YEARLY_2023.read_bytes(), YEARLY_2023.name).written  # and it can be redone


def test_a_crash_after_the_switch_keeps_the_import(data_dir, monkeypatch):
    build.build(data_dir)
    real = store.write_store

    def switch_then_crash(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt  # as if killed after CURRENT was replaced, before the journal went

    monkeypatch.setattr(store, "write_store", switch_then_crash)
    monkeypatch.setattr(store, "recover", lambda data_dir: None)   # the dying process cleans nothing
    with pytest.raises(KeyboardInterrupt):
        imports.import_bra(data_dir, YEARLY_2023.read_bytes(), YEARLY_2023.name)
    monkeypatch.undo()
    after = raw_and_store(data_dir)
    with store.build_lock(data_dir):
        pass
    assert raw_and_store(data_dir) == after
    assert (data_dir / "raw" / KEPT).read_bytes() == YEARLY_2023.read_bytes()
