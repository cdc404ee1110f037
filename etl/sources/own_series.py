"""A kommun's own yearly series (egna serier): figures no open source publishes per kommun, such as all the
räddningstjänst's operations or hospital stays after self-harm, from the räddningstjänst's or the region's
own statistics.

Lägesbild's own format, not any source's (CSV with `;` or `,`, or Excel), one row per indicator, kommun and
year:

    indikator;kommun;år;värde;antal
    olycka_raddningsinsatser;0683;2024;7,4;253

`indikator` is an id of the indicator catalogue (data/indicators.toml: `olycka_raddningsinsatser`,
`olycka_sjalvskada`, or one of the data dir's own), `kommun` an SCB code or a kommun's name, `värde` the
value in the indicator's unit (decimal comma or point), `antal` (optional) the count behind a rate.
"""
from __future__ import annotations

from etl.sources.common import Parsed, observations_frame, parse_number, year_period
from etl.sources.incidents import find_columns
from etl.sources.table import read_table
from lagesbild.catalogue import Indicator
from lagesbild.errors import SourceFormatError

COLUMNS = {"indikator": ("indikator", "indicator"), "kommun": ("kommun", "kommunkod", "municipality"),
           "år": ("år", "ar", "year"), "värde": ("värde", "varde", "value"), "antal": ("antal", "count")}


def is_own_series(raw: bytes, name: str) -> bool:
    """A table whose header names an indikator and a värde column."""
    try:
        head = read_table(raw, name).columns
    except SourceFormatError:
        return False
    names = {str(c).strip().casefold() for c in head}
    return bool(names & set(COLUMNS["indikator"])) and bool(names & set(COLUMNS["värde"]))


def parse(raw: bytes, name: str, names, catalogue: dict[str, Indicator]) -> Parsed:
    """Rows -> observations (status ok; an empty value is missing). `names` resolves a kommun's name to its code."""
    df = read_table(raw, name)
    if df.empty:
        raise SourceFormatError(name, "minst en rad under rubrikraden", "at least one row below the header row")
    cols = find_columns(df, name, ("indikator", "kommun", "år", "värde"), ("antal",), aliases=COLUMNS)
    rows, seen = [], {}
    for row, r in enumerate(df.to_dict("records"), start=2):
        ind_id = str(r[cols["indikator"]]).strip()
        if ind_id not in catalogue:
            raise SourceFormatError(name, "ett id ur indikatorkatalogen (t.ex. olycka_raddningsinsatser)",
                                    "an id of the indicator catalogue (e.g. olycka_raddningsinsatser)",
                                    row=row, column=cols["indikator"], found=ind_id[:40])
        ind = catalogue[ind_id]
        place = str(r[cols["kommun"]]).strip()
        code = place.zfill(4) if place.isdigit() and len(place) <= 4 else names(place)
        if code is None or code not in set(names.table["code"]) or len(code) != 4 or code == "0000":
            raise SourceFormatError(name, "en kommun (kod som 0683 eller namn)", "a municipality (a code like 0683 or a name)",
                                    row=row, column=cols["kommun"], found=place[:40])
        year_text = str(r[cols["år"]]).strip().removesuffix(".0")
        if not (year_text.isdigit() and 1900 <= int(year_text) <= 2100):
            raise SourceFormatError(name, "ett årtal", "a year", row=row, column=cols["år"], found=year_text[:20])
        value = _number(r[cols["värde"]], name, row, cols["värde"])
        count = _number(r[cols["antal"]], name, row, cols["antal"]) if cols["antal"] else None
        key = (ind_id, code, int(year_text))
        if key in seen:
            raise SourceFormatError(name, "varje indikator, kommun och år en gång", "each indicator, municipality and year once",
                                    row=row, column=cols["år"], found=f"{ind_id} {code} {year_text} (även rad {seen[key]})")
        seen[key] = row
        start, end = year_period(int(year_text), ind.pooled_years)
        rows.append((code, start, end, ind_id, "total", value, ind.unit, count, None, None, None,
                     "ok" if value is not None else "missing", ind.source))
    return Parsed(observations_frame(rows))


def _number(cell, name: str, row: int, column: str) -> float | None:
    try:
        value = parse_number(str(cell))
    except ValueError:
        raise SourceFormatError(name, "ett tal (decimalkomma eller -punkt) eller tomt", "a number (decimal comma or point) or empty",
                                row=row, column=column, found=str(cell)[:40]) from None
    if value is not None and value < 0:
        raise SourceFormatError(name, "ett tal som inte är negativt", "a number that is not negative", row=row, column=column,
                                found=str(cell)[:40])
    return value

