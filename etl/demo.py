"""The deterministic generator of the embedded demo data, written in the real source formats.

Everything here is fictional: a made-up län ("Exempellän", SCB-style code 99) with 14 made-up
kommuner (9901–9914) and a made-up "Riket (exempel)". One underlying truth per kommun and year is
rendered into each format (Kolada v3 JSON, Brå CSV files, a respondent-level survey), so the
sources agree where they overlap. `python -m etl demo` rewrites data/demo/; a test proves the
committed files are reproduced byte for byte.
"""
from __future__ import annotations

import calendar
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from lagesbild.catalogue import load_indicators
from lagesbild.demo import DEMO_DIR, LAN_CODE, LAN_NAME

YEARS = range(2012, 2026)
RETRIEVED_AT = "2026-11-20T07:30:00+01:00"
SEED = 20261120
RIKET_NAME = "Riket (exempel)"
RIKET_POPULATION = 10_400_000


@dataclass(frozen=True)
class Kommun:
    code: str
    name: str
    population: int       # 2012
    growth: float         # per year
    crime: float          # total reported crime per 100 000, 2012
    public_trend: float   # yearly log-change of crime in public places
    otrygghet: float      # % unsafe late at night, 2018
    otr_trend: float      # percentage points per year
    areas: tuple[str, ...]


KOMMUNER = (
    Kommun("9901", "Ekbacka", 142_000, 0.010, 14_600, -0.045, 27.0, 0.3, ("Centrum", "Norr", "Söder", "Stationsområdet", "Hamnen")),
    Kommun("9902", "Granvik", 38_000, 0.006, 11_200, 0.030, 22.0, 0.2, ("Centrum", "Västra", "Östra")),
    Kommun("9903", "Björkås", 22_000, 0.002, 9_600, -0.010, 18.0, 0.0, ("Centrum", "Bruket", "Skogsbyn")),
    Kommun("9904", "Hagaström", 31_000, 0.004, 12_700, -0.060, 25.0, -0.4, ("Centrum", "Norra", "Södra", "Ån")),
    Kommun("9905", "Tallmo", 9_500, -0.004, 8_200, -0.020, 28.0, 0.9, ("Centrum", "Kyrkbyn", "Stationen")),
    Kommun("9906", "Stenfors", 16_000, 0.001, 10_300, 0.005, 20.0, 0.1, ("Centrum", "Forsen", "Heden")),
    Kommun("9907", "Ängsby", 12_500, 0.003, 8_900, -0.030, 18.5, 0.0, ("Centrum", "Ängen", "Backen")),
    Kommun("9908", "Fjällvik", 14_000, -0.002, 9_100, 0.015, 18.0, 0.2, ("Centrum", "Viken", "Lien")),
    Kommun("9909", "Östermark", 27_000, 0.005, 13_300, -0.025, 18.5, -0.2, ("Centrum", "Marken", "Industriområdet")),
    Kommun("9910", "Åsbacka", 11_000, 0.000, 8_600, 0.000, 21.0, 0.3, ("Centrum", "Åsen", "Dalen")),
    Kommun("9911", "Lövnäs", 19_000, 0.003, 10_900, -0.050, 24.0, -0.3, ("Centrum", "Näset", "Lövhagen")),
    Kommun("9912", "Sandhamra", 45_000, 0.008, 12_100, 0.020, 26.0, 0.5, ("Centrum", "Sanden", "Hamra", "Strandvägen")),
    Kommun("9913", "Rosendala", 8_200, -0.006, 9_000, -0.015, 23.0, 0.0, ("Centrum", "Rosenlund", "Dalby")),
    Kommun("9914", "Kvarnby", 24_000, 0.004, 11_600, -0.035, 28.5, 0.6, ("Centrum", "Kvarnen", "Gärdet")),
)

# Share of total crime per category, and national year effects (made up, not Brå's).
CATEGORY_SHARE = {"N07403": 0.075, "U07417": 0.33, "N07544": 0.07, "N07543": 0.0045,
                  "U07452": 0.085, "bra_vald_utomhus": 0.021}
PUBLIC_CATEGORIES = ("bra_vald_utomhus", "N07543", "U07452")   # "brott i offentlig miljö": follow public_trend
# Categories of Brå's statistics database in the demo's export, drawn after the others (their own seed)
# so adding them left every earlier demo number as it was.
DATABASE_SHARE = {"bra_misshandel": 0.058, "bra_ran": 0.0055}
DATABASE_CATEGORIES = ("U07452", *DATABASE_SHARE)
WORKBOOK_YEARS = range(2015, 2025)           # Brå's indicator workbook: final years only
NO_WORKBOOK = ("9910", "9913")               # kommuner that have only Kolada (the default target's alternative)
MONTHLY_YEAR, MONTHLY_LAST = 2026, 9         # Brå's monthly figures: 2025 and 2026 up to September, preliminary
SOL_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec")
SEASON = np.array([0.92, 0.85, 0.95, 0.97, 1.04, 1.08, 1.12, 1.07, 1.03, 1.00, 0.99, 0.98])
YEAR_EFFECT = dict(zip(YEARS, (1.00, 0.98, 0.97, 0.97, 0.96, 0.99, 1.01, 1.02, 0.99, 0.96, 0.98, 0.97, 0.95, 0.94)))
NTU_YEARS_OLD, NTU_YEARS_NEW = (2012, 2014, 2016), (2018, 2020, 2022, 2024)
SURVEY_YEARS = (2021, 2023, 2025)
PRELIMINARY_YEAR = 2025
KOLADA_LAST_YEAR = 2024          # Kolada has the final figures; Brå's 2025 files are preliminary
SUPPRESSED = {("9913", 2013)}    # a kommun-year Brå left out of its yearly file
MEDBORG_KOMMUNER = ("9901", "9902", "9904", "9905", "9912", "9914")


def _truth(rng: np.random.Generator) -> dict:
    """Population and reported-crime counts per (geo, year, indicator); geo = kommun code."""
    pop, counts = {}, {}
    for k in KOMMUNER:
        for y in YEARS:
            p = round(k.population * (1 + k.growth) ** (y - 2012))
            pop[k.code, y] = p
            base = k.crime * YEAR_EFFECT[y] * p / 100_000
            public = np.exp(k.public_trend * (y - 2018))
            counts[k.code, y, "N07540"] = int(rng.poisson(base))
            for ind, share in CATEGORY_SHARE.items():
                mult = public if ind in PUBLIC_CATEGORIES else 1.0
                counts[k.code, y, ind] = int(rng.poisson(base * share * mult))
    database = np.random.default_rng(SEED + 13)
    for k in KOMMUNER:
        for y in YEARS:
            for ind, share in DATABASE_SHARE.items():
                counts[k.code, y, ind] = int(database.poisson(counts[k.code, y, "N07540"] * share))
    return {"pop": pop, "counts": counts}


def _aggregate(truth: dict) -> None:
    """The län is the sum of its kommuner; riket is a larger made-up population."""
    pop, counts = truth["pop"], truth["counts"]
    inds = ["N07540", *CATEGORY_SHARE, *DATABASE_SHARE]
    for y in YEARS:
        pop[LAN_CODE, y] = sum(pop[k.code, y] for k in KOMMUNER)
        pop["0000", y] = round(RIKET_POPULATION * 1.007 ** (y - 2012))
        for ind in inds:
            counts[LAN_CODE, y, ind] = sum(counts[k.code, y, ind] for k in KOMMUNER)
            lan_rate = counts[LAN_CODE, y, ind] / pop[LAN_CODE, y]
            counts["0000", y, ind] = round(lan_rate * 1.12 * pop["0000", y])


def _rate(truth: dict, geo: str, year: int, ind: str) -> float:
    return round(truth["counts"][geo, year, ind] / truth["pop"][geo, year] * 100_000, 1)


def _geos() -> list[tuple[str, str]]:
    return [("0000", RIKET_NAME), (LAN_CODE, LAN_NAME)] + [(k.code, k.name) for k in KOMMUNER]


def _kolada_id(code: str) -> str:
    return "00" + code if len(code) == 2 else code


def _kolada_doc(kpi: str, rows: list[tuple[str, int, str, float | None]]) -> dict:
    by_key: dict[tuple[str, int], list] = {}
    for geo, year, gender, value in rows:
        by_key.setdefault((geo, year), []).append({
            "count": 1, "gender": gender, "isdeleted": False,
            "status": "" if value is not None else "Missing", "value": value,
        })
    values = [{"kpi": kpi, "municipality": _kolada_id(g), "period": y, "values": v}
              for (g, y), v in sorted(by_key.items())]
    return {"count": len(values), "next_url": None, "values": values}


def _ntu(rng: np.random.Generator, kpi_base: dict[str, float], offset: float) -> tuple[list, list]:
    """Pooled two-year NTU values and their osäkerhetstal (± margin) for every geo."""
    values, margins = [], []
    for geo, _ in _geos():
        k = next((k for k in KOMMUNER if k.code == geo), None)
        base, trend = (k.otrygghet, k.otr_trend) if k else (kpi_base[geo], 0.2)
        for year in NTU_YEARS_OLD + NTU_YEARS_NEW:
            old = year < 2017
            n = {"0000": 190_000, LAN_CODE: 9_000}.get(geo, 900) // (4 if old else 1)
            p = base + offset + trend * (year - 2018) - (1.5 if old else 0.0)
            margin = round(1.96 * np.sqrt(p * (100 - p) / n), 1)
            value = round(p + rng.normal(0, margin / 2.5), 1)
            missing = geo == "9913" and year == 2018
            values.append((geo, year, "T", None if missing else value))
            margins.append((geo, year, "T", None if missing else margin))
    return values, margins


def _medborg(rng: np.random.Generator) -> tuple[list, list]:
    """SCB:s medborgarundersökning: only some kommuner take part; others are Missing."""
    values, margins = [], []
    for k in KOMMUNER:
        for year in range(2019, 2026):
            for gender, shift in (("T", 0.0), ("K", -6.0), ("M", 6.0)):
                if k.code not in MEDBORG_KOMMUNER:
                    values.append((k.code, year, gender, None))
                    continue
                p = 100 - k.otrygghet * 0.9 - k.otr_trend * (year - 2018) + shift
                margin = round(1.96 * np.sqrt(p * (100 - p) / (350 if gender == "T" else 170)), 1)
                values.append((k.code, year, gender, round(p + rng.normal(0, margin / 2.5), 1)))
                margins.append((k.code, year, gender, margin))
    return values, margins


def _kolada_files(rng: np.random.Generator, truth: dict) -> dict[str, dict]:
    files = {}
    crime_years = [y for y in YEARS if y <= KOLADA_LAST_YEAR]
    for kpi in ("N07540", "N07403", "U07417", "U07452", "N07544", "N07543"):
        rows = [(g, y, "T", None if (g, y) in SUPPRESSED else _rate(truth, g, y, kpi))
                for g, _ in _geos() for y in crime_years]
        files[kpi] = _kolada_doc(kpi, rows)
    files["N01951"] = _kolada_doc("N01951", [(g, y, "T", float(truth["pop"][g, y])) for g, _ in _geos() for y in YEARS])
    otr, otr_m = _ntu(rng, {"0000": 26.0, LAN_CODE: 24.0}, 0.0)
    oro, oro_m = _ntu(rng, {"0000": 41.0, LAN_CODE: 38.0}, 14.0)
    med, med_m = _medborg(rng)
    for kpi, rows in (("N07609", otr), ("N07657", otr_m), ("N07611", oro), ("N07659", oro_m),
                      ("N00610", med), ("U01610", med_m)):
        files[kpi] = _kolada_doc(kpi, rows)
    # Kolada marks withdrawn rows isdeleted; a reader must drop them.
    files["N07540"]["values"][0]["values"].append(
        {"count": 1, "gender": "T", "isdeleted": True, "status": "", "value": 99999.9})
    return files


# --- accidents and fires (issue 10): made-up figures under Kolada's own ids, in Kolada's v3 format and with
# Kolada's windows (three- and five-year means, as its /kpi descriptions say), and the two series no Kolada KPI
# has per kommun in the kommun's own file (egna serier). Counts are drawn per kommun and year (the län their sum,
# riket at the län's rate); a k-year mean is the window's events over its population. MSB's new definition of
# fires in buildings from 2024 (N07415 continues U07415: more fires count) is a step in the counts.
ACCIDENTS = {  # id: (rate per 1 000 in 2018, yearly log-trend, last year, years in each value)
    "olycka_raddningsinsatser": (7.4, -0.012, 2025, 1),
    "fires": (0.85, -0.02, 2025, 5),
    "U07413": (12.6, -0.015, 2024, 3),
    "N00799": (1.9, -0.01, 2024, 3),
    "olycka_sjalvskada": (1.1, 0.0, 2024, 1),
}
FIRE_DEFINITION_YEAR, FIRE_DEFINITION_STEP = 2024, 1.3
FALLS = {"N20410": (0.14, 3_400.0), "N20434": (0.055, 10_500.0)}   # age group's share of inhabitants, rate per 100 000
FALLS_TREND, FALLS_LAST = 0.025, 2024
ACCIDENT_COST = ("U07075", 6_900, 2023)   # kronor per invånare, MSB's estimate comes later
OWN_SERIES = {"olycka_raddningsinsatser": "raddningstjanstens_insatser.csv", "olycka_sjalvskada": "regionens_sjalvskador.csv"}


def _accident_counts(rng: np.random.Generator, truth: dict, rate: float, trend: float, last: int, step=None) -> dict:
    pop, counts = truth["pop"], {}
    for k in KOMMUNER:
        level = rate * (0.8 + 0.4 * k.crime / 14_600)   # busier places have more accidents too
        for y in range(YEARS[0], last + 1):
            factor = step(y) if step else 1.0
            counts[k.code, y] = int(rng.poisson(level * factor * np.exp(trend * (y - 2018)) * pop[k.code, y] / 1_000))
    for y in range(YEARS[0], last + 1):
        counts[LAN_CODE, y] = sum(counts[k.code, y] for k in KOMMUNER)
        counts["0000", y] = round(counts[LAN_CODE, y] / pop[LAN_CODE, y] * 1.05 * pop["0000", y])
    return counts


def _window_rows(counts: dict, pop: dict, years, k: int, per: float, decimals: int = 2) -> list:
    rows = []
    for g, _ in _geos():
        for y in years:
            window = range(y - k + 1, y + 1)
            rows.append((g, y, "T", round(sum(counts[g, t] for t in window) / sum(pop[g, t] for t in window) * per, decimals)))
    return rows


def _accident_files(truth: dict) -> tuple[dict[str, dict], dict[str, bytes]]:
    """Kolada answers by KPI id, and the own-series files by name."""
    rng = np.random.default_rng(SEED + 10)   # its own stream: the other demo files stay as they were
    pop, files, own = truth["pop"], {}, {}
    for ind, (rate, trend, last, k) in ACCIDENTS.items():
        if ind == "fires":   # counted under both definitions; each id publishes its own years
            counts = _accident_counts(rng, truth, rate, trend, last)
            new = {key: round(n * FIRE_DEFINITION_STEP) for key, n in counts.items()}
            first = YEARS[0] + k - 1
            files["U07415"] = _kolada_doc("U07415", _window_rows(counts, pop, range(first, FIRE_DEFINITION_YEAR), k, 1_000))
            files["N07415"] = _kolada_doc("N07415", _window_rows(new, pop, range(FIRE_DEFINITION_YEAR, last + 1), k, 1_000))
            continue
        counts = _accident_counts(rng, truth, rate, trend, last)
        if ind in OWN_SERIES:
            lines = ["indikator;kommun;år;värde;antal"]
            lines += [f"{ind};{kk.code};{y};{_sv(counts[kk.code, y] / pop[kk.code, y] * 1_000, 2)};{counts[kk.code, y]}"
                      for kk in KOMMUNER for y in range(YEARS[0], last + 1)]
            own[OWN_SERIES[ind]] = _csv(lines)
            continue
        files[ind] = _kolada_doc(ind, _window_rows(counts, pop, range(YEARS[0] + k - 1, last + 1), k, 1_000))
    for ind, (share, rate) in FALLS.items():
        group = {key: p * share for key, p in pop.items()}
        counts = {(kk.code, y): int(rng.poisson(rate * np.exp(FALLS_TREND * (y - 2018)) * group[kk.code, y] / 100_000))
                  for kk in KOMMUNER for y in range(YEARS[0], FALLS_LAST + 1)}
        for y in range(YEARS[0], FALLS_LAST + 1):
            counts[LAN_CODE, y] = sum(counts[kk.code, y] for kk in KOMMUNER)
            counts["0000", y] = round(counts[LAN_CODE, y] / group[LAN_CODE, y] * 0.97 * group["0000", y])
        files[ind] = _kolada_doc(ind, _window_rows(counts, group, range(YEARS[0] + 2, FALLS_LAST + 1), 3, 100_000, 1))
    ind, cost, last = ACCIDENT_COST
    rows = [(g, y, "T", float(round(cost * (1 + 0.01 * (y - 2018)) * rng.lognormal(0, 0.06))))
            for g, _ in _geos() for y in range(YEARS[0], last + 1)]
    files[ind] = _kolada_doc(ind, rows)
    return files, own


def _sv(x: float, decimals: int = 0) -> str:
    """Brå style: space as thousands separator, decimal comma."""
    return f"{x:,.{decimals}f}".replace(",", " ").replace(".", ",")


def _csv(lines: list[str]) -> bytes:
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _bra_yearly(truth: dict, year: int) -> bytes:
    prel = " (prel.)" if year == PRELIMINARY_YEAR else ""
    lines = [f"Kommun;Antal{prel};Per 100 000 inv.{prel}"]
    for k in sorted(KOMMUNER, key=lambda k: k.name):
        if (k.code, year) in SUPPRESSED:
            lines.append(f"{k.name};..;..")
        else:
            lines.append(f"{k.name};{_sv(truth['counts'][k.code, year, 'N07540'])};{_sv(_rate(truth, k.code, year, 'N07540'), 1)}")
    return _csv(lines)


def _bra_categories(truth: dict) -> bytes:
    """The long table, the categories under their full hierarchical names in Brå's database."""
    names = {i: ind.bra_names[0] for i, ind in load_indicators().items() if ind.bra_names}
    lines = ["Anmälda brott efter region, brottstyp och år. Antal och per 100 000 invånare.",
             "Källa: Brå, statistikdatabasen över anmälda brott (EXEMPELDATA, fiktiva siffror)",
             "Region;Brottstyp;År;Antal;Per 100 000 inv."]
    regions = [(RIKET_NAME, "0000"), (LAN_NAME, LAN_CODE)] + [(k.name, k.code) for k in KOMMUNER]
    for name, geo in regions:
        cats = (("N07540",) if geo in ("0000", LAN_CODE) else ()) + DATABASE_CATEGORIES
        for ind, label in ((i, names[i]) for i in cats):
            for y in YEARS:
                year = f"{y} (prel.)" if y == PRELIMINARY_YEAR else str(y)
                n = truth["counts"][geo, y, ind]
                count, rate = ("-", "-") if n == 0 else (_sv(n), _sv(_rate(truth, geo, y, ind), 1))
                lines.append(f"{name};{label};{year};{count};{rate}")
    return _csv(lines)


def _bra_monthly(truth: dict) -> bytes:
    """Brå's own export of monthly counts (SOL's cross-tab, ISO-8859-1, `&nbsp;` in the measure row): 2025
    month by month (summing to the yearly file's preliminary 2025) and 2026 so far, preliminary."""
    rng = np.random.default_rng(SEED + 26)
    months = [(2025, m) for m in range(1, 13)] + [(MONTHLY_YEAR, m) for m in range(1, MONTHLY_LAST + 1)]
    lines = ["Anmälda brott, antal och per 100&nbsp;000 invånare, per månad (EXEMPELDATA, fiktiva siffror)",
             ";" + ";".join(f"{y} prel.;" for y, _ in months),
             ";" + ";".join(f"{SOL_MONTHS[m - 1]};" for _, m in months),
             ";" + ";".join("Antal;/100&nbsp;000&nbsp;inv" for _ in months)]
    geos = [(f"{k.name} kommun", k.code) for k in KOMMUNER]
    by_geo = {}
    for _, geo in geos:
        total = truth["counts"][geo, 2025, "N07540"]
        split = rng.multinomial(total, SEASON / SEASON.sum())
        later = rng.poisson(total * 0.97 * SEASON[:MONTHLY_LAST] / SEASON.sum())
        by_geo[geo] = list(split) + list(later)
    by_geo[LAN_CODE] = [sum(by_geo[g][i] for _, g in geos) for i in range(len(months))]
    for name, geo in [*geos, (LAN_NAME, LAN_CODE)]:
        pop = truth["pop"][geo, 2025]
        cells = [f"{_sv(n)};{_sv(n / pop * 100_000, 1)}" for n in by_geo[geo]]
        lines += [name + ";" * (2 * len(months)), "Totalt antal brott;" + ";".join(cells)]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


XLSX_TIME = (2026, 11, 20, 7, 30, 0)


def xlsx(sheets: list[tuple[str, list[list]]]) -> bytes:
    """An Excel workbook, byte for byte the same on every run: openpyxl stamps the zip entries and
    docProps/core.xml with the time of saving, so both are rewritten with a fixed time."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.properties.creator = "Lägesbild (EXEMPELDATA, etl/demo.py)"
    book.properties.created = datetime(*XLSX_TIME)
    saved, out = io.BytesIO(), io.BytesIO()
    book.save(saved)
    stamp = datetime(*XLSX_TIME).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=XLSX_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _bra_workbook(truth: dict, k: Kommun) -> bytes:
    """Brå's indicator workbook of one kommun: a cover sheet and two crime sheets (title row, header
    row with a column per year and measure, rows for the kommun, the län and the country)."""
    def sheet(title: str, ind: str) -> list[list]:
        header = ["Region"] + [f"{y} {m}" for y in WORKBOOK_YEARS for m in ("Antal", "Antal per 100 000 inv.")]
        rows = [[title], header]
        for name, geo in ((k.name, k.code), (LAN_NAME, LAN_CODE), (RIKET_NAME, "0000")):
            rows.append([name] + [v for y in WORKBOOK_YEARS
                                  for v in (truth["counts"][geo, y, ind], _rate(truth, geo, y, ind))])
        return rows
    return xlsx([("Om statistiken", [["Indikatorer för kommuners lägesbild – EXEMPELDATA, fiktiva siffror"],
                                      [f"Kommun: {k.name}"]]),
                  ("Våldsbrott utomhus (vuxna)", sheet(f"Anmälda våldsbrott utomhus mot vuxna, {k.name}", "bra_vald_utomhus")),
                  ("Skadegörelsebrott", sheet(f"Anmälda skadegörelsebrott, {k.name}", "U07452"))])


SURVEY_MAPPING = """\
# Mapping of the demo survey's columns to Lägesbild's indicators (see README: enkätmappning).
[survey]
name = "Trygghetsmätning Exempellän {year}"
period = "{year}-09-01/{year}-10-31"
geo = "kommunkod"
area = "omrade"
weight = "vikt"
respondent = "lopnr"
groups = ["kon", "aldersgrupp"]
min_n = 30

[survey.labels.kon]
K = "kvinnor"
M = "män"

[[indicator]]
id = "enk_otrygg_kvall"
title = "Otrygga ute ensamma sen kväll i sitt område, andel (%)"
title_en = "Feel unsafe alone out late at night in their area, share (%)"
column = "f1_otrygg_kvall"
count = [3, 4]      # 3 = ganska otrygg, 4 = mycket otrygg
exclude = [5, 9]    # 5 = går aldrig ut, 9 = vet ej

[[indicator]]
id = "enk_avstar"
title = "Har avstått från att gå ut av oro för brott, andel (%)"
title_en = "Have stayed in for fear of crime, share (%)"
column = "f2_avstar"
count = [1, 2]      # 1 = ja, ofta, 2 = ja, ibland
exclude = [9]
"""

AGE_BANDS = (("16-29", 0.22, 4.0), ("30-49", 0.32, 0.0), ("50-64", 0.24, -1.0), ("65-84", 0.22, 3.0))


def _survey(rng: np.random.Generator, year: int) -> bytes:
    lines = ["lopnr;kommunkod;omrade;kon;aldersgrupp;vikt;f1_otrygg_kvall;f2_avstar"]
    nr = 0
    for k in KOMMUNER:
        n = 140 + int(k.population / 1_000)
        area_p = rng.dirichlet(np.full(len(k.areas), 2.0))
        for _ in range(n):
            nr += 1
            a = int(rng.choice(len(k.areas), p=area_p))
            sex = "K" if rng.random() < 0.52 else "M"
            band = int(rng.choice(4, p=[b[1] for b in AGE_BANDS]))
            p = (k.otrygghet + k.otr_trend * (year - 2018) + (9 if sex == "K" else -9)
                 + AGE_BANDS[band][2] + (7 if a == len(k.areas) - 1 else 0)) / 100
            u = rng.random()
            f1 = (3 if u < p * 0.7 else 4) if u < p else (1 if rng.random() < 0.55 else 2)
            f1_text = "" if rng.random() < 0.02 else ("9" if rng.random() < 0.03 else ("5" if rng.random() < 0.03 else str(f1)))
            f2 = (1 if rng.random() < 0.3 else 2) if rng.random() < p * 0.8 else 3
            f2_text = "9" if rng.random() < 0.04 else str(f2)
            weight = _sv(float(np.clip(rng.lognormal(0, 0.35), 0.3, 3.0)), 2)
            lines.append(f"{nr};{k.code};{k.areas[a]};{sex};{AGE_BANDS[band][0]};{weight};{f1_text};{f2_text}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


# --- EST: incidents per area and the interventions log (issue 6) ---
INCIDENT_KOMMUNER = ("9901", "9904")
INCIDENT_MONTHS = (2021, 2025)       # first and last year, whole years
INCIDENT_CATEGORIES = {"skadegörelse": 5.0, "ordningsstörning": 4.0, "stöld": 4.5, "misshandel": 1.5}
AREA_LEVEL = {"Centrum": 1.5, "Stationsområdet": 1.2, "Hamnen": 1.0, "Norra": 1.1}  # others 0.7
# (kommun, area, name, type, start, end, comparison, step after start, peak months before start)
INTERVENTIONS = (
    ("9901", "Stationsområdet", "Trygghetsvandringar och ny belysning", "Belysning och trygghetsvandringar",
     "2023-04-01", "", "", 0.6, ()),
    ("9901", "Hamnen", "Fältvärdar kvällstid", "Vuxennärvaro och fältarbetare",
     "2022-09-01", "2024-08-31", "", 1.0, ("2022-06", "2022-07", "2022-08")),
    ("9904", "Norra", "Vuxennärvaro helgkvällar", "Vuxennärvaro", "2023-06-01", "", "Södra", 0.65, ()),
    ("9904", "Ån", "Ny belysning i Åparken", "Belysning", "2025-09-01", "", "", 0.7, ()),
)


def _incidents(rng: np.random.Generator) -> bytes:
    """One row per incident, as the kommun's own export: datum;kategori;omrade;kommunkod."""
    lines = ["datum;kategori;omrade;kommunkod"]
    months = [(y, m) for y in range(INCIDENT_MONTHS[0], INCIDENT_MONTHS[1] + 1) for m in range(1, 13)]
    steps = {(k, a): (start[:7], step, peaks) for k, a, _, _, start, _, _, step, peaks in INTERVENTIONS}
    for y, m in months:
        season = 1 + 0.25 * np.cos((m - 7) / 12 * 2 * np.pi)   # more in summer
        days = calendar.monthrange(y, m)[1]
        for k in (k for k in KOMMUNER if k.code in INCIDENT_KOMMUNER):
            for area in k.areas:
                start, step, peaks = steps.get((k.code, area), ("9999-99", 1.0, ()))
                level = AREA_LEVEL.get(area, 0.7) * season * (0.98 ** (y - 2021))
                level *= step if f"{y}-{m:02d}" >= start else 1.0
                level *= 1.7 if f"{y}-{m:02d}" in peaks else 1.0
                rows = [(int(d), cat) for cat, rate in INCIDENT_CATEGORIES.items()
                        for d in rng.integers(1, days + 1, size=rng.poisson(rate * level))]
                lines += [f"{y}-{m:02d}-{d:02d};{cat};{area};{k.code}" for d, cat in sorted(rows)]
    return _csv(lines)


# Fictional responsible parties and the problems each insats says it addresses (issue 25): Ekbacka's two insatser
# are tied to two of its problems, its narkotikabrott has none (the lägesbild flags it).
INTERVENTION_LINKS = {
    "Trygghetsvandringar och ny belysning": ("Tekniska förvaltningen och Polisen", "U07417/Stationsområdet/kvinnor"),
    "Fältvärdar kvällstid": ("Socialförvaltningen", "N07403/Hamnen"),
    "Vuxennärvaro helgkvällar": ("Fritidsförvaltningen", "N07403/Norra"),
    "Ny belysning i Åparken": ("Tekniska förvaltningen", "Ån"),
}


def _interventions() -> bytes:
    lines = ["namn;omrade;typ;start;slut;jamforelseomrade;kommunkod;ansvarig;problem"]
    lines += [f"{name};{area};{kind};{start};{end};{comparison};{k};{';'.join(INTERVENTION_LINKS[name])}"
              for k, area, name, kind, start, end, comparison, _, _ in INTERVENTIONS]
    return _csv(lines)
# Made-up boundaries so the map works on demo data: a 4×4 grid of distorted squares (14 used), placed
# in the Baltic Sea south-east of Gotland so it can never be mistaken for real kommuner.
GEO_ORIGIN, GEO_CELL, GEO_COLUMNS = (19.6, 55.6), (0.5, 0.3), 4
GEO_SEED = 99


def _demo_boundaries() -> dict:
    """Fictional kommun polygons; neighbours share jittered corners and edge midpoints, so no gaps."""
    rng = np.random.default_rng(GEO_SEED)
    (x0, y0), (dx, dy) = GEO_ORIGIN, GEO_CELL
    rows = -(-len(KOMMUNER) // GEO_COLUMNS)
    points: dict[tuple[int, int], tuple[float, float]] = {}

    def point(i: int, j: int) -> list[float]:
        # i, j in half-cell steps; only interior points are jittered (the län keeps a tidy coast).
        if (i, j) not in points:
            inner = 0 < i < 2 * GEO_COLUMNS and 0 < j < 2 * rows
            jx, jy = rng.uniform(-0.3, 0.3, 2) if inner else (0.0, 0.0)
            points[i, j] = (round(x0 + (i + jx) * dx / 2, 4), round(y0 + (j + jy) * dy / 2, 4))
        return list(points[i, j])

    features = []
    for n, k in enumerate(KOMMUNER):
        c, r = 2 * (n % GEO_COLUMNS), 2 * (rows - 1 - n // GEO_COLUMNS)
        ring = [(c, r), (c + 1, r), (c + 2, r), (c + 2, r + 1), (c + 2, r + 2), (c + 1, r + 2), (c, r + 2), (c, r + 1)]
        coords = [point(i, j) for i, j in ring]
        features.append({"type": "Feature", "id": k.code,
                         "properties": {"code": k.code, "name": k.name, "fictional": True},
                         "geometry": {"type": "Polygon", "coordinates": [coords + [coords[0]]]}})
    return {"type": "FeatureCollection", "name": "EXEMPELDATA: fiktiva kommungränser i Exempellän (99)",
            "features": features}


# Comparison groups in Kolada's `/municipality_groups` shape (EXEMPELDATA: made-up ids and members): a
# "liknande kommuner" group for some kommuner — as in Kolada, named after its kommun and listing the kommuner
# most like it, not the kommun itself — and the förbund's own group, which lists all its members.
DEMO_GROUPS = (
    ("G990001", "Liknande kommuner socioekonomi, Ekbacka, 2024 (exempel)", ("9902", "9904", "9909", "9912", "9914")),
    ("G990004", "Liknande kommuner socioekonomi, Hagaström, 2024 (exempel)", ("9902", "9906", "9909", "9911", "9914")),
    ("G990005", "Liknande kommuner socioekonomi, Tallmo, 2024 (exempel)", ("9903", "9907", "9908", "9910", "9913")),
    ("G990013", "Liknande kommuner socioekonomi, Rosendala, 2024 (exempel)", ("9903", "9905", "9907", "9908", "9910")),
    ("G990099", "Exempeldalens räddningstjänstförbund (ovägt medel)", ("9901", "9904", "9913")),
)


def _groups() -> dict:
    names = dict((c, n) for c, n in _geos())
    values = [{"id": gid, "title": title, "members": [{"member_id": c, "member_title": names[c]} for c in members]}
              for gid, title, members in DEMO_GROUPS]
    return {"count": len(values), "next_url": None, "values": values}


# Kolada's "avvikelse från modellberäknat värde" (2 färre än förväntat, 1 lika många, 0 fler), made up from the
# demo's own counts: a kommun's three-year rate against its län's, ±10 % counted as "lika många".
MODELLED = {"U00489": "N07403", "U00490": "U07417"}


def _modelled(truth: dict) -> dict[str, dict]:
    files = {}
    for kpi, crime in MODELLED.items():
        rows = []
        for k in KOMMUNER:
            for y in range(YEARS[0] + 2, KOLADA_LAST_YEAR + 1):
                window = range(y - 2, y + 1)
                rate = sum(truth["counts"][k.code, t, crime] for t in window) / sum(truth["pop"][k.code, t] for t in window)
                lan = (sum(truth["counts"][LAN_CODE, t, crime] for t in window)
                       / sum(truth["pop"][LAN_CODE, t] for t in window))
                rows.append((k.code, y, "T", 0.0 if rate > 1.1 * lan else 2.0 if rate < 0.9 * lan else 1.0))
        files[kpi] = _kolada_doc(kpi, rows)
    return files


def _json(doc: dict) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def render() -> dict[str, bytes]:
    """Every demo file, by path relative to the demo dir."""
    rng = np.random.default_rng(SEED)
    truth = _truth(rng)
    _aggregate(truth)
    files: dict[str, bytes] = {}
    munis = [{"id": _kolada_id(c), "title": n, "type": "K" if len(c) == 4 and c != "0000" else "L"} for c, n in _geos()]
    files["kolada/municipality.json"] = _json({"count": len(munis), "next_url": None, "values": munis})
    files["kolada/municipality_groups.json"] = _json(_groups())
    for kpi, doc in _kolada_files(rng, truth).items():
        files[f"kolada/{kpi}.json"] = _json(doc)
    accidents, own = _accident_files(truth)
    for kpi, doc in accidents.items():
        files[f"kolada/{kpi}.json"] = _json(doc)
    for name, data in own.items():
        files[f"egna_serier/{name}"] = data
    for kpi, doc in _modelled(truth).items():
        files[f"kolada/{kpi}.json"] = _json(doc)
    for y in YEARS:
        files[f"bra/Anmälda brott kommunerna {y}.csv"] = _bra_yearly(truth, y)
    files["bra_kategorier/Anmälda brott per brottstyp 2012-2025.csv"] = _bra_categories(truth)
    files["bra_kategorier/Anmälda brott per månad 2025-2026.csv"] = _bra_monthly(truth)
    for k in KOMMUNER:
        if k.code not in NO_WORKBOOK:
            files[f"bra_indikatorer/Indikatorer {k.name}.xlsx"] = _bra_workbook(truth, k)
    for y in SURVEY_YEARS:
        files[f"survey/trygghetsmatning_{y}.csv"] = _survey(rng, y)
        files[f"survey/trygghetsmatning_{y}.toml"] = SURVEY_MAPPING.format(year=y).encode("utf-8")
    files["incidents/handelser_2021-2025.csv"] = _incidents(np.random.default_rng(SEED + 6))
    files["interventions/insatser.csv"] = _interventions()
    files["geo/exempellan_kommuner.geojson"] = (json.dumps(_demo_boundaries(), ensure_ascii=False) + "\n").encode("utf-8")
    index = {path: {"retrieved_at": RETRIEVED_AT, "origin": "EXEMPELDATA (etl/demo.py)"} for path in sorted(files)}
    files["sources.json"] = _json(index)
    return files


def write(out_dir: Path = DEMO_DIR) -> list[Path]:
    written = []
    for rel, data in render().items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
