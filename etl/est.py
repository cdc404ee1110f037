"""EST data in: incident exports, read at build time (the insatser log is in the database: etl/insatser.py).

Raw layout: `<raw>/incidents/*.csv|xlsx`, one row per incident, each file named by its content
(imports store it as `<sha256 prefix>.csv|.xlsx`). The exports add up, read in the order they were
imported (etl.sources.incidents.combine): incidents without ids are known by their content, with ids
by their id; a period is replaced only where an import said so (`replaces_period` in sources.json).
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd

from etl.sources import incidents
from etl.sources.common import Parsed, normalise_name
from lagesbild import effects
from lagesbild.errors import SourceFormatError

SUFFIXES = (".csv", ".xlsx")


def files(folder: Path, index: dict, root: Path) -> list[Path]:
    """The table files in a raw folder, oldest import first (sources.json's times, else the file's)."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES]
    return sorted(found, key=lambda p: (_imported_at(root, p, index), p.name))


def _imported_at(root: Path, path: Path, index: dict) -> str:
    meta = index.get(path.relative_to(root).as_posix(), {})
    return meta.get("imported_at") or meta.get("retrieved_at") or mtime(path)


def mtime(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat()


def retrieved_at(index: dict, rel: str, path: Path) -> str:
    """When a file's figures were retrieved from their source: sources.json says (a fetch's time, or the
    date given with --retrieved; "" for a file imported without one: its date is unknown, not the import
    day). A file put in raw/ by hand, unknown to sources.json, is dated by its modification time."""
    if rel in index:
        return index[rel].get("retrieved_at") or ""
    return mtime(path)


class AreaNames:
    """Area name -> the area codes ("<kommun>-<slug>") known from the other raw files. A build gives it the
    words an insats's `problem` may use (`problems`, etl.sources.interventions.ProblemWords) before the log is read."""

    def __init__(self, geographies: list[pd.DataFrame]):
        self._codes: dict[str, set[str]] = {}
        self.kommuner: set[str] = set()  # the kommun codes among the geographies
        self.problems = None
        for g in geographies:
            self.kommuner.update(g["code"][g["level"] == "kommun"])
            for code, name, level in zip(g["code"], g["name"], g["level"]):
                if level == "område":
                    self._codes.setdefault(normalise_name(name), set()).add(code)

    def add(self, g: pd.DataFrame) -> None:
        for code, name in zip(g["code"], g["name"]):
            self._codes.setdefault(normalise_name(name), set()).add(code)

    def __call__(self, name: str) -> list[str]:
        return sorted(self._codes.get(normalise_name(name), set()))

    @property
    def codes(self) -> set[str]:
        return {c for codes in self._codes.values() for c in codes}


def source_entry(root: Path, path: Path, raw: bytes, rows: int, kind: str, index: dict) -> dict:
    """A raw file's line in the manifest: path, kind, checksum, size, rows, times, origin, versions."""
    rel = path.relative_to(root).as_posix()
    meta = index.get(rel, {})
    return {"path": rel, "kind": kind, "sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw), "rows": rows,
            "retrieved_at": retrieved_at(index, rel, path), "origin": meta.get("origin", ""),
            "imported_at": meta.get("imported_at", ""), "history": meta.get("history", [])}


def replacement(meta: dict) -> incidents.Replacement | None:
    """The period an import explicitly replaced (sources.json's `replaces_period`), if any."""
    period = meta.get("replaces_period")
    return incidents.Replacement(date.fromisoformat(period[0]), date.fromisoformat(period[1])) if period else None


Export = tuple[str, incidents.IncidentFile, "incidents.Replacement | None"]   # (raw path, its incidents, its replacement)


def parse_incidents(root: Path, parsed: list[Parsed], index: dict,
                    priority: int) -> tuple[list[Parsed], list[dict], AreaNames, list[Export]]:
    """Every incident export under root/incidents, added up (see the module's docstring) into monthly
    counts; areas resolved by known names, an export's areas known to the later ones. Also the exports
    themselves, in the order they add up, for an import's count of what it changed."""
    names = AreaNames([p.geographies for p in parsed if p.geographies is not None])
    exports, sources = [], []
    for path in files(root / "incidents", index, root):
        rel, raw = path.relative_to(root).as_posix(), path.read_bytes()
        export = incidents.read(raw, rel, names, names.kommuner)
        names.add(export.incidents.drop_duplicates("geo_code").rename(columns={"geo_code": "code", "area": "name"}))
        meta = index.get(rel, {})
        exports.append((rel, export, replacement(meta)))
        sources.append({**source_entry(root, path, raw, len(export.incidents), "incidents", index),
                        "first": export.first.isoformat(), "last": export.last.isoformat(),
                        **({"replaces_period": meta["replaces_period"]} if meta.get("replaces_period") else {})})
    if not exports:
        return [], sources, names, []
    files_ = [e for _, e, _ in exports]
    result = incidents.aggregate(incidents.combine(files_, [r for _, _, r in exports]), incidents.coverage(files_), files_)
    result.observations["retrieved_at"] = max(s["retrieved_at"] for s in sources)
    result.observations["priority"] = priority
    return [result], sources, names, exports


def evaluate(tables: dict[str, pd.DataFrame], interventions_frame: pd.DataFrame) -> pd.DataFrame:
    """Check each insats's areas have incident data, then estimate its effect."""
    known = set(effects.incident_counts(tables["observations"])["geo_code"])
    for ins in interventions_frame.to_dict("records"):
        for col in ("area", "comparison_area"):
            if ins[col] and ins[col] not in known:
                raise SourceFormatError(ins["source_file"], "ett område som finns i händelsedatat (incidents/)",
                                        "an area present in the incident data (incidents/)",
                                        column="omrade" if col == "area" else "jamforelseomrade",
                                        found=f"{ins['name']}: {ins[col]}")
    return effects.evaluate(tables["observations"], interventions_frame, tables["geographies"])
