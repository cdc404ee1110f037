"""Data in, safely: every import and fetch validates fully, then moves its raw files in and swaps the store.

The CLI (`python -m etl import|fetch`) and the Data page call the same functions here. Each one
parses the new file under the name the user gave it (so a message names that file), then
`commit`, holding the data dir's writer lock (a second import waits), tries a whole build on a
staged copy of `DIR/raw/` inside the data dir and checks that the writer may change what the build
changes (lagesbild/access.py). Only then are the raw files moved into `DIR/raw/` and the new store
swapped in, as one journalled step (etl/store.py: a crash in between is rolled back by the next
writer). A failed import changes nothing in the data dir. The same file twice is "already
imported". Brå files and incident exports are kept by their content, never replaced by a file of the
same name: they are merged (the newest import wins where two give the same row; incidents add up as
etl/sources/incidents.py says). A newer survey of the same name and period replaces the old file, and
`sources.json` keeps the history of both (checksums, times, who imported them). Every import reports
the rows of the store it added, changed and removed. Insatser files
are merged into the log's database instead (etl/edits.py).
"""
from __future__ import annotations

import getpass
import hashlib
import json
import math
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd

from etl import build as builder
from etl import edits, kolada_values, store
from etl.sources import bra, bra_workbook, incidents, kolada, kolada_kpi, own_series, survey
from etl.sources.common import slug
from etl.sources.table import EXCEL_MAGIC
from lagesbild import schema, scb
from lagesbild.access import Writer, owner
from lagesbild.catalogue import catalogue
from lagesbild.errors import ConfigError, SourceFormatError, StoreError
from lagesbild.schema import OBSERVATION_KEY
from lagesbild.store import current_build_id, read_store

MAX_MB = 50
MAX_BYTES = MAX_MB * 1024 * 1024
MAX_NAME = 100   # characters of a file name as kept in raw/ and shown in messages
CHANGE_COLUMNS = [*OBSERVATION_KEY, "value", "count", "base", "ci_low", "ci_high", "status"]
COMPARED = [*OBSERVATION_KEY, "value", "count", "base", "status"]   # a file's row against the store's (CIs are derived)
INCIDENT_PREFIX = "inc_"
DEFINITION = ["id", "title_sv", "title_en", "kind", "unit", "direction", "source", "definition_sv", "definition_en"]
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


@dataclass(frozen=True)
class RawFile:
    rel: str                    # path under DIR/raw/, e.g. "bra/Anmälda brott kommunerna 2024.csv"
    data: bytes
    origin: str                 # the file name as the user gave it, or the URL it was fetched from
    retrieved_at: str | None = None  # when the source gave it (a fetch's time, --retrieved); "" unknown; None: now
    replaces: str | None = None  # an older file of the same source and period under another name
    scale: dict[str, float] | None = None  # Kolada KPI -> factor to the catalogue's unit (per 1 000 -> 100 000: 100)
    replace: bool = False        # asked to win over what the store holds for the same figures (--replace)
    meta: tuple[tuple[str, object], ...] = ()   # more for its sources.json entry (an incident export's replaced period)


@dataclass(frozen=True)
class Changes:
    """What an import changed: rows of the store's observations, or incidents."""
    added: int = 0
    changed: int = 0
    removed: int = 0

    def text(self, sv: bool) -> str:
        return (f"{self.added} tillkom, {self.changed} ändrades, {self.removed} togs bort" if sv
                else f"{self.added} added, {self.changed} changed, {self.removed} removed")


@dataclass(frozen=True)
class ImportResult:
    written: tuple[str, ...]     # raw files new to the data dir
    replaced: tuple[str, ...]    # raw files that replaced an older version
    unchanged: tuple[str, ...]   # raw files already there, byte for byte
    rows: Changes                # the store's observations the import added, changed and removed
    build_id: str | None
    origins: tuple[tuple[str, str], ...] = ()  # (raw file, the name the user gave it) where they differ
    notes: tuple[tuple[str, str], ...] = ()   # what the import left out, (Swedish, English)
    incidents: Changes | None = None         # for an incident export: incidents added, changed and removed
    replaced_period: tuple[str, str] | None = None   # the period an incident import explicitly replaced

    def message(self, lang: str = "sv") -> str:
        sv = lang != "en"
        if not self.written and not self.replaced:
            files = ", ".join(self._named(self.unchanged))
            return (f"Redan importerad: {files} – inget ändrades." if sv
                    else f"Already imported: {files} – nothing changed.")
        notes = "".join(" " + (note[0] if sv else note[1]) for note in self.notes)
        parts = []
        if self.written:
            parts.append(("Ny: " if sv else "New: ") + _listed(self._named(self.written), sv))
        if self.replaced:
            parts.append(("Ersatte en äldre version: " if sv else "Replaced an older version: ")
                         + _listed(self._named(self.replaced), sv))
        if self.replaced_period:
            first, last = self.replaced_period
            parts.append(f"Ersatte perioden {first}–{last}" if sv else f"Replaced the period {first} to {last}")
        if self.incidents is not None:
            parts.append(("Händelser: " if sv else "Incidents: ") + self.incidents.text(sv))
        parts.append(("Rader i datalagret: " if sv else "Rows in the store: ") + self.rows.text(sv))
        done = (f"Datalagret byggt om ({self.build_id})." if sv else f"Store rebuilt ({self.build_id}).")
        return f"{'. '.join(parts)}. {done}{notes}"

    def _named(self, files: tuple[str, ...]) -> tuple[str, ...]:
        """A file kept under another name than the user's (exports kept by their content)."""
        origins = dict(self.origins)
        return tuple(f"{origins[f]} ({f})" if f in origins else f for f in files)


def cli_writer() -> Writer:
    """Whoever runs `python -m etl` may change the whole data dir: its files are theirs already."""
    return Writer(f"{getpass.getuser()} (kommandoraden)")


def shown_name(name: str) -> str:
    """A file name as messages show it: no control characters (NUL …), at most MAX_NAME characters."""
    text = re.sub(r"[\x00-\x1f\x7f]", "?", str(name))
    return text if len(text) <= MAX_NAME else text[:MAX_NAME - 1] + "…"


def read_file(path: Path) -> bytes:
    """A file named on the command line, checked for existence and size before it is read."""
    path = Path(path)
    try:
        if not path.is_file():
            raise SourceFormatError(shown_name(path), "en fil som finns", "an existing file")
        check_size(path.stat().st_size, shown_name(path))
        return path.read_bytes()
    except OSError as exc:  # a name too long for the file system, a directory, no permission …
        raise SourceFormatError(shown_name(path), "en läsbar fil", "a readable file", found=exc.strerror) from None


def check_size(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise SourceFormatError(name, f"en fil på högst {MAX_MB} MB", f"a file of at most {MAX_MB} MB",
                                found=f"{math.ceil(size / 1024 / 1024)} MB")


def _check(data: bytes, name: str) -> None:
    check_size(len(data), name)
    if not data.strip():
        raise SourceFormatError(name, "en fil med innehåll", "a file with content", found="tom fil / empty file")


def _suffix(data: bytes) -> str:
    return ".xlsx" if data[:4] == EXCEL_MAGIC else ".csv"


def _basename(name: str, suffix: str) -> str:
    """The name a file is kept under in raw/: the user's, without path or control characters, short."""
    stem = _UNSAFE.sub("", Path(name.replace("\\", "/")).stem).strip().lstrip(".")[:MAX_NAME] or "import"
    return stem + suffix


def _listed(files: tuple[str, ...], sv: bool) -> str:
    """Up to three file names; a fetch of many pages as the first two and how many more."""
    if len(files) <= 3:
        return ", ".join(files)
    more = len(files) - 2
    return f"{files[0]}, {files[1]} " + (f"och {more} filer till" if sv else f"and {more} more files")


def _by_content(data_dir: Path, folder: str, data: bytes, prefix: str = "") -> str:
    """Where a file is kept by its content (`<folder>/<prefix><sha256 prefix>.csv|.xlsx`; the prefix a
    readable name): the same bytes are one file whatever they were called, another file is never replaced
    by one that has its name (a one-row file named like the whole series once replaced it).
    A file already there under another name (from before files were kept by content) is that one."""
    rel = f"{folder}/{prefix}{_sha256(data)[:16]}{_suffix(data)}"
    here = Path(data_dir) / "raw" / folder
    same = [p for p in here.glob("*") if p.name != Path(rel).name and p.is_file() and p.stat().st_size == len(data)
            and p.read_bytes() == data] if here.is_dir() else []
    return f"{folder}/{same[0].name}" if same else rel


def import_bra(data_dir: Path, data: bytes, name: str, year: int | None = None, writer: Writer | None = None,
               on_wait: Callable[[], None] | None = None, retrieved: str | None = None) -> ImportResult:
    """Brå's yearly kommun file (-> raw/bra/), a statistics-database category export (-> raw/bra_kategorier/)
    or Brå's indicator workbook of a kommun (-> raw/bra_indikatorer/). Each is kept by its content and
    merged with the others: where two give the same kommun, period and measure, the one imported last wins.
    `retrieved` (--retrieved): the day the file was taken from Brå; without it, the import's day."""
    retrieved = check_date(retrieved)
    named_year = bra.year_from_name(Path(str(name).replace("\\", "/")).name)   # before a long path is shortened
    name = shown_name(name)
    _check(data, name)
    root = Path(data_dir) / "raw"
    names = builder.geo_names(root)
    suffix = _suffix(data)
    workbook = suffix == ".xlsx" and bra_workbook.is_workbook(data, name)
    if not workbook and bra.kind(data, name) == "bra":
        parsed = bra.parse_yearly(data, name, names, year=year or named_year)
        year = int(parsed.observations["period_start"].iloc[0].year)
        rel = _by_content(data_dir, "bra", data, prefix=f"Anmälda brott kommunerna {year} ")
        return commit(data_dir, [RawFile(rel, data, name, retrieved_at=retrieved)], writer=writer, on_wait=on_wait,
                      notes=parsed.notes)
    if year is not None:
        raise ConfigError(f"{name}: --year gäller bara Brås årsfil; en export ur statistikdatabasen eller en indikatorfil har året i varje kolumn eller rad.",
                          f"{name}: --year applies only to Brå's yearly file; a statistics-database export or an indicator workbook has the year in each column or row.")
    if workbook:
        parsed = bra_workbook.parse(data, name, names, catalogue(data_dir))
        folder = "bra_indikatorer"
    else:
        parsed = bra.parse_categories(data, name, names, catalogue(data_dir))
        folder = "bra_kategorier"
    rel = _by_content(data_dir, folder, data, prefix=f"{Path(_basename(name, '')).stem} ")
    return commit(data_dir, [RawFile(rel, data, name, retrieved_at=retrieved)], writer=writer, on_wait=on_wait,
                  notes=parsed.notes)


def import_survey(data_dir: Path, data: bytes, name: str, mapping_data: bytes, mapping_name: str,
                  writer: Writer | None = None, on_wait: Callable[[], None] | None = None) -> ImportResult:
    """A respondent-level survey and its mapping, stored as raw/survey/NAME.csv|.xlsx + NAME.toml.

    NAME follows the survey's name and period, so a corrected file of the same survey replaces it.
    """
    name, mapping_name = shown_name(name), shown_name(mapping_name)
    _check(data, name)
    _check(mapping_data, mapping_name)
    root = Path(data_dir) / "raw"
    mapping = survey.load_mapping(mapping_data, mapping_name)
    survey.scope(survey.parse(data, name, mapping, known=set(builder.geo_names(root).table["code"])),
                 catalogue(data_dir), mapping_name)
    stem = _survey_stem(root, mapping)
    suffix = _suffix(data)
    table = f"survey/{stem}{suffix}"
    return commit(data_dir, [
        RawFile(table, data, name, replaces=f"survey/{stem}{'.csv' if suffix == '.xlsx' else '.xlsx'}"),
        RawFile(f"survey/{stem}.toml", mapping_data, mapping_name),
    ], writer=writer, on_wait=on_wait)


def _survey_stem(root: Path, mapping: survey.Mapping) -> str:
    for existing in sorted((root / "survey").glob("*.toml")):
        try:
            other = survey.load_mapping(existing.read_bytes(), existing.name)
        except ConfigError:
            continue
        if (other.name, other.period) == (mapping.name, mapping.period):
            return existing.stem
    start, end = mapping.period
    return f"{slug(mapping.name)[:MAX_NAME]}_{start:%Y%m%d}-{end:%Y%m%d}"


def import_own_series(data_dir: Path, data: bytes, name: str, writer: Writer | None = None,
                      on_wait: Callable[[], None] | None = None, retrieved: str | None = None) -> ImportResult:
    """A kommun's own yearly series (etl/sources/own_series.py) -> raw/egna_serier/, named by its content."""
    name = shown_name(name)
    _check(data, name)
    retrieved = check_date(retrieved)
    own_series.parse(data, name, builder.geo_names(Path(data_dir) / "raw"), catalogue(data_dir))
    rel = f"egna_serier/{_sha256(data)[:16]}{_suffix(data)}"
    return commit(data_dir, [RawFile(rel, data, name, retrieved_at=retrieved or "")], writer=writer, on_wait=on_wait)


def import_est(data_dir: Path, data: bytes, name: str, kind: str, writer: Writer | None = None,
               on_wait: Callable[[], None] | None = None, replace_period: tuple[date, date] | None = None,
               retrieved: str | None = None) -> ImportResult | edits.LogImportResult:
    """An incident export (-> raw/incidents/, kept by its content) or an insatser file (merged into the log
    in the database), CSV or Excel. `replace_period` (incidents only, "ersätt perioden"): every earlier
    incident of the export's kommuner from the first to the last day goes, the export's take their place.
    `retrieved` (incidents only, --retrieved): the day the export was made; without it, the import's day."""
    name = shown_name(name)
    _check(data, name)
    retrieved = check_date(retrieved)
    if kind == "interventions":
        return edits.import_log(data_dir, data, name, writer or cli_writer(), on_wait)
    meta: tuple = ()
    if replace_period is not None:
        first, last = replace_period
        if first > last:
            raise ConfigError(f"{name}: perioden som ska ersättas börjar efter att den slutar ({first}–{last}).",
                              f"{name}: the period to replace starts after it ends ({first} to {last}).")
        meta = (("replaces_period", [first.isoformat(), last.isoformat()]),)
    rel = (_by_content(data_dir, "incidents", data) if not meta   # a replacement is an import of its own
           else f"incidents/ersatt-{first.isoformat()}-{last.isoformat()}-{_sha256(data)[:16]}{_suffix(data)}")
    return commit(data_dir, [RawFile(rel, data, name, meta=meta, retrieved_at=retrieved)], writer=writer, on_wait=on_wait)


def import_kolada(data_dir: Path, data: bytes, name: str, writer: Writer | None = None,
                  on_wait: Callable[[], None] | None = None, retrieved: str | None = None,
                  replace: bool = False) -> ImportResult:
    """A saved Kolada answer (v3 JSON: KPI values, `/municipality`, or `/kpi` — Kolada's description of its KPIs)
    or a flat table as rKolada and koladapy keep them (CSV or Parquet: kpi, municipality_id, year, gender,
    status, value). Kept under a name from its content, so a file never replaces another by its name; values
    under another definition than the store's are refused, and revised values follow kolada_values."""
    name = shown_name(name)
    _check(data, name)
    retrieved = check_date(retrieved)
    cat = catalogue(data_dir)
    what, doc, first_row = builder.read_kolada(data, name)
    suffix = ".parquet" if data[:4] == kolada.PARQUET_MAGIC else ".json" if what != "data" or data.lstrip()[:1] == b"{" else ".csv"
    notes: list[tuple[str, str]] = []
    if what == "municipalities":
        kolada.municipalities(doc, name)
        rel = f"kolada/municipality_{_sha256(data)[:16]}.json"
    elif what == "kpi":
        metas = kolada_kpi.parse(doc, name)
        listed = ", ".join(f"{k} ({m.definition()})" for k, m in list(metas.items())[:5])
        listed_en = ", ".join(f"{k} ({m.definition('en')})" for k, m in list(metas.items())[:5])
        more = (f" och {len(metas) - 5} till", f" and {len(metas) - 5} more") if len(metas) > 5 else ("", "")
        notes.append((f"Filen är Koladas beskrivning av {len(metas)} KPI:er, inte värden: {listed}{more[0]}. Den sparades, "
                      f"så att Koladas titel och publiceringsdatum visas på sidan Data.",
                      f"The file is Kolada's description of {len(metas)} KPIs, not values: {listed_en}{more[1]}. It was "
                      f"kept, so Kolada's title and publication date show on the Data page."))
        rel = f"kolada/kpi_{_sha256(data)[:16]}.json"
    else:
        root = Path(data_dir) / "raw"
        parsed = kolada.data_observations(doc, name, cat, set(builder.geo_names(root).table["code"]), first_row=first_row)
        try:
            live = read_store(data_dir)
        except StoreError:
            live = None
        notes += parsed.notes + kolada_values.compare(parsed.observations, live, cat, name, retrieved or "", replace)
        rel = f"kolada/import_{_sha256(data)[:16]}{suffix}"
    return commit(data_dir, [RawFile(rel, data, name, retrieved_at=retrieved or "", replace=replace)], writer=writer,
                  on_wait=on_wait, notes=notes)


def check_date(text: str | None) -> str | None:
    """A --retrieved date as YYYY-MM-DD (not after today), or None when none was given."""
    if not text:
        return None
    try:
        day = datetime.strptime(str(text).strip(), "%Y-%m-%d").date()
    except ValueError:
        day = None
    if day is None or day > datetime.now(timezone.utc).date() or day.year < 1990:
        raise ConfigError(f"--retrieved {text}: väntade ett datum ÅÅÅÅ-MM-DD, inte senare än i dag.",
                          f"--retrieved {text}: expected a date YYYY-MM-DD, not after today.")
    return day.isoformat()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _updated_index(index: dict, raw: Path, changed: list[RawFile], removed: list[str], now: str, user: str) -> dict:
    """sources.json with each new file's origin, time and checksum, and the history of every version."""
    out = {k: v for k, v in index.items() if k not in removed}
    for f in changed:
        old_rel = f.rel if (raw / f.rel).exists() else f.replaces if f.replaces in removed else None
        old = index.get(old_rel, {}) if old_rel else {}
        history = list(old.get("history", []))
        if old_rel and not history:
            old_bytes = _read(raw / old_rel) or b""
            history.append({"path": old_rel, "sha256": old.get("sha256") or _sha256(old_bytes),
                            "retrieved_at": old.get("retrieved_at", ""), "origin": old.get("origin", "")})
        entry = {"retrieved_at": now if f.retrieved_at is None else f.retrieved_at, "origin": f.origin,
                 "sha256": _sha256(f.data), "imported_at": now, "imported_by": user, **dict(f.meta),
                 **({"scale": f.scale} if f.scale else {}), **({"replace": True} if f.replace else {})}
        history.append({"path": f.rel, "sha256": entry["sha256"], "retrieved_at": entry["retrieved_at"],
                        "origin": f.origin, "imported_at": now, "imported_by": user})
        out[f.rel] = {**entry, "history": history}
    return dict(sorted(out.items()))


def _live(data_dir: Path):
    """The store as it is now, or None (none yet, or the demo, which an import replaces)."""
    try:
        live = read_store(data_dir)
    except StoreError:
        return None
    return None if live.is_demo else live


def _compared(rows: pd.DataFrame) -> pd.DataFrame:
    """Observation rows as two files or builds are compared: the key and the figures, periods as days."""
    out = rows.reindex(columns=COMPARED).copy()
    for col in ("period_start", "period_end"):
        out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d")
    return out


def _touched(live, tables: dict[str, pd.DataFrame]) -> set[str]:
    """The geo codes whose rows the new tables change: observations that differ from the live store
    (all of them when there is none) and names that are neither there nor SCB's."""
    new_obs = tables["observations"][CHANGE_COLUMNS]
    if live is None:
        changed = set(new_obs["geo_code"])
        known = scb.geographies()[["code", "name"]]
    else:
        both = pd.concat([live.observations[CHANGE_COLUMNS], new_obs], ignore_index=True)
        changed = set(both[~both.duplicated(keep=False)]["geo_code"])
        known = pd.concat([live.geographies[["code", "name"]], scb.geographies()[["code", "name"]]])
    names = tables["geographies"][["code", "name"]].merge(known.drop_duplicates(), how="left", indicator=True)
    return changed | set(names.loc[names["_merge"] == "left_only", "code"])


def _planted(live, writer: Writer, files: dict[str, pd.DataFrame], official: bool) -> set[str]:
    """Geo codes outside the writer's reach among the new files' own rows that the store does not
    already have as they are: another kommun's rows are refused even where a higher-priority source
    hides them today (they would show the day it goes). An incident export's incidents cannot be
    compared: every one outside the writer's kommuner counts."""
    out: set[str] = set()
    for rows in files.values():
        owners = rows["geo_code"].map(owner)
        outside = rows[~(owners.isin(writer.kommuner) | (owners.isna() & official))]
        if outside.empty:
            continue
        if "indicator_id" not in outside.columns or live is None:
            out |= set(outside["geo_code"])
            continue
        mine, theirs = _compared(outside), _compared(live.observations[live.observations["geo_code"].isin(outside["geo_code"])])
        known = mine.merge(theirs.drop_duplicates(), how="left", indicator=True)["_merge"] == "both"
        out |= set(mine.loc[~known.to_numpy(), "geo_code"])
    return out


def _redefined(live, tables: dict[str, pd.DataFrame], catalogue_ids: set[str]) -> set[str]:
    """Indicators the new tables add or define differently from the live store, besides the
    catalogue's (which no file changes) and incident categories (named by the category itself)."""
    def definitions(indicators: pd.DataFrame) -> pd.DataFrame:
        return indicators.reindex(columns=DEFINITION).fillna("").astype(str)

    new = definitions(tables["indicators"])
    new = new[~new["id"].isin(catalogue_ids) & ~new["id"].str.startswith(INCIDENT_PREFIX)]
    if live is None:
        return set(new["id"])
    both = pd.concat([definitions(live.indicators), new], ignore_index=True)
    changed = both[~both.duplicated(keep=False)]
    return set(changed["id"]) & set(new["id"])


def _check_reach(live, data_dir: Path, writer: Writer, tables: dict[str, pd.DataFrame], files: dict[str, pd.DataFrame],
                 official: bool) -> None:
    """Refuse (AccessError) a write outside the writer's kommuner: what the merged store changes, the new
    files' own rows, and indicators every kommun shares. `live`: the store as it is (`_live`)."""
    if writer.everything:
        return
    writer.check(_touched(live, tables) | _planted(live, writer, files, official), official=official)
    writer.check_indicators(_redefined(live, tables, set(catalogue(data_dir))))


def commit(data_dir: Path, files: list[RawFile], remove: tuple[str, ...] = (), writer: Writer | None = None,
           official: bool = False, on_wait: Callable[[], None] | None = None,
           notes: list[tuple[str, str]] = ()) -> ImportResult:
    """Under the writer lock: stage the files on a copy of DIR/raw/, build it in full, check the
    writer may change what it changes, then move them in and swap the store as one step.

    `official`: the files come from the official source (the Kolada fetch), so län and riket rows
    may change with them. A second import waits for this one (`on_wait` is told), then validates
    against what this one left. `notes` (what the parser left out) travel to the result's message."""
    data_dir = Path(data_dir)
    raw = data_dir / "raw"
    writer = writer or cli_writer()
    with store.build_lock(data_dir, on_wait=on_wait):
        changed = [f for f in files if _read(raw / f.rel) != f.data]
        removed = sorted({r for r in (*remove, *(f.replaces for f in changed if f.replaces)) if (raw / r).exists()}
                         - {f.rel for f in files})
        if not changed and not removed:
            return ImportResult((), (), tuple(f.rel for f in files), 0, current_build_id(data_dir))
        now = datetime.now(timezone.utc).isoformat(timespec="microseconds")  # orders two imports in one second
        index = json.dumps(_updated_index(builder.source_index(raw) if raw.is_dir() else {}, raw, changed, removed, now,
                                          writer.user), ensure_ascii=False, indent=1).encode() + b"\n"
        with store.staging(data_dir) as tmp:
            staged = tmp / "raw"
            if raw.is_dir():
                shutil.copytree(raw, staged)
            for rel in removed:
                (staged / rel).unlink()
            for f in changed:
                store.write_atomic(staged / f.rel, f.data)
            store.write_atomic(staged / "sources.json", index)
            trial = builder.Trial()
            try:
                tables, manifest = builder.prepare(staged, data_dir, raw_label=raw, trial=trial)
            except SourceFormatError as exc:  # found by the whole build: name the file as the user gave it
                origin = {str(staged): str(raw), **{f.rel: f.origin for f in changed}}.get(exc.file)
                if origin is None:
                    raise
                raise exc.naming(origin) from None
        tables = {name: schema.validate(name, tables[name]) for name in schema.TABLES}
        live = _live(data_dir)
        _check_reach(live, data_dir, writer, tables, {f.rel: trial.rows[f.rel] for f in changed if f.rel in trial.rows},
                     official)
        rows, incident_changes = _row_changes(live, tables), _incident_changes(trial, {f.rel for f in changed})
        existed = {f.rel for f in changed if (raw / f.rel).exists() or f.replaces in removed}
        changes = {**{rel: None for rel in removed}, **{f.rel: f.data for f in changed}, "sources.json": index}
        build_id = store.replace_files(data_dir, raw, changes, lambda: store.write_store(data_dir, tables, manifest))
    period = next((tuple(dict(f.meta)["replaces_period"]) for f in changed if dict(f.meta).get("replaces_period")), None)
    return ImportResult(written=tuple(f.rel for f in changed if f.rel not in existed),
                        replaced=tuple(f.rel for f in changed if f.rel in existed),
                        unchanged=tuple(f.rel for f in files if f not in changed),
                        rows=rows, build_id=build_id, notes=tuple(notes), incidents=incident_changes,
                        replaced_period=period, origins=_origins(files))


def _origins(files: list[RawFile]) -> tuple[tuple[str, str], ...]:
    """(raw file, the name the user gave it) for files kept under a name of their own (by content)."""
    return tuple((f.rel, f.origin) for f in files if Path(f.rel).name != Path(f.origin.replace("\\", "/")).name
                 and not f.origin.startswith(("http://", "https://")))


def _row_changes(live, tables: dict[str, pd.DataFrame]) -> Changes:
    """The store's observations an import adds, changes (the same key with other figures) and removes,
    against the live store (all added when there is none, or it is the demo the import replaces)."""
    new = _compared(tables["observations"])
    if live is None:
        return Changes(added=len(new))
    old = _compared(live.observations)
    both = old.merge(new, on=OBSERVATION_KEY, how="outer", indicator=True, suffixes=("_old", "_new"))
    shared = both[both["_merge"] == "both"]
    figures = [c for c in COMPARED if c not in OBSERVATION_KEY]
    differs = pd.Series(False, index=shared.index)
    for col in figures:
        a, b = shared[f"{col}_old"], shared[f"{col}_new"]
        differs |= ~((a == b) | (a.isna() & b.isna()))
    return Changes(added=int((both["_merge"] == "right_only").sum()), changed=int(differs.sum()),
                   removed=int((both["_merge"] == "left_only").sum()))


def _incident_changes(trial: builder.Trial, changed: set[str]) -> Changes | None:
    """For an import of incident exports: the incidents added, changed and removed (the kept incidents of
    the trial build without the new files, and with them)."""
    if not any(rel.startswith("incidents/") for rel in changed):
        return None

    def kept(exports: list) -> pd.DataFrame:
        return incidents.combine([f for _, f, _ in exports], [r for _, _, r in exports])

    return Changes(*incidents.difference(kept([e for e in trial.exports if e[0] not in changed]), kept(trial.exports)))
