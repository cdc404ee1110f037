"""Brå's recorded-crime files.

1. "Anmälda brott kommunerna YYYY.csv": header `Kommun;Antal;Per 100 000 inv.` ("(prel.)" in the
   header marks preliminary figures), one row per kommun, names without codes.
2. Statistics-database (SOL) exports by crime category, as CSV or Excel (.xlsx): title lines,
   then a table with header `Region;Brottstyp;År;Antal;Per 100 000 inv.`.
CSV: `;`, UTF-8 (BOM) or Windows-1252, spaces as thousands separators, decimal comma.
Both: `..` suppressed, `-` zero.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable

from etl.sources.common import Parsed, decode_text, normalise_name, observations_frame, parse_number, year_period
from etl.sources.table import check_text, check_xlsx
from lagesbild.catalogue import Indicator
from lagesbild.errors import SourceFormatError

YEARLY_INDICATOR = "N07540"
YEARLY_HEADER = ["kommun", "antal", "per 100 000 inv."]
CATEGORY_HEADER = ["region", "brottstyp", "år", "antal", "per 100 000 inv."]

GeoLookup = Callable[[str], str | None]


def _rows(raw: bytes, name: str) -> list[list[str]]:
    if raw[:4] == b"PK\x03\x04":
        return _excel_rows(raw, name)
    text = decode_text(raw, name)
    check_text(text, name, ";")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        return [row for row in reader if any(c.strip() for c in row)]
    except csv.Error:  # e.g. a cell over the csv module's 128 kB limit
        raise SourceFormatError(name, "en CSV-fil med ';' som avgränsare", "a CSV file separated by ';'",
                                row=reader.line_num) from None


def _cell_text(value) -> str:
    """Excel cells as the CSV would show them: 2022.0 -> '2022', None -> ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _excel_rows(raw: bytes, name: str) -> list[list[str]]:
    """The first sheet of an .xlsx export, as text cells (blank rows dropped, like the CSV)."""
    import openpyxl  # here: most builds read only CSV, and the import costs a tenth of a second

    check_xlsx(raw, name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [[_cell_text(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError):
        raise SourceFormatError(name, "en läsbar Excel-fil (.xlsx)", "a readable Excel file (.xlsx)") from None
    return [row for row in rows if any(c.strip() for c in row)]


def kind(raw: bytes, name: str) -> str:
    """'bra' for the yearly kommun file, 'bra_kategorier' for a statistics-database export."""
    rows = _rows(raw, name)
    if rows and _header_key(rows[0])[:3] == YEARLY_HEADER:
        return "bra"
    if any(_header_key(r)[:5] == CATEGORY_HEADER for r in rows):
        return "bra_kategorier"
    raise SourceFormatError(name, "Brås årsfil (rubrik 'Kommun;Antal;Per 100 000 inv.') eller en export ur "
                                  "statistikdatabasen (rubrik 'Region;Brottstyp;År;Antal;Per 100 000 inv.')",
                            "Brå's yearly file (header 'Kommun;Antal;Per 100 000 inv.') or a statistics-database "
                            "export (header 'Region;Brottstyp;År;Antal;Per 100 000 inv.')",
                            row=1, found=";".join(rows[0])[:80] if rows else "")


def _header_key(cells: list[str]) -> list[str]:
    return [re.sub(r"\s*\(prel\.?\)\s*", "", c).strip().casefold() for c in cells]


def year_from_name(name: str) -> int | None:
    m = re.search(r"(19|20)\d{2}", name)
    return int(m.group(0)) if m else None


def _number(cell: str, name: str, row: int, column: str) -> float | None:
    try:
        value = parse_number(cell)
    except ValueError:
        raise SourceFormatError(name, "ett tal (t.ex. 1 234 eller 56,7), '..' eller '-'",
                                "a number (e.g. 1 234 or 56,7), '..' or '-'",
                                row=row, column=column, found=cell) from None
    if value is not None and value < 0:
        raise SourceFormatError(name, "ett tal som inte är negativt", "a non-negative number",
                                row=row, column=column, found=cell)
    return value


def _observation(code, year, indicator, count, rate, preliminary, source, unit):
    suppressed = count is None or rate is None
    start, end = year_period(year)
    return {
        "geo_code": code, "period_start": start, "period_end": end, "indicator_id": indicator, "group": "total",
        "value": None if suppressed else rate, "unit": unit, "count": None if suppressed else count,
        "base": None, "ci_low": None, "ci_high": None,
        "status": "suppressed" if suppressed else ("preliminary" if preliminary else "ok"), "source": source,
    }


def _code(lookup: GeoLookup, region: str, name: str, row: int, column: str) -> str:
    code = lookup(region)
    if code is None:
        raise SourceFormatError(name, "ett känt kommunnamn (SCB:s kommunlista)",
                                "a known municipality name (SCB's list)", row=row, column=column, found=region)
    return code


def parse_yearly(raw: bytes, name: str, lookup: GeoLookup, year: int | None = None,
                 unit: str = "per 100 000 inv.") -> Parsed:
    rows = _rows(raw, name)
    if not rows or _header_key(rows[0])[:3] != YEARLY_HEADER:
        raise SourceFormatError(name, "rubrikraden 'Kommun;Antal;Per 100 000 inv.'",
                                "the header 'Kommun;Antal;Per 100 000 inv.'", row=1,
                                found=";".join(rows[0]) if rows else "")
    year = year or year_from_name(name)
    if year is None:
        raise SourceFormatError(name, "ett årtal i filnamnet eller --year", "a year in the file name or --year")
    preliminary = any("prel" in c.casefold() for c in rows[0])
    source = f"Brå, Anmälda brott kommunerna {year}" + (" (prel.)" if preliminary else "")
    out, seen = [], {}
    for n, cells in enumerate(rows[1:], start=2):
        if len(cells) < 3:
            raise SourceFormatError(name, "tre kolumner: Kommun;Antal;Per 100 000 inv.",
                                    "three columns: Kommun;Antal;Per 100 000 inv.", row=n, found=";".join(cells))
        code = _code(lookup, cells[0].strip(), name, n, "Kommun")
        if code in seen:
            raise SourceFormatError(name, "varje kommun en gång", "each municipality once", row=n,
                                    column="Kommun", found=f"{cells[0]} (även rad {seen[code]})")
        seen[code] = n
        count = _number(cells[1], name, n, "Antal")
        rate = _number(cells[2], name, n, "Per 100 000 inv.")
        out.append(_observation(code, year, YEARLY_INDICATOR, count, rate, preliminary, source, unit))
    if not out:
        raise SourceFormatError(name, "minst en kommunrad", "at least one municipality row", row=2)
    return Parsed(observations_frame(out))


def parse_categories(raw: bytes, name: str, lookup: GeoLookup, catalogue: dict[str, Indicator]) -> Parsed:
    rows = _rows(raw, name)
    start = next((i for i, r in enumerate(rows) if _header_key(r)[:5] == CATEGORY_HEADER), None)
    if start is None:
        raise SourceFormatError(name, "en rubrikrad 'Region;Brottstyp;År;Antal;Per 100 000 inv.'",
                                "a header row 'Region;Brottstyp;År;Antal;Per 100 000 inv.'")
    preliminary_header = any("prel" in c.casefold() for c in rows[start])
    by_name = {normalise_name(b): ind for ind in catalogue.values() for b in ind.bra_names}
    out = []
    for n, cells in enumerate(rows[start + 1:], start=start + 2):
        if len(cells) < 5:
            raise SourceFormatError(name, "fem kolumner", "five columns", row=n, found=";".join(cells))
        code = _code(lookup, cells[0].strip(), name, n, "Region")
        ind = by_name.get(normalise_name(cells[1]))
        if ind is None:
            raise SourceFormatError(name, "en brottstyp som finns under bra_names i data/indicators.toml",
                                    "a crime category listed under bra_names in data/indicators.toml",
                                    row=n, column="Brottstyp", found=cells[1])
        year_text = cells[2].strip()
        preliminary = preliminary_header or "prel" in year_text.casefold()
        m = re.fullmatch(r"((?:19|20)\d{2})(\s*\(?prel\.?\)?)?", year_text, flags=re.IGNORECASE)
        if not m:
            raise SourceFormatError(name, "ett årtal", "a year", row=n, column="År", found=cells[2])
        count = _number(cells[3], name, n, "Antal")
        rate = _number(cells[4], name, n, "Per 100 000 inv.")
        out.append(_observation(code, int(m.group(1)), ind.id, count, rate, preliminary,
                                "Brås statistikdatabas", ind.unit))
    df = observations_frame(out)
    dup = df.duplicated(["geo_code", "indicator_id", "period_start"], keep=False)
    if dup.any():
        n = int(dup.idxmax()) + start + 2
        raise SourceFormatError(name, "varje region, brottstyp och år en gång",
                                "each region, category and year once", row=n)
    return Parsed(df)
