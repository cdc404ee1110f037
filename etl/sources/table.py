"""Tables of text cells from CSV or Excel, read within bounds.

Every limit is checked as early as it can be, so a refusal comes within seconds and names the file
and the limit: the unpacked size of an .xlsx before anything is unpacked, the number of rows and
columns and an overlong unquoted cell on the decoded text before pandas parses it, quoted cells
right after. A file at the limits (50 MB, checked on import) is parsed within a small multiple of
its size in memory.
"""
from __future__ import annotations

import html
import io
import re
import zipfile

import pandas as pd

from etl.sources.common import decode_text
from lagesbild.errors import SourceFormatError
from lagesbild.safe_text import NOT_IN_NAMES, name_problem

EXCEL_MAGIC = b"PK\x03\x04"
MAX_ROWS = 1_000_000               # Excel itself stops at 1 048 576
MAX_COLUMNS = 1_000
MAX_CELL_CHARS = 10_000            # a long free-text answer; no name is anywhere near it
MAX_NAME_CHARS = 200               # names that reach the store: areas, categories, insatser, kommuner, groups
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an .xlsx's unpacked XML (parsing 30 MB of it takes ~8 s)
MAX_STYLES_BYTES = 5 * 1024 * 1024      # an .xlsx's styles part (openpyxl makes objects of each: 99 MB took 2.8 GB)
MAX_SHEET_CELLS = 5_000_000             # a sheet's rows × its rightmost column: the grid pandas fills in


def _too_many(name: str, what_sv: str, what_en: str, limit: int, found: int, **where) -> SourceFormatError:
    return SourceFormatError(name, f"högst {limit:,} {what_sv}".replace(",", " "), f"at most {limit:,} {what_en}",
                             found=found, **where)


def check_xlsx(raw: bytes, name: str) -> None:
    """What an .xlsx turns into, before a library reads it: its declared unpacked size, its styles part,
    and each sheet's rows, rightmost column and grid of cells, by a scan of the sheet's XML (a 41 kB file
    with one cell far right on each row took 3.3 GB and 2 minutes to be refused after reading).
    (zipfile stops at a member's declared size, so a lying header cannot unpack more.)"""
    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
        members = book.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SourceFormatError(name, "en läsbar Excel-fil (.xlsx)", "a readable Excel file (.xlsx)") from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        limit = _size(MAX_UNPACKED_BYTES)
        raise SourceFormatError(name, f"en Excel-fil som packad upp är högst {limit} (spara den som CSV)",
                                f"an Excel file of at most {limit} unpacked (save it as CSV)", found=_size(unpacked))
    styles = sum(m.file_size for m in members if m.filename.lower().startswith("xl/styles"))
    if styles > MAX_STYLES_BYTES:
        limit = _size(MAX_STYLES_BYTES)
        raise SourceFormatError(name, f"formatmallar (xl/styles.xml) på högst {limit} (spara bladet som CSV)",
                                f"styles (xl/styles.xml) of at most {limit} (save the sheet as CSV)", found=_size(styles))
    names = _sheet_names(book)
    try:
        for member in members:
            if re.fullmatch(r"xl/worksheets/[^/]+\.xml", member.filename, re.IGNORECASE):
                _check_sheet(book, member, name, names.get(member.filename, member.filename))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):   # a damaged or lying member
        raise SourceFormatError(name, "en läsbar Excel-fil (.xlsx)", "a readable Excel file (.xlsx)") from None


_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")


def _sheet_names(book: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> the sheet's name as Excel shows it (from workbook.xml and its relationships)."""
    def text(part: str) -> str:
        try:
            return book.read(part)[:MAX_STYLES_BYTES].decode("utf-8", "replace")
        except (KeyError, zipfile.BadZipFile, OSError, ValueError):
            return ""

    def attributes(tag: str) -> dict[str, str]:
        return dict(re.findall(r'([\w:]+)="([^"]*)"', tag))

    targets = {}
    for tag in re.findall(r"<Relationship\b[^>]*>", text("xl/_rels/workbook.xml.rels")):
        a = attributes(tag)
        target = a.get("Target", "").lstrip("/")
        targets[a.get("Id")] = target if target.startswith("xl/") else f"xl/{target}"
    sheets = (attributes(tag) for tag in re.findall(r"<sheet\b[^>]*>", text("xl/workbook.xml")))
    return {targets[a["r:id"]]: html.unescape(a.get("name", "")) for a in sheets if a.get("r:id") in targets}


def _check_sheet(book: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, sheet: str) -> None:
    """A sheet's rows, rightmost column and rows × columns, from its XML read in chunks (each cut before its
    last '<', so no tag is split between two chunks)."""
    seen = {"rows": 0, "cells": 0, "max_row": 0, "max_column": 0}

    def scan(xml: bytes) -> None:
        seen["rows"] += len(_ROW_TAG.findall(xml))
        seen["cells"] += len(_CELL_TAG.findall(xml))
        for letters, number in _REF.findall(xml):
            seen["max_column"] = max(seen["max_column"], _column_number(letters))
            seen["max_row"] = max(seen["max_row"], int(number))

    tail = b""
    with book.open(member) as stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            cut = text.rfind(b"<")
            scan(text[:max(cut, 0)])
            tail = text[max(cut, 0):]
    scan(tail)
    rows, columns = max(seen["rows"], seen["max_row"]), seen["max_column"]
    if rows > MAX_ROWS:
        raise _too_many(name, "rader", "rows", MAX_ROWS, rows, sheet=sheet)
    if columns > MAX_COLUMNS:
        raise _too_many(name, "kolumner", "columns", MAX_COLUMNS, columns, sheet=sheet, row=1)
    cells = max(rows * max(columns, 1), seen["cells"])
    if cells > MAX_SHEET_CELLS:
        raise SourceFormatError(name, f"ett blad med högst {MAX_SHEET_CELLS:,} celler (rader × kolumner; spara det som "
                                      "CSV)".replace(",", " "),
                                f"a sheet of at most {MAX_SHEET_CELLS:,} cells (rows × columns; save it as CSV)",
                                found=cells, sheet=sheet)


def _column_number(letters: bytes) -> int:
    n = 0
    for c in letters:
        n = n * 26 + c - 64
    return n


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 1024:.0f} kB" if n >= 1024 else f"{n} B"


def check_text(text: str, name: str, sep: str) -> None:
    """Rows, columns and unquoted cells of decoded CSV text, before a parser builds anything from it."""
    rows = text.count("\n") + 1
    if rows > MAX_ROWS:
        raise _too_many(name, "rader", "rows", MAX_ROWS, rows)
    header = text[:text.find("\n")] if "\n" in text else text
    columns = header.count(sep) + 1
    if columns > MAX_COLUMNS:
        raise _too_many(name, "kolumner", "columns", MAX_COLUMNS, columns, row=1)
    long = re.search(r"[^\n%s]{%d}" % (re.escape(sep), MAX_CELL_CHARS + 3), text)  # quotes may surround a cell
    if long:
        start = text.rfind("\n", 0, long.start()) + 1
        index = text.count(sep, start, long.start())
        names = [c.strip().strip('"') for c in header.split(sep)]
        raise _cell_too_long(name, text.count("\n", 0, long.start()) + 1, names[index] if index < len(names) else index + 1)


def _cell_too_long(name: str, row: int, column: str | int) -> SourceFormatError:
    return SourceFormatError(name, f"en cell på högst {MAX_CELL_CHARS:,} tecken".replace(",", " "),
                             f"a cell of at most {MAX_CELL_CHARS:,} characters", row=row, column=str(column))


NAME_EXPECTED = (f"ett namn på en rad med högst {MAX_NAME_CHARS} tecken, av bokstäver, siffror och skiljetecken som "
                 "dokumenten kan visa (inte < och >, radbrytningar, riktningstecken eller emoji)",
                 f"a name on one line of at most {MAX_NAME_CHARS} characters, of letters, digits and punctuation the "
                 "documents can show (not < and >, line breaks, direction marks or emoji)")


def check_name(value: str, name: str, row: int | None, column: str | None) -> str:
    """A name that will be stored and shown: one line of at most MAX_NAME_CHARS characters that a page, a
    chart and a PDF all show as written (lagesbild.safe_text.NOT_IN_NAMES)."""
    problem = name_problem(value)
    if len(value) > MAX_NAME_CHARS or problem:
        shown = value[:40] + ("…" if len(value) > 40 else "")
        raise SourceFormatError(name, *NAME_EXPECTED, row=row, column=column,
                                found=f"{problem} i {NOT_IN_NAMES.sub('?', shown)}" if problem else shown)
    return value


def check_names(values: pd.Series, name: str, column: str) -> None:
    """check_name for a column of a read_table frame (row numbers as in the file)."""
    bad = (values.str.len() > MAX_NAME_CHARS) | values.str.contains(NOT_IN_NAMES)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        check_name(values.iloc[i], name, i + 2, column)


def read_table(raw: bytes, name: str) -> pd.DataFrame:
    """A table as text cells ("" for blanks); CSV with `;` or `,`, or Excel. The header row is
    checked as written: a column name twice is an error naming it (pandas would rename it)."""
    if raw[:4] == EXCEL_MAGIC:
        check_xlsx(raw, name)
        try:
            df = pd.read_excel(io.BytesIO(raw), dtype=str, header=None)
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise SourceFormatError(name, "en läsbar Excel-fil (.xlsx)", "a readable Excel file (.xlsx)",
                                    found=type(exc).__name__) from None
        if len(df) > MAX_ROWS:
            raise _too_many(name, "rader", "rows", MAX_ROWS, len(df))
        if df.shape[1] > MAX_COLUMNS:
            raise _too_many(name, "kolumner", "columns", MAX_COLUMNS, df.shape[1], row=1)
    else:
        text = decode_text(raw, name)
        first = text.split("\n", 1)[0]
        sep = ";" if first.count(";") >= first.count(",") else ","
        check_text(text, name, sep)
        try:
            df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, header=None,
                             skip_blank_lines=True)
        except (pd.errors.ParserError, ValueError) as exc:
            m = re.search(r"line (\d+)", str(exc))
            raise SourceFormatError(name, "lika många kolumner på varje rad", "the same number of columns on every row",
                                    row=int(m.group(1)) if m else None) from None
    if df.empty:
        return pd.DataFrame()
    df = df.fillna("")
    header = [str(c).strip() or f"Unnamed: {i}" for i, c in enumerate(df.iloc[0])]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise SourceFormatError(name, "varje kolumnnamn en gång", "each column name once", row=1, column=column)
        seen.add(column)
    df = df.iloc[1:].reset_index(drop=True)
    df.columns = header
    for column in header:
        lengths = df[column].str.len()
        if len(lengths) and lengths.max() > MAX_CELL_CHARS:
            raise _cell_too_long(name, int(lengths.to_numpy().argmax()) + 2, column)
    return df
