"""Text from files, made safe where it is shown or written for people.

Names in the store come from files anyone with write access can import (areas, insatser,
categories, kommun names in a Kolada list, survey titles). Shown in the app they are plain text —
never Markdown (links, remote images) or HTML: the pages pass them through `md`, and the ETL
refuses < and > in names, so Plotly's few tags (<a href> …) cannot come from a file. Written to a
spreadsheet they never start a formula. Numbers stay numbers.
"""
from __future__ import annotations

import re

import pandas as pd

# OWASP "CSV injection": spreadsheets execute cells starting with these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What Markdown (and Streamlit's: ~strike~, $math$, tables) reads as markup; links and images need
# [ ] and !, HTML needs < >. Web addresses, which GitHub-style Markdown links by themselves, are
# broken by escaping their ':' or 'www.'.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>!|~$#])")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|www)([:.])")


# What a name (an area, category, insats, kommun, group, survey or title) may contain: one line in the
# scripts the documents' font (DejaVu Sans, tests/test_safe_outputs.py) draws — Latin with its extensions,
# Greek, Cyrillic, punctuation, currency and letterlike signs. Not control characters, line or paragraph
# separators, bidi controls (which reorder what is shown around them), < and > (Plotly's tags), nor what the
# PDFs cannot show (emoji and other characters outside the Basic Multilingual Plane vanished from them).
NAME_CHARACTERS = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x34F), (0x370, 0x3FF), (0x400, 0x4FF), (0x1E00, 0x1EFB),
                   (0x2010, 0x2027), (0x2030, 0x205E), (0x20A0, 0x20B5), (0x2100, 0x2109), (0x210B, 0x2149))
NOT_IN_NAMES = re.compile("[<>]|[^" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in NAME_CHARACTERS) + "]")


def name_problem(text: str) -> str | None:
    """The first character a name may not contain (see NOT_IN_NAMES), as it can be shown: None if none."""
    found = NOT_IN_NAMES.search(text)
    if found is None:
        return None
    char = found.group(0)
    return char if char in "<>" else f"U+{ord(char):04X}"


def formula_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; others as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def is_plain_column(s: pd.Series) -> bool:
    """Numbers, booleans and datetimes are written natively and never neutralised."""
    return (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)
            or pd.api.types.is_datetime64_any_dtype(s))


def formula_safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """formula_safe on every text cell and header of a frame; numeric, boolean and date columns untouched."""
    out = df.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if not is_plain_column(column):
            out.isetitem(i, column.astype(object).map(formula_safe))
    out.columns = [formula_safe(str(c)) for c in df.columns]
    return out


_BREAKS = re.compile(r"[ \t\r\n\f\v\x1c-\x1f\x85\u1680\u2000-\u200a\u2028\u2029\u205f\u3000]+")  # not U+00A0, U+202F


def md(text: object) -> str:
    """Text for Streamlit's Markdown (titles, captions, messages) that shows exactly as written:
    every Markdown, link and HTML character escaped, line breaks as spaces."""
    # line breaks and runs of spaces as one space, but a no-break space kept: "1 854" and "7,2 %" stay whole
    return _AUTOLINK.sub(r"\1\\\2", _MARKDOWN.sub(r"\\\1", _BREAKS.sub(" ", str(text)).strip(" ")))

