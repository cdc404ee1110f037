"""The EST interventions log (insatser): CSV (`;` or `,`) or Excel.

Columns `namn, omrade, typ, start, slut` (slut empty = ongoing), optional `id` (the insats's id in
the kommun's own register: a later file with the same id corrects that insats), `jamforelseomrade`
(a comparison area for difference-in-differences) and `kommunkod` (needed only when an area name
exists in several kommuner). Dates YYYY-MM-DD. An insats is identified by its `id`, else by its
name, area and start.
"""
from __future__ import annotations

import pandas as pd

from etl.sources.common import slug
from etl.sources.incidents import AreaLookup, find_columns, parse_date, resolve_area
from etl.sources.table import check_name, read_table
from lagesbild.errors import SourceFormatError

COLUMNS = {"namn": ("namn", "name"), "omrade": ("omrade", "område", "area"), "typ": ("typ", "type"),
           "start": ("start",), "slut": ("slut", "end"),
           "jamforelseomrade": ("jamforelseomrade", "jämförelseområde", "comparison_area"),
           "kommunkod": ("kommunkod", "municipality"), "id": ("id", "insats-id", "insatsid")}
LOG_COLUMNS = ["namn", "omrade", "kommunkod", "typ", "start", "slut", "jamforelseomrade"]
TABLE_COLUMNS = ["intervention", "name", "area", "type", "start", "end", "comparison_area", "source_file"]
IDENTITY = ["name", "area", "start"]  # without an id column


def read_log(raw: bytes, name: str) -> pd.DataFrame:
    """The file's rows under our column names (LOG_COLUMNS and `id`), as text; checked, not yet resolved."""
    return check_log(read_table(raw, name), name)


def check_log(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """A table of text cells (a file's, or the app's editor's) checked row by row, under our column names."""
    cols = find_columns(df, name, ("namn", "omrade", "typ", "start", "slut"), ("jamforelseomrade", "kommunkod", "id"),
                        aliases=COLUMNS)
    out = pd.DataFrame({key: (df[col].astype(str).str.strip() if col else "") for key, col in cols.items()},
                       index=df.index)
    out = out[[*LOG_COLUMNS, "id"]].reset_index(drop=True)
    for row, r in enumerate(out.to_dict("records"), start=2):
        for key in ("namn", "omrade", "start"):
            if not r[key]:
                raise SourceFormatError(name, "ett värde (inte tomt)", "a value (not empty)", row=row, column=cols[key])
        for key in ("namn", "omrade", "typ", "jamforelseomrade", "id"):
            if cols[key]:
                check_name(r[key], name, row, cols[key])
        start = parse_date(r["start"], name, row, cols["start"])
        if r["slut"] and parse_date(r["slut"], name, row, cols["slut"]) < start:
            raise SourceFormatError(name, "ett slutdatum på eller efter start", "an end date on or after the start",
                                    row=row, column=cols["slut"], found=r["slut"])
    return out


def intervention_id(area: str, name: str, start: pd.Timestamp) -> str:
    """The store's id of a new insats: its area, name and start (its identity without an id column)."""
    return f"{area}-{slug(name)[:80]}-{start:%Y%m%d}"


def resolve(log: pd.DataFrame, name: str, lookup: AreaLookup) -> pd.DataFrame:
    """Checked log rows with areas resolved to codes ("<kommun>-<slug>"): TABLE_COLUMNS (intervention
    empty: the store gives it when the insats is new) and `external_id` ("" without an id)."""
    rows, seen = [], {}
    for row, r in enumerate(log.to_dict("records"), start=2):
        kommun = r["kommunkod"].zfill(4) if r["kommunkod"] else ""
        area = resolve_area(r["omrade"], kommun, lookup, name, row, "omrade")
        comparison = (resolve_area(r["jamforelseomrade"], area.split("-", 1)[0], lookup, name, row, "jamforelseomrade")
                      if r["jamforelseomrade"] else "")
        if comparison == area:
            raise SourceFormatError(name, "ett annat område än insatsens", "an area other than the intervention's",
                                    row=row, column="jamforelseomrade", found=r["jamforelseomrade"])
        start = pd.Timestamp(r["start"][:10])
        identity = ("id", r["id"]) if r.get("id") else (r["namn"], area, start)
        if identity in seen:
            raise SourceFormatError(name, "varje insats en gång", "each intervention once", row=row,
                                    column="id" if r.get("id") else "namn",
                                    found=f"{r.get('id') or r['namn']} (även rad {seen[identity]})")
        seen[identity] = row
        rows.append({"intervention": "", "name": r["namn"], "area": area, "type": r["typ"], "start": start,
                     "end": pd.Timestamp(r["slut"][:10]) if r["slut"] else pd.NaT,
                     "comparison_area": comparison, "source_file": name, "external_id": r.get("id") or ""})
    return pd.DataFrame(rows, columns=[*TABLE_COLUMNS, "external_id"])


def parse(raw: bytes, name: str, lookup: AreaLookup) -> pd.DataFrame:
    """One row per insats with areas resolved (see `resolve`) and the store's ids given."""
    out = resolve(read_log(raw, name), name, lookup)
    out["intervention"] = [intervention_id(a, n, s) for a, n, s in zip(out["area"], out["name"], out["start"])]
    return out
