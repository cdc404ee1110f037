"""Writing the processed store atomically (lagesbild.store reads it).

Under `<data-dir>/processed/`: each build is written to a temp dir, validated and read back, renamed
to builds/<build_id>/, and then CURRENT is replaced with os.replace (atomic), so a reader sees
either the old store or the new one, never half of one. `.lock` is held while a build writes; a
second build waits for it.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from lagesbild.errors import StoreError
from lagesbild.store import TABLES, processed_dir

KEEP_BUILDS = 2  # the live build and the one before it, for readers still holding it


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so a reader sees the old bytes or the new ones, never half: temp file, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
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
def build_lock(data_dir: Path, wait: bool = True):
    root = processed_dir(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise StoreError("En annan uppbyggnad av datalagret pågår. Försök igen om en stund.",
                             "Another build of the store is running. Try again shortly.") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


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
