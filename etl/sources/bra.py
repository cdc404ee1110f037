"""Brå's recorded-crime files, as Brå writes them.

1. The yearly file "Anmälda brott kommunerna YYYY.csv": one row per kommun, `Kommun;Antal;Per 100 000 inv.`,
   with that header ("(prel.)" in it marks preliminary figures) or, like the 2021 file, without one: its
   first line is data ("Ale kommun;2731;8547"). The year comes from --year or the file name.
2. Exports from Brå's statistics database (SOL, statistik.bra.se) by crime category, CSV or Excel, in
   either of two shapes:
   a. the long table `Region;Brottstyp;År;Antal;Per 100 000 inv.` under title lines;
   b. SOL's own export, a cross-tab: header rows naming the period of each column ("År" over the year,
      or the year over a month), a measure row `;Antal;/100 000 inv;Antal;…` (SOL writes the spaces as
      `&nbsp;` entities), then each region as a row of its own followed by one row per category. A nested
      selection brings its parent categories along as rows of `..` ("not selected"): they are skipped.
      (Shape as parsed by am-dashboard-se's scripts/import_bra.py, which reads SOL's text export.)
   A period is a year ("2023", "2025 prel.") or a month ("2026 prel., Aug"): monthly counts are stored
   per month, preliminary ones marked.
   Categories match `bra_names` in the indicator catalogue on the full hierarchical name ("Brott mot
   brottsbalken, 8-12 kap. Brott mot förmögenhet, 12 kap. Skadegörelsebrott") or its last segment
   ("12 kap. Skadegörelsebrott"), ignoring case and spacing. Categories no indicator uses are skipped
   and named in the import's message.
Region names as Brå writes them: "<namn> kommun", "Gotland kommun", official genitives ("Arjeplogs
kommun"), "Malung–Sälen"; a kommun that changed län appears once per era, "Heby kommun (Uppsala län from
2007)" and "Heby kommun (Västmanlands län tom 2006)": both are Heby (0331), each used only for its years.
Stockholm's, Göteborg's and Malmö's districts ("Bromma (Sthlm)", "… (Gbg)") are skipped and named.
CSV: `;`, UTF-8 (BOM) or Windows-1252/ISO-8859-1, spaces as thousands separators, decimal comma.
`..` suppressed, `-` zero.
"""
from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from etl.sources.common import Parsed, decode_text, normalise_name, observations_frame, parse_number, year_period
from etl.sources.table import check_text, check_xlsx
from lagesbild.catalogue import Indicator
from lagesbild.errors import ConfigError, SourceFormatError

YEARLY_INDICATOR = "N07540"
YEARLY_HEADER = ["kommun", "antal", "per 100 000 inv."]
CATEGORY_HEADER = ["region", "brottstyp", "år", "antal", "per 100 000 inv."]
SOURCE = "Brås statistikdatabas"

GeoLookup = Callable[[str], str | None]
Rows = list[tuple[int, list[str]]]   # (row number in the file, cells), blank rows left out


def _rows(raw: bytes, name: str) -> Rows:
    if raw[:4] == b"PK\x03\x04":
        return _excel_rows(raw, name)
    text = decode_text(raw, name).replace("&nbsp;", "\u00a0")  # SOL's entity: its ';' is not a separator
    check_text(text, name, ";")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        return [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]
    except csv.Error:  # e.g. a cell over the csv module's 128 kB limit
        raise SourceFormatError(name, "en CSV-fil med ';' som avgränsare", "a CSV file separated by ';'",
                                row=reader.line_num) from None


def cell_text(value) -> str:
    """Excel cells as the CSV would show them: 2022.0 -> '2022', None -> ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def open_workbook(raw: bytes, name: str):
    import openpyxl  # here: most builds read only CSV, and the import costs a tenth of a second

    check_xlsx(raw, name)
    try:
        return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook or its styles (TypeError, …)
        raise SourceFormatError(name, "en läsbar Excel-fil (.xlsx)", "a readable Excel file (.xlsx)") from None


def sheet_rows(sheet) -> Rows:
    """A sheet as text cells with their row numbers, blank rows left out (like the CSV)."""
    rows = [(n, [cell_text(c) for c in row]) for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    return [(n, row) for n, row in rows if any(c.strip() for c in row)]


def _excel_rows(raw: bytes, name: str) -> Rows:
    """The first sheet of an .xlsx export."""
    book = open_workbook(raw, name)
    try:
        return sheet_rows(book.worksheets[0])
    except Exception:  # as open_workbook
        raise SourceFormatError(name, "en läsbar Excel-fil (.xlsx)", "a readable Excel file (.xlsx)") from None
    finally:
        book.close()


def clean(cell: str) -> str:
    return re.sub(r"\s+", " ", cell.replace("\u00a0", " ")).strip()


def _header_key(cells: list[str]) -> list[str]:
    return [re.sub(r"\s*\(prel\.?\)\s*", "", clean(c)).casefold() for c in cells]


def _is_number(cell: str) -> bool:
    try:
        parse_number(cell)
    except ValueError:
        return False
    return True


def _headerless_yearly(cells: list[str]) -> bool:
    """The 2021 file's first line: a name, then a count and a rate."""
    return len(cells) >= 3 and bool(cells[0].strip()) and all(c.strip() and _is_number(c) for c in cells[1:3])


def _measure_column(rows: Rows) -> tuple[int, int] | None:
    """(index in rows, first value column) of SOL's measure row `;Antal;/100 000 inv;…`."""
    for i, (_, cells) in enumerate(rows):
        for c, cell in enumerate(cells[:3]):
            if c and clean(cell).casefold() == "antal":
                return i, c
    return None


def kind(raw: bytes, name: str) -> str:
    """'bra' for the yearly kommun file, 'bra_kategorier' for a statistics-database export
    (Brå's indicator workbook is told apart first, by etl.sources.bra_workbook.is_workbook)."""
    rows = _rows(raw, name)
    if rows and (_header_key(rows[0][1])[:3] == YEARLY_HEADER or _headerless_yearly(rows[0][1])):
        return "bra"
    if any(_header_key(r)[:5] == CATEGORY_HEADER for _, r in rows) or _measure_column(rows):
        return "bra_kategorier"
    raise SourceFormatError(name, "Brås årsfil ('Kommun;Antal;Per 100 000 inv.' eller rader som 'Ale kommun;2731;8547'), "
                                  "en export ur statistikdatabasen (rubrik 'Region;Brottstyp;År;Antal;Per 100 000 inv.' "
                                  "eller en måttrad ';Antal;/100 000 inv') eller Brås indikatorfil för en kommun (Excel)",
                            "Brå's yearly file ('Kommun;Antal;Per 100 000 inv.' or rows like 'Ale kommun;2731;8547'), "
                            "a statistics-database export (header 'Region;Brottstyp;År;Antal;Per 100 000 inv.' or a "
                            "measure row ';Antal;/100 000 inv') or Brå's indicator workbook of a kommun (Excel)",
                            row=rows[0][0] if rows else 1, found=";".join(rows[0][1])[:80] if rows else "")


def year_from_name(name: str) -> int | None:
    m = re.search(r"(19|20)\d{2}", name)
    return int(m.group(0)) if m else None


def number(cell: str, name: str, row: int, column: str) -> float | None:
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


def observation(code, period: tuple[date, date], indicator, count, rate, preliminary, source, unit):
    suppressed = count is None or rate is None
    return {
        "geo_code": code, "period_start": period[0], "period_end": period[1], "indicator_id": indicator,
        "group": "total", "value": None if suppressed else rate, "unit": unit,
        "count": None if suppressed else count, "base": None, "ci_low": None, "ci_high": None,
        "status": "suppressed" if suppressed else ("preliminary" if preliminary else "ok"), "source": source,
    }


# --- Region names ------------------------------------------------------------------------------------

_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*$")
_DISTRICT = re.compile(r"^(sthlm|gbg|malmö)$|upphörde")
# Stockholm's stadsdelsområden, which Brå's database lists as "Bromma (Sthlm)" and a file may write
# without the suffix (a public importer of the 2021 file skips "Spånga-Tensta").
STOCKHOLM_DISTRICTS = {normalise_name(n) for n in (
    "Bromma", "Enskede - Årsta - Vantör", "Farsta", "Hägersten-Älvsjö", "Hässelby - Vällingby", "Kungsholmen",
    "Norrmalm", "Rinkeby-Kista", "Skarpnäck", "Skärholmen", "Spånga - Tensta", "Södermalm", "Östermalm")}
_FROM = re.compile(r"\b(?:from|fr\.?\s?o\.?\s?m\.?)\s*((?:19|20)\d{2})")
_TO = re.compile(r"\b(?:tom|t\.?\s?o\.?\s?m\.?)\s*((?:19|20)\d{2})")


@dataclass(frozen=True)
class Region:
    code: str | None        # SCB code; None when unknown or skipped
    skipped: str = ""       # why the row is skipped: "district" or "era"


def region(cell: str, lookup: GeoLookup, year: int | None) -> Region:
    """A region name as Brå writes it -> SCB code; districts and a kommun's other era are skipped."""
    name = clean(cell)
    code = lookup(name)
    if code is not None:
        return Region(code)
    if normalise_name(name) in STOCKHOLM_DISTRICTS:
        return Region(None, "district")
    m = _PARENTHESIS.search(name)
    if m is None:
        return Region(None)
    note = m.group(1).casefold()
    if _DISTRICT.search(note):
        return Region(None, "district")
    code = lookup(name[:m.start()])
    first, last = _FROM.search(note), _TO.search(note)
    if code is not None and year is not None and ((first and year < int(first.group(1)))
                                                 or (last and year > int(last.group(1)))):
        return Region(None, "era")
    return Region(code)


def unknown_region(name: str, row: int, column: str, found: str) -> SourceFormatError:
    return SourceFormatError(name, "ett känt kommunnamn (SCB:s kommunlista)", "a known municipality name (SCB's list)",
                             row=row, column=column, found=found)


def skipped_notes(districts: list[str], eras: list[str], categories: list[str]) -> list[tuple[str, str]]:
    """What an import left out, for its message: districts, a kommun's other era, unused categories."""
    def listed(items: list[str]) -> str:
        unique = list(dict.fromkeys(items))
        return ", ".join(unique[:5]) + (f" (+{len(unique) - 5})" if len(unique) > 5 else "")

    notes = []
    if districts:
        notes.append((f"Stadsdelar hoppades över (bara kommuner lagras): {listed(districts)}.",
                      f"Districts were skipped (only municipalities are stored): {listed(districts)}."))
    if eras:
        notes.append((f"Rader för en kommuns annan tidsperiod hoppades över: {listed(eras)}.",
                      f"Rows for a municipality's other era were skipped: {listed(eras)}."))
    if categories:
        notes.append((f"Brottstyper som ingen indikator använder hoppades över (se bra_names i indicators.toml): "
                      f"{listed(categories)}.",
                      f"Crime categories no indicator uses were skipped (see bra_names in indicators.toml): "
                      f"{listed(categories)}."))
    return notes


# --- 1. The yearly kommun file -------------------------------------------------------------------------

def parse_yearly(raw: bytes, name: str, lookup: GeoLookup, year: int | None = None,
                 unit: str = "per 100 000 inv.") -> Parsed:
    rows = _rows(raw, name)
    header = bool(rows) and _header_key(rows[0][1])[:3] == YEARLY_HEADER
    if not rows or not (header or _headerless_yearly(rows[0][1])):
        raise SourceFormatError(name, "rubrikraden 'Kommun;Antal;Per 100 000 inv.' eller en första rad som 'Ale kommun;2731;8547'",
                                "the header 'Kommun;Antal;Per 100 000 inv.' or a first row like 'Ale kommun;2731;8547'",
                                row=rows[0][0] if rows else 1, found=";".join(rows[0][1]) if rows else "")
    year = year or year_from_name(name)
    if year is None:
        raise SourceFormatError(name, "ett årtal i filnamnet eller --year", "a year in the file name or --year")
    preliminary = header and any("prel" in c.casefold() for c in rows[0][1])
    source = f"Brå, Anmälda brott kommunerna {year}" + (" (prel.)" if preliminary else "")
    out, seen, districts, eras = [], {}, [], []
    for n, cells in rows[1:] if header else rows:
        if len(cells) < 3:
            raise SourceFormatError(name, "tre kolumner: Kommun;Antal;Per 100 000 inv.",
                                    "three columns: Kommun;Antal;Per 100 000 inv.", row=n, found=";".join(cells))
        place = region(cells[0], lookup, year)
        if place.skipped:
            (districts if place.skipped == "district" else eras).append(clean(cells[0]))
            continue
        if place.code is None:
            raise unknown_region(name, n, "Kommun", cells[0].strip())
        if place.code in seen:
            raise SourceFormatError(name, "varje kommun en gång", "each municipality once", row=n,
                                    column="Kommun", found=f"{cells[0]} (även rad {seen[place.code]})")
        seen[place.code] = n
        count = number(cells[1], name, n, "Antal")
        rate = number(cells[2], name, n, "Per 100 000 inv.")
        out.append(observation(place.code, year_period(year), YEARLY_INDICATOR, count, rate, preliminary, source, unit))
    if not out:
        raise SourceFormatError(name, "minst en kommunrad", "at least one municipality row", row=2)
    return Parsed(observations_frame(out), notes=skipped_notes(districts, eras, []))


# --- 2. Statistics-database exports --------------------------------------------------------------------

# A new segment of a hierarchical category name starts after ", " with a chapter number, "därav" or a
# capital: "…, 8 kap. Stöld, rån m.m., därav rån, inkl. grovt" has the segments "8 kap. Stöld, rån m.m."
# and "därav rån, inkl. grovt".
_SEGMENT = re.compile(r",\s+(?=\d|därav\b|[A-ZÅÄÖ])")


def last_segment(category: str) -> str:
    return _SEGMENT.split(clean(category))[-1]


def _category_key(text: str) -> str:
    return clean(text).casefold()


class CategoryMatcher:
    """Crime category (full hierarchical name or its last segment) -> the indicator whose bra_names has it."""

    def __init__(self, catalogue: dict[str, Indicator]):
        self.full, self.last, self.seen = {}, {}, {}
        for ind in catalogue.values():
            for bra_name in ind.bra_names:
                for table, key in ((self.full, _category_key(bra_name)), (self.last, _category_key(last_segment(bra_name)))):
                    if table.setdefault(key, ind).id != ind.id:
                        raise ConfigError(f"indicators.toml: brottstypen '{bra_name}' finns hos både {table[key].id} och {ind.id}.",
                                          f"indicators.toml: the crime category '{bra_name}' is under both {table[key].id} and {ind.id}.")

    def __call__(self, category: str) -> Indicator | None:
        if category not in self.seen:   # an export repeats its few categories on every row
            key = _category_key(category)
            self.seen[category] = (self.full.get(key) or self.last.get(key)
                                   or self.last.get(_category_key(last_segment(category))))
        return self.seen[category]


MONTHS = {name: n for n, names in enumerate((
    ("jan", "januari", "january"), ("feb", "februari", "february"), ("mar", "mars", "march"), ("apr", "april"),
    ("maj", "may"), ("jun", "juni", "june"), ("jul", "juli", "july"), ("aug", "augusti", "august"),
    ("sep", "sept", "september"), ("okt", "oktober", "oct", "october"), ("nov", "november"), ("dec", "december"),
), start=1) for name in names}


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    preliminary: bool

    @property
    def year(self) -> int:
        return self.end.year


@functools.lru_cache(maxsize=4096)   # an export repeats its few period labels on every row
def period(label: str) -> Period | None:
    """'2023', '2023 (prel.)', '2026 prel., Aug', 'Aug 2026' -> the year or month; None if not a period."""
    text = clean(label).casefold()
    preliminary = "prel" in text
    words = re.findall(r"[a-zåäö]+|\d+", re.sub(r"prel(iminär|iminary)?\.?", " ", text))
    years = [int(w) for w in words if re.fullmatch(r"(19|20)\d{2}", w)]
    months = [MONTHS[w] for w in words if w in MONTHS]
    if len(years) != 1 or len(months) > 1 or len(words) != len(years) + len(months):
        return None
    year = years[0]
    if not months:
        return Period(*year_period(year), preliminary)
    month = months[0]
    last_day = (date(year + month // 12, month % 12 + 1, 1) - date.resolution)
    return Period(date(year, month, 1), last_day, preliminary)


@dataclass(frozen=True)
class Record:
    row: int
    region: str
    category: str
    period: str
    count: str
    rate: str
    period_column: str      # column names for messages
    count_column: str
    rate_column: str


def _long_records(rows: Rows, header_at: int, name: str) -> Iterator[Record]:
    preliminary = " (prel.)" if any("prel" in c.casefold() for c in rows[header_at][1]) else ""
    for n, cells in rows[header_at + 1:]:
        if len(cells) < 5 or not cells[1].strip():
            raise SourceFormatError(name, "fem kolumner: Region;Brottstyp;År;Antal;Per 100 000 inv.",
                                    "five columns: Region;Brottstyp;År;Antal;Per 100 000 inv.", row=n, found=";".join(cells))
        yield Record(n, cells[0], cells[1], cells[2] + preliminary, cells[3], cells[4], "År", "Antal", "Per 100 000 inv.")


def _column_labels(head: Rows, width: int, first: int) -> list[str]:
    """Each value column's period label from the header rows above SOL's measure row; a label given
    once over a group of columns (a merged cell) holds for the columns after it."""
    labels = [""] * width
    for _, cells in head:
        carried = ""
        for c in range(first, width):
            cell = clean(cells[c]) if c < len(cells) else ""
            carried = cell or carried
            if carried and carried.casefold() not in ("år", "månad", "period"):
                labels[c] = f"{labels[c]} {carried}".strip()
    return labels


def _crosstab_records(rows: Rows, name: str) -> Iterator[Record]:
    found = _measure_column(rows)
    if found is None:
        raise SourceFormatError(name, "en rubrikrad 'Region;Brottstyp;År;Antal;Per 100 000 inv.' eller Brå-exportens "
                                      "måttrad ';Antal;/100 000 inv;…'",
                                "a header row 'Region;Brottstyp;År;Antal;Per 100 000 inv.' or the Brå export's "
                                "measure row ';Antal;/100 000 inv;…'")
    at, first = found
    measures = [clean(c).casefold() for c in rows[at][1]]
    labels = _column_labels(rows[:at], len(measures), first)
    pairs = [(c, c + 1 if c + 1 < len(measures) and "100 000" in measures[c + 1] else None)
             for c in range(first, len(measures)) if measures[c] == "antal"]
    current = ""
    for n, cells in rows[at + 1:]:
        cells = cells + [""] * (len(measures) - len(cells))
        values = [clean(c) for c in cells[first:]]
        if first == 2 and clean(cells[0]):
            current = clean(cells[0])
        label = clean(cells[first - 1])
        if not any(values):           # a region's own row (or the root category's)
            if first == 1:
                current = label
            continue
        if all(v in ("..", "") for v in values):   # an ancestor of the selection: "not selected"
            continue
        for count, rate in pairs:
            column = labels[count] or f"kolumn {count + 1}"
            yield Record(n, current, label, labels[count], cells[count], cells[rate] if rate else "",
                         column, f"{column}, Antal", f"{column}, /100 000 inv")


def parse_categories(raw: bytes, name: str, lookup: GeoLookup, catalogue: dict[str, Indicator]) -> Parsed:
    rows = _rows(raw, name)
    header_at = next((i for i, (_, r) in enumerate(rows) if _header_key(r)[:5] == CATEGORY_HEADER), None)
    records = _long_records(rows, header_at, name) if header_at is not None else _crosstab_records(rows, name)
    matcher = CategoryMatcher(catalogue)
    place_of = functools.lru_cache(maxsize=4096)(lambda name, year: region(name, lookup, year))
    out, seen, districts, eras, unused = [], {}, [], [], []
    for r in records:
        ind = matcher(r.category)
        if ind is None:
            unused.append(clean(r.category))
            continue
        if not clean(r.count) and not clean(r.rate):   # a month not published yet: no value at all
            continue
        when = period(r.period)
        if when is None:
            raise SourceFormatError(name, "ett år ('2023', '2025 prel.') eller en månad ('2026 prel., Aug')",
                                    "a year ('2023', '2025 prel.') or a month ('2026 prel., Aug')",
                                    row=r.row, column=r.period_column, found=r.period)
        place = place_of(r.region, when.year)
        if place.skipped:
            (districts if place.skipped == "district" else eras).append(clean(r.region))
            continue
        if place.code is None:
            raise unknown_region(name, r.row, "Region", clean(r.region))
        key = (place.code, ind.id, when.start, when.end)
        if key in seen:
            raise SourceFormatError(name, "varje region, brottstyp och period en gång",
                                    "each region, category and period once", row=r.row,
                                    found=f"{clean(r.region)}, {clean(r.category)}, {clean(r.period)} (även rad {seen[key]})")
        seen[key] = r.row
        count = number(r.count, name, r.row, r.count_column)
        rate = number(r.rate, name, r.row, r.rate_column)
        out.append(observation(place.code, (when.start, when.end), ind.id, count, rate, when.preliminary, SOURCE, ind.unit))
    if not out:
        raise SourceFormatError(name, "minst en rad med en brottstyp som finns under bra_names i indicators.toml",
                                "at least one row with a crime category listed under bra_names in indicators.toml",
                                found=", ".join(list(dict.fromkeys(unused))[:3]) or None)
    return Parsed(observations_frame(out), notes=skipped_notes(districts, eras, unused))
