"""Number and date formats: Swedish by default (12 345,6 · 23 %), English on request."""
from __future__ import annotations

import math
import re
from datetime import date

NBSP = "\u00a0"
MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
             "september", "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


MINUS = "\u2212"  # the true minus sign, in both languages: "−5", never "-5"


def number(x: float | None, decimals: int = 0, lang: str = "sv") -> str:
    """12 345,6 (sv) or 12,345.6 (en); a true minus sign; never a negative zero ("−0,0" is "0,0")."""
    if x is None or math.isnan(x):
        return "–"
    if math.isinf(x):
        return MINUS + "∞" if x < 0 else "∞"
    rounded = round(x, decimals)
    text = f"{abs(rounded):,.{decimals}f}"
    if lang != "en":
        text = text.replace(",", NBSP).replace(".", ",")
    return MINUS + text if rounded < 0 else text


def signed(x: float | None, decimals: int = 0, lang: str = "sv") -> str:
    """A change with its sign: +1,2 or −1,2; zero (also once rounded) has none."""
    text = number(x, decimals, lang)
    return "+" + text if x is not None and not math.isnan(x) and round(x, decimals) > 0 else text


def percent(x: float | None, decimals: int = 0, lang: str = "sv") -> str:
    """23,4 % in Swedish (a space before the sign), 23.4% in English."""
    text = number(x, decimals, lang)
    return text if text == "–" else text + percent_sign(lang)


def percent_sign(lang: str) -> str:
    return "%" if lang == "en" else f"{NBSP}%"


def signed_percent(x: float | None, decimals: int = 0, lang: str = "sv") -> str:
    text = signed(x, decimals, lang)
    return text if text == "–" else text + percent_sign(lang)


def ci(low: float, high: float, decimals: int | tuple[int, int] = 0, lang: str = "sv", unit: str = "",
       signs: bool = False) -> str:
    """The one style of a 95 % interval: "95 % KI 14,9–19,9 %"; with signs or a negative bound
    "95 % KI −24 till −14 %" (a dash between two minus signs would not read). `decimals` may differ
    per bound (see evidence.Change)."""
    d_low, d_high = decimals if isinstance(decimals, tuple) else (decimals, decimals)
    if signs or low < 0 or high < 0:
        a, b = signed(low, d_low, lang), signed(high, d_high, lang)
        between = " to " if lang == "en" else " till "
    else:
        a, b, between = number(low, d_low, lang), number(high, d_high, lang), "–"
    suffix = percent_sign(lang) if unit == "%" else f" {unit}" if unit else ""
    return ("95% CI " if lang == "en" else "95 % KI ") + f"{a}{between}{b}{suffix}"


def points_unit(lang: str = "sv") -> str:
    """The unit of a change in a share, in full: "p.e." and "pp" are read by few."""
    return "percentage points" if lang == "en" else "procentenheter"


def span(period: str) -> str:
    """A stored period '2016-2019' as written: '2016–2019' (en dash)."""
    return period.replace("-", "–")


_MONTH_NAMES = "|".join((*MONTHS_SV, *MONTHS_EN))
_KEEP_TOGETHER = (
    (re.compile(r"(\d) (?=\d{3}(?!\d))"), "\\1" + NBSP),                               # 100 000
    (re.compile(rf"\b(\d{{1,2}}) ({_MONTH_NAMES})\b"), "\\1" + NBSP + "\\2"),           # 1 april
    (re.compile(rf"\b({_MONTH_NAMES}) (\d{{4}})\b"), "\\1" + NBSP + "\\2"),             # april 2024
    (re.compile(r"(\d) (%|kr\b|p\.e\.|inv\.)"), "\\1" + NBSP + "\\2"),                # 95 %, 7 144 kr
    (re.compile(r"% (KI|CI)\b"), "%" + NBSP + "\\1"),                                    # 95 % KI
    (re.compile(r"\bn = (\d)"), "n" + NBSP + "=" + NBSP + "\\1"),                       # n = 18
)


def keep_together(text: str) -> str:
    """Text for a page that wraps lines (PDF, Word): no break inside a number (100 000), a date (1 april
    2024), between a number and its unit (95 %, 7 144 kr) or in 'n = 18'."""
    for pattern, replacement in _KEEP_TOGETHER:
        text = pattern.sub(replacement, text)
    return text


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
