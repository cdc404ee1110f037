"""Brå's indicator workbook of a kommun ("Indikatorer för kommuners lägesbild", bra.se): one Excel file per
kommun, one sheet per indicator.

Crime sheets (Skadegörelsebrott, Narkotikabrott, Våldsbrott utomhus (vuxna), Våld i nära relation (kvinnor,
män), Personrån (unga), Stöldbrott, Bilbrott, Bostadsinbrott, Trafikbrott) and NTU sheets named "<fråga>-NTU"
("Otrygghet utomhus-NTU"). Every sheet: a title row; a header row with the region column first, then one
column per year (NTU: per two-year period, "2017/2018") and measure — crime sheets "Antal" and "Antal per
100 000", NTU sheets "Andel", "KI undre", "KI övre"; then one row each for the kommun, its län and the
country ("Hela riket"). This is the layout Region Uppsala's analysts read (RegionUppsala-analys
create_save_plots.R: `read_excel(file, sheet = n, skip = 1)`, the first column renamed Region, the year and
"per 100 000" taken from each header cell; NTU periods matched as "\\d{4}/\\d{4}").

A crime sheet becomes the catalogue indicator whose `bra_sheets` words its name or title has; an NTU sheet
an indicator of its own (perceived, %, two years pooled). Other sheets (Våld mot barn, a cover sheet) are
skipped and named in the import's message; a recognised sheet whose header is not as above is refused
with the header found and the one expected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from etl.sources import bra
from etl.sources.common import Parsed, observations_frame, slug, year_period
from lagesbild.catalogue import Indicator, load_indicators
from lagesbild.errors import SourceFormatError

SOURCE = "Brå, Indikatorer för kommuners lägesbild"
NTU_SOURCE = "NTU (Brå), Indikatorer för kommuners lägesbild"
NTU_SUFFIX = re.compile(r"\s*-\s*NTU\s*$", re.IGNORECASE)
CRIME_HEADER = ("regionkolumnen och för varje år 'Antal' och 'Antal per 100 000' (t.ex. '2023 Antal', "
                "'2023 Antal per 100 000')",
                "the region column, then per year 'Antal' and 'Antal per 100 000' (e.g. '2023 Antal', "
                "'2023 Antal per 100 000')")
NTU_HEADER = ("regionkolumnen och för varje period 'Andel', 'KI undre' och 'KI övre' (t.ex. '2017/2018 Andel')",
              "the region column, then per period 'Andel', 'KI undre' and 'KI övre' (e.g. '2017/2018 Andel')")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-zåäöé0-9]+", text.casefold()))


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: bra.Rows
    indicator: Indicator | None    # a crime sheet's catalogue indicator
    ntu: bool


def _recognise(name: str, rows: bra.Rows, catalogue: dict[str, Indicator]) -> Sheet:
    title = " ".join(rows[0][1]) if rows else ""
    if NTU_SUFFIX.search(name):
        return Sheet(name, rows, None, True)
    words = _words(f"{name} {title}")
    matches = [ind for ind in catalogue.values() if any(_words(key) <= words for key in ind.bra_sheets)]
    return Sheet(name, rows, matches[0] if len(matches) == 1 else None, False)


def _sheets(raw: bytes, name: str, catalogue: dict[str, Indicator]) -> list[Sheet]:
    book = bra.open_workbook(raw, name)
    try:
        return [_recognise(ws.title, bra.sheet_rows(ws), catalogue) for ws in book.worksheets]
    except Exception:  # openpyxl raises many kinds for a damaged sheet (as bra.open_workbook)
        raise SourceFormatError(name, "en läsbar Excel-fil (.xlsx)", "a readable Excel file (.xlsx)") from None
    finally:
        book.close()


def is_workbook(raw: bytes, name: str) -> bool:
    """Whether an Excel file has a sheet of Brå's indicator workbook."""
    return any(s.indicator or s.ntu for s in _sheets(raw, name, load_indicators()))


def _columns(sheet: Sheet, file: str) -> tuple[int, dict[int, tuple[str, str]]]:
    """The header row's number and, per value column, (period label, measure)."""
    expected = NTU_HEADER if sheet.ntu else CRIME_HEADER
    if len(sheet.rows) < 2:
        raise SourceFormatError(file, f"en titelrad och en rubrikrad med {expected[0]}",
                                f"a title row and a header row with {expected[1]}", sheet=sheet.name, row=1)
    row, header = sheet.rows[1]
    columns = {}
    for c, cell in enumerate(header[1:], start=1):
        text = bra.clean(cell).casefold()
        if not text:
            continue
        when = re.search(r"((?:19|20)\d{2})\s*/\s*((?:19|20)\d{2})" if sheet.ntu else r"(?:19|20)\d{2}", text)
        if sheet.ntu:
            measure = "low" if "undre" in text else "high" if "övre" in text else "share" if "andel" in text else None
        else:
            measure = "rate" if "100 000" in text else "count" if "antal" in text else None
        if when is None or measure is None:
            columns = {}
            break
        columns[c] = (when.group(0).replace(" ", ""), measure)
    if not any(m in ("share", "rate") for _, m in columns.values()):
        raise SourceFormatError(file, f"en rubrikrad med {expected[0]}", f"a header row with {expected[1]}",
                                sheet=sheet.name, row=row, found=";".join(header)[:120])
    return row, columns


def _ntu_indicator(sheet: Sheet) -> Indicator:
    question = NTU_SUFFIX.sub("", sheet.name).strip()
    title = " ".join(sheet.rows[0][1]).strip() if sheet.rows else ""
    return Indicator(
        id=f"bra_ntu_{slug(question).replace('-', '_')}", title_sv=f"NTU – {question}, andel (%)",
        title_en=f"NTU – {question} (Swedish question), share (%)", kind="perceived", unit="%",
        direction="higher_is_worse", source=NTU_SOURCE, pooled_years=2,
        definition_sv=title or f"Brås indikatorfil, bladet {sheet.name}.",
        definition_en=f"Brå's indicator workbook, sheet '{sheet.name}'." + (f" Brå's title: {title}" if title else ""))


def _observations(sheet: Sheet, indicator: Indicator, file: str, lookup: bra.GeoLookup) -> list[dict]:
    header_row, columns = _columns(sheet, file)
    header = sheet.rows[1][1]
    out = []
    for n, cells in sheet.rows[2:]:
        cells = cells + [""] * (len(header) - len(cells))
        values = {c: bra.clean(cells[c]) for c in columns}
        if not any(values.values()):      # a note under the table ("Källa: Brå")
            continue
        by_period: dict[str, dict[str, float | None]] = {}
        for c, (label, measure) in columns.items():
            by_period.setdefault(label, {})[measure] = bra.number(cells[c], file, n, header[c])
        for label, measures in by_period.items():
            first, last = (int(y) for y in label.split("/")) if "/" in label else (int(label), int(label))
            place = bra.region(cells[0], lookup, last)
            if place.skipped:
                continue
            if place.code is None:
                raise SourceFormatError(file, "en kommun, ett län eller 'Hela riket'", "a municipality, a county or 'Hela riket'",
                                        sheet=sheet.name, row=n, column=header[0] or "Region", found=bra.clean(cells[0]))
            out.append(_observation(place.code, indicator, first, last, measures))
    return out


def _observation(code: str, indicator: Indicator, first: int, last: int, m: dict[str, float | None]) -> dict:
    value = m.get("share" if indicator.unit == "%" else "rate")
    start, end = year_period(last, last - first + 1)
    return {"geo_code": code, "period_start": start, "period_end": end, "indicator_id": indicator.id,
            "group": "total", "value": value, "unit": indicator.unit,
            "count": m.get("count") if value is not None else None, "base": None,
            "ci_low": m.get("low") if value is not None else None, "ci_high": m.get("high") if value is not None else None,
            "status": "ok" if value is not None else "suppressed", "source": indicator.source}


def parse(raw: bytes, name: str, lookup: bra.GeoLookup, catalogue: dict[str, Indicator]) -> Parsed:
    rows, indicators, skipped = [], [], []
    for sheet in _sheets(raw, name, catalogue):
        indicator = _ntu_indicator(sheet) if sheet.ntu else sheet.indicator
        if indicator is None:
            skipped.append(sheet.name)
            continue
        rows += _observations(sheet, indicator, name, lookup)
        if sheet.ntu:
            indicators.append(indicator)
    if not rows:
        raise SourceFormatError(name, "minst ett blad ur Brås indikatorfil (t.ex. 'Våldsbrott utomhus (vuxna)' eller "
                                      "'Otrygghet utomhus-NTU') med värden",
                                "at least one sheet of Brå's indicator workbook (e.g. 'Våldsbrott utomhus (vuxna)' or "
                                "'Otrygghet utomhus-NTU') with values", found=", ".join(skipped[:5]) or None)
    notes = [(f"Blad som inte lästes in: {', '.join(skipped)}.", f"Sheets not imported: {', '.join(skipped)}.")] if skipped else []
    return Parsed(observations_frame(rows), indicators=indicators, notes=notes)
