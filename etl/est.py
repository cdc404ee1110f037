"""EST data in: incident exports and the interventions log (insatser), read at build time.

Raw layout: `<raw>/incidents/*.csv|xlsx` (one row per incident) and `<raw>/interventions/*.csv|xlsx`
(the log). `interventions/log.csv` is the log as edited in the app; it is read last, so an edit
replaces the imported row of the same insats. Every edit is appended to
`interventions/changes.jsonl` (time, user, what changed) by etl/edits.py.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from etl.sources import incidents, interventions
from etl.sources.common import Parsed, normalise_name
from lagesbild import effects
from lagesbild.errors import SourceFormatError

SUFFIXES = (".csv", ".xlsx")
LOG_NAME = "log.csv"
CHANGES_NAME = "changes.jsonl"


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.name != LOG_NAME)
    return found + ([folder / LOG_NAME] if (folder / LOG_NAME).exists() else [])


class AreaNames:
    """Area name -> the area codes ("<kommun>-<slug>") known from the other raw files."""

    def __init__(self, geographies: list[pd.DataFrame]):
        self._codes: dict[str, set[str]] = {}
        self.kommuner: set[str] = set()  # the kommun codes among the geographies
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


def _source(root: Path, path: Path, raw: bytes, rows: int, kind: str, index: dict) -> dict:
    rel = path.relative_to(root).as_posix()
    meta = index.get(rel, {})
    retrieved = meta.get("retrieved_at") or datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat()
    return {"path": rel, "kind": kind, "sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw), "rows": rows,
            "retrieved_at": retrieved, "origin": meta.get("origin", "")}


def parse_incidents(root: Path, parsed: list[Parsed], index: dict, priority: int) -> tuple[list[Parsed], list[dict], AreaNames]:
    """Every incident file under root/incidents as monthly counts; areas resolved by known names."""
    names = AreaNames([p.geographies for p in parsed if p.geographies is not None])
    out, sources = [], []
    for path in _files(root / "incidents"):
        rel, raw = path.relative_to(root).as_posix(), path.read_bytes()
        result = incidents.parse(raw, rel, names, names.kommuner)
        names.add(result.geographies)
        source = _source(root, path, raw, len(result.observations), "incidents", index)
        result.observations["retrieved_at"] = source["retrieved_at"]
        result.observations["priority"] = priority
        out.append(result)
        sources.append(source)
    return out, sources, names


def interventions_table(root: Path, names: AreaNames, index: dict) -> tuple[pd.DataFrame, list[dict]]:
    frames, sources = [], []
    for path in _files(root / "interventions"):
        rel, raw = path.relative_to(root).as_posix(), path.read_bytes()
        frame = interventions.parse(raw, rel, names)
        frames.append(frame)
        sources.append(_source(root, path, raw, len(frame), "interventions", index))
    table = (pd.concat(frames, ignore_index=True).drop_duplicates("intervention", keep="last")
             if frames else pd.DataFrame(columns=interventions.TABLE_COLUMNS))
    return table.sort_values(["start", "intervention"]).reset_index(drop=True), sources


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
