"""Incident exports (the police's or the kommun's own): one row per reported incident.

CSV (`;` or `,`) or Excel with columns `datum` (YYYY-MM-DD), `kategori`, `omrade` and optional
`kommunkod` (English `date`, `category`, `area`, `municipality` also accepted). Only monthly
counts per area and category leave this module — a single incident never reaches the store.
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

import pandas as pd

from etl.sources.common import GEOGRAPHY_COLUMNS, OBSERVATION_COLUMNS, Parsed, observations_frame, slug
from etl.sources.survey import read_table
from lagesbild.catalogue import Indicator
from lagesbild.errors import SourceFormatError

SOURCE = "Händelser (kommunens/polisens export)"
TOTAL = "inc_total"
UNIT = "antal"
COLUMNS = {"datum": ("datum", "date"), "kategori": ("kategori", "category"),
           "omrade": ("omrade", "område", "area"), "kommunkod": ("kommunkod", "municipality")}

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


def parse_date(cell: str, name: str, row: int, column: str) -> date:
    text = str(cell).strip()[:10] if str(cell).strip()[10:].strip() in ("", "00:00:00") else str(cell)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SourceFormatError(name, "ett datum ÅÅÅÅ-MM-DD", "a date YYYY-MM-DD", row=row, column=column,
                                found=cell) from None


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


def parse(raw: bytes, name: str, lookup: AreaLookup = lambda _: [], kommuner: Collection[str] | None = None) -> Parsed:
    """Monthly counts per area and category; area names resolved by `lookup`, kommun codes checked
    against `kommuner` when given."""
    df = read_table(raw, name)
    cols = find_columns(df, name, ("datum", "kategori", "omrade"), ("kommunkod",))
    if df.empty:
        raise SourceFormatError(name, "minst en händelse", "at least one incident", row=2)
    kommun_cells = df[cols["kommunkod"]] if cols["kommunkod"] else [""] * len(df)
    # An export has tens of thousands of rows but a few hundred distinct days and areas: each is
    # checked and resolved once, at the first row it appears on (so errors still name that row).
    month_of: dict[str, pd.Timestamp] = {}
    code_of: dict[tuple[str, str], str] = {}
    records = []
    cells = zip(df[cols["datum"]], df[cols["kategori"]], df[cols["omrade"]], kommun_cells)
    for row, (day_cell, category, area, kommun) in enumerate(cells, start=2):
        if day_cell not in month_of:
            day = parse_date(day_cell, name, row, cols["datum"])
            month_of[day_cell] = pd.Timestamp(day.year, day.month, 1)
        category, area = str(category).strip(), str(area).strip()
        for value, col in ((category, cols["kategori"]), (area, cols["omrade"])):
            if not value:
                raise SourceFormatError(name, "ett värde (inte tomt)", "a value (not empty)", row=row, column=col)
        kommun = str(kommun).strip()
        kommun = kommun.zfill(4) if kommun else ""
        if (area, kommun) not in code_of:
            code_of[area, kommun] = resolve_area(area, kommun, lookup, name, row, cols["omrade"], kommuner)
        records.append((code_of[area, kommun], area, month_of[day_cell], category))
    inc = pd.DataFrame(records, columns=["geo_code", "area", "month", "category"])
    return aggregate(inc, name)


def aggregate(inc: pd.DataFrame, name: str) -> Parsed:
    """Monthly counts per area and category, zeros included for every month the file covers."""
    months = month_range(inc["month"].min(), inc["month"].max())
    categories = sorted(inc["category"].unique())
    codes = sorted(inc["geo_code"].unique())
    per_category = (inc.groupby(["geo_code", "category", "month"]).size()
                    .reindex(pd.MultiIndex.from_product([codes, categories, months]), fill_value=0))
    per_area = (inc.groupby(["geo_code", "month"]).size()
                .reindex(pd.MultiIndex.from_product([codes, months]), fill_value=0))
    ids = {c: indicator_id(c) for c in categories}
    counts = pd.concat([
        pd.DataFrame({"geo_code": per_category.index.get_level_values(0),
                      "indicator_id": per_category.index.get_level_values(1).map(ids),
                      "month": per_category.index.get_level_values(2), "count": per_category.to_numpy(dtype=float)}),
        pd.DataFrame({"geo_code": per_area.index.get_level_values(0), "indicator_id": TOTAL,
                      "month": per_area.index.get_level_values(1), "count": per_area.to_numpy(dtype=float)}),
    ], ignore_index=True)
    starts = {m: m.date() for m in months}
    ends = {m: (m + pd.offsets.MonthEnd(0)).date() for m in months}
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
