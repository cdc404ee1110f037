"""What Kolada says about its own KPIs: the `/kpi` answer (title, description, publication dates) read
into a unit, an averaging window, a population group and a source.

Real titles and descriptions are not uniform (seen in Kolada's catalogue as stored by rKolada, 2023-03
and 2026-03, ../shared/reference): "antal/100 000 inv", "antal/1000 inv", "per 1 000 inv." and "per
1000 inv" (N00799, no comma before it); three- and five-year means as "år T till år T-2", "år T-2
till år T", "Avser åren T-2 till T", "Treårsmedelvärde", "3-årsm", "år T-4 till år T"; rates per
100 000 *of an age group* ("Fallskador bland personer 80+ … /100 000 inv", "per 100 000 invånare 65
år och äldre"); "Källa: X", "Källa X" (no colon). A `(-2023)` at the end of a title says when a KPI
stopped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lagesbild.errors import DefinitionError, SourceFormatError

# Kolada's answer to /kpi and /kpi/ID: {"count", "next_url", "values": [{"id", "title", "description",
# "publication_date", "publ_period", "prel_publication_date", "municipality_type", …}]}.
META_FIELDS = ("publication_date", "prel_publication_date", "publ_period")

_MONTH_BEFORE = re.compile(r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\s+$",
                           re.I)
# "år T-2 till år T", "T-2 till T", "Avser åren T-2 till T" (not "juni T-1 till juni T": one year's months)
_BACK_THEN_T = re.compile(r"(?:år(?:en)?\s+)?\bT\s*[-–]\s*(\d)\s+till\s+(?:år\s+)?T\b", re.I)
_T_THEN_BACK = re.compile(r"(?:år\s+)?\bT\s+till\s+(?:år\s+)?T\s*[-–]\s*(\d)\b", re.I)
_WORDS = (("tre", 3), ("fyra", 4), ("fem", 5))
_AGE_GROUP = re.compile(r"(?:personer|invånare|inv\.?)\s+(\d{1,2}\s*[-–]\s*\d{2,3}|\d{1,2}\s*\+|\d{1,2}\s+år\s+och\s+äldre)"
                        r"(?:\s*år)?", re.I)


@dataclass(frozen=True)
class KpiMeta:
    """One KPI as Kolada describes it, and what Lägesbild reads from that."""
    id: str
    title: str
    description: str
    unit: str                 # "per 100 000 inv.", "per 1 000 inv.", "%", "kr/inv.", "minuter", "inv.", or ""
    window: int | None        # years each value averages as the text states it (3: år T-2 till T); None: not stated
    population_group: str     # "80+" where the rate is per inhabitants of an age group, else ""
    source: str               # "Socialstyrelsen" from "Källa: Socialstyrelsen", else ""
    publication_date: str = ""
    prel_publication_date: str = ""
    publ_period: str = ""

    def definition(self, lang: str = "sv") -> str:
        """'per 1 000 inv., treårsmedelvärde (år T-2 till T)' / 'per 100 000 inv., enskilda år'."""
        return definition_text(self.unit, self.window, self.population_group, lang)


def definition_text(unit: str, window: int | None, population_group: str = "", lang: str = "sv") -> str:
    sv = lang != "en"
    what = unit or ("okänd enhet" if sv else "unknown unit")
    if population_group and population_group not in what:
        what += f" ({'åldersgruppen' if sv else 'age group'} {population_group})"
    if window and window > 1:
        names = {3: ("treårsmedelvärde", "three-year mean"), 4: ("fyraårsmedelvärde", "four-year mean"),
                 5: ("femårsmedelvärde", "five-year mean")}
        name = names.get(window, (f"{window}-årsmedelvärde", f"{window}-year mean"))[0 if sv else 1]
        span = f"år T-{window - 1} till T" if sv else f"years T-{window - 1} to T"
        return f"{what}, {name} ({span})"
    return f"{what}, {'enskilda år' if sv else 'single years'}"


def unit_of(title: str, description: str = "") -> tuple[str, str]:
    """(unit, population group) from a Kolada title (its last part), the description as a fallback."""
    text = re.sub(r"\s*\(\s*-?\s*\d{4}\s*-?\s*\)\s*$", "", title.strip())   # "(-2023)": the years it ran
    low = text.casefold()
    group = _population_group(text, description)
    per = re.search(r"(?:antal\s*)?(?:/|per)\s*(100\s?000|10\s?000|1\s?000)\s*(?:inv|invånare)\b", low)
    if per:
        base = {"100000": "100 000", "10000": "10 000", "1000": "1 000"}[re.sub(r"\s", "", per.group(1))]
        return (f"per {base} personer {group}" if group else f"per {base} inv."), group
    if re.search(r"andel\s*\(\s*%\s*\)|\(%\)|procent\b", low):
        return "%", ""
    if re.search(r"\bkr\s*/\s*inv", low):
        return "kr/inv.", ""
    if re.search(r"\bminuter\b", low):
        return "minuter", ""
    if re.fullmatch(r"invånare totalt,?\s*antal", low):
        return "inv.", ""
    last = text.rsplit(",", 1)[-1].strip() if "," in text else ""
    return (last if re.search(r"antal|andel|index|/", last.casefold()) else ""), ""


def _population_group(title: str, description: str) -> str:
    """'80+', '65–79', '65+' when a rate is per inhabitants of an age group (the title's '… personer 80+'
    with '/100 000 inv', or the description's 'per 100 000 invånare 65 år och äldre'); else ''."""
    if re.search(r"/\s*100\s?000\s*inv", title, re.I):
        m = _AGE_GROUP.search(title)
        if m:
            return _age(m.group(1))
    for text in (title, description):
        rate = re.search(r"per\s+100\s?000\s+invånare\s+(\d{1,2}\s*[-–]\s*\d{2}|\d{1,2}\s*\+|\d{1,2})\s*(år\s+och\s+äldre|år)?",
                         text, re.I)
        if rate:
            return _age(rate.group(1) + (" år och äldre" if rate.group(2) and "äldre" in rate.group(2) else ""))
    return ""


def _age(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    if re.fullmatch(r"\d{1,2} år och äldre", text):
        return text.split()[0] + "+"
    if re.fullmatch(r"\d{1,2}\s*[-–]\s*\d{2,3}", text):
        a, b = re.split(r"\s*[-–]\s*", text)
        return f"{a}–{b}"
    return text.replace(" ", "")


def window_of(title: str, description: str) -> int | None:
    """Years averaged in each value: 3 for 'år T-2 till år T', 'Treårsmedelvärde', '3-årsm'; None when nothing
    says so (single years as a rule, but NTU's pooled kommun values say nothing either)."""
    text = f"{title} {description}"
    for pattern in (_BACK_THEN_T, _T_THEN_BACK):
        for m in pattern.finditer(text):
            if not _MONTH_BEFORE.search(text[:m.start()]):
                return int(m.group(1)) + 1
    low = text.casefold()
    m = re.search(r"\b(\d)\s*-?\s*årsm(?:edel(?:värde)?)?\b", low)
    if m:
        return int(m.group(1))
    for word, n in _WORDS:
        if re.search(rf"\b{word}årsmedel", low):
            return n
    return None


def source_of(description: str) -> str:
    """'Socialstyrelsen' from 'Källa: Socialstyrelsen.' or 'Källa Socialstyrelsen' (no colon)."""
    m = re.search(r"\bKälla\s*:?\s+([^\n]+?)(?:\.\s|\.$|\n|$)", description)
    return re.sub(r"\s+", " ", m.group(1)).strip(" .") if m else ""


def read(entry: dict) -> KpiMeta:
    """One `/kpi` entry."""
    title = str(entry.get("title") or "").strip()
    description = str(entry.get("description") or "").replace("\\n", "\n").strip()  # rKolada's CSV keeps "\n" escaped
    unit, group = unit_of(title, description)
    return KpiMeta(id=str(entry["id"]), title=title, description=description, unit=unit,
                   window=window_of(title, description), population_group=group, source=source_of(description),
                   **{f: "" if entry.get(f) in (None, "") else str(entry[f]) for f in META_FIELDS})


def is_kpi_list(doc: dict) -> bool:
    """A `/kpi` answer: entries with an id like N07540 and a title, and no data values."""
    first = doc["values"][0] if doc.get("values") else {}
    return (isinstance(first, dict) and isinstance(first.get("id"), str) and re.fullmatch(r"[NU]\d{5}", first["id"]) is not None
            and "title" in first and "values" not in first)


def parse(doc: dict, name: str) -> dict[str, KpiMeta]:
    """Every KPI of a `/kpi` answer already read by kolada.load_json, by id."""
    out = {}
    for i, entry in enumerate(doc["values"], start=1):
        kpi = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(kpi, str) or not re.fullmatch(r"[NU]\d{5}", kpi):
            raise SourceFormatError(name, "ett KPI-id som N07540", "a KPI id like N07540", row=i, column="id", found=kpi)
        if not isinstance(entry.get("title"), str) or not entry["title"].strip():
            raise SourceFormatError(name, "en titel", "a title", row=i, column="title", found=entry.get("title"))
        out[kpi] = read(entry)
    return out


# --- Kolada's definition against the catalogue's ------------------------------------------------------

def per_inhabitants(unit: str) -> float | None:
    """100 000 for 'per 100 000 inv.', 1 000 for 'per 1 000 inv.'; None for other units (%, kr, an age group)."""
    m = re.fullmatch(r"per (\d[\d ]*) inv\.", unit or "")
    return float(m.group(1).replace(" ", "")) if m else None


def scale_to(kpi: str, meta: KpiMeta, ind, years: str, name: str) -> float:
    """The factor that brings values of Kolada's definition `meta` to the catalogue's (`ind`): 1 when they
    agree, 100 for an answer per 1 000 inv. where the catalogue has per 100 000 (exact); any other difference
    (a multi-year mean against single years, another unit) is a DefinitionError naming the KPI, both
    definitions and the years: nothing is stored under a definition it does not have."""
    window_differs = meta.window is not None and meta.window != ind.pooled_years
    if not window_differs and (not meta.unit or meta.unit == ind.unit):
        return 1.0
    theirs, ours = per_inhabitants(meta.unit), per_inhabitants(ind.unit)
    if not window_differs and theirs and ours:
        return ours / theirs
    raise definition_error(name, kpi, (meta.unit, meta.window or 1, meta.population_group),
                           (ind.unit, ind.pooled_years, ind.population_group), years)


def definition_error(name: str, kpi: str, theirs: tuple, ours: tuple, years: str) -> DefinitionError:
    """`theirs`/`ours`: (unit, years averaged, age group) of the file's figures and of the store's indicator."""
    stated, held = definition_text(*theirs), definition_text(*ours)
    stated_en, held_en = definition_text(*theirs, lang="en"), definition_text(*ours, lang="en")
    return DefinitionError(
        f"{name}: {kpi} ({years}) har Koladas definition {stated}, men Lägesbild har {kpi} som {held}. "
        f"Värdena kan inte räknas om exakt, så inget har ändrats. Hämta {kpi} på nytt från Kolada "
        f"(`python -m etl fetch kolada --kpi {kpi} …` eller Hämta från Kolada på sidan Data): Kolada ger då alla år "
        f"med dagens definition.",
        f"{name}: {kpi} ({years}) has Kolada's definition {stated_en}, but Lägesbild holds {kpi} as {held_en}. "
        f"The values cannot be converted exactly, so nothing was changed. Fetch {kpi} again from Kolada "
        f"(`python -m etl fetch kolada --kpi {kpi} …` or Fetch from Kolada on the Data page): Kolada then gives every "
        f"year under today's definition.")
