"""Bounded inputs and clear messages: every limit (cell, rows, columns, an .xlsx's unpacked size,
a mapping's size) refuses with a message naming the file and the limit, and the other findings of
the attack — an empty kommunkod, a duplicate header, out-of-range dates, NUL bytes and long file
names, a survey name too long for a file name — are messages with file, row and column, never a
traceback. (How fast the refusals are and how much memory they take: `python -m benchmarks.hostile`.)"""
from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import build, cli, imports
from etl.sources import incidents, interventions, survey, table
from lagesbild.errors import ConfigError, LagesbildError, SourceFormatError
from tests.conftest import FIXTURES

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
MAPPING = (FIXTURES / "enkat_small.toml").read_text(encoding="utf-8")
SURVEY = (FIXTURES / "enkat_small.csv").read_text(encoding="utf-8-sig")


def refusal(parse, *args) -> SourceFormatError | ConfigError | None:
    try:
        parse(*args)
    except (SourceFormatError, ConfigError) as exc:
        return exc
    return None


# --- the limits, as properties: refused exactly past the limit, naming the file and the limit -----------

@PROPERTY
@given(length=st.integers(0, 40), quoted=st.booleans())
def test_a_cell_is_refused_exactly_when_it_is_longer_than_the_limit(monkeypatch, length, quoted):
    monkeypatch.setattr(table, "MAX_CELL_CHARS", 20)
    cell = "x" * length
    raw = f'a;b\n1;{chr(34) + cell + chr(34) if quoted else cell}\n'.encode()
    exc = refusal(table.read_table, raw, "celler.csv")
    assert (exc is not None) == (length > 20)
    if exc:
        assert (exc.file, exc.row, exc.column) == ("celler.csv", 2, "b") and "20 tecken" in exc.sv


@PROPERTY
@given(rows=st.integers(1, 60))
def test_rows_past_the_limit_are_refused(monkeypatch, rows):
    monkeypatch.setattr(table, "MAX_ROWS", 30)
    raw = ("a;b\n" + "1;2\n" * rows).encode()
    exc = refusal(table.read_table, raw, "rader.csv")
    lines = rows + 2  # the header and the final empty line
    assert (exc is not None) == (lines > 30)
    if exc:
        assert exc.file == "rader.csv" and "högst 30 rader" in exc.sv


@PROPERTY
@given(columns=st.integers(1, 40), excel=st.booleans())
def test_columns_past_the_limit_are_refused(monkeypatch, columns, excel):
    monkeypatch.setattr(table, "MAX_COLUMNS", 20)
    header = [f"k{i}" for i in range(columns)]
    raw = xlsx([header, ["1"] * columns]) if excel else (";".join(header) + "\n" + ";".join("1" * columns)).encode()
    exc = refusal(table.read_table, raw, "kolumner.xlsx")
    assert (exc is not None) == (columns > 20)
    if exc:
        assert exc.file == "kolumner.xlsx" and exc.row == 1 and "högst 20 kolumner" in exc.sv


@PROPERTY
@given(size=st.integers(0, 4000))
def test_an_xlsx_is_refused_by_its_declared_unpacked_size_before_unpacking(monkeypatch, size):
    monkeypatch.setattr(table, "MAX_UNPACKED_BYTES", 3 * 1024)
    raw = xlsx([["a"], ["x" * size]])
    unpacked = sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    exc = refusal(table.check_xlsx, raw, "stor.xlsx")
    assert (exc is not None) == (unpacked > 3 * 1024)
    if exc:
        assert "stor.xlsx" in exc.sv and "högst 3 kB" in exc.sv


@PROPERTY
@given(count=st.integers(1, 12))
def test_a_mapping_with_too_many_indicators_is_refused(monkeypatch, count):
    monkeypatch.setattr(survey, "MAX_INDICATORS", 8)
    base, indicator = MAPPING.split("[[indicator]]", 1)
    text = base + "".join(f"[[indicator]]{indicator.replace('test_otrygg', f'test_{i}')}" for i in range(count))
    exc = refusal(survey.load_mapping, text.encode(), "mappning.toml")
    assert (exc is not None) == (count > 8)
    if exc:
        assert "mappning.toml" in exc.sv and "högst 8 [[indicator]]" in exc.sv


def xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the findings, at the real limits ------------------------------------------------------------------

def test_a_40_mb_cell_is_refused_before_it_is_parsed():
    raw = b"datum;kategori;omrade;kommunkod\n2024-01-03;St\xc3\xb6ld;" + b"A" * 40_000_000 + b";9901\n"
    exc = refusal(incidents.parse, raw, "handelser.csv")
    assert (exc.row, exc.column) == (2, "omrade") and "10 000 tecken" in exc.sv


def test_a_zip_bomb_xlsx_is_refused_by_its_declared_size():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" * (table.MAX_UNPACKED_BYTES + 1))
    raw = out.getvalue()
    assert len(raw) < 1_000_000
    exc = refusal(table.read_table, raw, "bomb.xlsx")
    assert exc.file == "bomb.xlsx" and "100 MB" in exc.sv and "CSV" in exc.sv


def test_a_mapping_with_10000_indicators_is_refused():
    base, indicator = MAPPING.split("[[indicator]]", 1)
    text = base + "".join(f"[[indicator]]{indicator.replace('test_otrygg', f'x{i}')}" for i in range(10_000))
    exc = refusal(survey.load_mapping, text.encode(), "enorm.toml")
    assert "högst 1024 kB" in exc.sv or "högst 200 [[indicator]]" in exc.sv


def test_a_name_longer_than_200_characters_is_not_stored_as_an_area():
    raw = f"datum;kategori;omrade;kommunkod\n2024-01-03;Stöld;{'Ö' * 201};9901\n".encode()
    exc = refusal(incidents.parse, raw, "handelser.csv")
    assert (exc.row, exc.column) == (2, "omrade") and "200 tecken" in exc.sv


# --- clear messages -------------------------------------------------------------------------------------

def test_an_empty_kommunkod_in_a_survey_is_refused_not_counted_as_riket():
    mapping = survey.load_mapping(MAPPING.encode(), "enkat_small.toml")
    lines = SURVEY.splitlines()
    lines[3] = lines[3].replace(";9901;", ";;")
    exc = refusal(survey.parse, "\n".join(lines).encode(), "enkat.csv", mapping)
    assert (exc.row, exc.column) == (4, "kommunkod") and "inte tom" in exc.sv


@pytest.mark.parametrize("excel", [False, True])
def test_a_duplicate_column_header_is_refused_with_its_column(excel):
    rows = [["datum", "kategori", "omrade", "omrade"], ["2024-01-03", "Stöld", "Norr", "Söder"]]
    raw = xlsx(rows) if excel else "\n".join(";".join(r) for r in rows).encode()
    exc = refusal(incidents.parse, raw, "handelser.xlsx")
    assert (exc.row, exc.column) == (1, "omrade") and "varje kolumnnamn en gång" in exc.sv


@pytest.mark.parametrize("day", ["1500-01-01", "0001-01-01", "9999-12-31"])
def test_out_of_range_dates_are_refused_with_row_and_column(day):
    exc = refusal(incidents.parse, f"datum;kategori;omrade;kommunkod\n{day};Stöld;Norr;9901\n".encode(), "h.csv")
    assert (exc.row, exc.column) == (2, "datum") and "mellan 1900 och 2100" in exc.sv
    exc = refusal(interventions.read_log, f"namn;omrade;typ;start;slut\nA;Norr;B;{day};\n".encode(), "i.csv")
    assert (exc.row, exc.column) == (2, "start")


@pytest.mark.parametrize("name", ["a\x00b.csv", "ö" * 300 + ".csv", "../../etc/passwd.csv"])
def test_odd_file_names_are_kept_safely_and_named_in_messages(data_dir, name):
    build.build(data_dir)
    raw = "Region;Brottstyp;År;Antal;Per 100 000 inv.\nIngenstans;Totalt antal brott;2024;1;2\n".encode()
    with pytest.raises(LagesbildError) as err:  # an unknown kommun: refused, naming the file as shown
        imports.import_bra(data_dir, raw, name)
    shown = err.value.message("sv").split(",")[0]
    assert "\x00" not in shown and len(shown) <= imports.MAX_NAME and "/etc" not in str(list((data_dir / "raw").rglob("*")))
    assert imports._basename(name, ".csv") in {"a?b.csv", "ab.csv", "ö" * imports.MAX_NAME + ".csv", "passwd.csv"}


def test_a_path_too_long_for_the_file_system_is_a_message(capsys, tmp_path):
    assert cli.main(["import", "incidents", "a" * 5000, "--data-dir", str(tmp_path)]) == 1
    assert "Fel:" in capsys.readouterr().err


def test_a_survey_name_too_long_for_a_file_name_is_refused():
    exc = refusal(survey.load_mapping, MAPPING.replace('name = "Testenkät 2024"', f'name = "{"x" * 300}"').encode(),
                  "lang.toml")
    assert exc is not None and "lang.toml" in exc.sv and "200 tecken" in exc.sv


# --- bounded by what a file turns into (issue 28): small files that pass every size limit -----------------

def test_an_incident_file_with_dates_1900_and_2100_is_refused_at_the_row_that_spans_too_many_months():
    rows = [f"{year}-01-01;k{n};o{n};0683" for n, year in enumerate([1900, 2100] * 30)]
    raw = ("datum;kategori;omrade;kommunkod\n" + "\n".join(rows) + "\n").encode()
    assert len(raw) < 1500   # the finding's file: 1.4 kB, a new area and category on every row, 4.6 GB
    exc = refusal(incidents.parse, raw, "handelser.csv")
    assert (exc.row, exc.column) == (3, "datum") and "högst 360 månader" in exc.sv and "2401" in exc.sv


def test_an_incident_file_whose_zero_filled_counts_would_be_too_many_is_refused():
    rows = [f"{2000 + n % 30}-{1 + n % 12:02d}-01;kategori {n};område {n};0683" for n in range(60)]
    raw = ("datum;kategori;omrade;kommunkod\n" + "\n".join(rows) + "\n").encode()
    exc = refusal(incidents.parse, raw, "handelser.csv")
    assert exc.file == "handelser.csv" and "högst 1 000 000 räknade celler" in exc.sv   # 60 × 60 × 349 months


@pytest.mark.parametrize("limit, column", [("MAX_AREAS", "omrade"), ("MAX_CATEGORIES", "kategori")])
def test_incident_areas_and_categories_past_their_limits_are_refused_at_their_row(monkeypatch, limit, column):
    monkeypatch.setattr(incidents, limit, 5)
    rows = [f"2024-01-0{1 + n % 9};kategori {n};område {n};0683" for n in range(8)]
    exc = refusal(incidents.parse, ("datum;kategori;omrade;kommunkod\n" + "\n".join(rows) + "\n").encode(), "h.csv")
    assert (exc.row, exc.column) == (7, column) and "högst 5" in exc.sv


def test_a_survey_with_one_area_per_respondent_is_refused_by_its_areas():
    mapping = survey.load_mapping(MAPPING.encode(), "enkat_small.toml")
    rows = [f"{n};9901;o{n};K;1;3" for n in range(1, 6002)]
    raw = ("lopnr;kommunkod;omrade;kon;vikt;fraga\n" + "\n".join(rows) + "\n").encode()
    assert len(raw) < 160_000   # the finding's file: 129 kB, accepted at 2 GB
    exc = refusal(survey.parse, raw, "enkat.csv", mapping)
    assert (exc.file, exc.column) == ("enkat.csv", "omrade") and "högst 5 000 områden" in exc.sv


def test_a_survey_past_the_shares_it_may_compute_is_refused(monkeypatch):
    monkeypatch.setattr(survey, "MAX_SHARES", 8)
    mapping = survey.load_mapping(MAPPING.encode(), "enkat_small.toml")
    exc = refusal(survey.parse, SURVEY.encode(), "enkat.csv", mapping)
    # 1 indicator × (1 kommun + 2 areas) × (total + kvinnor + män) = 9
    assert "högst 8 andelar att räkna" in exc.sv and exc.found == 9


def test_an_xlsx_with_one_cell_far_right_on_each_row_is_refused_before_it_is_read():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Händelser"
    sheet.append(["datum", "kategori", "omrade"])
    for row in range(2, 2000):
        sheet.cell(row=row, column=16_000, value="x")
    out = io.BytesIO()
    book.save(out)
    assert len(out.getvalue()) < 50_000   # the finding's 41 kB file took 3.3 GB and 122 s
    for parse in (incidents.parse, lambda raw, name: imports.import_bra(".", raw, name)):
        exc = refusal(parse, out.getvalue(), "bred.xlsx")
        assert (exc.file, exc.sheet) == ("bred.xlsx", "Händelser") and "högst 1 000 kolumner" in exc.sv


def test_an_xlsx_with_a_large_styles_part_is_refused_before_it_is_read():
    raw = xlsx([["datum", "kategori", "omrade"], ["2024-01-01", "Stöld", "Norr"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/styles.xml":   # thousands of cell formats, as a styled export may carry
                data = data.replace(b"</cellXfs>", b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * 120_000
                                    + b"</cellXfs>")
            dst.writestr(item, data)
    exc = refusal(table.read_table, out.getvalue(), "formaterad.xlsx")
    assert exc.file == "formaterad.xlsx" and "formatmallar" in exc.sv and "högst 5 MB" in exc.sv


def test_a_sheet_whose_grid_is_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(table, "MAX_SHEET_CELLS", 100)
    exc = refusal(table.read_table, xlsx([["a"] * 20] * 6), "rutnat.xlsx")
    assert "högst 100 celler" in exc.sv and exc.sheet == "Sheet"
