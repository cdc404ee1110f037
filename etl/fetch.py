"""`python -m etl fetch kolada`: KPI values from Kolada's open API (v3), kept raw, then imported.

v3 facts (see SOURCES.md): at most 25 ids per comma-separated path segment, so kommuner, KPIs
and years are batched; answers page with `next_url` until it is null. Timeouts, 429 (with its
Retry-After) and 5xx are retried with exponential backoff, a bounded number of times. The base
URL comes from `KOLADA_API_URL`, so tests run against a stand-in on loopback.

All pages are fetched and validated before anything is written; then `imports.commit` stages
them, builds in full and swaps them in. Offline or failing: a FetchError, and nothing changes.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin

import requests

from etl import imports
from etl.sources import kolada, kolada_kpi
from lagesbild import scb
from lagesbild.access import Writer
from lagesbild.catalogue import Indicator, catalogue as load_catalogue, in_group
from lagesbild.errors import ConfigError, FetchError

DEFAULT_URL = "https://api.kolada.se/v3"
BATCH = 25          # Kolada v3: ids per path segment
PER_PAGE = 5000     # Kolada v3's largest page
POPULATION = "N01951"
KOLADA_ID = re.compile(r"^[NU]\d{5}$")


def base_url() -> str:
    return os.environ.get("KOLADA_API_URL", DEFAULT_URL).rstrip("/")


def batches(ids: list[str], size: int = BATCH) -> list[list[str]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


class KoladaClient:
    """GET with bounded retries; `pages` follows next_url. `sleep` is injectable for tests."""

    def __init__(self, base: str | None = None, timeout: float = 30, attempts: int = 5, backoff: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep, session: requests.Session | None = None):
        self.base = (base or base_url()).rstrip("/")
        self.timeout, self.attempts, self.backoff, self.sleep = timeout, attempts, backoff, sleep
        self.session = session or requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": "Lagesbild (open source)"})

    def get(self, url: str) -> bytes:
        problem = ""
        for attempt in range(1, self.attempts + 1):
            wait = self.backoff * 2 ** (attempt - 1)
            try:
                response = self.session.get(url, timeout=self.timeout)
            except requests.Timeout:
                problem = "timeout"
            except requests.ConnectionError:
                raise FetchError(
                    f"Kunde inte nå Kolada ({self.base}). Kontrollera nätverksanslutningen och försök igen. Inget har ändrats.",
                    f"Could not reach Kolada ({self.base}). Check the network connection and try again. Nothing was changed.",
                ) from None
            else:
                if response.status_code == 200:
                    return response.content
                problem = f"HTTP {response.status_code}"
                if response.status_code == 429:
                    wait = _retry_after(response.headers.get("Retry-After"), wait)
                elif response.status_code < 500:
                    raise FetchError(f"Kolada svarade {problem} på {url}. Inget har ändrats.",
                                     f"Kolada answered {problem} to {url}. Nothing was changed.")
            if attempt < self.attempts:
                self.sleep(wait)
        raise FetchError(f"Kolada svarade inte ({problem}) efter {self.attempts} försök: {url}. Inget har ändrats.",
                         f"Kolada did not answer ({problem}) after {self.attempts} attempts: {url}. Nothing was changed.")

    def pages(self, url: str) -> Iterable[tuple[str, bytes]]:
        """(url, body) of every page of an answer, following next_url until it is null."""
        seen = set()
        while url and url not in seen:
            seen.add(url)
            body = self.get(url)
            yield url, body
            nxt = kolada.load_json(body, url).get("next_url")
            url = urljoin(url, nxt) if nxt else None


def _retry_after(header: str | None, default: float) -> float:
    """Retry-After in seconds (Kolada sends seconds); anything else falls back to the backoff."""
    try:
        return min(max(float(header), 0.0), 120.0)
    except (TypeError, ValueError):
        return default


def default_kpis(catalogue: dict[str, Indicator]) -> list[str]:
    """Every Kolada KPI in data/indicators.toml (the others, like Brå's categories, come from files)."""
    return [i for i in catalogue if KOLADA_ID.match(i)]


def kpis_to_fetch(requested: list[str] | None, catalogue: dict[str, Indicator]) -> list[str]:
    """The KPIs asked for, plus population, the osäkerhetstal of the survey KPIs among them and the earlier
    ids whose series they continue (U07415 for N07415)."""
    kpis = list(requested or default_kpis(catalogue))
    unknown = [k for k in kpis if k not in catalogue or not KOLADA_ID.match(k)]
    if unknown:
        raise ConfigError(f"KPI {', '.join(unknown)} finns inte som Kolada-indikator i indikatorkatalogen. "
                          f"Lägg till en Kolada-KPI med `python -m etl kpi add ID`.",
                          f"KPI {', '.join(unknown)} is not a Kolada indicator in the indicator catalogue. "
                          f"Add a Kolada KPI with `python -m etl kpi add ID`.")
    extra = [POPULATION] + [x for k in kpis for x in (catalogue[k].ci_indicator, catalogue[k].continues) if x]
    return list(dict.fromkeys(kpis + extra))


def definitions(metas: dict[str, kolada_kpi.KpiMeta], kpis: list[str], catalogue: dict[str, Indicator],
                years: str, name: str) -> dict[str, float]:
    """KPI -> the factor from Kolada's definition today to the catalogue's, where it is not 1; a definition
    that cannot be converted exactly stops the fetch before anything is written (kolada_kpi.scale_to)."""
    parents, later = kolada.margin_parents(catalogue), kolada.successors(catalogue)
    out = {}
    for kpi in kpis:
        if kpi in parents or kpi not in metas:   # an osäkerhetstal is in its KPI's unit, whatever its title says
            continue
        factor = kolada_kpi.scale_to(kpi, metas[kpi], catalogue[later.get(kpi, kpi)], years, name)
        if factor != 1.0:
            out[kpi] = factor
    return out


def geo_ids(kommuner: list[str]) -> list[str]:
    """Kolada ids of the kommuner, their län ("00" + län code) and riket, for comparison."""
    bad = [k for k in kommuner if not re.fullmatch(r"\d{4}", k) or k == "0000"]
    if bad or not kommuner:
        raise ConfigError(f"--kommun ska vara fyrsiffriga kommunkoder (t.ex. 0683,0685), inte {', '.join(bad) or 'tomt'}.",
                          f"--kommun must be four-digit municipality codes (e.g. 0683,0685), not {', '.join(bad) or 'empty'}.")
    return list(dict.fromkeys([*kommuner, *(f"00{k[:2]}" for k in kommuner), "0000"]))


def group_members(pages: list[imports.RawFile], kommuner: list[str]) -> list[str]:
    """The members of the kommuners' own groups (catalogue.in_group) in Kolada's `/municipality_groups` pages."""
    names = scb.geographies().set_index("code")["name"]
    out = []
    for page in pages:
        table = kolada.groups(kolada.load_json(page.data, page.origin), page.origin)
        for _, rows in table.groupby("group_id", sort=False):
            members = rows["member_code"].tolist()
            if any(in_group(rows["title"].iloc[0], members, k, names.get(k)) for k in kommuner):
                out += members
    return [c for c in dict.fromkeys(out) if c not in kommuner]


def data_urls(base: str, kpis: list[str], geos: list[str], years: list[int]) -> list[str]:
    return [f"{base}/data/kpi/{','.join(k)}/municipality/{','.join(g)}/year/{','.join(map(str, y))}?per_page={PER_PAGE}"
            for k in batches(kpis) for g in batches(geos) for y in batches(years)]


def fetch_kolada(data_dir: Path, kommuner: list[str], kpis: list[str] | None, first: int, last: int,
                 client: KoladaClient | None = None, writer: Writer | None = None,
                 on_wait: Callable[[], None] | None = None) -> imports.ImportResult:
    if not 1990 <= first <= last <= 2100:
        raise ConfigError(f"--from {first} --to {last}: väntade två årtal, det första inte efter det andra.",
                          f"--from {first} --to {last}: expected two years, the first not after the second.")
    catalogue = load_catalogue(data_dir)
    wanted = kpis_to_fetch(kpis, catalogue)
    geos = geo_ids(kommuner)
    client = client or KoladaClient()
    files, stems, metas = [], ["kolada/municipality"], {}
    # Kolada's own description of each KPI first, kept beside the values: its unit and averaging window say
    # what the values are (Kolada redefines KPIs under the same id), its publication dates how fresh they are.
    for url in [f"{client.base}/kpi/{','.join(batch)}?per_page={PER_PAGE}" for batch in batches(wanted)]:
        stems.append(f"kolada/kpi_{hashlib.sha1(url.removeprefix(client.base).encode()).hexdigest()[:10]}")
        for page in _pages(client, url, stems[-1], lambda body, name: kolada_kpi.parse(kolada.load_json(body, name), name)):
            metas.update(kolada_kpi.parse(kolada.load_json(page.data, page.origin), page.origin))
            files.append(page)
    scale = definitions(metas, wanted, catalogue, f"{first}–{last}", f"{client.base}/kpi")
    # Kolada's comparison groups ("Liknande kommuner socioekonomi, Vetlanda, 2024", förbund, SKR's kommungrupper):
    # all of them, as Kolada serves them (the build keeps the store's kommuners' own); the members of the chosen
    # kommuners' groups are fetched too, for the group's level and the kommun's place in it.
    stems.append("kolada/municipality_groups")
    group_pages = _pages(client, f"{client.base}/municipality_groups?per_page={PER_PAGE}", stems[-1],
                         lambda body, name: kolada.groups(kolada.load_json(body, name), name))
    files += group_pages
    geos = list(dict.fromkeys([*geos, *group_members(group_pages, kommuner)]))
    for url in data_urls(client.base, wanted, geos, list(range(first, last + 1))):
        stems.append(f"kolada/data_{hashlib.sha1(url.removeprefix(client.base).encode()).hexdigest()[:10]}")
        pages = _pages(client, url, stems[-1], lambda body, name: kolada.parse_data(body, name, catalogue))
        files += [replace(p, scale={k: f for k, f in scale.items() if k in url}) if scale else p for p in pages]
    files += _pages(client, f"{client.base}/municipality?per_page={PER_PAGE}", stems[0], kolada.parse_municipalities)
    # A query that now has fewer pages than last time: its old extra pages go.
    raw, written = Path(data_dir) / "raw", {f.rel for f in files}
    stale = [rel for stem in stems for p in raw.glob(f"{stem}_p*.json")
             if (rel := p.relative_to(raw).as_posix()) not in written]
    return imports.commit(data_dir, files, remove=tuple(stale), writer=writer, official=True, on_wait=on_wait)


def _pages(client: KoladaClient, url: str, stem: str, validate) -> list[imports.RawFile]:
    """Every page of one answer as raw files stem.json, stem_p2.json, …, each validated."""
    out = []
    for n, (page_url, body) in enumerate(client.pages(url), start=1):
        validate(body, page_url)
        retrieved = datetime.now(timezone.utc).isoformat(timespec="seconds")
        out.append(imports.RawFile(f"{stem}.json" if n == 1 else f"{stem}_p{n}.json", body, page_url, retrieved))
    return out
