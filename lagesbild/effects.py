"""The measured effect of each EST insats on the monthly incident counts of its area.

- Interrupted time series: a segmented Poisson GLM on monthly counts, log μ = level + trend +
  month-of-year + post·β; the effect is exp(β), the rate ratio after vs before the start.
- Difference-in-differences, when a comparison area is given: a Poisson GLM on both areas' monthly
  counts with area and month fixed effects and treated·post·β; the effect is exp(β).
Overdispersion widens the interval: scale = max(1, Pearson χ²/df) (never narrower than Poisson).
A change is called a change only when the whole 95 % interval is on one side of 1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_MONTHS_AFTER = 6        # fewer months after the start: too early to judge
MIN_MONTHS_BEFORE = 6
PEAK_WINDOW = 3             # months just before the start …
PEAK_QUANTILE = 0.9         # … above this quantile of the earlier months = chosen after a peak
MIN_HISTORY_FOR_PEAK = 12
Z95 = 1.959963984540054
TOTAL = "total"
VERDICTS = ("reduced", "increased", "no_detectable_change", "too_early")
METHODS = ("its_segmented_poisson", "did_poisson")
EFFECT_COLUMNS = ["intervention", "area", "category", "method", "effect", "ci_low", "ci_high", "verdict",
                  "months_before", "months_after", "mean_before", "mean_after", "dispersion",
                  "peak_before_start", "displacement_effect", "displacement_ci_low", "displacement_ci_high",
                  "neighbour_areas"]


@dataclass(frozen=True)
class Effect:
    effect: float
    ci_low: float
    ci_high: float
    dispersion: float


def verdict(ci_low: float, ci_high: float, months_after: int) -> str:
    if months_after < MIN_MONTHS_AFTER:
        return "too_early"
    if ci_high < 1:
        return "reduced"
    if ci_low > 1:
        return "increased"
    return "no_detectable_change"


def _poisson_irls(y: np.ndarray, X: np.ndarray, tol: float = 1e-8, max_iter: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A Poisson GLM with log link fitted as statsmodels' `GLM(y, X, family=Poisson()).fit()` does it (IRLS from
    μ = (y + ȳ)/2, each step a weighted least squares by pseudo-inverse, until the deviance changes by less than
    `tol`): (β, the unscaled covariance (XᵀWX)⁺, μ). In NumPy, because importing statsmodels took a fresh
    clone's first build ~1 s and its fits ~1.5 s more (issue 29); tests/test_effects.py checks it against GLM."""
    mu = (y + y.mean()) / 2
    eta = np.log(mu)
    deviance = np.inf
    for _ in range(max_iter):
        w = mu
        z = eta + (y - mu) / mu
        root = np.sqrt(w)
        pinv = np.linalg.pinv(X * root[:, None])
        beta = pinv @ (z * root)
        eta = X @ beta
        mu = np.exp(eta)
        with np.errstate(divide="ignore", invalid="ignore"):
            previous, deviance = deviance, 2 * float(np.sum(np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)))
        if abs(deviance - previous) <= tol:
            break
    return beta, pinv @ pinv.T, mu


def _fit(y: np.ndarray, X: np.ndarray, column: int) -> Effect:
    """exp(β[column]) with a 95 % CI, scale max(1, χ²/df)."""
    beta, cov, mu = _poisson_irls(y, X)
    df_resid = len(y) - np.linalg.matrix_rank(X)
    dispersion = float(np.sum((y - mu) ** 2 / mu)) / df_resid if df_resid > 0 else 1.0
    se = math.sqrt(cov[column, column] * max(1.0, dispersion))
    b = float(beta[column])
    return Effect(math.exp(b), math.exp(b - Z95 * se), math.exp(b + Z95 * se), float(dispersion))


def _design(months: pd.Series) -> pd.DataFrame:
    """Trend (per year) and month-of-year dummies, when the series is long enough for seasonality."""
    trend = (months.dt.year - months.dt.year.min()) + (months.dt.month - 1) / 12
    X = pd.DataFrame({"const": 1.0, "trend": trend.to_numpy(dtype=float)}, index=months.index)
    if months.dt.year.nunique() >= 2 and len(months) >= 24:
        dummies = pd.get_dummies(months.dt.month, prefix="m", drop_first=True, dtype=float)
        X = pd.concat([X, dummies.set_axis(months.index)], axis=1)
    return X


def its_design(series: pd.DataFrame, start: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """The counts and the design of the interrupted series: constant, trend, after the start (column 2), months."""
    s = series.sort_values("month").reset_index(drop=True)
    X = _design(s["month"])
    X.insert(2, "post", (s["month"] >= start).astype(float))
    return s["count"].to_numpy(dtype=float), X.to_numpy()


def its_effect(series: pd.DataFrame, start: pd.Timestamp) -> Effect:
    """series: month (first day), count. Level change at `start` as a rate ratio after/before."""
    return _fit(*its_design(series, start), 2)


def did_design(treated: pd.DataFrame, comparison: pd.DataFrame, start: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """The counts and the design of the difference in differences: constant, area, treated × after the start
    (column 2), month fixed effects."""
    both = pd.concat([treated.assign(treated=1.0), comparison.assign(treated=0.0)], ignore_index=True)
    month_fe = pd.get_dummies(both["month"].dt.strftime("%Y-%m"), prefix="t", drop_first=True, dtype=float)
    X = pd.concat([pd.DataFrame({"const": 1.0, "treated": both["treated"],
                                 "did": both["treated"] * (both["month"] >= start)}), month_fe], axis=1)
    return both["count"].to_numpy(dtype=float), X.to_numpy()


def did_effect(treated: pd.DataFrame, comparison: pd.DataFrame, start: pd.Timestamp) -> Effect:
    """Two areas' monthly counts: area + month fixed effects; β on treated × after start."""
    return _fit(*did_design(treated, comparison, start), 2)


def peak_before_start(series: pd.DataFrame, start: pd.Timestamp) -> str:
    """'yes' if the mean of the last three months before the start was above the 90th percentile
    of the area's earlier months (chosen after a peak: expect some fall anyway), 'no', or 'unknown'."""
    before = series[series["month"] < start].sort_values("month")
    recent, earlier = before.tail(PEAK_WINDOW), before.iloc[:-PEAK_WINDOW]
    if len(recent) < PEAK_WINDOW or len(earlier) < MIN_HISTORY_FOR_PEAK:
        return "unknown"
    return "yes" if recent["count"].mean() > earlier["count"].quantile(PEAK_QUANTILE) else "no"


def monthly(counts: pd.DataFrame, areas: list[str], category: str) -> pd.DataFrame:
    """month, count summed over some areas, for one category ('total' = all)."""
    ind = "inc_total" if category == TOTAL else f"inc_{category}"
    rows = counts[(counts["indicator_id"] == ind) & counts["geo_code"].isin(areas)]
    return rows.groupby("period_start", as_index=False)["count"].sum().rename(columns={"period_start": "month"})


def incident_counts(observations: pd.DataFrame) -> pd.DataFrame:
    """The monthly incident rows of the store's observations."""
    return observations[observations["indicator_id"].str.startswith("inc_")
                        & (observations["group"] == "total")][["geo_code", "period_start", "indicator_id", "count"]]


def categories(counts: pd.DataFrame) -> list[str]:
    ids = sorted(set(counts["indicator_id"]) - {"inc_total"})
    return [TOTAL, *(i.removeprefix("inc_") for i in ids)]


def evaluate(observations: pd.DataFrame, interventions: pd.DataFrame, geographies: pd.DataFrame,
             as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per insats and category (`total` first): effect, 95 % CI, verdict and the caveats; `as_of`
    (a month): from the months up to it only, as a document dated then would have had it."""
    counts = incident_counts(observations)
    if as_of is not None:
        counts = counts[counts["period_start"] <= as_of]
    parent = dict(zip(geographies["code"], geographies["parent"]))
    areas_with_data = set(counts["geo_code"])
    rows = []
    for ins in interventions.to_dict("records"):
        area, start = ins["area"], pd.Timestamp(ins["start"]).to_period("M").to_timestamp()
        comparison = ins["comparison_area"] or None
        end = pd.Timestamp(ins["end"]).to_period("M").to_timestamp() if pd.notna(ins["end"]) else None
        neighbours = sorted(a for a in areas_with_data
                            if parent.get(a) == parent.get(area) and a not in (area, comparison))
        for category in categories(counts[counts["geo_code"] == area]):
            own = _window(monthly(counts, [area], category), end)
            row = {"intervention": ins["intervention"], "area": area, "category": category,
                   "method": "did_poisson" if comparison else "its_segmented_poisson",
                   **_estimate(own, start, comparison and _window(monthly(counts, [comparison], category), end)),
                   "peak_before_start": peak_before_start(own, start),
                   "neighbour_areas": ",".join(neighbours)}
            shifted = _window(monthly(counts, neighbours, category), end) if neighbours else own.iloc[0:0]
            disp = _estimate(shifted, start, None) if len(shifted) else {}
            row.update({"displacement_effect": disp.get("effect", np.nan),
                        "displacement_ci_low": disp.get("ci_low", np.nan),
                        "displacement_ci_high": disp.get("ci_high", np.nan)})
            rows.append(row)
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS)


def _counted_on_both_sides(series: pd.DataFrame, start: pd.Timestamp) -> bool:
    return series.loc[series["month"] < start, "count"].sum() > 0 and series.loc[series["month"] >= start, "count"].sum() > 0


def _window(series: pd.DataFrame, end: pd.Timestamp | None) -> pd.DataFrame:
    """The months the insats can be judged on: up to its last month when it has ended."""
    return series if end is None else series[series["month"] <= end].reset_index(drop=True)


def _estimate(own: pd.DataFrame, start: pd.Timestamp, comparison: pd.DataFrame | None) -> dict:
    before, after = own[own["month"] < start], own[own["month"] >= start]
    out = {"months_before": len(before), "months_after": len(after),
           "mean_before": float(before["count"].mean()) if len(before) else np.nan,
           "mean_after": float(after["count"].mean()) if len(after) else np.nan,
           "effect": np.nan, "ci_low": np.nan, "ci_high": np.nan, "dispersion": np.nan}
    if len(after) < MIN_MONTHS_AFTER or len(before) < MIN_MONTHS_BEFORE or before["count"].sum() == 0:
        out["verdict"] = "too_early" if len(after) < MIN_MONTHS_AFTER else "no_detectable_change"
        return out
    if after["count"].sum() == 0 or (comparison is not None and not _counted_on_both_sides(comparison, start)):
        # The GLM's β runs to ±∞ when nothing is counted after the start, or the comparison area has no
        # incident before or after it (an OverflowError, once); no honest interval from it.
        out["verdict"] = "no_detectable_change"
        return out
    est = its_effect(own, start) if comparison is None else did_effect(own, comparison, start)
    out.update(effect=est.effect, ci_low=est.ci_low, ci_high=est.ci_high, dispersion=est.dispersion,
               verdict=verdict(est.ci_low, est.ci_high, len(after)))
    return out
