"""EST data in: incident exports and the interventions log (insatser), their import and in-app edits.

Raw layout: `<raw>/incidents/*.csv|xlsx` (one row per incident) and `<raw>/interventions/*.csv|xlsx`
(the log). `interventions/log.csv` is the log as edited in the app; it is read last, so an edit
replaces the imported row of the same insats. Every edit is appended to
`interventions/changes.jsonl` (time, user, what changed).
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from etl import store
from etl.errors import SourceFormatError
from etl.sources import incidents, interventions
from etl.sources.common import Parsed, normalise_name
from lagesbild import effects
from lagesbild.est import iso_day

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


# --- the log as edited in the app ---

def log_rows(table: pd.DataFrame, geographies: pd.DataFrame) -> pd.DataFrame:
    """The store's interventions as the editable log (LOG_COLUMNS, text)."""
    names = dict(zip(geographies["code"], geographies["name"]))
    return pd.DataFrame({
        "namn": table["name"], "omrade": table["area"].map(names),
        "kommunkod": table["area"].str.split("-", n=1).str[0], "typ": table["type"],
        "start": table["start"].map(iso_day), "slut": table["end"].map(iso_day),
        "jamforelseomrade": table["comparison_area"].map(lambda c: names.get(c, "") if c else ""),
    }, columns=interventions.LOG_COLUMNS).reset_index(drop=True)


def _key(row: dict) -> tuple[str, str, str]:
    return (str(row["namn"]).strip(), str(row["omrade"]).strip(), str(row["kommunkod"]).strip())


def _changes(before: pd.DataFrame, after: pd.DataFrame) -> list[dict]:
    old = {_key(r): r for r in before.to_dict("records")}
    new = {_key(r): r for r in after.to_dict("records")}
    out = []
    for key, row in new.items():
        if key not in old:
            out.append({"action": "added", "insats": key[0], "omrade": key[1], "row": row})
        else:
            diff = {c: [old[key][c], row[c]] for c in interventions.LOG_COLUMNS if str(old[key][c]) != str(row[c])}
            if diff:
                action = "ended" if set(diff) == {"slut"} and not old[key]["slut"] else "corrected"
                out.append({"action": action, "insats": key[0], "omrade": key[1], "changes": diff})
    out += [{"action": "removed", "insats": k[0], "omrade": k[1], "row": old[k]} for k in old if k not in new]
    return out


def save_log(data_dir: Path, before: pd.DataFrame, after: pd.DataFrame, user: str) -> list[dict]:
    """Write the edited log durably (validated, atomic), append what changed, rebuild the store.

    Returns the changes; nothing is written when nothing changed or the log does not validate.
    """
    from etl import build as builder
    after = after.fillna("").astype(str).map(str.strip)[interventions.LOG_COLUMNS]
    after = after[(after != "").any(axis=1)].reset_index(drop=True)
    changes = _changes(before.fillna("").astype(str), after)
    if not changes:
        return []
    data = ("\ufeff" + after.to_csv(sep=";", index=False, lineterminator="\r\n")).encode("utf-8")
    folder = Path(data_dir) / "raw" / "interventions"
    log, journal = folder / LOG_NAME, folder / CHANGES_NAME
    previous = log.read_bytes() if log.exists() else None
    interventions.read_log(data, f"interventions/{LOG_NAME}")    # row/column errors before anything is written
    folder.mkdir(parents=True, exist_ok=True)
    store.write_atomic(log, data)
    try:
        builder.build(data_dir)
    except BaseException:
        if previous is None:
            log.unlink()
        else:
            store.write_atomic(log, previous)
        raise
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with open(journal, "a", encoding="utf-8") as fh:
        for change in changes:
            fh.write(json.dumps({"time": stamp, "user": user, **change}, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return changes


def change_log(data_dir: Path) -> pd.DataFrame:
    """The edit history, newest first: time, user, action, insats, omrade, details."""
    path = Path(data_dir) / "raw" / "interventions" / CHANGES_NAME
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] if path.exists() else []
    out = pd.DataFrame([{"time": r["time"], "user": r["user"], "action": r["action"], "insats": r["insats"],
                         "omrade": r["omrade"],
                         "details": json.dumps(r.get("changes") or r.get("row"), ensure_ascii=False)} for r in rows],
                       columns=["time", "user", "action", "insats", "omrade", "details"])
    return out.iloc[::-1].reset_index(drop=True)
