"""The insatser log and its audit trail, in a transactional database (SQLAlchemy Core).

SQLite in the data dir (`DIR/lagesbild.sqlite`, nothing to install) by default; any SQLAlchemy URL,
e.g. PostgreSQL, when `LAGESBILD_DATABASE_URL` is set (several app replicas can share one log).

`insatser` holds one row per insats in the store's interventions columns (lagesbild/schema.py)
plus `external_id` (the `id` column of an imported file), a `version` that every change raises,
and who changed it when. `insatser_audit` holds every change — who, when, what (added, corrected,
ended, removed, imported, migrated), the row before and after as JSON, and the file it came from —
written in the same transaction as the change, so the two never disagree.

An edit names the version it was made on: a row changed by someone else since is refused
(ConflictError) and the whole transaction rolls back. An imported file merges by insats identity:
its `id` column within the insats's kommun when it has one (`external_id` is kept as
`<kommun>:<id>`: Hagaström's insats 1 is not Ekbacka's), else name + area + start. This module changes rows on a
connection; etl/edits.py runs those changes together with the trial build and the store swap.

A data dir from before the database: its `raw/interventions/*.csv|xlsx` (`log.csv`, the old app
log, last) are imported once, on the first read, and `changes.jsonl` becomes audit history.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from etl.sources import interventions
from etl.sources.incidents import AreaLookup
from lagesbild.access import Writer
from lagesbild.errors import ConflictError, SourceFormatError, StoreError

URL_ENV = "LAGESBILD_DATABASE_URL"
DB_FILE = "lagesbild.sqlite"
LEGACY_FOLDER, LEGACY_LOG, LEGACY_CHANGES = "interventions", "log.csv", "changes.jsonl"
FIELDS = ["name", "area", "type", "start", "end", "comparison_area", "source_file", "external_id", "responsible",
          "problem"]
DATA = [f for f in FIELDS if f != "source_file"]  # what makes two versions of an insats differ


def _conflict(name: str) -> ConflictError:
    return ConflictError(f"Insatsen {name} är ändrad av någon annan sedan du öppnade den. Inget sparades; öppna sidan igen.",
                         f"The intervention {name} was changed by someone else since you opened it. Nothing was saved; "
                         "reopen the page.")


metadata = sa.MetaData()
insatser = sa.Table(
    "insatser", metadata,
    sa.Column("intervention", sa.String(400), primary_key=True),
    sa.Column("external_id", sa.String(210), unique=True, nullable=True),   # "<kommun>:<the file's id>"
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("area", sa.String(400), nullable=False),
    sa.Column("type", sa.String(200), nullable=False),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("end", sa.Date, nullable=True),
    sa.Column("comparison_area", sa.String(400), nullable=False),
    sa.Column("source_file", sa.String(300), nullable=False),
    sa.Column("responsible", sa.String(200), nullable=False, server_default=""),   # issue 25
    sa.Column("problem", sa.String(4000), nullable=False, server_default=""),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("changed_at", sa.String(40), nullable=False),
    sa.Column("changed_by", sa.String(320), nullable=False),
    sa.UniqueConstraint("name", "area", "start", name="insats_identity"),
)
audit = sa.Table(
    "insatser_audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("who", sa.String(320), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("intervention", sa.String(400), nullable=False),
    sa.Column("source", sa.String(300), nullable=False),     # "app", or the imported file's name
    sa.Column("source_sha256", sa.String(64), nullable=True),
    sa.Column("before", sa.Text, nullable=True),
    sa.Column("after", sa.Text, nullable=True),
)


CONNECT_TIMEOUT_S = 10   # a database server that does not answer: a message within seconds, not a hung page


def _bad_url(why_sv: str, why_en: str) -> StoreError:
    # Never the address itself: it may hold a password.
    return StoreError(f"{URL_ENV} är inte en databasadress som går att använda ({why_sv}). Skriv den som "
                      "postgresql://användare:lösenord@server/databas, med @ : / i lösenordet som %40 %3A %2F.",
                      f"{URL_ENV} is not a database address that can be used ({why_en}). Write it as "
                      "postgresql://user:password@server/database, with @ : / in the password as %40 %3A %2F.")


def database_url(data_dir: Path) -> str:
    """The log's database: LAGESBILD_DATABASE_URL, checked, or SQLite in the data dir."""
    url = os.environ.get(URL_ENV, "").strip()
    if not url:
        return f"sqlite:///{Path(data_dir).resolve() / DB_FILE}"
    for plain in ("postgresql://", "postgres://"):  # SQLAlchemy would pick psycopg2; we install psycopg 3
        if url.startswith(plain):
            url = "postgresql+psycopg://" + url[len(plain):]
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        raise _bad_url("den kan inte läsas", "it cannot be read") from None
    if "@" in (parsed.host or "") or "@" in (parsed.database or "") or (parsed.port is None and ":" in (parsed.host or "")):
        raise _bad_url("ett @ eller : för mycket, troligen i lösenordet", "an @ or : too many, likely in the password")
    try:
        parsed.get_dialect()
    except (sa.exc.NoSuchModuleError, sa.exc.ArgumentError, ImportError):
        raise _bad_url(f"okänd databastyp {parsed.drivername!r}", f"unknown database kind {parsed.drivername!r}") from None
    return url


def _unusable(url: str, exc: Exception) -> StoreError:
    """A database error as a message: where (the address without its password) and the driver's reason,
    never SQLAlchemy's text with its SQL."""
    reason = str(getattr(exc, "orig", None) or type(exc).__name__).strip().splitlines()[0][:300]
    return StoreError(f"Databasen för insatsloggen ({redacted(url)}) kunde inte användas: {reason}. Inget ändrades.",
                      f"The interventions log's database ({redacted(url)}) could not be used: {reason}. Nothing was changed.")


@functools.cache
def _engine(url: str) -> sa.Engine:
    sqlite = url.startswith("sqlite")
    connect_args = {"timeout": 30} if sqlite else {"connect_timeout": CONNECT_TIMEOUT_S} if url.startswith("postgresql") else {}
    try:
        engine = sa.create_engine(url, connect_args=connect_args, pool_pre_ping=not sqlite)
        metadata.create_all(engine)
        with engine.begin() as conn:
            _add_columns(conn)
            _qualify_external_ids(conn)
    except sa.exc.SQLAlchemyError as exc:
        raise _unusable(url, exc) from None
    return engine


@contextmanager
def connected(data_dir: Path, begin: bool = False) -> Iterator[sa.Connection]:
    """A connection to the log's database (with `begin`, one transaction, committed when the block ends
    without an error): a database that cannot be used — unreachable, read-only, full — is a StoreError
    naming it; errors of the block itself (a ConflictError …) pass as they are, after the rollback."""
    url = database_url(data_dir)
    try:
        engine = _engine(url)
        with engine.begin() if begin else engine.connect() as conn:
            yield conn
    except sa.exc.SQLAlchemyError as exc:
        raise _unusable(url, exc) from None


def external_id(area: str, file_id: str | None) -> str | None:
    """An insats's id from a kommun's register, as the log keeps it: within its kommun."""
    return f"{area[:4]}:{file_id}" if file_id else None


def _add_columns(conn: sa.Connection) -> None:
    """A log from before an insats named its responsible party and problem (issue 25): the columns added, empty."""
    have = {c["name"] for c in sa.inspect(conn).get_columns("insatser")}
    for column in (insatser.c.responsible, insatser.c.problem):
        if column.name not in have:
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(sa.text(f"ALTER TABLE insatser ADD COLUMN {column.name} {kind} NOT NULL DEFAULT ''"))


def _qualify_external_ids(conn: sa.Connection) -> None:
    """A log from before ids were kept per kommun: its ids get their kommun (once; a kept id already
    starts with its kommun and a colon)."""
    kommun = sa.func.substr(insatser.c.area, 1, 4)
    conn.execute(insatser.update()
                 .where(insatser.c.external_id.is_not(None), ~insatser.c.external_id.startswith(kommun + ":"))
                 .values(external_id=kommun + ":" + insatser.c.external_id))


def engine(data_dir: Path) -> sa.Engine:
    return _engine(database_url(data_dir))


def redacted(url: str) -> str:
    return sa.make_url(url).render_as_string(hide_password=True)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _json(row: dict | None) -> str | None:
    if row is None:
        return None
    return json.dumps({k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items() if k in FIELDS},
                      ensure_ascii=False, sort_keys=True)


def table(conn: sa.Connection) -> pd.DataFrame:
    """The log as the store's interventions table (TABLE_COLUMNS) plus external_id and version."""
    rows = conn.execute(sa.select(insatser).order_by(insatser.c.start, insatser.c.intervention)).mappings().all()
    df = pd.DataFrame([dict(r) for r in rows],
                      columns=[*interventions.TABLE_COLUMNS, "external_id", "version", "changed_at", "changed_by"])
    df["start"] = pd.to_datetime(df["start"])
    df["end"] = pd.to_datetime(df["end"])
    df["external_id"] = df["external_id"].fillna("")
    return df


def history(data_dir: Path) -> pd.DataFrame:
    """The audit trail, newest first: time, user, action, insats, source, before, after."""
    with connected(data_dir) as conn:
        rows = conn.execute(sa.select(audit).order_by(audit.c.id.desc())).mappings().all()
    return pd.DataFrame([{"time": r["at"], "user": r["who"], "action": r["action"], "insats": r["intervention"],
                          "source": r["source"], "before": r["before"] or "", "after": r["after"] or ""} for r in rows],
                        columns=["time", "user", "action", "insats", "source", "before", "after"])


def _record(conn: sa.Connection, who: str, action: str, intervention: str, source: str, before: dict | None,
            after: dict | None, sha: str | None = None, at: str | None = None) -> None:
    conn.execute(audit.insert().values(at=at or _now(), who=who, action=action, intervention=intervention,
                                       source=source, source_sha256=sha, before=_json(before), after=_json(after)))


def _values(row: dict) -> dict:
    """A row's stored fields, as the database holds them."""
    end = row.get("end")
    return {"name": row["name"], "area": row["area"], "type": row["type"] or "",
            "start": pd.Timestamp(row["start"]).date(), "end": None if end is None or pd.isna(end) else pd.Timestamp(end).date(),
            "comparison_area": row["comparison_area"] or "", "source_file": row["source_file"],
            "external_id": external_id(row["area"], row.get("external_id")),
            "responsible": _kept(row.get("responsible")), "problem": _kept(row.get("problem"))}


def _kept(value) -> str | None:
    """A file without the column (None): the log keeps what it says (`_keep`)."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _keep(values: dict, old: dict | None) -> dict:
    """Fields a file did not have take the stored row's value ("" for a new insats)."""
    return {k: (v if v is not None else (old or {}).get(k) or "") if k in ("responsible", "problem") else v
            for k, v in values.items()}


def _stored(conn: sa.Connection, intervention: str) -> dict | None:
    row = conn.execute(sa.select(insatser).where(insatser.c.intervention == intervention)).mappings().first()
    return dict(row) if row else None


def _free_id(conn: sa.Connection, wanted: str) -> str:
    candidate, n = wanted, 1
    while _stored(conn, candidate) is not None:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


def _insert(conn: sa.Connection, values: dict, writer: Writer, action: str, source: str, sha: str | None) -> str:
    intervention = _free_id(conn, interventions.intervention_id(values["area"], values["name"], values["start"]))
    try:
        conn.execute(insatser.insert().values(intervention=intervention, version=1, changed_at=_now(),
                                              changed_by=writer.user, **values))
    except sa.exc.IntegrityError:  # the same insats (name, area, start or id), added by someone else
        raise ConflictError(f"Insatsen {values['name']} finns redan: någon annan har lagt till den sedan du öppnade "
                            "sidan. Inget sparades.",
                            f"The intervention {values['name']} already exists: someone else added it since you "
                            "opened the page. Nothing was saved.") from None
    _record(conn, writer.user, action, intervention, source, None, values, sha)
    return intervention


def _same_as_another(values: dict) -> ConflictError:
    when = values["start"].isoformat()
    return ConflictError(f"Insatsen {values['name']} ({when}) finns redan i samma område: två insatser kan inte ha samma "
                         "namn, område och start. Inget sparades; ändra namnet eller starten.",
                         f"The intervention {values['name']} ({when}) already exists in the same area: two interventions "
                         "cannot have the same name, area and start. Nothing was saved; change the name or the start.")


def _update(conn: sa.Connection, old: dict, values: dict, writer: Writer, action: str, source: str,
            sha: str | None = None) -> None:
    """Change a row if it still has the version `old` was read at; else ConflictError (also when the
    change would make it another insats's twin: the same name, area and start, or id)."""
    try:   # the transaction is rolled back when this raises
        done = conn.execute(insatser.update()
                            .where(insatser.c.intervention == old["intervention"], insatser.c.version == old["version"])
                            .values(version=old["version"] + 1, changed_at=_now(), changed_by=writer.user, **values))
    except sa.exc.IntegrityError:
        raise _same_as_another(values) from None
    if done.rowcount != 1:
        raise _conflict(old['name'])
    _record(conn, writer.user, action, old["intervention"], source, old, values, sha)


def _delete(conn: sa.Connection, old: dict, writer: Writer) -> None:
    done = conn.execute(insatser.delete().where(insatser.c.intervention == old["intervention"],
                                                insatser.c.version == old["version"]))
    if done.rowcount != 1:
        raise _conflict(old['name'])
    _record(conn, writer.user, "removed", old["intervention"], "app", old, None)


def _areas(values: dict) -> list[str]:
    return [a for a in (values["area"], values["comparison_area"]) if a]


def merge(conn: sa.Connection, incoming: pd.DataFrame, writer: Writer, source: str, sha: str | None,
          action: str = "imported") -> dict[str, int]:
    """An imported log merged by identity (external id, else name + area + start): new insatser are
    added, changed ones updated, the rest left alone. Counts of added, changed, unchanged."""
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    for row in incoming.to_dict("records"):
        values = _values(row)
        match = (insatser.c.external_id == values["external_id"] if values["external_id"] else
                 sa.and_(insatser.c.name == values["name"], insatser.c.area == values["area"],
                         insatser.c.start == values["start"]))
        found = conn.execute(sa.select(insatser).where(match)).mappings().first()
        old = dict(found) if found else None
        if old is not None:
            values["external_id"] = values["external_id"] or old["external_id"]
        values = _keep(values, old)
        if old is not None and all(old[k] == values[k] for k in DATA):
            counts["unchanged"] += 1
            continue
        writer.check(_areas(values) + (_areas(old) if old else []))
        if old is None:
            _insert(conn, values, writer, action, source, sha)
            counts["added"] += 1
        else:
            _update(conn, old, values, writer, action, source, sha)
            counts["changed"] += 1
    return counts


def apply_edits(conn: sa.Connection, edits: list[tuple[str, int, dict | None]], added: list[dict],
                writer: Writer) -> list[dict]:
    """The app's editor: `edits` are (intervention, the version it was opened at, the new row or
    None to remove it), `added` new rows. A row changed by someone else since it was opened is
    refused with ConflictError. Returns what changed: action, insats (its name), intervention."""
    out = []
    for intervention, version, row in edits:
        old = _stored(conn, intervention)
        if old is None or old["version"] != version:
            name = row["name"] if row else intervention
            raise _conflict(name)
        if row is None:
            writer.check(_areas(old))
            _delete(conn, old, writer)
            out.append({"action": "removed", "insats": old["name"], "intervention": intervention})
            continue
        values = _keep({**_values(row), "source_file": old["source_file"], "external_id": old["external_id"]}, old)
        if all(old[k] == values[k] for k in DATA):
            continue
        writer.check(_areas(values) + _areas(old))
        ended = old["end"] is None and values["end"] is not None and all(old[k] == values[k] for k in DATA if k != "end")
        _update(conn, old, values, writer, "ended" if ended else "corrected", "app")
        out.append({"action": "ended" if ended else "corrected", "insats": values["name"], "intervention": intervention})
    for row in added:
        values = _keep({**_values(row), "source_file": "app"}, None)
        writer.check(_areas(values))
        out.append({"action": "added", "insats": values["name"],
                    "intervention": _insert(conn, values, writer, "added", "app", None)})
    return out


# --- reading the log for a build, and the one-time move of a data dir's files into the database ---

def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def legacy_files(root: Path) -> list[Path]:
    folder = root / LEGACY_FOLDER
    if not folder.is_dir():
        return []
    found = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".xlsx") and p.name != LEGACY_LOG)
    return found + ([folder / LEGACY_LOG] if (folder / LEGACY_LOG).exists() else [])


def _migrate(conn: sa.Connection, root: Path, lookup: AreaLookup) -> None:
    """Import raw/interventions/ once, oldest file first and the old app log last (it replaced the
    imported rows of the same insats), then keep changes.jsonl as history."""
    migration = Writer("migrering från raw/interventions")
    for path in legacy_files(root):
        raw, rel = path.read_bytes(), path.relative_to(root).as_posix()
        merge(conn, interventions.resolve(interventions.read_log(raw, rel), rel, lookup), migration, rel, _sha(raw),
              action="migrated")
    changes = root / LEGACY_FOLDER / LEGACY_CHANGES
    lines = changes.read_text(encoding="utf-8").splitlines() if changes.exists() else []
    for line in filter(str.strip, lines):
        entry = json.loads(line)
        conn.execute(audit.insert().values(
            at=str(entry.get("time", "")), who=str(entry.get("user", "")), action=str(entry.get("action", "")),
            intervention=str(entry.get("insats", "")), source=f"{LEGACY_FOLDER}/{LEGACY_CHANGES}",
            after=json.dumps(entry.get("changes") or entry.get("row"), ensure_ascii=False)))


def read_for_build(conn: sa.Connection, root: Path, lookup: AreaLookup) -> pd.DataFrame:
    """The log a build of `root` (a data dir's raw/) uses. An empty database whose data dir has
    files in raw/interventions/ takes them in first (once); a file put there later is an error
    naming the import command, not something the build silently ignores."""
    recorded = conn.execute(sa.select(sa.func.count()).select_from(audit)).scalar_one()
    if recorded == 0 and legacy_files(root):
        _migrate(conn, root, lookup)
    else:
        known = set(conn.execute(sa.select(audit.c.source_sha256).where(audit.c.source_sha256.is_not(None))).scalars())
        for path in legacy_files(root):
            if _sha(path.read_bytes()) not in known:
                raise SourceFormatError(path.relative_to(root).as_posix(),
                                        "att insatser importeras: python -m etl import interventions FIL eller Data-sidan "
                                        "(insatsloggen finns i databasen)",
                                        "interventions to be imported: python -m etl import interventions FILE or the Data "
                                        "page (the log is in the database)")
    return table(conn)


def checksum(log: pd.DataFrame) -> str:
    """The log's content as one checksum (every insats at its version): the store records the one it was
    built from, so a store one change behind its database is seen (`etl.build.rebuild_if_stale`)."""
    rows = log.reindex(columns=["intervention", "version"]).astype(str).sort_values("intervention")
    return hashlib.sha256(rows.to_csv(index=False).encode()).hexdigest()


def source_entry(data_dir: Path, log: pd.DataFrame) -> dict:
    """The manifest's line for the log: where it is, how many insatser, when it last changed, its checksum."""
    changed = max(log["changed_at"], default="") if len(log) else ""
    return {"path": "databas: insatser", "kind": "interventions", "sha256": checksum(log), "bytes": 0, "rows": len(log),
            "retrieved_at": changed or _now(), "origin": redacted(database_url(data_dir)), "history": []}


def stale(data_dir: Path) -> bool:
    """Whether the store is behind its database: a crash between an insatser change's commit and its store
    switch leaves it so until the next write. True when the log's checksum is not the one the store was
    built from; cheap (no build is imported), so the app asks once when it starts and then rebuilds."""
    from lagesbild.store import read_manifest

    manifest = read_manifest(data_dir)   # the manifest alone: reading the whole national store took ~0.3 s
    if manifest is None:
        return False
    recorded = next((s.get("sha256") for s in manifest.get("sources", []) if s.get("kind") == "interventions"), None)
    if manifest.get("demo") or recorded is None:
        return False
    with connected(data_dir) as conn:
        return checksum(table(conn)) != recorded
