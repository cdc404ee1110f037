"""Concurrent use of one data dir: builds wait for each other, readers always see a whole store,
and the running app picks up a rebuilt store on its next rerun without a restart."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from streamlit.testing.v1 import AppTest

from etl import build
from etl.store import build_lock
from lagesbild import fmt, store
from lagesbild.errors import StoreError
from tests.conftest import ROOT

BUILD = [sys.executable, "-m", "etl", "build", "--data-dir"]
EKBACKA_2025 = "bra/Anmälda brott kommunerna 2025.csv"
EKBACKA_OLD = fmt.number(13873.0, 0, "sv")


def build_process(data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen([*BUILD, str(data_dir)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_whole(s: store.Store) -> None:
    """Every table holds the rows its manifest promised."""
    assert s.manifest["build_id"] == s.build_id
    assert {name: len(s.table(name)) for name in s.manifest["rows"]} == s.manifest["rows"]


def test_two_builds_at_once_both_finish_and_leave_one_whole_store(data_dir):
    first, second = build_process(data_dir), build_process(data_dir)
    results = [p.communicate(timeout=300) + (p.returncode,) for p in (first, second)]
    for out, err, code in results:
        assert code == 0, err
        assert "Datalagret byggt" in out
    ids = {out.split("(")[1].split(")")[0] for out, _, _ in results}
    assert len(ids) == 2  # the second waited on the lock and then built its own store
    assert store.current_build_id(data_dir) == max(ids)
    assert_whole(store.read_store(data_dir))
    builds = data_dir / "processed" / "builds"
    assert not [p for p in builds.iterdir() if p.name.startswith(".tmp-")]  # no half-written build left


def test_a_build_that_must_not_wait_refuses_with_a_message(data_dir):
    with build_lock(data_dir):
        try:
            with build_lock(data_dir, wait=False):
                raise AssertionError("the second lock should have been refused")
        except StoreError as exc:
            assert "En annan uppbyggnad" in exc.message("sv") and "Another build" in exc.message("en")


def test_a_reader_polling_during_repeated_builds_always_gets_a_whole_store(data_dir):
    build.build(data_dir)
    stop, seen, errors = threading.Event(), set(), []

    def poll():
        while not stop.is_set():
            try:
                s = store.read_store(data_dir)
                assert_whole(s)
                seen.add(s.build_id)
            except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
                errors.append(exc)
            stop.wait(0.02)  # leave the builds some CPU on a 2-core machine

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        for _ in range(2):  # the second prunes the first build, under the reader's feet
            proc = build_process(data_dir)
            assert proc.wait(300) == 0, proc.stderr.read()
    finally:
        stop.set()
        reader.join()
    assert not errors, errors[:3]
    assert len(seen) >= 2  # the reader saw the store change while it polled


def _app(data_dir: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("LAGESBILD_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["kommun"] = "9901"
    at.session_state["lang_choice"] = "sv"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_app_serves_the_old_store_during_a_rebuild_and_the_new_one_after(data_dir, monkeypatch):
    build.build(data_dir)
    assert _app(data_dir, monkeypatch).metric[0].value == EKBACKA_OLD  # Ekbacka 2025 in the demo file

    path = data_dir / "raw" / EKBACKA_2025
    path.write_text(path.read_text(encoding="utf-8-sig").replace("Ekbacka;22 420;13 873,0", "Ekbacka;22 420;12 345,6"),
                    encoding="utf-8-sig")
    with build_lock(data_dir):  # a rebuild is running: half a build in builds/, CURRENT unchanged
        partial = data_dir / "processed" / "builds" / ".tmp-running"
        partial.mkdir()
        (partial / "observations.parquet").write_bytes(b"PAR1 half")
        assert _app(data_dir, monkeypatch).metric[0].value == EKBACKA_OLD
        partial.joinpath("observations.parquet").unlink()
        partial.rmdir()

    build.build(data_dir)  # same server process: Streamlit's resource cache is still warm
    assert _app(data_dir, monkeypatch).metric[0].value == fmt.number(12345.6, 0, "sv")
