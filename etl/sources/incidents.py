"""Incident exports (the police's or the kommun's own): one row per reported incident.

CSV (`;` or `,`) or Excel with columns `datum` (YYYY-MM-DD), `kategori`, `omrade` and optional
`kommunkod` (English `date`, `category`, `area`, `municipality` also accepted). Only monthly
counts per area and category leave this module — a single incident never reaches the store.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date

import pandas as pd

from etl.sources.common import GEOGRAPHY_COLUMNS, OBSERVATION_COLUMNS, Parsed, observations_frame, slug
from etl.sources.table import check_name, read_table
from lagesbild.catalogue import Indicator
from lagesbild.errors import SourceFormatError

SOURCE = "Händelser (kommunens/polisens export)"
TOTAL = "inc_total"
UNIT = "antal"
COLUMNS = {"datum": ("datum", "date"), "kategori": ("kategori", "category"),
           "omrade": ("omrade", "område", "area"), "kommunkod": ("kommunkod", "municipality"),
           "id": ("id", "ärendenummer", "arendenummer", "händelse-id", "handelse-id", "händelseid", "incident_id")}

# Area name -> the area codes it may mean ("<kommun>-<slug>"), from the other raw files.
AreaLookup = Callable[[str], list[str]]


def category_key(category: str) -> str:
    """A category as incidents are counted: 'Stöld', 'stöld' and 'STÖLD!' are one category."""
    return slug(category)


def indicator_id(category: str) -> str:
    return f"inc_{category_key(category).replace('-', '_')}"


def find_columns(df: pd.DataFrame, name: str, required: tuple[str, ...], optional: tuple[str, ...] = (),
                 aliases: dict[str, tuple[str, ...]] = COLUMNS) -> dict[str, str | None]:
    """Our column name -> the file's column, accepting Swedish and English headers."""
    by_key = {c.strip().casefold(): c for c in df.columns}
    out: dict[str, str | None] = {}
    for key in (*required, *optional):
        found = next((by_key[a] for a in aliases.get(key, (key,)) if a in by_key), None)
        if found is None and key in required:
            names = " / ".join(aliases.get(key, (key,)))
            raise SourceFormatError(name, f"en kolumn '{names}'", f"a column '{names}'", row=1, column=key,
                                    found=", ".join(map(str, df.columns[:8])))
        out[key] = found
    return out


FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2100, 12, 31)


def parse_date(cell: str, name: str, row: int, column: str) -> date:
    """YYYY-MM-DD (an Excel date's "00:00:00" allowed) between 1900 and 2100."""
    text = str(cell).strip()[:10] if str(cell).strip()[10:].strip() in ("", "00:00:00") else str(cell)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or not FIRST_DATE <= day <= LAST_DATE:
        raise SourceFormatError(name, "ett datum ÅÅÅÅ-MM-DD mellan 1900 och 2100", "a date YYYY-MM-DD between 1900 and 2100",
                                row=row, column=column, found=str(cell)[:40])
    return day


def resolve_area(area: str, kommun: str, lookup: AreaLookup, name: str, row: int, column: str,
                 kommuner: Collection[str] | None = None) -> str:
    """'Norr' + '9901' -> '9901-norr'; without a kommun code the name must be unique among known areas.
    With `kommuner`, a kommun code outside it is an error."""
    if kommun:
        if not (len(kommun) == 4 and kommun.isdigit()):
            raise SourceFormatError(name, "en fyrsiffrig kommunkod", "a four-digit municipality code",
                                    row=row, column="kommunkod", found=kommun)
        if kommuner is not None and kommun not in kommuner:
            raise SourceFormatError(name, "en kommunkod i SCB:s lista eller i en importerad kommunlista från Kolada",
                                    "a municipality code in SCB's list or an imported Kolada municipality list",
                                    row=row, column="kommunkod", found=kommun)
        return f"{kommun}-{slug(area)}"
    codes = lookup(area)
    if len(codes) == 1:
        return codes[0]
    expected_sv = ("ett känt område (eller en kolumn kommunkod)" if not codes
                   else f"ett entydigt område – finns i flera kommuner ({', '.join(codes)}); lägg till kolumnen kommunkod")
    expected_en = ("a known area (or a kommunkod column)" if not codes
                   else f"an unambiguous area – it exists in several municipalities ({', '.join(codes)}); add a kommunkod column")
    raise SourceFormatError(name, expected_sv, expected_en, row=row, column=column, found=area)


def month_range(first: date, last: date) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(first).to_period("M").to_timestamp(),
                         pd.Timestamp(last).to_period("M").to_timestamp(), freq="MS")


# What one export may turn into: the counts are zero-filled per area, category and month of each kommun, so a
# small file with far-apart dates or a new area and category on every row would otherwise take gigabytes.
MAX_AREAS = 2_000          # distinct areas in one export (a kommun has tens; Stockholm a few hundred)
MAX_CATEGORIES = 200       # distinct categories (keys: case and punctuation do not count)
MAX_MONTHS = 360           # months from an export's first date to its last (30 years)
MAX_GRID_CELLS = 1_000_000  # area × category × month counts, zeros included, of one export or of all together
RESERVED = "total"         # the sum of every category (inc_total): no category may be called so


def _limit(name: str, what_sv: str, what_en: str, limit: int, found: int, **where) -> SourceFormatError:
    return SourceFormatError(name, f"högst {limit:,} {what_sv}".replace(",", " "), f"at most {limit:,} {what_en}",
                             found=found, **where)


@dataclass(frozen=True)
class IncidentFile:
    """One export's incidents (geo_code, area, day, category, key: the category as counted, id: "" without
    an id column), the dates it covers and the kommuner it covers."""
    name: str
    incidents: pd.DataFrame
    has_ids: bool
    first: date
    last: date
    kommuner: frozenset[str]


def read(raw: bytes, name: str, lookup: AreaLookup = lambda _: [], kommuner: Collection[str] | None = None) -> IncidentFile:
    """An export's incidents, areas resolved by `lookup`, kommun codes checked against `kommuner` when given.
    Refused, naming the row where a limit is passed: more than MAX_AREAS areas or MAX_CATEGORIES categories,
    more than MAX_MONTHS months between its dates; and as a whole past MAX_GRID_CELLS counts."""
    df = read_table(raw, name)
    cols = find_columns(df, name, ("datum", "kategori", "omrade"), ("kommunkod", "id"))
    if df.empty:
        raise SourceFormatError(name, "minst en händelse", "at least one incident", row=2)
    kommun_cells = df[cols["kommunkod"]] if cols["kommunkod"] else [""] * len(df)
    id_cells = df[cols["id"]].str.strip() if cols["id"] else pd.Series("", index=df.index)
    if cols["id"] and (id_cells == "").any():
        raise SourceFormatError(name, "ett id för händelsen (inte tomt)", "an incident id (not empty)",
                                row=int((id_cells == "").to_numpy().argmax()) + 2, column=cols["id"])
    # An export has tens of thousands of rows but a few hundred distinct days, areas and categories:
    # each is checked and resolved once, at the first row it appears on (so errors still name that row).
    day_of: dict[str, pd.Timestamp] = {}
    code_of: dict[tuple[str, str], str] = {}
    key_of: dict[str, str] = {}
    checked: set[str] = set()
    first = last = None
    records = []
    cells = zip(df[cols["datum"]], df[cols["kategori"]], df[cols["omrade"]], kommun_cells)
    for row, (day_cell, category, area, kommun) in enumerate(cells, start=2):
        if day_cell not in day_of:
            day = pd.Timestamp(parse_date(day_cell, name, row, cols["datum"]))
            day_of[day_cell] = day
            first, last = min(first or day, day), max(last or day, day)
            months = (last.year - first.year) * 12 + last.month - first.month + 1
            if months > MAX_MONTHS:
                raise _limit(name, "månader mellan första och sista datum", "months between the first and last date",
                             MAX_MONTHS, months, row=row, column=cols["datum"])
        category, area = str(category).strip(), str(area).strip()
        for value, col in ((category, cols["kategori"]), (area, cols["omrade"])):
            if value not in checked:
                if not value:
                    raise SourceFormatError(name, "ett värde (inte tomt)", "a value (not empty)", row=row, column=col)
                check_name(value, name, row, col)
                checked.add(value)
        if category not in key_of:
            key_of[category] = category_key(category)
            if key_of[category] == RESERVED:
                raise SourceFormatError(name, "en kategori som inte heter 'Total' (summan av alla kategorier räknas ut)",
                                        "a category not called 'Total' (the sum of all categories is computed)",
                                        row=row, column=cols["kategori"], found=category)
            if len(set(key_of.values())) > MAX_CATEGORIES:
                raise _limit(name, "kategorier", "categories", MAX_CATEGORIES, len(set(key_of.values())),
                             row=row, column=cols["kategori"])
        kommun = str(kommun).strip()
        kommun = kommun.zfill(4) if kommun else ""
        if (area, kommun) not in code_of:
            code_of[area, kommun] = resolve_area(area, kommun, lookup, name, row, cols["omrade"], kommuner)
            if len(set(code_of.values())) > MAX_AREAS:
                raise _limit(name, "områden", "areas", MAX_AREAS, len(set(code_of.values())), row=row, column=cols["omrade"])
        records.append((code_of[area, kommun], area, day_of[day_cell], category, key_of[category]))
    inc = pd.DataFrame(records, columns=["geo_code", "area", "day", "category", "key"])
    inc["id"] = id_cells.to_numpy()
    if cols["id"]:  # the same incident twice in one export: its last row wins
        inc = inc.drop_duplicates(["geo_code", "id"], keep="last").reset_index(drop=True)
    export = IncidentFile(name, inc, bool(cols["id"]), first.date(), last.date(), frozenset(inc["geo_code"].str[:4]))
    check_grid(coverage([export]), inc, name)
    return export


def check_grid(covered: dict[str, pd.DatetimeIndex], inc: pd.DataFrame, name: str) -> None:
    """The zero-filled counts (area × category × covered month, per kommun) within MAX_GRID_CELLS."""
    kommun = inc["geo_code"].str[:4]
    areas, keys = inc.groupby(kommun)["geo_code"].nunique(), inc.groupby(kommun)["key"].nunique()
    cells = sum(int(areas[k]) * int(keys[k]) * len(covered[k]) for k in areas.index)
    if cells > MAX_GRID_CELLS:
        raise _limit(name, "räknade celler (område × kategori × månad, nollor inräknade)",
                     "counted cells (area × category × month, zeros included)", MAX_GRID_CELLS, cells)


@dataclass(frozen=True)
class Replacement:
    """An import that explicitly replaces a period ("ersätt perioden"): every earlier incident of the
    export's kommuner from `first` to `last` goes, the export's own take their place."""
    first: date
    last: date


Key = tuple[str, pd.Timestamp, str]   # an incident's content: area code, day, category key


def combine(files: list[IncidentFile], replacements: list[Replacement | None] | None = None) -> pd.DataFrame:
    """The incidents of several exports, in the order they were imported, counted once:

    - without ids an incident is known by its content (area, day, category): an export adds what is not
      known yet (a supplement adds its late reports; a repeated or overlapping export adds nothing; two
      incidents alike in every respect count twice only where one export has them twice);
    - with ids, by its id within its kommun: a later export's version wins, and the incidents it names
      that were known by content only are not counted again; an export that repeats known ids is a
      corrected re-delivery: what it no longer has within its kommuner and dates is withdrawn;
    - a `Replacement` removes every earlier incident of the export's kommuner in its period first.

    Columns: geo_code, day, key, id ("" for an incident known by content only)."""
    anonymous: Counter[Key] = Counter()
    named: dict[tuple[str, str], Key] = {}
    for f, replace in zip(files, replacements or [None] * len(files)):
        if replace is not None:
            period = (f.kommuner, pd.Timestamp(replace.first), pd.Timestamp(replace.last))
            anonymous = Counter({k: n for k, n in anonymous.items() if not _within(k, *period)})
            named = {i: k for i, k in named.items() if not _within(k, *period)}
        rows = list(zip(f.incidents["geo_code"], f.incidents["day"], f.incidents["key"], f.incidents["id"]))
        if f.has_ids:
            incoming = {(geo[:4], ident): (geo, day, key) for geo, day, key, ident in rows}
            before = Counter(named.values())
            if replace is None and not incoming.keys().isdisjoint(named):
                covered = (f.kommuner, pd.Timestamp(f.first), pd.Timestamp(f.last))
                named = {i: k for i, k in named.items() if i in incoming or not _within(k, *covered)}
            named.update(incoming)
            after = Counter(named.values())
            for key in set(incoming.values()):   # incidents known by content that the ids now name
                anonymous[key] -= min(anonymous[key], max(0, after[key] - before[key]))
        else:
            known = Counter(named.values())
            for key, n in Counter((geo, day, key) for geo, day, key, _ in rows).items():
                anonymous[key] = max(anonymous[key], n - known[key])
    anonymous = +anonymous
    out = [(*key, ident) for (_, ident), key in named.items()]
    out += [(*key, "") for key, n in anonymous.items() for _ in range(n)]
    return pd.DataFrame(out, columns=["geo_code", "day", "key", "id"])


def _within(key: Key, kommuner: frozenset[str], start: pd.Timestamp, end: pd.Timestamp) -> bool:
    return key[0][:4] in kommuner and start <= key[1] <= end


def difference(before: pd.DataFrame, after: pd.DataFrame) -> tuple[int, int, int]:
    """Incidents (added, changed, removed) between two `combine` results, as one would count them by hand:
    incidents with the same id are matched first (changed: another area, day or category), the rest by
    content."""
    def split(frame: pd.DataFrame) -> tuple[dict, Counter]:
        named = {(g[:4], i): (g, d, k) for g, d, k, i in zip(frame["geo_code"], frame["day"], frame["key"], frame["id"]) if i}
        return named, Counter(zip(frame["geo_code"], frame["day"], frame["key"]))

    (old_named, old), (new_named, new) = split(before), split(after)
    changed = 0
    for ident in old_named.keys() & new_named.keys():
        if old_named[ident] != new_named[ident]:
            changed += 1
        old[old_named[ident]] -= 1
        new[new_named[ident]] -= 1
    return sum((new - old).values()), changed, sum((old - new).values())


def parse(raw: bytes, name: str, lookup: AreaLookup = lambda _: [], kommuner: Collection[str] | None = None) -> Parsed:
    """Monthly counts per area and category of one export (see `read`)."""
    f = read(raw, name, lookup, kommuner)
    return aggregate(combine([f]), coverage([f]), [f])


def coverage(files: list[IncidentFile]) -> dict[str, pd.DatetimeIndex]:
    """Kommun -> the months some export covers for it: counted months, zero when nothing happened."""
    out: dict[str, pd.DatetimeIndex] = {}
    for f in files:
        months = month_range(f.first, f.last)
        for kommun in f.kommuner:
            out[kommun] = out[kommun].union(months) if kommun in out else months
    return out


def _most_common(values: pd.Series, by: pd.Series) -> dict[str, str]:
    """For each `by` value, its most frequent spelling in `values` (ties: the first in sorted order), so
    the name shown does not depend on the order the files came in."""
    counts = pd.DataFrame({"by": by, "value": values}).value_counts().reset_index(name="n")
    counts = counts.sort_values(["by", "n", "value"], ascending=[True, False, True])
    return dict(zip(counts.drop_duplicates("by")["by"], counts.drop_duplicates("by")["value"]))


def aggregate(inc: pd.DataFrame, covered: dict[str, pd.DatetimeIndex], files: list[IncidentFile]) -> Parsed:
    """Monthly counts per area and category, zeros included for every month an export covers; the total
    of an area and month is the sum of its categories (the same incidents). Names shown (areas,
    categories) are their most frequent spellings in `files`."""
    seen = pd.concat([f.incidents for f in files], ignore_index=True)
    area_names, titles = _most_common(seen["area"], seen["geo_code"]), _most_common(seen["category"], seen["key"])
    check_grid(covered, inc, "incidents/")
    inc = inc.assign(month=pd.to_datetime(inc["day"]).dt.to_period("M").dt.to_timestamp())
    full = []
    for kommun, rows in inc.groupby(inc["geo_code"].str[:4]):
        full.append(pd.MultiIndex.from_product([sorted(rows["geo_code"].unique()), sorted(rows["key"].unique()),
                                                covered[kommun]]).to_frame(index=False, name=["geo_code", "key", "month"]))
    grid = pd.concat(full, ignore_index=True)
    per_category = (grid.merge(inc.groupby(["geo_code", "key", "month"]).size().rename("count").reset_index(),
                               how="left", on=["geo_code", "key", "month"]).fillna({"count": 0}))
    per_area = per_category.groupby(["geo_code", "month"], as_index=False)["count"].sum()
    keys = sorted(inc["key"].unique())
    ids = {k: indicator_id(k) for k in keys}
    counts = pd.concat([per_category.assign(indicator_id=per_category["key"].map(ids)).drop(columns="key"),
                        per_area.assign(indicator_id=TOTAL)], ignore_index=True)
    counts["count"] = counts["count"].astype(float)
    months = counts["month"].unique()
    starts = {m: pd.Timestamp(m).date() for m in months}
    ends = {m: (pd.Timestamp(m) + pd.offsets.MonthEnd(0)).date() for m in months}
    rows = counts.assign(period_start=counts["month"].map(starts), period_end=counts["month"].map(ends),
                         group="total", value=counts["count"], unit=UNIT, base=None, ci_low=None, ci_high=None,
                         status="ok", source=SOURCE)
    codes = sorted(inc["geo_code"].unique())
    areas = pd.DataFrame({"code": codes, "name": [area_names[c] for c in codes], "level": "område",
                          "parent": [c.split("-", 1)[0] for c in codes]})[GEOGRAPHY_COLUMNS]
    indicators = [_indicator(ids[k], titles[k], titles[k]) for k in keys]
    indicators.append(_indicator(TOTAL, "alla kategorier", "all categories"))
    return Parsed(observations_frame(rows[OBSERVATION_COLUMNS]), geographies=areas, indicators=indicators)


def _indicator(ind_id: str, sv: str, en: str) -> Indicator:
    return Indicator(id=ind_id, title_sv=f"Händelser: {sv}, antal per månad", title_en=f"Incidents: {en}, count per month",
                     kind="recorded", unit=UNIT, direction="higher_is_worse", source=SOURCE,
                     definition_sv=f"Registrerade händelser ({sv}) per område och månad, ur kommunens eller polisens händelseexport.",
                     definition_en=f"Recorded incidents ({en}) per area and month, from the kommun's or the police's incident export.")
