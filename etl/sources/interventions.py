"""The EST interventions log (insatser): CSV (`;` or `,`) or Excel.

Columns `namn, omrade, typ, start, slut` (slut empty = ongoing), optional `id` (the insats's id in
the kommun's own register: a later file with the same id corrects that insats), `jamforelseomrade`
(a comparison area for difference-in-differences), `kommunkod` (needed only when an area name
exists in several kommuner), `ansvarig` (who is responsible: a förvaltning, the police, a housing company)
and `problem` (the problem(s) the insats addresses, lagesbild/problems.py: `skadegörelse/Centrum, kvinnor`).
Dates YYYY-MM-DD. An insats is identified by its `id`, else by its name, area and start. A file without
`ansvarig` or `problem` leaves what the log already says about them.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from etl.sources.common import normalise_name, slug
from etl.sources.incidents import AreaLookup, find_columns, parse_date, resolve_area
from etl.sources.table import check_name, read_table
from lagesbild import problems
from lagesbild.errors import SourceFormatError

COLUMNS = {"namn": ("namn", "name"), "omrade": ("omrade", "område", "area"), "typ": ("typ", "type"),
           "start": ("start",), "slut": ("slut", "end"),
           "jamforelseomrade": ("jamforelseomrade", "jämförelseområde", "comparison_area"),
           "kommunkod": ("kommunkod", "municipality"), "id": ("id", "insats-id", "insatsid"),
           "ansvarig": ("ansvarig", "responsible"), "problem": ("problem", "problems")}
LOG_COLUMNS = ["namn", "omrade", "kommunkod", "typ", "start", "slut", "jamforelseomrade", "ansvarig", "problem"]
TABLE_COLUMNS = ["intervention", "name", "area", "type", "start", "end", "comparison_area", "source_file",
                 "responsible", "problem"]
IDENTITY = ["name", "area", "start"]  # without an id column
MAX_PROBLEMS, MAX_PROBLEM_CHARS = 20, 2000   # problems an insats names; the cell
KEPT = None   # a file without the column: the log keeps what it says
PROBLEM_EXPECTED = (
    "ett eller flera problem skilda med komma, varje problem som delar skilda med /: en indikator (dess id, t.ex. "
    "U07452, eller dess namn som sidorna skriver det, t.ex. skadegörelse), ett av insatsens kommuns områden (t.ex. "
    "Centrum) och/eller en grupp (t.ex. kvinnor, män, 16-29); högst en av varje slag i ett problem",
    "one or more problems separated by commas, each problem as parts separated by /: an indicator (its id, e.g. "
    "U07452, or its name as the pages write it, e.g. skadegörelse), one of the intervention's municipality's areas "
    "(e.g. Centrum) and/or a group (e.g. kvinnor, män, 16-29); at most one of each kind in a problem")


def read_log(raw: bytes, name: str) -> pd.DataFrame:
    """The file's rows under our column names (LOG_COLUMNS and `id`), as text; checked, not yet resolved."""
    return check_log(read_table(raw, name), name)


def check_log(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """A table of text cells (a file's, or the app's editor's) checked row by row, under our column names."""
    cols = find_columns(df, name, ("namn", "omrade", "typ", "start", "slut"),
                        ("jamforelseomrade", "kommunkod", "id", "ansvarig", "problem"), aliases=COLUMNS)
    out = pd.DataFrame({key: (df[col].astype(str).str.strip() if col else KEPT if key in ("ansvarig", "problem") else "")
                        for key, col in cols.items()}, index=df.index)
    out = out[[*LOG_COLUMNS, "id"]].reset_index(drop=True)
    out.attrs["columns"] = {k: v for k, v in cols.items() if v}   # the file's own headers, for the messages
    for row, r in enumerate(out.to_dict("records"), start=2):
        for key in ("namn", "omrade", "start"):
            if not r[key]:
                raise SourceFormatError(name, "ett värde (inte tomt)", "a value (not empty)", row=row, column=cols[key])
        for key in ("namn", "omrade", "typ", "jamforelseomrade", "id", "ansvarig"):
            if cols[key]:
                check_name(r[key], name, row, cols[key])
        if cols["problem"]:
            problem_words(r["problem"], name, row, cols["problem"])
        start = parse_date(r["start"], name, row, cols["start"])
        if r["slut"] and parse_date(r["slut"], name, row, cols["slut"]) < start:
            raise SourceFormatError(name, "ett slutdatum på eller efter start", "an end date on or after the start",
                                    row=row, column=cols["slut"], found=r["slut"])
    return out


def problem_words(cell: str, name: str, row: int, column: str) -> list[list[str]]:
    """A `problem` cell split into problems and their parts (not yet resolved): each part a name, at most three
    parts a problem, at most MAX_PROBLEMS problems."""
    if len(cell) > MAX_PROBLEM_CHARS:
        raise SourceFormatError(name, *PROBLEM_EXPECTED, row=row, column=column, found=cell[:40] + "…")
    out = []
    for chunk in problems.BETWEEN.split(cell):
        parts = [p.strip() for p in chunk.split(problems.PART) if p.strip()]
        if not parts:
            continue
        for part in parts:
            check_name(part, name, row, column)
        if len(parts) > 3:
            raise SourceFormatError(name, *PROBLEM_EXPECTED, row=row, column=column, found=chunk.strip())
        out.append(parts)
    if len(out) > MAX_PROBLEMS:
        raise SourceFormatError(name, *PROBLEM_EXPECTED, row=row, column=column, found=f"{len(out)} problem")
    return out


class ProblemWords:
    """What a part of a `problem` cell may name, from a build's tables: an indicator by its id or its name as the
    pages write it, in Swedish or English (a survey's own indicator `<id>@<kommun>` only for its kommun), a group
    of the store's observations (and kvinnor, män)."""

    def __init__(self, indicators: pd.DataFrame, groups: Iterable[str]):
        self._indicators: dict[str, set[str]] = {}
        for row in indicators[["id", "title_sv", "title_en"]].itertuples(index=False):
            for word in (row.id, row.id.split("@")[0], problems.short_name(str(row.title_sv)),
                         problems.short_name(str(row.title_en))):
                if word:
                    self._indicators.setdefault(normalise_name(word), set()).add(row.id)
        self._groups = {normalise_name(g): g for g in {*groups, "kvinnor", "män"} if g and g != "total"}

    def indicators(self, word: str, kommun: str) -> list[str]:
        ids = self._indicators.get(normalise_name(word), set())
        return sorted(i for i in ids if "@" not in i or i.endswith(f"@{kommun}"))

    def group(self, word: str) -> str | None:
        return self._groups.get(normalise_name(word))


def _problem_part(part: str, kommun: str, lookup: AreaLookup, words: ProblemWords | None, name: str, row: int,
                  column: str) -> tuple[str, str]:
    """('indicator' | 'area' | 'group', its id, code or name) for one part; unknown or ambiguous: an error."""
    found: list[tuple[str, str]] = []
    areas = [c for c in lookup(part) if c.startswith(f"{kommun}-")]
    if not areas and part.lower().startswith(f"{kommun}-") and part.lower() in set(getattr(lookup, "codes", ())):
        areas = [part.lower()]   # an area's code, as an export writes it
    found += [("area", c) for c in areas[:1]]
    if words is not None:
        found += [("indicator", i) for i in words.indicators(part, kommun)]
        group = words.group(part)
        found += [("group", group)] if group else []
    if len(found) == 1:
        return found[0]
    if not found:
        raise SourceFormatError(name, *PROBLEM_EXPECTED, row=row, column=column, found=part)
    options = ", ".join(v for _, v in found)
    raise SourceFormatError(name, f"ett ord som bara kan betyda en sak ('{part}' kan vara {options}: skriv id:t)",
                            f"a word that can mean only one thing ('{part}' could be {options}: write the id)",
                            row=row, column=column, found=part)


def resolve_problems(cell: str | None, kommun: str, lookup: AreaLookup, name: str, row: int, column: str) -> str | None:
    """A `problem` cell as the log keeps it (lagesbild.problems' canonical form); None without the column."""
    if cell is None:
        return KEPT
    words = getattr(lookup, "problems", None)
    links = []
    for parts in problem_words(cell, name, row, column):
        named: dict[str, str] = {}
        for part in parts:
            kind, value = _problem_part(part, kommun, lookup, words, name, row, column)
            if kind in named:
                raise SourceFormatError(name, *PROBLEM_EXPECTED, row=row, column=column, found="/".join(parts))
            named[kind] = value
        links.append(problems.Link(**named))
    return problems.canonical(links)


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
        columns = log.attrs.get("columns", {})
        problem = resolve_problems(r.get("problem", KEPT), area.split("-", 1)[0], lookup, name, row,
                                   columns.get("problem", "problem"))
        rows.append({"intervention": "", "name": r["namn"], "area": area, "type": r["typ"], "start": start,
                     "end": pd.Timestamp(r["slut"][:10]) if r["slut"] else pd.NaT,
                     "comparison_area": comparison, "source_file": name, "responsible": r.get("ansvarig", KEPT),
                     "problem": problem, "external_id": r.get("id") or ""})
    return pd.DataFrame(rows, columns=[*TABLE_COLUMNS, "external_id"])


def parse(raw: bytes, name: str, lookup: AreaLookup) -> pd.DataFrame:
    """One row per insats with areas resolved (see `resolve`) and the store's ids given."""
    out = resolve(read_log(raw, name), name, lookup)
    out["intervention"] = [intervention_id(a, n, s) for a, n, s in zip(out["area"], out["name"], out["start"])]
    return out.assign(responsible=out["responsible"].fillna(""), problem=out["problem"].fillna(""))
