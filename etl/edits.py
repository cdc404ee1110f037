"""The insatser log as edited in the app: the editable rows, a save that rebuilds, the change history.

`interventions/log.csv` is the log as edited in the app (etl/est.py reads it last, so an edit replaces
the imported row of the same insats); every edit is appended to `interventions/changes.jsonl`.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from etl import build as builder
from etl import store
from etl.est import CHANGES_NAME, LOG_NAME
from etl.sources import interventions
from lagesbild.est import iso_day


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
