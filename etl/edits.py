"""Changes to the insatser log — an edit in the app or an imported file — each as one step.

Under the build lock: the change in a database transaction (etl/insatser.py: version checks and
the audit rows), a trial build with the changed log, then commit, and the new store swapped in.
A change that does not validate, or touches kommuner the writer may not edit, or meets a newer
version, rolls back: nothing is written. A crash after the commit leaves a log that was already
validated; the next build takes it in, and the audit trail says who changed what.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from etl import build as builder
from etl import insatser, store
from etl.sources import interventions
from lagesbild import problems
from lagesbild.access import Writer
from lagesbild.est import iso_day

EDITOR = "insatsloggen"  # the editor's rows are named like a file's: "insatsloggen, rad 3, kolumn 'start'"
HIDDEN = ["intervention", "version"]


@dataclass(frozen=True)
class LogImportResult:
    """What an imported insatser file changed in the log."""
    file: str
    added: int
    changed: int
    unchanged: int
    build_id: str | None

    def message(self, lang: str = "sv") -> str:
        if not self.added and not self.changed:
            return (f"Redan importerad: {self.file} – inget ändrades." if lang != "en"
                    else f"Already imported: {self.file} – nothing changed.")
        # an imported file never removes an insats: what it does not name is left as it is
        if lang == "en":
            return (f"{self.file}: {self.added} new, {self.changed} changed, 0 removed, {self.unchanged} unchanged "
                    f"interventions. Store rebuilt ({self.build_id}).")
        return (f"{self.file}: {self.added} nya, {self.changed} ändrade, 0 borttagna, {self.unchanged} oförändrade insatser. "
                f"Datalagret byggt om ({self.build_id}).")


def _change(data_dir: Path, apply: Callable[[sa.Connection, builder.est.AreaNames], object],
            changed: Callable[[object], bool], on_wait: Callable[[], None] | None = None) -> tuple[object, str | None]:
    """Run `apply` in a transaction inside a trial build; commit and swap the store in if it changed something."""
    data_dir = Path(data_dir)
    outcome: dict = {}

    def log_source(root: Path, areas) -> tuple[pd.DataFrame, list[dict]]:
        insatser.read_for_build(outcome["conn"], root, areas)  # a data dir from before the database: moved in first
        outcome["result"] = apply(outcome["conn"], areas)
        log = insatser.table(outcome["conn"])
        return log, [insatser.source_entry(data_dir, log)]

    with store.build_lock(data_dir, on_wait=on_wait):
        with insatser.connected(data_dir, begin=True) as conn:
            outcome["conn"] = conn
            tables, manifest = builder.prepare(builder.raw_dir(data_dir, False), data_dir, log_source=log_source)
            if not changed(outcome["result"]):
                conn.rollback()
                return outcome["result"], None
        return outcome["result"], store.write_store(data_dir, tables, manifest)


def import_log(data_dir: Path, data: bytes, name: str, writer: Writer,
               on_wait: Callable[[], None] | None = None) -> LogImportResult:
    """An insatser file merged into the log by identity (its `id` column, else name + area + start)."""
    log = interventions.read_log(data, name)   # row/column errors before anything else
    sha = hashlib.sha256(data).hexdigest()

    def apply(conn, areas):
        return insatser.merge(conn, interventions.resolve(log, name, areas), writer, name, sha)

    counts, build_id = _change(data_dir, apply, lambda c: bool(c["added"] or c["changed"]), on_wait)
    return LogImportResult(name, counts["added"], counts["changed"], counts["unchanged"], build_id)


def editor_rows(data_dir: Path, kommun: str, geographies: pd.DataFrame) -> pd.DataFrame:
    """The kommun's insatser as the editor shows them (LOG_COLUMNS, text), with the hidden
    intervention id and the version each row was read at."""
    with insatser.connected(data_dir) as conn:
        table = insatser.table(conn)
    table = table[table["area"].str.split("-", n=1).str[0] == kommun]
    names = dict(zip(geographies["code"], geographies["name"]))
    return pd.DataFrame({
        "namn": table["name"], "omrade": table["area"].map(lambda c: names.get(c, c)),
        "kommunkod": table["area"].str.split("-", n=1).str[0], "typ": table["type"],
        "start": table["start"].map(iso_day), "slut": table["end"].map(iso_day),
        "jamforelseomrade": table["comparison_area"].map(lambda c: names.get(c, c) if c else ""),
        "ansvarig": table["responsible"].fillna(""),
        "problem": table["problem"].fillna("").map(lambda p: problems.readable(problems.parse(p), names)),
        "intervention": table["intervention"], "version": table["version"].astype(int),
    }, columns=[*interventions.LOG_COLUMNS, *HIDDEN]).reset_index(drop=True)


def _text(df: pd.DataFrame) -> pd.DataFrame:
    out = df.reindex(columns=[*interventions.LOG_COLUMNS, "intervention"]).fillna("").astype(str).map(str.strip)
    return out[(out[interventions.LOG_COLUMNS] != "").any(axis=1)].reset_index(drop=True)


def save_edits(data_dir: Path, opened: pd.DataFrame, edited: pd.DataFrame, writer: Writer,
               on_wait: Callable[[], None] | None = None) -> list[dict]:
    """Save the editor's rows: `opened` as editor_rows gave them, `edited` as the user left them
    (new rows without an intervention id). Each changed row must still be at the version it was
    opened at (else ConflictError: "ändrad av någon annan sedan du öppnade den"). Returns the changes."""
    versions = dict(zip(opened["intervention"], opened["version"].astype(int)))
    before = _text(opened).set_index("intervention")
    after = _text(edited)
    checked = interventions.check_log(after[interventions.LOG_COLUMNS], EDITOR)
    ids = after["intervention"].tolist()
    changed = [i for i, key in enumerate(ids) if key in before.index
               and not before.loc[key, interventions.LOG_COLUMNS].equals(after.loc[i, interventions.LOG_COLUMNS])]
    added = [i for i, key in enumerate(ids) if key not in before.index]
    removed = [key for key in before.index if key not in set(ids)]
    if not changed and not added and not removed:
        return []

    def apply(conn, areas):
        rows = interventions.resolve(checked, EDITOR, areas).to_dict("records")
        edits = [(ids[i], versions[ids[i]], rows[i]) for i in changed] + [(key, versions[key], None) for key in removed]
        return insatser.apply_edits(conn, edits, [rows[i] for i in added], writer)

    return _change(data_dir, apply, bool, on_wait)[0]
