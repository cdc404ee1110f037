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
