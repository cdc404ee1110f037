"""Evaluating the period targets (data/targets.toml) against the observations."""
from __future__ import annotations

import numpy as np
import pandas as pd

from lagesbild.catalogue import Target
from lagesbild.stats import YearlyCounts, period_rate_ratio, target_verdict

POPULATION = "N01951"
SHOWN = ("ok", "preliminary")
# Rates and what they are per: a rate × population / base is the count behind it (crime per 100 000,
# accidents per 1 000). Other units (shares, kronor per invånare) have no count.
PER_INHABITANTS = {"per 100 000 inv.": 100_000, "per 1 000 inv.": 1_000}


def recovered_counts(rows: pd.DataFrame) -> pd.Series:
    """The rows' counts; where a source gives only a rate (Kolada), rate × population / its base."""
    base = rows["unit"].map(PER_INHABITANTS).astype(float)
    return rows["count"].fillna((rows["value"] * rows["population"] / base).round())


def _annual(obs: pd.DataFrame) -> pd.DataFrame:
    one_year = obs["period_start"].dt.year == obs["period_end"].dt.year
    out = obs[one_year & (obs["group"] == "total") & obs["status"].isin(SHOWN)].copy()
    out["year"] = out["period_end"].dt.year
    return out


def population(obs: pd.DataFrame) -> pd.DataFrame:
    """Population per geo and year: Kolada N01951, else count / rate × 100 000 of a recorded series."""
    annual = _annual(obs)
    pop = annual[annual["indicator_id"] == POPULATION][["geo_code", "year", "value"]]
    derived = annual[annual["unit"].isin(list(PER_INHABITANTS)) & (annual["value"] > 0) & annual["count"].notna()]
    derived = derived.assign(value=derived["count"] / derived["value"] * derived["unit"].map(PER_INHABITANTS).astype(float))
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


def evaluate(obs: pd.DataFrame, targets: list[Target], kommuner: list[str]) -> pd.DataFrame:
    pop = population(obs)
    annual = _annual(obs)
    rows = []
    for t in targets:
        all_yearly = _yearly(annual[annual["indicator_id"].isin(t.indicators)], t.indicators, pop)
        columns = [all_yearly[c].to_numpy() for c in ("year", "count", "population")]
        rows_of = all_yearly.groupby("geo_code").indices
        no_rows = np.array([], dtype=int)
        for geo in (t.geo or kommuner):
            rows.append(evaluate_series(t, geo, YearlyCounts.from_arrays(*(c[rows_of.get(geo, no_rows)] for c in columns))))
    return pd.DataFrame(rows)


def evaluate_series(t: Target, geo: str, series: YearlyCounts) -> dict:
    """One target on one geography's yearly counts: a row of the store's targets table (also for counts
    summed over a förbund's kommuner, or cut at a bokslut's year)."""
    rr = period_rate_ratio(series, t.baseline, t.target)
    complete = set(range(t.target[0], t.target[1] + 1)) <= set(series.years.tolist())
    return {
        "target_id": t.id, "geo_code": geo, "indicator_id": "+".join(t.indicators),
        "baseline_period": period_label(t.baseline), "target_period": period_label(t.target),
        "baseline_total": rr.baseline_total if rr.baseline_years else np.nan,
        "target_total": rr.target_total if rr.target_years else np.nan,
        "rate_ratio": rr.rate_ratio, "ci_low": rr.ci_low, "ci_high": rr.ci_high,
        "method": rr.method, "verdict": target_verdict(rr, t.direction, complete),
    }


def yearly_by_geo(obs: pd.DataFrame, indicators: tuple[str, ...], pop: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """_yearly per geography: geo_code -> year, count, population, preliminary."""
    annual = _annual(obs)
    yearly = _yearly(annual[annual["indicator_id"].isin(indicators)], indicators, pop)
    columns = yearly.drop(columns="geo_code")  # once: dropping a column per geography takes seconds nationally
    return {geo: columns.iloc[rows].reset_index(drop=True) for geo, rows in yearly.groupby("geo_code").indices.items()}
