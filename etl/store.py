"""The processed store: Parquet tables plus a manifest, swapped in atomically.

Layout under `<data-dir>/processed/`:
  builds/<build_id>/{observations,indicators,geographies,targets}.parquet, manifest.json
  CURRENT   the name of the live build, replaced with os.replace (atomic), so a reader sees
            either the old store or the new one, never half of one.
  .lock     held while a build writes; a second build waits for it.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from etl.errors import StoreError

KEEP_BUILDS = 2  # the live build and the one before it, for readers still holding it
# The store's tables; etl.schema declares their columns and checks. A reader never needs the
# schema (pandera alone takes about half a second to import), so only writing imports it.
TABLES = ("observations", "indicators", "geographies", "targets", "interventions", "effects")
# Tables added after the first release: a store built before them reads them as empty.
OPTIONAL_TABLES = ("interventions", "effects")


@dataclass(frozen=True)
class Store:
    build_id: str
    manifest: dict
    observations: pd.DataFrame
    indicators: pd.DataFrame
    geographies: pd.DataFrame
    targets: pd.DataFrame
    interventions: pd.DataFrame = None
    effects: pd.DataFrame = None

    @property
    def is_demo(self) -> bool:
        return bool(self.manifest.get("demo"))

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


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


def processed_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "processed"


def current_build_id(data_dir: Path) -> str | None:
    try:
        return (processed_dir(data_dir) / "CURRENT").read_text().strip() or None
    except FileNotFoundError:
        return None


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
    from etl import schema

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


def _read_table(path: Path, name: str) -> pd.DataFrame:
    file = path / f"{name}.parquet"
    if name in OPTIONAL_TABLES and not file.exists():
        from etl import schema

        return pd.DataFrame(columns=list(schema.TABLES[name].columns))
    return pd.read_parquet(file)


def read_store(data_dir: Path, build_id: str | None = None) -> Store:
    """The live store (or the named build). A build pruned while we read it — two newer builds
    landed in between — is retried on the new live one, so a reader always gets a whole store."""
    for _ in range(3):
        wanted = build_id or current_build_id(data_dir)
        if wanted is None:
            raise StoreError("Datalagret finns inte ännu. Kör `python -m etl build --demo` eller importera data.",
                             "The store does not exist yet. Run `python -m etl build --demo` or import data.")
        path = processed_dir(data_dir) / "builds" / wanted
        try:
            manifest = json.loads((path / "manifest.json").read_text())
            tables = {name: _read_table(path, name) for name in TABLES}
            return Store(build_id=wanted, manifest=manifest, **tables)
        except (FileNotFoundError, ValueError) as exc:
            error = exc
            if current_build_id(data_dir) == wanted:
                break
            build_id = None
    raise StoreError(f"Datalagret {wanted} är ofullständigt ({error}).",
                     f"The store {wanted} is incomplete ({error}).")
