"""Tables of text cells from CSV or Excel, read within bounds.

Every limit is checked as early as it can be, so a refusal comes within seconds and names the file
and the limit: the unpacked size of an .xlsx before anything is unpacked, the number of rows and
columns and an overlong unquoted cell on the decoded text before pandas parses it, quoted cells
right after. A file at the limits (50 MB, checked on import) is parsed within a small multiple of
its size in memory.
"""
from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

from etl.sources.common import decode_text
from lagesbild.errors import SourceFormatError

EXCEL_MAGIC = b"PK\x03\x04"
MAX_ROWS = 1_000_000               # Excel itself stops at 1 048 576
MAX_COLUMNS = 1_000
MAX_CELL_CHARS = 10_000            # a long free-text answer; no name is anywhere near it
MAX_NAME_CHARS = 200               # names that reach the store: areas, categories, insatser, kommuner, groups
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an .xlsx's unpacked XML (parsing 30 MB of it takes ~8 s)
# A name is shown as plain text: no line breaks or control characters, and no < or > from which
# Plotly (titles, hover) would make tags such as a link.
_NOT_IN_NAMES = re.compile(r"[\x00-\x1f\x7f<>]")


def _too_many(name: str, what_sv: str, what_en: str, limit: int, found: int, **where) -> SourceFormatError:
    return SourceFormatError(name, f"högst {limit:,} {what_sv}".replace(",", " "), f"at most {limit:,} {what_en}",
                             found=found, **where)


def check_xlsx(raw: bytes, name: str) -> None:
    """An .xlsx's declared unpacked size and its first sheet's rows, before anything is unpacked.
    (zipfile stops at a member's declared size, so a lying header cannot unpack more.)"""
    try:
        members = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SourceFormatError(name, "en läsbar Excel-fil (.xlsx)", "a readable Excel file (.xlsx)") from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        limit = _size(MAX_UNPACKED_BYTES)
        raise SourceFormatError(name, f"en Excel-fil som packad upp är högst {limit} (spara den som CSV)",
                                f"an Excel file of at most {limit} unpacked (save it as CSV)", found=_size(unpacked))


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


def check_name(value: str, name: str, row: int | None, column: str | None) -> str:
    """A name that will be stored and shown: one line of at most MAX_NAME_CHARS characters, no < or >."""
    if len(value) > MAX_NAME_CHARS or _NOT_IN_NAMES.search(value):
        raise SourceFormatError(name, f"ett namn på en rad med högst {MAX_NAME_CHARS} tecken, utan < och >",
                                f"a name on one line of at most {MAX_NAME_CHARS} characters, without < and >",
                                row=row, column=column,
                                found=value[:40] + ("…" if len(value) > 40 else ""))
    return value


def check_names(values: pd.Series, name: str, column: str) -> None:
    """check_name for a column of a read_table frame (row numbers as in the file)."""
    bad = (values.str.len() > MAX_NAME_CHARS) | values.str.contains(_NOT_IN_NAMES)
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
