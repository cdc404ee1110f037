"""The open-data world (issue 23): Kolada as a real kommun meets it, for tests and benchmarks.

All 290 kommuner, 21 län and riket with SCB's codes and names (lagesbild.scb), and Kolada v3 answers for
every Kolada KPI of the default catalogue, served on loopback as Kolada serves them: `/municipality`, `/kpi/IDS`
(the real titles and descriptions, tests/fixtures/kolada_kpi_catalogue.json) and `/data/kpi/…/municipality/
…/year/…` with `next_url` paging. What Kolada publishes, and how sparsely, is real; **the values are
fictional** (seeded, deterministic), so nothing here is ever shown as a kommun's figures: the world lives in
test dirs and `benchmarks/`, and its sources say TESTVÄRLD.

Availability as on Kolada: recorded crime for every kommun 2010–2025 (a few `Missing` rows, personrån
and skadegörelse held back for the smallest), NTU (N07609, N07611 and their osäkerhetstal) only for larger
kommuner and in pooled two-year periods, SCB:s medborgarundersökning only for the kommuner that took part,
accidents in Kolada's windows (three- and five-year means), U07415 up to 2023 and N07415 from 2024 (one series,
a break), and `before_2024` answers of U07452 and U07417 in their old definition (per 1 000 inv., three-year
means; as rKolada downloaded them in 2023) for the import tests.

A data dir of this world is what `python -m etl fetch kolada --kommun …` gives, and nothing else: no Brå file,
no workbook, no survey, no incidents, no insatser, no handlingsprogram (the förbund's is written by the test).
"""
from __future__ import annotations

import json
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np

from lagesbild.scb import geographies
from tests.conftest import FIXTURES
from tests.kolada_standin import Loopback

YEARS = range(2010, 2026)
SEED = 20
CATALOGUE = json.loads((FIXTURES / "kolada_kpi_catalogue.json").read_text(encoding="utf-8"))
KPIS = {e["id"]: e for e in CATALOGUE["current"]}
OLD_KPIS = {e["id"]: e for e in CATALOGUE["before_2024"]}

# One kommun of each data shape (issue 23), real codes and names, fictional values.
SHAPES = {
    "full": "0683",             # Värnamo: crime, NTU, SCB:s medborgarundersökning, accidents
    "kolada_target": "0685",    # Vetlanda: crime and accidents, no survey: the default target's Kolada definition
    "crime_only": "2403",       # Bjurholm: total, violent and theft only (personrån, skadegörelse held back)
    "ntu_only": "0184",         # Solna: NTU and population, no recorded crime published
    "population_only": "2418",  # Malå: population alone
}
FORBUND = ("0682", "0685", "0686")   # Nässjö, Vetlanda, Eksjö: a räddningstjänstförbund of Kolada-only kommuner
SHAPE_OF = {code: shape for shape, code in SHAPES.items()}
NTU_YEARS = (2018, 2020, 2022, 2024)          # published years; each pools it and the year before
MEDBORG_YEARS = range(2019, 2026)
ACCIDENT_LAST = {"U07415": 2023, "N07415": 2025, "U07413": 2024, "N00799": 2024, "N20410": 2025, "N20434": 2025,
                 "U07075": 2025}

# Rates: (level per 100 000 or per 1 000 of a kommun, spread between kommuner, years each value averages, base)
CRIME = {"N07540": 11_000, "N07403": 950, "U07417": 3_200, "U07452": 900, "N07544": 550, "N07543": 45}
ACCIDENTS = {"U07415": (0.9, 5, 1_000), "N07415": (1.15, 5, 1_000), "U07413": (12.5, 3, 1_000),
             "N00799": (2.4, 3, 1_000), "N20410": (3_400.0, 3, 100_000), "N20434": (10_500.0, 3, 100_000)}
AGE_SHARE = {"N20410": 0.14, "N20434": 0.055}
SURVEY = {"N07609": (24.0, "N07657"), "N07611": (41.0, "N07659"), "N00610": (78.0, "U01610")}


def _rng(*key) -> np.random.Generator:
    return np.random.default_rng([SEED, zlib.crc32("/".join(map(str, key)).encode())])


class World:
    """Every value the stand-in serves, computed once: {(kpi, kolada id, year): (value or None, status)}."""

    def __init__(self):
        geos = geographies()
        self.kommuner = geos[geos["level"] == "kommun"].reset_index(drop=True)
        self.names = {("00" + c if len(c) == 2 else c): n for c, n in zip(geos["code"], geos["name"])}
        self.values: dict[tuple[str, str, int], tuple[float | None, str]] = {}
        self.old: dict[tuple[str, str, int], float] = {}
        pop = self._population()
        self._crime(pop)
        self._modelled()
        self._surveys(pop)
        self._accidents(pop)

    def _put(self, kpi: str, code: str, year: int, value: float | None, status: str = "") -> None:
        kid = "00" + code if len(code) == 2 else code
        self.values[kpi, kid, year] = (None if value is None else float(value), "Missing" if value is None else status)

    def _population(self) -> dict[tuple[str, int], float]:
        rng = _rng("population")
        base = np.clip(rng.lognormal(np.log(15_000), 1.0, len(self.kommuner)), 2_400, 990_000)
        growth = rng.normal(0.004, 0.006, len(self.kommuner))
        pop: dict[tuple[str, int], float] = {}
        for code, parent, b, g in zip(self.kommuner["code"], self.kommuner["parent"], base, growth):
            for y in YEARS:
                p = float(round(b * (1 + g) ** (y - 2010)))
                pop[code, y] = p
                pop[parent, y] = pop.get((parent, y), 0.0) + p
                pop["0000", y] = pop.get(("0000", y), 0.0) + p
        for (code, y), p in pop.items():
            self._put("N01951", code, y, p)
        self.pop = pop
        return pop

    def _aggregate(self, kpi: str, counts: dict[tuple[str, int], float], exposure: dict, per: float, decimals: int = 5):
        """Kommuner's counts summed into their län and riket; every geography's rate written."""
        totals: dict[tuple[str, int], float] = {}
        for (code, y), n in counts.items():
            for geo in (code, code[:2], "0000"):
                totals[geo, y] = totals.get((geo, y), 0.0) + n
        for (geo, y), n in totals.items():
            self._put(kpi, geo, y, round(n / exposure[geo, y] * per, decimals))
        return totals

    def _crime(self, pop) -> None:
        for kpi, level in CRIME.items():
            rng = _rng("crime", kpi)
            counts = {}
            for code in self.kommuner["code"]:
                rate = level * rng.lognormal(0, 0.3) / 100_000
                trend = rng.normal(-0.01, 0.02)
                for y in YEARS:
                    counts[code, y] = float(rng.poisson(rate * np.exp(trend * (y - 2016)) * pop[code, y]))
            self._aggregate(kpi, counts, pop, 100_000)
            if kpi in ("U07452", "U07417"):   # Kolada before 2024: per 1 000 inv., mean of år T-2 till T
                for code in [*self.kommuner["code"]]:
                    for y in range(YEARS[0] + 2, 2023):
                        window = range(y - 2, y + 1)
                        self.old[kpi, code, y] = round(sum(counts[code, t] for t in window) / 3
                                                       / pop[code, y] * 1_000, 5)
        # Held back for the smallest and a gap or two, as Kolada marks them
        for kpi in ("N07543", "U07452"):
            for y in YEARS:
                self._put(kpi, SHAPES["crime_only"], y, None)
        for kpi in CRIME:
            for y in YEARS:
                self._put(kpi, SHAPES["ntu_only"], y, None)
                self._put(kpi, SHAPES["population_only"], y, None)
        self._put("N07543", SHAPES["kolada_target"], 2011, None)

    def _modelled(self) -> None:
        """Kolada's "avvikelse från modellberäknat värde" (2 färre, 1 lika många, 0 fler): each kommun's three-year
        rate against riket's, ±10 % as "lika många" (the world's stand-in for Kolada's model of structure)."""
        for kpi, crime in (("U00489", "N07403"), ("U00490", "U07417")):
            for code in self.kommuner["code"]:
                for y in range(YEARS[0] + 2, YEARS[-1]):
                    own = [self.values.get((crime, code, t), (None,))[0] for t in range(y - 2, y + 1)]
                    riket = [self.values[crime, "0000", t][0] for t in range(y - 2, y + 1)]
                    if None in own:
                        continue
                    ratio = sum(own) / sum(riket)
                    self._put(kpi, code, y, 0.0 if ratio > 1.1 else 2.0 if ratio < 0.9 else 1.0)

    def _surveys(self, pop) -> None:
        large = set(self.kommuner["code"][[pop[c, 2020] > 40_000 for c in self.kommuner["code"]]])
        without = {*SHAPES.values(), *FORBUND} - {SHAPES["full"], SHAPES["ntu_only"]}   # Kolada-only, as their shape says
        ntu = (large - without) | {SHAPES["full"], SHAPES["ntu_only"]}
        medborg = (set(list(sorted(large))[::3]) - without - {SHAPES["ntu_only"]}) | {SHAPES["full"]}
        for kpi, (level, margin_kpi) in SURVEY.items():
            rng = _rng("survey", kpi)
            places = ntu if kpi != "N00610" else medborg
            years = NTU_YEARS if kpi != "N00610" else MEDBORG_YEARS
            for code in [*self.kommuner["code"], *sorted(set(self.kommuner["parent"])), "0000"]:
                base = level + rng.normal(0, 4)
                published = code in places or len(code) == 2 or code == "0000"
                for y in years:
                    value = round(float(np.clip(base + rng.normal(0, 1.2), 3, 97)), 1) if published else None
                    self._put(kpi, code, y, value)
                    if value is not None:
                        n = 190_000 if code == "0000" else 9_000 if len(code) == 2 else 700
                        self._put(margin_kpi, code, y, round(1.96 * np.sqrt(value * (100 - value) / n), 1))

    def _accidents(self, pop) -> None:
        for kpi, (level, window, per) in ACCIDENTS.items():
            rng = _rng("accident", kpi)
            group = AGE_SHARE.get(kpi)
            exposure = {k: p * group for k, p in pop.items()} if group else pop
            counts = {}
            for code in self.kommuner["code"]:
                rate = level * rng.lognormal(0, 0.25) / per
                for y in YEARS:
                    counts[code, y] = float(rng.poisson(rate * exposure[code, y]))
            first = 2024 if kpi == "N07415" else YEARS[0] + window - 1
            totals = {}
            for (code, y), n in counts.items():
                for geo in (code, code[:2], "0000"):
                    totals[geo, y] = totals.get((geo, y), 0.0) + n
            for geo in {g for g, _ in totals}:
                for y in range(first, ACCIDENT_LAST[kpi] + 1):
                    years = range(y - window + 1, y + 1)
                    if all((geo, t) in totals for t in years):
                        value = sum(totals[geo, t] for t in years) / sum(exposure[geo, t] for t in years) * per
                        self._put(kpi, geo, y, round(value, 2 if per == 1_000 else 1))
        rng = _rng("accident", "U07075")
        for code in [*self.kommuner["code"], *sorted(set(self.kommuner["parent"])), "0000"]:
            level = 6_900 * rng.lognormal(0, 0.15)
            for y in range(YEARS[0], ACCIDENT_LAST["U07075"] + 1):
                self._put("U07075", code, y, float(round(level * (1 + 0.01 * (y - 2018)) * rng.lognormal(0, 0.05))))
        for kpi in [*ACCIDENTS, "U07075"]:   # nothing but population and crime where the shape says so
            for y in YEARS:
                for shape in ("ntu_only", "population_only", "crime_only"):
                    self.values.pop((kpi, SHAPES[shape], y), None)

    def groups(self) -> list[dict]:
        """Kolada's comparison groups as served: Höglandskommunerna (G168177, Kolada's own id and members, SOURCES.md
        §1), and for each shape kommun a group of the seven kommuner nearest its size in this world (the test world's
        own ids, G9…, and members: Kolada's "liknande kommuner" groups are built from real structure), which as in
        Kolada lists the kommuner most like it, not the kommun itself."""
        pop = {c: self.pop[c, 2024] for c in self.kommuner["code"]}
        out = [{"id": "G168177", "title": "Höglandskommunerna (ovägt medel)",
                "members": [{"member_id": c, "member_title": self.names[c]} for c in ("0604", "0682", "0684", "0685", "0686")]}]
        for code in sorted({*SHAPES.values(), *FORBUND}):
            near = sorted((c for c in pop if c != code), key=lambda c: abs(pop[c] - pop[code]))[:7]
            out.append({"id": f"G9{code}", "title": f"Liknande kommuner socioekonomi, {self.names[code]}, 2024 (testvärld)",
                        "members": [{"member_id": c, "member_title": self.names[c]} for c in sorted(near)]})
        return out

    def answer(self, kpis: list[str], ids: list[str], years: list[int]) -> list[dict]:
        """The entries of a `/data/kpi/…` answer; a KPI-year with no row at all is left out, as Kolada does."""
        entries = []
        for kpi in kpis:
            for kid in ids:
                for year in years:
                    got = self.values.get((kpi, kid, year))
                    if got is None:
                        continue
                    value, status = got
                    entries.append({"kpi": kpi, "municipality": kid, "period": year,
                                    "values": [{"gender": "T", "count": 1, "status": status, "value": value,
                                                "isdeleted": False}]})
        return entries

    def old_answer(self, kpi: str, codes: list[str], years: range) -> dict:
        """A `/data` answer for U07452 or U07417 as Kolada gave it before 2024 (per 1 000, three-year means)."""
        values = [{"kpi": kpi, "municipality": c, "period": y,
                   "values": [{"gender": "T", "count": 1, "status": "", "value": self.old[kpi, c, y], "isdeleted": False}]}
                  for c in codes for y in years if (kpi, c, y) in self.old]
        return {"count": len(values), "next_url": None, "values": values}

    def flat_table(self, kpis: list[str], codes: list[str], years: range, old: bool = False) -> list[dict]:
        """Rows as rKolada's get_values() writes them: kpi, municipality_id, year, count, gender, status, value,
        municipality, municipality_type."""
        rows = []
        for kpi in kpis:
            for c in codes:
                for y in years:
                    if old:
                        if (kpi, c, y) not in self.old:
                            continue
                        value, status = self.old[kpi, c, y], ""
                    elif (kpi, c, y) in self.values:
                        value, status = self.values[kpi, c, y]
                    else:
                        continue
                    rows.append({"kpi": kpi, "municipality_id": c, "year": y, "count": 1, "gender": "T",
                                 "status": status, "value": value, "municipality": self.names[c],
                                 "municipality_type": "K"})
        return rows


_WORLD: World | None = None


def world() -> World:
    global _WORLD
    if _WORLD is None:
        _WORLD = World()
    return _WORLD


def kpi_entry(kpi: str, before_2024: bool = False) -> dict:
    """A `/kpi` entry: the real title and description; publication dates are the test world's own."""
    entry = dict((OLD_KPIS if before_2024 else KPIS)[kpi])
    period = entry.get("publ_period") or ""
    entry.setdefault("publication_date", f"{int(period) + 1}-03-31" if period else None)
    entry.setdefault("prel_publication_date", None)
    return entry


class WorldStandin(Loopback):
    """Kolada v3 on 127.0.0.1 serving the world: `/municipality`, `/kpi/IDS`, `/data/kpi/…` with next_url paging.
    `before_2024`: serve U07452 and U07417 as Kolada did then (their old /kpi description and values)."""

    def __init__(self, per_page: int = 5000, before_2024: bool = False):
        self.world, self.per_page, self.before_2024 = world(), per_page, before_2024
        super().__init__()

    def _entries(self, path: str, query: dict) -> list[dict]:
        parts = path.strip("/").split("/")
        if parts[1] == "municipality_groups":
            return self.world.groups()
        if parts[1] == "municipality":
            return [{"id": i, "title": n, "type": "K" if len(i) == 4 and not i.startswith("00") else "L"}
                    for i, n in sorted(self.world.names.items())]
        if parts[1] == "kpi":
            ids = parts[2].split(",") if len(parts) > 2 else list(KPIS)
            old = set(OLD_KPIS) if self.before_2024 else set()
            return [kpi_entry(k, k in old) for k in ids if k in KPIS]
        kpis, ids, years = parts[3].split(","), parts[5].split(","), [int(y) for y in parts[7].split(",")]
        entries = self.world.answer(kpis, ids, years)
        if self.before_2024:
            old = {k for k in kpis if k in OLD_KPIS}
            entries = [e for e in entries if e["kpi"] not in old]
            for kpi in old:
                entries += self.world.old_answer(kpi, ids, range(min(years), max(years) + 1))["values"]
        return entries

    def respond(self, path: str) -> tuple[int, dict, dict]:
        url = urlparse(path)
        query = parse_qs(url.query)
        entries = self._entries(url.path, query)
        size = min(int(query.get("per_page", [self.per_page])[0]), self.per_page)
        page = int(query.get("page", ["1"])[0])
        more = page * size < len(entries)
        next_url = f"{self.url}{url.path[3:]}?per_page={size}&page={page + 1}" if more else None
        chunk = entries[(page - 1) * size: page * size]
        return 200, {}, {"count": len(chunk), "next_url": next_url, "values": chunk}


FORBUND_PROGRAMME = """# A räddningstjänstförbund's own handlingsprogram (the test world's: real kommuner, made-up programme).
[programme]
name = "Handlingsprogram 2024–2027, Höglandets räddningstjänstförbund (testvärld)"
period = [2024, 2027]
kommuner = ["0682", "0685", "0686"]

[[malomrade]]
id = "brand"
title = "Färre bränder"
indicators = ["N07415", "olycka_raddningsinsatser"]
targets = []

[[malomrade]]
id = "offentlig_miljo"
title = "Färre brott i offentlig miljö"
indicators = ["bra_vald_utomhus", "N07543", "U07452"]
targets = ["offentlig_miljo_2024_2027"]

[[malomrade]]
id = "trygghet"
title = "Ökad trygghet"
indicators = ["N07609", "N00610"]
targets = []
"""


def fetched_data_dir(directory: Path, kommuner: list[str], first: int = YEARS[0], last: int = YEARS[-1]) -> Path:
    """A data dir as `python -m etl fetch kolada --kommun …` leaves it, fetched from the world on loopback."""
    from etl import fetch

    with WorldStandin() as kolada:   # its sources say where they came from: 127.0.0.1, not Kolada
        fetch.fetch_kolada(directory, kommuner, None, first, last, fetch.KoladaClient(kolada.url, attempts=2, backoff=0.1))
    return directory
