"""Evaluating the period targets (data/targets.toml) against the observations.

Each kommun is judged on the first of the target's definitions (`indicators`, then `alternatives`) for
which it has every year the verdict needs; the definition used is stored with the verdict. A target
period under way is `pending` while its baseline is complete; a period that has ended is never pending:
without every year of some definition it is `insufficient_data`, and `missing` says which parts lack
which years (of the definition closest to complete), e.g. "N07543:2022,2023;U07452:2023".
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from lagesbild.catalogue import Target
from lagesbild.stats import (Variation, YearlyCounts, period_rate_ratio, pooled_variation, series_variation,
                             target_verdict)

POPULATION = "N01951"
SHOWN = ("ok", "preliminary")
# Rates and what they are per: a rate × population / base is the count behind it (crime per 100 000,
# accidents per 1 000). Other units (shares, kronor per invånare) have no count.
def recovered_counts(rows: pd.DataFrame) -> pd.Series:
    """The rows' counts; where a source gives only a rate (Kolada), rate × population / its base, times the
    years a value pools (a three-year mean counts the events of three years)."""
    base = rows["unit"].map(inhabitants_per).astype(float)
    return rows["count"].fillna((rows["value"] * rows["population"] * window_years(rows) / base).round())


def window_years(rows: pd.DataFrame) -> pd.Series | int:
    """How many years each row's value covers: 1 for a year, 3 for a three-year mean (1 without periods)."""
    if "period_start" not in rows:
        return 1
    return rows["period_end"].dt.year - rows["period_start"].dt.year + 1


@functools.lru_cache(maxsize=256)   # a store has a handful of units and 100 000 rows
def inhabitants_per(unit: str) -> float | None:
    """The population a rate is per: 100 000 for 'per 100 000 inv.', 1 000 for Kolada's 'antal/1000 inv';
    None for a unit that is not a rate of a count of the whole population (%, kr/inv, minutes, or a rate
    of an age group such as 'per 100 000 inv. 65+ år', whose denominator the store does not hold)."""
    m = re.fullmatch(r"(?:antal\s*)?(?:per|/)\s*(\d[\d\s]*)\s*inv(?:ånare)?\.?\s*", str(unit).strip())
    return float(m.group(1).replace(" ", "")) if m else None


def whole_years(obs: pd.DataFrame) -> pd.Series:
    """Rows whose period is one calendar year (not a month, a survey's weeks or a pooled period)."""
    start, end = obs["period_start"], obs["period_end"]
    return ((start.dt.year == end.dt.year) & (start.dt.month == 1) & (start.dt.day == 1)
            & (end.dt.month == 12) & (end.dt.day == 31))


def calendar_months(obs: pd.DataFrame) -> pd.Series:
    """Rows whose period is one calendar month (Brå's monthly counts, incident counts)."""
    start, end = obs["period_start"], obs["period_end"]
    return (start.dt.day == 1) & (end == start + pd.offsets.MonthEnd(0))


def _annual(obs: pd.DataFrame) -> pd.DataFrame:
    out = obs[whole_years(obs) & (obs["group"] == "total") & obs["status"].isin(SHOWN)].copy()
    out["year"] = out["period_end"].dt.year
    return out


def population(obs: pd.DataFrame) -> pd.DataFrame:
    """Population per geo and year: Kolada N01951, else count / rate × 100 000 of a recorded series."""
    annual = _annual(obs)
    pop = annual[annual["indicator_id"] == POPULATION][["geo_code", "year", "value"]]
    per = annual["unit"].map(inhabitants_per).astype(float).to_numpy()
    keep = ~np.isnan(per) & (annual["value"] > 0).to_numpy() & annual["count"].notna().to_numpy()
    derived = annual[keep]
    derived = derived.assign(value=derived["count"] / derived["value"] * per[keep])
    derived = derived.groupby(["geo_code", "year"], as_index=False)["value"].median()
    both = pd.concat([pop, derived]).drop_duplicates(["geo_code", "year"], keep="first")
    return both.rename(columns={"value": "population"})


def _yearly(rows: pd.DataFrame, indicators: tuple[str, ...], pop: pd.DataFrame) -> pd.DataFrame:
    """geo_code, year, count summed over `indicators`, population, preliminary for every geo in `rows`
    (annual rows of the indicators); only years with every indicator and a population."""
    rows = rows.merge(pop[["geo_code", "year", "population"]], on=["geo_code", "year"], how="left")
    rows["count"] = recovered_counts(rows)  # Kolada gives only rates
    rows["preliminary"] = rows["status"] == "preliminary"
    per_year = rows.groupby(["geo_code", "year"]).agg(count=("count", "sum"), n=("count", "count"),
                                                      population=("population", "first"),
                                                      preliminary=("preliminary", "any"))
    complete = (per_year["n"] == len(indicators)) & per_year["population"].notna()
    return per_year[complete].drop(columns="n").reset_index()


def period_label(period: tuple[int, int]) -> str:
    return f"{period[0]}-{period[1]}"


def _years(period: tuple[int, int]) -> range:
    return range(period[0], period[1] + 1)


def _missing(definition: tuple[str, ...], geo: str, years, present: set, populated: set) -> dict[str, tuple[int, ...]]:
    """The parts of a definition (and the population) that lack some of `years` for `geo`."""
    out = {}
    for part in (*definition, POPULATION):
        lacking = tuple(y for y in years if ((geo, y) not in populated if part == POPULATION
                                              else (geo, part, y) not in present))
        if lacking:
            out[part] = lacking
    return out


def missing_text(missing: dict[str, tuple[int, ...]]) -> str:
    return ";".join(f"{part}:{','.join(map(str, years))}" for part, years in missing.items())


def missing_parts(text: str) -> dict[str, list[int]]:
    """The targets table's `missing` back as part -> years."""
    pairs = (item.split(":", 1) for item in str(text or "").split(";") if ":" in item)
    return {part: [int(y) for y in years.split(",") if y] for part, years in pairs}


def evaluate(obs: pd.DataFrame, targets: list[Target], kommuner: list[str], today: date | None = None) -> pd.DataFrame:
    this_year = (today or date.today()).year
    pop = population(obs)
    annual = _annual(obs)
    present = set(zip(annual["geo_code"], annual["indicator_id"], annual["year"]))
    populated = set(zip(pop["geo_code"], pop["year"]))
    rows = []
    for t in targets:
        ended = t.target[1] < this_year
        needed = range(0) if not ended else _years(t.target)
        series_of, pooled_of = {}, {}
        for definition in t.definitions:
            yearly = _yearly(annual[annual["indicator_id"].isin(definition)], definition, pop)
            series_of[definition] = ([yearly[c].to_numpy() for c in ("year", "count", "population")],
                                     yearly.groupby("geo_code").indices)
        for geo in (t.geo or kommuner):
            gaps = [(d, _missing(d, geo, [*_years(t.baseline), *needed], present, populated)) for d in t.definitions]
            usable = next((d for d, m in gaps if not m), None)
            if usable is None:
                definition, missing = min(gaps, key=lambda g: sum(map(len, g[1].values())))
                rows.append({"target_id": t.id, "geo_code": geo, "baseline_period": period_label(t.baseline),
                             "target_period": period_label(t.target), "indicator_id": "+".join(definition),
                             "baseline_total": np.nan, "target_total": np.nan, "rate_ratio": np.nan, "ci_low": np.nan,
                             "ci_high": np.nan, "method": "insufficient_data", "verdict": "insufficient_data",
                             "missing": missing_text(missing), "year_variation": np.nan})
                continue
            complete = not _missing(usable, geo, _years(t.target), present, populated)
            if usable not in pooled_of:  # computed once per definition, and only for a series too short for its own
                pooled_of[usable] = functools.cache(functools.partial(_pooled, t, series_of[usable], kommuner))
            rows.append(evaluate_series(t, geo, _geo_series(series_of[usable], geo), usable, complete,
                                        pooled_of[usable]))
    columns = ["target_id", "geo_code", "indicator_id", "baseline_period", "target_period", "baseline_total",
               "target_total", "rate_ratio", "ci_low", "ci_high", "method", "verdict", "missing", "year_variation"]
    return pd.DataFrame(rows, columns=columns)


def _geo_series(arrays: tuple[list[np.ndarray], dict], geo: str) -> YearlyCounts:
    columns, rows_of = arrays
    return YearlyCounts.from_arrays(*(c[rows_of.get(geo, np.array([], dtype=int))] for c in columns))


def _pooled(t: Target, arrays: tuple[list[np.ndarray], dict], kommuner: list[str]) -> Variation:
    """The variation of every kommun's series of a definition together: what a series too short for its own
    is pooled with."""
    return pooled_variation([_geo_series(arrays, k) for k in kommuner if k in arrays[1]], _compared(t))


def _compared(t: Target) -> tuple[range, range]:
    return _years(t.baseline), _years(t.target)


def evaluate_series(t: Target, geo: str, series: YearlyCounts, definition: tuple[str, ...] | None = None,
                    complete: bool | None = None, pooled: Callable[[], Variation] | None = None) -> dict:
    """One target on one geography's yearly counts of `definition` (default: the target's first): a row
    of the store's targets table (also for counts summed over a förbund's kommuner, or cut at a
    bokslut's year). `complete`: every target year is in (default: judged from the series' years).
    The series' variation from year to year is its own, around its trend with the baseline and target
    periods each at a level of their own; `pooled()` (the kommuner's series of the same definition
    together) when the series is too short (stats.series_variation)."""
    variation = series_variation(series, _compared(t), pooled=pooled)
    rr = period_rate_ratio(series, t.baseline, t.target, variation=variation)
    if complete is None:
        complete = set(range(t.target[0], t.target[1] + 1)) <= set(series.years.tolist())
    return {
        "target_id": t.id, "geo_code": geo, "indicator_id": "+".join(definition or t.indicators),
        "baseline_period": period_label(t.baseline), "target_period": period_label(t.target),
        "baseline_total": rr.baseline_total if rr.baseline_years else np.nan,
        "target_total": rr.target_total if rr.target_years else np.nan,
        "rate_ratio": rr.rate_ratio, "ci_low": rr.ci_low, "ci_high": rr.ci_high,
        "method": rr.method + ("_pooled" if rr.variation.pooled and rr.variation.alpha > 0 else ""),
        "verdict": target_verdict(rr, t.direction, complete), "missing": "", "year_variation": rr.variation.cv,
    }


def yearly_by_geo(obs: pd.DataFrame, indicators: tuple[str, ...], pop: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """_yearly per geography: geo_code -> year, count, population, preliminary."""
    annual = _annual(obs)
    yearly = _yearly(annual[annual["indicator_id"].isin(indicators)], indicators, pop)
    columns = yearly.drop(columns="geo_code")  # once: dropping a column per geography takes seconds nationally
    return {geo: columns.iloc[rows].reset_index(drop=True) for geo, rows in yearly.groupby("geo_code").indices.items()}
