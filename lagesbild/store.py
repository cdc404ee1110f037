"""Reading the processed store: Parquet tables plus a manifest, written by `etl.store`.

Layout under `<data-dir>/processed/`:
  builds/<build_id>/{observations,indicators,geographies,targets,…}.parquet, manifest.json
  CURRENT   the name of the live build, replaced atomically by a build, so a reader sees
            either the old store or the new one, never half of one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lagesbild.errors import StoreError

# The store's tables; lagesbild.schema declares their columns and checks. A reader never needs the
# schema (pandera alone takes about half a second to import), so only writing imports it.
TABLES = ("observations", "indicators", "geographies", "targets", "interventions", "effects", "groups")
# Tables added after the first release: a store built before them reads them as empty.
OPTIONAL_TABLES = ("interventions", "effects", "groups")
# Columns added to a table after the first release, with the value a store built before them reads.
OPTIONAL_COLUMNS = {"indicators": {"break_label_sv": "", "break_label_en": "", "pooled_years": 1,
                                   "population_group": "", "continues": None, "file_only": False,
                                   "kolada_title": "", "publication_date": "", "publ_period": ""}}


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
    groups: pd.DataFrame = None        # Kolada's municipality groups: group_id, title, member_code

    @property
    def is_demo(self) -> bool:
        return bool(self.manifest.get("demo"))

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


def processed_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "processed"


def current_build_id(data_dir: Path) -> str | None:
    try:
        return (processed_dir(data_dir) / "CURRENT").read_text().strip() or None
    except FileNotFoundError:
        return None


def read_manifest(data_dir: Path) -> dict | None:
    """The live build's manifest alone (None without a readable one): what a check of where the store came from
    needs, without reading its tables."""
    build_id = current_build_id(data_dir)
    try:
        return None if build_id is None else json.loads((processed_dir(data_dir) / "builds" / build_id / "manifest.json").read_text())
    except (FileNotFoundError, ValueError):
        return None


def _read_table(path: Path, name: str) -> pd.DataFrame:
    file = path / f"{name}.parquet"
    if name in OPTIONAL_TABLES and not file.exists():
        from lagesbild import schema

        return pd.DataFrame(columns=list(schema.TABLES[name].columns))
    df = pd.read_parquet(file)
    for column, default in OPTIONAL_COLUMNS.get(name, {}).items():
        if column not in df.columns:
            df[column] = default
    return df


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
