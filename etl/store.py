"""Writing the processed store atomically (lagesbild.store reads it), and the lock every writer takes.

Under `<data-dir>/processed/`: each build is written to a temp dir, validated and read back, renamed
to builds/<build_id>/, and then CURRENT is replaced with os.replace (atomic), so a reader sees
either the old store or the new one, never half of one.

`.lock` is held by every writer of the data dir (a build, an import, an edit): a second one waits
for it, a bounded time, and says that it waits. Whoever takes the lock first cleans up after a
writer that was killed: a half-done replacement of raw files is rolled back (`replace_files`
keeps a journal until the new store is switched in), and staging copies and half-written builds
are removed.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from lagesbild.errors import StoreError
from lagesbild.store import TABLES, current_build_id, processed_dir

KEEP_BUILDS = 2  # the live build and the one before it, for readers still holding it
LOCK_WAIT_S = 600  # a national-scale build takes about a minute; an import several
TEMP_PREFIX = ".lagesbild-tmp-"
JOURNAL = ".journal"
STAGING = ".staging-"


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so a reader sees the old bytes or the new ones, never half: temp file, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name[:100]}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def put_back_on_failure(path: Path, data: bytes):
    """Write `path` atomically for the block that follows (e.g. a rebuild that reads it); if the block
    fails, the file is as it was before (or gone, if it was not there)."""
    previous = path.read_bytes() if path.exists() else None
    write_atomic(path, data)
    try:
        yield
    except BaseException:
        if previous is None:
            path.unlink(missing_ok=True)
        else:
            write_atomic(path, previous)
        raise


@contextmanager
def build_lock(data_dir: Path, wait: bool = True, on_wait: Callable[[], None] | None = None,
               timeout: float = LOCK_WAIT_S):
    """Hold the data dir's writer lock. Busy: wait (calling `on_wait` once, to say so) up to
    `timeout` seconds, or with wait=False refuse at once."""
    root = processed_dir(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        deadline = None
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    raise StoreError("En annan uppbyggnad av datalagret pågår. Försök igen om en stund.",
                                     "Another build of the store is running. Try again shortly.") from None
                if deadline is None:
                    deadline = time.monotonic() + timeout
                    if on_wait is not None:
                        on_wait()
                elif time.monotonic() > deadline:
                    minutes = max(1, round(timeout / 60))
                    raise StoreError(f"En annan import eller uppbyggnad har pågått i mer än {minutes} min. Inget ändrades; "
                                     "försök igen senare.",
                                     f"Another import or build has been running for more than {minutes} min. Nothing "
                                     "was changed; try again later.") from None
                time.sleep(0.2)
        try:
            recover(data_dir)
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def recover(data_dir: Path) -> None:
    """Undo what a killed writer left (call under the lock): a journal whose store was not switched
    in is rolled back (its raw files restored), one whose store was is dropped; staging copies,
    half-written builds and temp files are removed."""
    root = processed_dir(data_dir)
    journal = root / JOURNAL
    plan = journal / "plan.json"
    if plan.exists():
        done = json.loads(plan.read_text(encoding="utf-8"))
        if current_build_id(data_dir) == done["build"]:  # the new store never went live: back to the old files
            base = Path(done["base"])
            for entry in done["files"]:
                if entry["backup"] is None:
                    (base / entry["rel"]).unlink(missing_ok=True)
                else:
                    write_atomic(base / entry["rel"], (journal / entry["backup"]).read_bytes())
    shutil.rmtree(journal, ignore_errors=True)
    for leftover in [*root.glob(f"{STAGING}*"), *(root / "builds").glob(".tmp-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    raw = Path(data_dir) / "raw"
    for temp in raw.rglob(f"{TEMP_PREFIX}*") if raw.is_dir() else []:
        temp.unlink(missing_ok=True)


@contextmanager
def staging(data_dir: Path):
    """A scratch dir inside the data dir (same disk), removed afterwards — or, if this process is
    killed, by the next writer (recover)."""
    tmp = Path(tempfile.mkdtemp(prefix=STAGING, dir=processed_dir(data_dir)))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def replace_files(data_dir: Path, base: Path, changes: dict[str, bytes | None], switch: Callable[[], str]) -> str:
    """Replace files under `base` (None: remove) and then `switch` the store, as one step: the old
    versions are kept in a journal until the switch is done, so a crash in between is rolled back
    by the next writer, never silently built on. Call under the lock."""
    journal = processed_dir(data_dir) / JOURNAL
    shutil.rmtree(journal, ignore_errors=True)
    journal.mkdir(parents=True)
    files = []
    for n, rel in enumerate(changes):
        old = base / rel
        if old.exists():
            write_atomic(journal / str(n), old.read_bytes())
        files.append({"rel": rel, "backup": str(n) if old.exists() else None})
    write_atomic(journal / "plan.json", json.dumps({"base": str(base), "build": current_build_id(data_dir),
                                                    "files": files}).encode())
    try:
        for rel, data in changes.items():
            if data is None:
                (base / rel).unlink(missing_ok=True)
            else:
                write_atomic(base / rel, data)
        build_id = switch()
    except BaseException:
        recover(data_dir)
        raise
    shutil.rmtree(journal, ignore_errors=True)
    return build_id


def write_store(data_dir: Path, tables: dict[str, pd.DataFrame], manifest: dict) -> str:
    """Validate, write to a temp dir, read back, then point CURRENT at it. Returns the build id."""
    from lagesbild import schema

    validated = {name: schema.validate(name, tables[name]) for name in TABLES}
    root = processed_dir(data_dir)
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    build_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=builds))
    try:
        for name, df in validated.items():
            df.to_parquet(tmp / f"{name}.parquet", index=False)
        manifest = {**manifest, "build_id": build_id,
                    "rows": {name: len(df) for name, df in validated.items()}}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, default=str))
        for name, df in validated.items():
            if len(pd.read_parquet(tmp / f"{name}.parquet")) != len(df):
                raise StoreError(f"Tabellen {name} skrevs inte fullständigt.", f"Table {name} was not fully written.")
        os.rename(tmp, builds / build_id)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pointer = root / f".CURRENT.{build_id}"
    pointer.write_text(build_id)
    os.replace(pointer, root / "CURRENT")
    _prune(builds, build_id)
    return build_id


def _prune(builds: Path, current: str) -> None:
    done = sorted((p for p in builds.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
    for old in done[:-KEEP_BUILDS]:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)
