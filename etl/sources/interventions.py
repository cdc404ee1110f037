"""The EST interventions log (insatser): CSV (`;` or `,`) or Excel.

Columns `namn, omrade, typ, start, slut` (slut empty = ongoing), optional `jamforelseomrade`
(a comparison area for difference-in-differences) and `kommunkod` (needed only when an area
name exists in several kommuner). Dates YYYY-MM-DD.
"""
from __future__ import annotations

import pandas as pd

from etl.sources.common import slug
from etl.sources.incidents import AreaLookup, find_columns, parse_date, resolve_area
from etl.sources.survey import read_table
from lagesbild.errors import SourceFormatError

COLUMNS = {"namn": ("namn", "name"), "omrade": ("omrade", "område", "area"), "typ": ("typ", "type"),
           "start": ("start",), "slut": ("slut", "end"),
           "jamforelseomrade": ("jamforelseomrade", "jämförelseområde", "comparison_area"),
           "kommunkod": ("kommunkod", "municipality")}
LOG_COLUMNS = ["namn", "omrade", "kommunkod", "typ", "start", "slut", "jamforelseomrade"]
TABLE_COLUMNS = ["intervention", "name", "area", "type", "start", "end", "comparison_area", "source_file"]


def read_log(raw: bytes, name: str) -> pd.DataFrame:
    """The file's rows under our column names (LOG_COLUMNS), as text; checked, not yet resolved."""
    df = read_table(raw, name)
    cols = find_columns(df, name, ("namn", "omrade", "typ", "start", "slut"), ("jamforelseomrade", "kommunkod"),
                        aliases=COLUMNS)
    out = pd.DataFrame({key: (df[col].astype(str).str.strip() if col else "") for key, col in cols.items()})
    out = out[LOG_COLUMNS]
    for i, r in enumerate(out.to_dict("records")):
        row = i + 2
        for key in ("namn", "omrade", "start"):
            if not r[key]:
                raise SourceFormatError(name, "ett värde (inte tomt)", "a value (not empty)", row=row, column=cols[key])
        start = parse_date(r["start"], name, row, cols["start"])
        if r["slut"] and parse_date(r["slut"], name, row, cols["slut"]) < start:
            raise SourceFormatError(name, "ett slutdatum på eller efter start", "an end date on or after the start",
                                    row=row, column=cols["slut"], found=r["slut"])
    return out


def parse(raw: bytes, name: str, lookup: AreaLookup) -> pd.DataFrame:
    """One row per insats with areas resolved to codes ("<kommun>-<slug>"); see TABLE_COLUMNS."""
    log = read_log(raw, name)
    rows = []
    for i, r in enumerate(log.to_dict("records")):
        row = i + 2
        kommun = r["kommunkod"].zfill(4) if r["kommunkod"] else ""
        area = resolve_area(r["omrade"], kommun, lookup, name, row, "omrade")
        comparison = (resolve_area(r["jamforelseomrade"], area.split("-", 1)[0], lookup, name, row, "jamforelseomrade")
                      if r["jamforelseomrade"] else "")
        if comparison == area:
            raise SourceFormatError(name, "ett annat område än insatsens", "an area other than the intervention's",
                                    row=row, column="jamforelseomrade", found=r["jamforelseomrade"])
        rows.append({"intervention": f"{area}-{slug(r['namn'])}", "name": r["namn"], "area": area,
                     "type": r["typ"], "start": pd.Timestamp(r["start"][:10]),
                     "end": pd.Timestamp(r["slut"][:10]) if r["slut"] else pd.NaT,
                     "comparison_area": comparison, "source_file": name})
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)
