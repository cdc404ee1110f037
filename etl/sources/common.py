"""What the source parsers share: decoding, Swedish numbers, periods and the parse result."""
from __future__ import annotations

import functools
import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from lagesbild.errors import SourceFormatError
from lagesbild.scb import GEOGRAPHY_COLUMNS  # noqa: F401  (the parsers' geographies have these columns)

OBSERVATION_COLUMNS = ["geo_code", "period_start", "period_end", "indicator_id", "group", "value",
                       "unit", "count", "base", "ci_low", "ci_high", "status", "source"]


@dataclass
class Parsed:
    """A parsed source: observations, plus any geographies or indicators it defines, and notes on what
    it left out ((Swedish, English) sentences for the import's message)."""
    observations: pd.DataFrame
    geographies: pd.DataFrame | None = None
    indicators: list | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)
    groups: pd.DataFrame | None = None   # Kolada's municipality groups (group_id, title, member_code)
    kolada: dict | None = None   # what Kolada's /kpi says of the catalogue's KPIs: {id: {kolada_title, publication_date, …}}


def observations_frame(rows: list[dict] | list[tuple] | pd.DataFrame) -> pd.DataFrame:
    """Rows (dicts, tuples in the order of OBSERVATION_COLUMNS, or a frame) as the observations
    columns, numbers as floats."""
    df = pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)
    for col in ("value", "count", "base", "ci_low", "ci_high"):
        df[col] = pd.to_numeric(df[col]).astype(float)
    return df


def decode_text(raw: bytes, name: str) -> str:
    """Brå files come as UTF-8 (with or without BOM) or, older ones, Windows-1252."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="strict") if _is_cp1252(raw) else None
        if text is None:
            raise SourceFormatError(name, "text i UTF-8 eller Windows-1252", "text in UTF-8 or Windows-1252") from None
    if "\x00" in text:
        raise SourceFormatError(name, "en textfil (CSV)", "a text file (CSV)", found="binärdata")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_number(text: str) -> float | None:
    """'12 345,6' -> 12345.6; '-' -> 0 (Brå: zero); '..' or '' -> None (suppressed/missing).

    Raises ValueError for anything else, so the caller can name the row and column.
    """
    s = _SPACES.sub("", text or "")
    if s in ("", "..", "…"):
        return None
    if s in ("-", "–"):
        return 0.0
    s = s.replace("−", "-").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", s):
        raise ValueError(text)
    value = float(s)
    if not math.isfinite(value):  # 400 digits overflow to inf: not a count anyone published
        raise ValueError(text)
    return value


def year_period(year: int, pooled_years: int = 1) -> tuple[date, date]:
    """A published year; pooled survey values cover the years up to and including it."""
    return date(year - pooled_years + 1, 1, 1), date(year, 12, 31)


def geo_level(code: str) -> str:
    if code == "0000":
        return "riket"
    if len(code) == 2:
        return "län"
    if len(code) == 4:
        return "kommun"
    return "område"


def geo_parent(code: str) -> str | None:
    level = geo_level(code)
    if level == "kommun":
        return code[:2]
    if level == "län":
        return "0000"
    if level == "område":
        return code.split("-", 1)[0]
    return None


_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")


def normalise_name(name: str) -> str:
    """For matching names across sources: case, spacing (non-breaking too), dashes with or without
    spaces around them ('Malung–Sälen', 'Spånga - Tensta'), a 'kommun' or 'stad' suffix.
    ' län' stays: Uppsala, Kalmar and Örebro are both a kommun and (with ' län') a län."""
    s = unicodedata.normalize("NFC", name).replace("\u00a0", " ").casefold().strip()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r" (kommun|stad)$", "", s)
    return _DASHES.sub("-", s)


@functools.lru_cache(maxsize=4096)  # called per row of incident exports; a file has a few hundred names
def slug(text: str) -> str:
    """A name as a code (areas' `<kommun>-<slug>`, categories' keys): a-z, 0-9 and '-', case, accents and
    punctuation ignored ('Stöld', 'stöld' and 'STÖLD!' are 'stold'). Letters that have no such form (Greek,
    Cyrillic, ß, ø, ŋ …) would be lost, and 'Αθήνα' and 'Москва' would be one area: the code then ends with
    a short checksum of the name's letters."""
    s = unicodedata.normalize("NFKD", text.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    out = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    lost = re.sub(r"[\W_]+", "", re.sub(r"[a-z0-9]+", "", s))
    if lost:
        letters = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", s))
        out = f"{out}-{hashlib.sha256(letters.encode()).hexdigest()[:6]}".strip("-")
    return out or "x"
