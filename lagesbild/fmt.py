"""Number and date formats: Swedish by default (12 345,6 · 23 %), English on request."""
from __future__ import annotations

import math
from datetime import date

NBSP = "\u00a0"
MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
             "september", "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def number(x: float | None, decimals: int = 0, lang: str = "sv") -> str:
    if x is None or math.isnan(x):
        return "–"
    if math.isinf(x):
        return ("−" if lang != "en" else "-") + "∞" if x < 0 else "∞"
    rounded = round(x, decimals)
    text = f"{abs(rounded):,.{decimals}f}"
    if lang != "en":
        text = text.replace(",", NBSP).replace(".", ",")
    return ("−" if lang != "en" else "-") + text if rounded < 0 else text


def percent(x: float | None, decimals: int = 0, lang: str = "sv") -> str:
    text = number(x, decimals, lang)
    return text if text == "–" else f"{text}{NBSP}%"


def signed_percent(x: float | None, decimals: int = 0, lang: str = "sv") -> str:
    text = percent(x, decimals, lang)
    return "+" + text if x is not None and not math.isnan(x) and x > 0 else text


def points_unit(lang: str = "sv") -> str:
    """The unit of a change in a share: procentenheter, abbreviated."""
    return "pp" if lang == "en" else "p.e."


def span(period: str) -> str:
    """A stored period '2016-2019' as written: '2016–2019' (en dash)."""
    return period.replace("-", "–")


def long_date(d: date, lang: str = "sv") -> str:
    if lang == "en":
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    return f"{d.day} {MONTHS_SV[d.month - 1]} {d.year}"


def period(start: date, end: date) -> str:
    """A published year ('2024') or a pooled period ('2023–2024')."""
    if start.year == end.year:
        return str(end.year)
    return f"{start.year}–{end.year}"


_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})


def sv_sort_key(name: str) -> str:
    """Swedish alphabetical order: … x, y, z, å, ä, ö."""
    return name.casefold().translate(_SV_ORDER)
