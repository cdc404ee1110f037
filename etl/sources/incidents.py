"""Incident exports (the police's or the kommun's own): one row per reported incident.

CSV (`;` or `,`) or Excel with columns `datum` (YYYY-MM-DD), `kategori`, `omrade` and optional
`kommunkod` (English `date`, `category`, `area`, `municipality` also accepted). Only monthly
counts per area and category leave this module — a single incident never reaches the store.
"""
from __future__ import annotations

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


def indicator_id(category: str) -> str:
    return f"inc_{slug(category).replace('-', '_')}"


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


@dataclass(frozen=True)
class IncidentFile:
    """One export's incidents (geo_code, day, category, id: "" without an id column), the dates it
    covers and the kommuner it covers."""
    name: str
    incidents: pd.DataFrame
    has_ids: bool
    first: date
    last: date
    kommuner: frozenset[str]


def read(raw: bytes, name: str, lookup: AreaLookup = lambda _: [], kommuner: Collection[str] | None = None) -> IncidentFile:
    """An export's incidents, areas resolved by `lookup`, kommun codes checked against `kommuner` when given."""
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
    checked: set[str] = set()
    records = []
    cells = zip(df[cols["datum"]], df[cols["kategori"]], df[cols["omrade"]], kommun_cells)
    for row, (day_cell, category, area, kommun) in enumerate(cells, start=2):
        if day_cell not in day_of:
            day_of[day_cell] = pd.Timestamp(parse_date(day_cell, name, row, cols["datum"]))
        category, area = str(category).strip(), str(area).strip()
        for value, col in ((category, cols["kategori"]), (area, cols["omrade"])):
            if value not in checked:
                if not value:
                    raise SourceFormatError(name, "ett värde (inte tomt)", "a value (not empty)", row=row, column=col)
                check_name(value, name, row, col)
                checked.add(value)
        kommun = str(kommun).strip()
        kommun = kommun.zfill(4) if kommun else ""
        if (area, kommun) not in code_of:
            code_of[area, kommun] = resolve_area(area, kommun, lookup, name, row, cols["omrade"], kommuner)
        records.append((code_of[area, kommun], area, day_of[day_cell], category))
    inc = pd.DataFrame(records, columns=["geo_code", "area", "day", "category"])
    inc["id"] = id_cells.to_numpy()
    if cols["id"]:  # the same incident twice in one export: its last row wins
        inc = inc.drop_duplicates(["geo_code", "id"], keep="last").reset_index(drop=True)
    return IncidentFile(name, inc, bool(cols["id"]), inc["day"].min().date(), inc["day"].max().date(),
                        frozenset(inc["geo_code"].str[:4]))


def combine(files: list[IncidentFile]) -> pd.DataFrame:
    """The incidents of several exports, oldest first: a later export with ids replaces the
    incidents with its ids (newest wins); one without ids replaces the older exports' incidents
    of its kommuner within its own date range (a re-delivered, corrected export)."""
    kept = pd.DataFrame(columns=["geo_code", "area", "day", "category", "id"])
    for f in files:
        kommun = kept["geo_code"].str[:4]
        if f.has_ids:
            new = set(zip(f.incidents["geo_code"].str[:4], f.incidents["id"]))
            replaced = pd.Series([k in new for k in zip(kommun, kept["id"])], index=kept.index, dtype=bool)
        else:
            day = pd.to_datetime(kept["day"])
            replaced = kommun.isin(f.kommuner) & (day >= pd.Timestamp(f.first)) & (day <= pd.Timestamp(f.last))
        kept = pd.concat([kept[~replaced], f.incidents], ignore_index=True) if len(kept) else f.incidents.copy()
    return kept


def parse(raw: bytes, name: str, lookup: AreaLookup = lambda _: [], kommuner: Collection[str] | None = None) -> Parsed:
    """Monthly counts per area and category of one export (see `read`)."""
    f = read(raw, name, lookup, kommuner)
    return aggregate(f.incidents, coverage([f]))


def coverage(files: list[IncidentFile]) -> dict[str, pd.DatetimeIndex]:
    """Kommun -> the months some export covers for it: counted months, zero when nothing happened."""
    out: dict[str, pd.DatetimeIndex] = {}
    for f in files:
        months = month_range(f.first, f.last)
        for kommun in f.kommuner:
            out[kommun] = out[kommun].union(months) if kommun in out else months
    return out


def aggregate(inc: pd.DataFrame, covered: dict[str, pd.DatetimeIndex]) -> Parsed:
    """Monthly counts per area and category, zeros included for every month an export covers;
    the total of an area and month is the sum of its categories (the same incidents)."""
    inc = inc.assign(month=pd.to_datetime(inc["day"]).dt.to_period("M").dt.to_timestamp())
    full = []
    for kommun, rows in inc.groupby(inc["geo_code"].str[:4]):
        full.append(pd.MultiIndex.from_product([sorted(rows["geo_code"].unique()), sorted(rows["category"].unique()),
                                                covered[kommun]]).to_frame(index=False, name=["geo_code", "category", "month"]))
    grid = pd.concat(full, ignore_index=True)
    per_category = (grid.merge(inc.groupby(["geo_code", "category", "month"]).size().rename("count").reset_index(),
                               how="left", on=["geo_code", "category", "month"]).fillna({"count": 0}))
    per_area = per_category.groupby(["geo_code", "month"], as_index=False)["count"].sum()
    categories = sorted(inc["category"].unique())
    ids = {c: indicator_id(c) for c in categories}
    counts = pd.concat([per_category.assign(indicator_id=per_category["category"].map(ids)).drop(columns="category"),
                        per_area.assign(indicator_id=TOTAL)], ignore_index=True)
    counts["count"] = counts["count"].astype(float)
    months = counts["month"].unique()
    starts = {m: pd.Timestamp(m).date() for m in months}
    ends = {m: (pd.Timestamp(m) + pd.offsets.MonthEnd(0)).date() for m in months}
    rows = counts.assign(period_start=counts["month"].map(starts), period_end=counts["month"].map(ends),
                         group="total", value=counts["count"], unit=UNIT, base=None, ci_low=None, ci_high=None,
                         status="ok", source=SOURCE)
    areas = (inc.drop_duplicates("geo_code")
             .assign(code=lambda d: d["geo_code"], name=lambda d: d["area"], level="område",
                     parent=lambda d: d["geo_code"].str.split("-", n=1).str[0])[GEOGRAPHY_COLUMNS])
    indicators = [_indicator(indicator_id(c), c, c) for c in categories]
    indicators.append(_indicator(TOTAL, "alla kategorier", "all categories"))
    return Parsed(observations_frame(rows[OBSERVATION_COLUMNS]), geographies=areas.reset_index(drop=True),
                  indicators=indicators)


def _indicator(ind_id: str, sv: str, en: str) -> Indicator:
    return Indicator(id=ind_id, title_sv=f"Händelser: {sv}, antal per månad", title_en=f"Incidents: {en}, count per month",
                     kind="recorded", unit=UNIT, direction="higher_is_worse", source=SOURCE,
                     definition_sv=f"Registrerade händelser ({sv}) per område och månad, ur kommunens eller polisens händelseexport.",
                     definition_en=f"Recorded incidents ({en}) per area and month, from the kommun's or the police's incident export.")
