"""Statistics for Lägesbild: survey shares, crime rate ratios and target verdicts.

Pure computation, no UI imports. Shares are in percent (0-100) except
`wilson_ci`, which returns proportions (0-1) like statsmodels does.
statsmodels and scipy are imported inside the functions that use them: they take
seconds to import, and most callers (the app's first page) never need them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import pandas as pd

NAN = float("nan")

# Survey CIs from the source are published at 95 %; their SE is recovered with this z.
SOURCE_CI_Z = 1.959963984540054


@dataclass(frozen=True)
class ShareEstimate:
    share: float  # percent
    ci_low: float  # percent
    ci_high: float  # percent
    n: int  # unweighted respondents
    n_eff: float  # Kish effective sample size
    method: str  # "wilson" or "wilson_kish_deff"


@dataclass(frozen=True)
class Difference:
    diff: float  # percentage points, a - b
    ci_low: float
    ci_high: float
    p_value: float
    significant: bool


def _z(level: float) -> float:
    return NormalDist().inv_cdf(1 - (1 - level) / 2)


# --- Survey shares ---------------------------------------------------------


def wilson_ci(count: float, n: float, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for count/n, as proportions in [0, 1]."""
    if n <= 0:
        return (NAN, NAN)
    if not 0 <= count <= n:
        raise ValueError(f"count must be within [0, n], got count={count}, n={n}")
    low, high = _wilson(count, n, level)
    return (float(low), float(high))


def _wilson(count, n, level: float):
    """Wilson interval for count/n (numbers or arrays), clipped to [0, 1]: the formula of
    statsmodels' `proportion_confint(method="wilson")`, without importing statsmodels."""
    z = _z(level)
    p = count / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def weighted_share(
    yes: np.ndarray, weights: np.ndarray | None, level: float = 0.95
) -> ShareEstimate:
    """Weighted share answering yes, with a design-effect-corrected Wilson CI.

    Weights inflate variance; using the Kish effective sample size in the
    Wilson formula keeps the interval honest without needing the full design.
    """
    yes = np.asarray(yes, dtype=bool)
    n = int(yes.size)

    if weights is None:
        if n == 0:
            return ShareEstimate(NAN, NAN, NAN, 0, 0.0, "wilson")
        count = float(yes.sum())
        low, high = wilson_ci(count, n, level)
        return ShareEstimate(100 * count / n, 100 * low, 100 * high, n, float(n), "wilson")

    w = np.asarray(weights, dtype=float)
    if w.shape != yes.shape:
        raise ValueError("yes and weights must have the same shape")
    if np.any(~np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and non-negative")
    total_w = float(w.sum())
    if n == 0 or total_w == 0:
        return ShareEstimate(NAN, NAN, NAN, n, 0.0, "wilson_kish_deff")

    n_eff = total_w**2 / float(np.sum(w**2))
    p = float(np.sum(w[yes])) / total_w
    low, high = wilson_ci(p * n_eff, n_eff, level)
    return ShareEstimate(100 * p, 100 * low, 100 * high, n, n_eff, "wilson_kish_deff")


def weighted_shares(sums: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """`weighted_share` for many groups at once, from per-group sums of the weights (`sum_w`),
    their squares (`sum_w2`) and the weights of yes answers (`sum_w_yes`): share, ci_low, ci_high
    in percent and the Kish effective sample size n_eff, with the same Wilson interval."""
    n_eff = sums["sum_w"] ** 2 / sums["sum_w2"]
    p = sums["sum_w_yes"] / sums["sum_w"]
    low, high = _wilson((p * n_eff).to_numpy(), n_eff.to_numpy(), level)
    return pd.DataFrame({"share": 100 * p, "ci_low": 100 * low, "ci_high": 100 * high,
                         "n_eff": n_eff}, index=sums.index)


def share_difference(
    a_value: float,
    a_ci_low: float,
    a_ci_high: float,
    b_value: float,
    b_ci_low: float,
    b_ci_high: float,
    level: float = 0.95,
) -> Difference:
    """Normal test for a - b between two independent published shares (percent).

    Each SE is recovered from its published 95 % CI as (full width / 2) / 1.96;
    averaging both halves absorbs the asymmetry of Wilson intervals.
    """
    se_a = (a_ci_high - a_ci_low) / 2 / SOURCE_CI_Z
    se_b = (b_ci_high - b_ci_low) / 2 / SOURCE_CI_Z
    diff = a_value - b_value
    se = math.sqrt(se_a**2 + se_b**2) if np.isfinite([se_a, se_b]).all() else NAN
    if not (np.isfinite(diff) and np.isfinite(se)) or se <= 0:
        return Difference(diff if np.isfinite(diff) else NAN, NAN, NAN, NAN, False)

    z = _z(level)
    p_value = math.erfc(abs(diff) / se / math.sqrt(2))  # two-sided normal p
    return Difference(
        diff=float(diff),
        ci_low=float(diff - z * se),
        ci_high=float(diff + z * se),
        p_value=p_value,
        significant=bool(p_value < 1 - level),
    )


# --- Counts: one uncertainty model for every change, comparison, target and projection ------------
#
# A yearly count varies more than chance alone (Poisson) explains: the rate itself moves from year to
# year. Counts are negative binomial (NB2, variance μ + αμ²), α being the squared coefficient of
# variation of the rate from year to year. α is the series' own: the moment estimate (Pearson χ² equal
# to its degrees of freedom) around a Poisson GLM with a log-linear trend, a step at each series break
# and a level of its own for each period being compared, so the compared years' own deviations never
# inflate it; a series with fewer than MIN_OWN_DF degrees of freedom is pooled with the store's other
# kommuner (one α for them all, the same equation summed over the series). Two periods are compared by
# the score test and interval for two Poisson rates (statsmodels' score method) on their effective
# counts W = Σ μ/(1 + αμ), the information the NB model has about each period's rate, with Student's t
# on α's degrees of freedom in place of the normal quantile.


@dataclass(frozen=True)
class YearlyCounts:
    """One series' complete years in order: year, count and (positive) population.

    A value that pools several years (a three-year mean) counts the events of all its years, with the
    population summed over them as its exposure; only windows that do not overlap belong in one series."""

    years: np.ndarray  # int
    counts: np.ndarray
    population: np.ndarray

    @classmethod
    def from_arrays(cls, years, counts, population) -> YearlyCounts:
        """Drops years with a missing value, sorts by year; rejects duplicate years and non-positive population."""
        table = np.column_stack([np.asarray(a, dtype=float) for a in (years, counts, population)])
        table = table[~np.isnan(table).any(axis=1)]
        years = table[:, 0].astype(int)
        if (table[:, 2] <= 0).any():
            raise ValueError("population must be positive")
        order = np.argsort(years, kind="stable")
        years = years[order]
        if (np.diff(years) == 0).any():
            raise ValueError("yearly has duplicate years")
        return cls(years, table[order, 1], table[order, 2])

    @classmethod
    def from_frame(cls, yearly: pd.DataFrame) -> YearlyCounts:
        """From a frame with columns year, count, population."""
        columns = yearly[["year", "count", "population"]].to_numpy(dtype=float, na_value=np.nan)
        return cls.from_arrays(columns[:, 0], columns[:, 1], columns[:, 2])

    def within(self, period: tuple[int, int]) -> YearlyCounts:
        """The years in the inclusive period (first_year, last_year)."""
        keep = (self.years >= period[0]) & (self.years <= period[1])
        return YearlyCounts(self.years[keep], self.counts[keep], self.population[keep])

    def until(self, year: int) -> YearlyCounts:
        return self.within((-10**9, year))

    @property
    def year_tuple(self) -> tuple[int, ...]:
        return tuple(self.years.tolist())

    @property
    def total(self) -> float:
        return float(self.counts.sum())


MIN_OWN_DF = 4  # fewer degrees of freedom for α in a series' own years: pooled with the store's kommuner


@dataclass(frozen=True)
class Variation:
    """A count series' variation beyond chance: NB2's α and the degrees of freedom of its estimate
    (infinite for a known α, e.g. 0 for pure Poisson); `pooled` when it comes from many kommuner."""
    alpha: float = 0.0
    df: float = math.inf
    pooled: bool = False

    @property
    def cv(self) -> float:
        """The rate's usual variation from year to year, as a share (α = CV²): 0.05 is ±5 %."""
        return math.sqrt(self.alpha)

    def quantile(self, level: float = 0.95) -> float:
        """The two-sided quantile for intervals: Student's t on α's degrees of freedom, the normal one
        when there is no variation beyond chance (or α is known)."""
        if self.alpha <= 0 or math.isinf(self.df):
            return _z(level)
        from scipy import special

        return float(special.stdtrit(self.df, (1 + level) / 2))

    def p_value(self, statistic: float) -> float:
        """Two-sided p-value of a score statistic on the same distribution as `quantile`."""
        if self.alpha <= 0 or math.isinf(self.df):
            return math.erfc(abs(statistic) / math.sqrt(2))
        from scipy import special

        return float(2 * special.stdtr(self.df, -abs(statistic)))


POISSON = Variation()


def trend_design(years, compared: Sequence[Sequence[int]] = (), breaks: Sequence[int] = (),
                 season: Sequence | None = None) -> np.ndarray:
    """The model α is estimated around, one row per year (or month): intercept, a log-linear trend, a
    step at each series break inside the years, a level for each season (month of the year, for monthly
    counts) and for each period being compared; a column the others already determine is left out (e.g.
    the intercept when the compared periods cover every year)."""
    years = np.asarray(years, dtype=float)
    columns = [np.ones_like(years), years - years.mean() if len(years) else years]
    columns += [(years >= b).astype(float) for b in breaks if years.min(initial=b) < b <= years.max(initial=b - 1)]
    if season is not None:
        season = np.asarray(season)
        columns += [(season == s).astype(float) for s in np.unique(season)[1:]]
    columns += [np.isin(years, list(period)).astype(float) for period in compared]
    kept: list[np.ndarray] = []
    for column in columns:
        if column.any() and np.linalg.matrix_rank(np.column_stack([*kept, column])) > len(kept):
            kept.append(column)
    return np.column_stack(kept) if kept else np.empty((len(years), 0))


def poisson_trend(counts: np.ndarray, exposure: np.ndarray, design: np.ndarray) -> np.ndarray:
    """The fitted means of a Poisson GLM (log link, offset log exposure) for several series at once:
    counts and exposure (series × years), one design (years × columns); Newton's method (IRLS)."""
    offset = np.log(exposure)
    # start from least squares on the log rates (half an event added, so a zero count has a log)
    beta = (np.log(counts + 0.5) - offset) @ design @ np.linalg.inv(design.T @ design)
    ridge = 1e-12 * np.eye(design.shape[1])  # a period without events drives its level to -inf: keep solving
    for _ in range(50):
        mu = np.exp(np.clip(beta @ design.T + offset, -700, 700))
        information = np.einsum("st,tp,tq->spq", mu, design, design) + ridge
        step = np.linalg.solve(information, ((counts - mu) @ design)[..., None])[..., 0]
        beta += step
        if np.all(np.abs(step) < 1e-10):
            break
    return np.exp(np.clip(beta @ design.T + offset, -700, 700))


def pearson_alpha(counts: np.ndarray, mu: np.ndarray, df) -> np.ndarray:
    """Per series (rows), the α ≥ 0 at which the Pearson χ² Σ (y − μ)² / (μ(1 + αμ)) equals `df`; 0 when
    the Poisson χ² is already at most df. Newton's method from 0: the χ² falls and is convex in α, so
    the steps climb to the root from below."""
    squared = (counts - mu) ** 2
    alpha = np.zeros(counts.shape[0])
    for _ in range(100):
        variance = mu * (1 + alpha[:, None] * mu)
        excess = (squared / variance).sum(axis=1) - df
        slope = -(squared * mu**2 / variance**2).sum(axis=1)
        step = np.where(excess > 0, -excess / np.where(slope < 0, slope, -1.0), 0.0)
        alpha += step
        if np.all(step <= 1e-12 * np.maximum(alpha, 1e-12)):
            break
    return alpha


def own_variation(series: YearlyCounts, compared: Sequence[Sequence[int]] = (),
                  breaks: Sequence[int] = (), season: Sequence | None = None) -> Variation:
    """α from the series' own years (Variation.df = their degrees of freedom, 0 when none are left);
    `season`: each row's month of the year, for monthly counts."""
    if series.total == 0:
        return Variation(0.0, max(len(series.years) - trend_design(series.years, compared, breaks, season).shape[1], 0))
    alpha, df = own_alphas(series.counts[None], series.population[None], series.years, compared, breaks, season)
    return Variation(float(alpha[0]), df)


def own_alphas(counts: np.ndarray, exposure: np.ndarray, years, compared: Sequence[Sequence[int]] = (),
               breaks: Sequence[int] = (), season: Sequence | None = None) -> tuple[np.ndarray, int]:
    """own_variation for many series with the same years at once (series × years): each α, and their
    degrees of freedom (0, and α 0, when none are left)."""
    design = trend_design(years, compared, breaks, season)
    df = len(years) - design.shape[1]
    if df <= 0:
        return np.zeros(counts.shape[0]), 0
    return pearson_alpha(counts, poisson_trend(counts, exposure, design), df), df


def pooled_variation(pool: Iterable[YearlyCounts], compared: Sequence[Sequence[int]] = (),
                     breaks: Sequence[int] = (), season: Callable[[YearlyCounts], Sequence] | None = None) -> Variation:
    """One α for many series (the store's kommuner), each around its own trend: the same moment equation
    with the χ² and degrees of freedom summed over them. `season(series)`: its rows' months of the year."""
    alike: dict[tuple, list[YearlyCounts]] = {}  # series with the same years (and seasons) are fitted in one go
    for series in pool:
        seasons = tuple(season(series)) if season else None
        if series.total > 0:
            alike.setdefault((series.year_tuple, seasons), []).append(series)
    counts, means, df = [], [], 0
    for (years, seasons), group in alike.items():
        design = trend_design(years, compared, breaks, seasons)
        if len(years) <= design.shape[1]:
            continue
        stacked = np.stack([s.counts for s in group])
        counts.append(stacked.ravel())
        means.append(poisson_trend(stacked, np.stack([s.population for s in group]), design).ravel())
        df += len(group) * (len(years) - design.shape[1])
    if not df:
        return Variation(0.0, 0, pooled=True)
    alpha = pearson_alpha(np.concatenate(counts)[None], np.concatenate(means)[None], df)[0]
    return Variation(float(alpha), df, pooled=True)


def series_variation(series: YearlyCounts, compared: Sequence[Sequence[int]] = (), breaks: Sequence[int] = (),
                     pooled: Callable[[], Variation] | None = None, season: Sequence | None = None) -> Variation:
    """The rule: the series' own α when it has at least MIN_OWN_DF degrees of freedom, else `pooled()` (the
    pooled_variation of the store's kommuner, this one among them, for the same comparison); Poisson when
    neither has any degrees of freedom to spare."""
    own = own_variation(series, compared, breaks, season)
    if own.df >= MIN_OWN_DF or pooled is None:
        return own if own.df > 0 else POISSON
    pool = pooled()
    return pool if pool.df > 0 else POISSON


def effective_count(counts, population, rate: float, alpha: float) -> float:
    """W = Σ μ / (1 + αμ), μ = rate × population: what a period's yearly counts say about its rate (the NB
    model's information on the log rate; the plain total when α = 0)."""
    mu = rate * np.asarray(population, dtype=float)
    return float(np.sum(mu / (1 + alpha * mu)))


@dataclass(frozen=True)
class CountComparison:
    ratio: float      # the later period's rate over the earlier one's
    low: float
    high: float
    p_value: float


def score_rate_ratio(c1: float, e1: float, c0: float, e0: float, level: float = 0.95,
                     variation: Variation = POISSON) -> tuple[float, float, float]:
    """Score test of rate ratio 1 and the score CI of the ratio (c1/e1)/(c0/e0): p_value, low, high.

    statsmodels' test_poisson_2indep/confint_poisson_2indep with method="score" (Gu et al. 2008, W2A):
    z(r) = (c1 - c0·q) / sqrt((c1 + c0)·q) with q = r·e1/e0. The CI is where |z| = z_level, which is a
    quadratic in sqrt(q), so it is solved exactly here instead of by statsmodels' numerical search.
    With a Variation, z_level and the p-value come from its t distribution. Needs c1 > 0 and c0 > 0.
    """
    z, total, q_to_r = variation.quantile(level), c1 + c0, e0 / e1
    stat = (c1 - c0 / q_to_r) / math.sqrt(total / q_to_r)
    root = math.sqrt(z * z * total + 4 * c1 * c0)
    low = ((root - z * math.sqrt(total)) / (2 * c0)) ** 2 * q_to_r
    high = ((root + z * math.sqrt(total)) / (2 * c0)) ** 2 * q_to_r
    return variation.p_value(stat), low, high


def compare_counts(before: YearlyCounts, after: YearlyCounts, variation: Variation = POISSON,
                   level: float = 0.95) -> CountComparison:
    """The rate of `after` against `before` (each one or more years, population-adjusted) with its 95 %
    interval and p-value: the score method on the periods' effective counts, which keep each period's
    rate and carry the series' variation. No events before: no finite ratio; none after: the exact
    conditional test and Clopper-Pearson bound (the variation does not matter for so few events)."""
    c0, c1 = before.total, after.total
    e0, e1 = float(before.population.sum()), float(after.population.sum())
    if not (len(before.years) and len(after.years)) or c0 == 0:
        return CountComparison(NAN, NAN, NAN, NAN)
    if c1 == 0:
        pi_high = 1 - ((1 - level) / 2) ** (1 / c0)
        p_value = min(1.0, 2 * (e0 / (e0 + e1)) ** c0)  # binomial: P(0 of c0 in `after`), doubled
        return CountComparison(0.0, 0.0, pi_high / (1 - pi_high) * e0 / e1, p_value)
    r0, r1 = c0 / e0, c1 / e1
    w0 = effective_count(before.counts, before.population, r0, variation.alpha)
    w1 = effective_count(after.counts, after.population, r1, variation.alpha)
    p_value, low, high = score_rate_ratio(w1, w1 / r1, w0, w0 / r0, level, variation)
    return CountComparison(r1 / r0, low, high, p_value)


# --- Targets: the target period against the baseline -----------------------------------------------


@dataclass(frozen=True)
class RateRatio:
    rate_ratio: float
    ci_low: float
    ci_high: float
    method: str  # "poisson", "negative_binomial", "poisson_exact" or "insufficient_data"
    baseline_total: float
    target_total: float
    baseline_years: tuple[int, ...]
    target_years: tuple[int, ...]
    variation: Variation = POISSON


def rate_ratio_periods(
    yearly: pd.DataFrame,
    baseline: tuple[int, int],
    target: tuple[int, int],
    level: float = 0.95,
    variation: Variation = POISSON,
) -> RateRatio:
    """Rate ratio target/baseline period (inclusive (first_year, last_year)), population-adjusted, from
    the years present in `yearly` (columns year, count, population)."""
    return period_rate_ratio(YearlyCounts.from_frame(yearly), baseline, target, level, variation)


def period_rate_ratio(
    series: YearlyCounts,
    baseline: tuple[int, int],
    target: tuple[int, int],
    level: float = 0.95,
    variation: Variation = POISSON,
) -> RateRatio:
    """`rate_ratio_periods` on a series already in arrays: compare_counts of the two periods."""
    if max(baseline[0], target[0]) <= min(baseline[1], target[1]):
        raise ValueError("baseline and target periods overlap")
    base, targ = series.within(baseline), series.within(target)
    totals = (base.total, targ.total, base.year_tuple, targ.year_tuple)
    if not base.year_tuple or not targ.year_tuple or base.total == 0:
        return RateRatio(NAN, NAN, NAN, "insufficient_data", *totals)
    c = compare_counts(base, targ, variation, level)
    method = "poisson_exact" if targ.total == 0 else "negative_binomial" if variation.alpha > 0 else "poisson"
    return RateRatio(c.ratio, c.low, c.high, method, *totals, variation)


def target_verdict(rr: RateRatio, direction: str, target_complete: bool) -> str:
    """Verdict on a programme target; met/not_met only when the whole CI is on one side of 1."""
    if direction not in ("decrease", "increase"):
        raise ValueError(f"direction must be 'decrease' or 'increase', got {direction!r}")
    if not target_complete:
        return "pending"
    if not np.isfinite([rr.rate_ratio, rr.ci_low, rr.ci_high]).all():
        return "inconclusive"

    below, above = rr.ci_high < 1, rr.ci_low > 1
    if direction == "decrease":
        return "met" if below else "not_met" if above else "inconclusive"
    return "met" if above else "not_met" if below else "inconclusive"


# --- Projections: a target period still under way ----------------------------------------------------


@dataclass(frozen=True)
class Prognosis:
    """A predicted count with its 95 % prediction interval (the count itself, not its mean)."""
    expected: float
    low: float
    high: float


@dataclass(frozen=True)
class Projection:
    """A pending target's expected total and its 95 % prediction interval (the total, not its mean), and
    each missing year's own expected count and prediction interval."""
    years_observed: tuple[int, ...]
    observed_total: float
    projected_total: float
    projected_low: float
    projected_high: float
    per_year: dict[int, Prognosis] = field(default_factory=dict)


def predict_counts(observed: YearlyCounts, future_population: Sequence[float], variation: Variation = POISSON,
                   level: float = 0.95) -> Prognosis:
    """The total count of future years at the rate observed so far, with its prediction interval.

    Given the rate, each future year is NB2 with mean μ = rate × population and variance μ + αμ²; the
    rate itself is uncertain (variance of its log 1/W, W the observed years' effective count). The total's
    mean m and variance V = m + αΣμ² + m²/W are matched by a negative binomial whose quantiles are the
    interval, widened around m by t/z when α is estimated. Without extra variation this is the Poisson
    predictive with a Gamma rate (NB with shape = the observed count and p = E/(E + F)); with no events
    observed, Jeffreys' Gamma(½, E)."""
    population = np.asarray(future_population, dtype=float)
    observed_total, exposure = observed.total, float(observed.population.sum())
    if observed_total == 0:
        p = exposure / (exposure + population.sum())
        low, high = (nbinom_quantile(q, 0.5, p) for q in ((1 - level) / 2, (1 + level) / 2))
        return Prognosis(0.0, low, high)
    rate, alpha = observed_total / exposure, variation.alpha
    mu = rate * population
    mean = float(mu.sum())
    variance = mean + alpha * float(np.sum(mu**2)) + mean**2 / effective_count(observed.counts, observed.population, rate, alpha)
    shape = mean**2 / (variance - mean)
    p = shape / (shape + mean)
    low, high = (nbinom_quantile(q, shape, p) for q in ((1 - level) / 2, (1 + level) / 2))
    widen = variation.quantile(level) / _z(level)
    if widen > 1:  # α estimated: t on its degrees of freedom instead of the normal quantile, around the mean
        low, high = max(0.0, math.floor(mean - (mean - low) * widen)), math.ceil(mean + (high - mean) * widen)
    return Prognosis(mean, float(low), float(high))


def project_target_total(
    yearly: pd.DataFrame | YearlyCounts,
    baseline: tuple[int, int],
    target: tuple[int, int],
    level: float = 0.95,
    variation: Variation = POISSON,
) -> Projection:
    """Projected target-period total for a target period still in progress, with a prediction interval,
    and each missing year's own.

    Each missing year keeps the target-period rate observed so far, at the population of the last
    observed year (`predict_counts`). The total's interval is for the total itself ("prognos (95 %)"):
    the variation of the years to come as well as the uncertainty of the rate.
    """
    series = yearly if isinstance(yearly, YearlyCounts) else YearlyCounts.from_frame(yearly)
    targ = series.within(target)
    years_observed = targ.year_tuple
    observed_total = targ.total
    if not years_observed:
        return Projection((), 0.0, NAN, NAN, NAN)
    missing = [y for y in range(target[0], target[1] + 1) if y not in years_observed]
    if not missing:
        return Projection(years_observed, observed_total, observed_total, observed_total, observed_total)
    last = float(targ.population[-1])
    total = predict_counts(targ, [last] * len(missing), variation, level)
    each = predict_counts(targ, [last], variation, level)
    return Projection(years_observed, observed_total, observed_total + total.expected, observed_total + total.low,
                      observed_total + total.high, {y: each for y in missing})


def nbinom_quantile(q: float, r: float, p: float) -> float:
    """scipy.stats.nbinom.ppf(q, r, p) — the smallest count k with P(K ≤ k) ≥ q, the CDF being the
    regularised incomplete beta I_p(r, k + 1) — from scipy.special alone: importing scipy.stats takes
    half a second or more, and the first page of a kommun with a target under way needs only this."""
    from scipy import special

    k = math.ceil(special.nbdtrik(q, r, p))
    below = max(k - 1, 0)
    return float(below if special.betainc(r, below + 1, p) >= q else k)


# --- Changes from one period to the next -----------------------------------------------------------


def _count_change(prev, cur, variation: Variation, level: float) -> tuple[float, float, float, float]:
    """Relative change in rate (percent) with CI and p-value, current vs previous (compare_counts of the
    two rows)."""
    c = compare_counts(*(YearlyCounts.from_arrays([0], [row["count"]], [row["population"]]) for row in (prev, cur)),
                       variation, level)
    return 100 * (c.ratio - 1), 100 * (c.low - 1), 100 * (c.high - 1), c.p_value


def yearly_changes(
    series: pd.DataFrame,
    kind: str,
    breaks: Sequence[int] = (),
    level: float = 0.95,
    variations: Sequence[Variation] | None = None,
    pairs: Sequence[tuple[int, int]] | None = None,
) -> pd.DataFrame:
    """One row per pair of measurements (by default each row of `series` against the row before it;
    `pairs` gives (previous, current) row positions, e.g. windows that do not overlap).

    kind "count": change is the relative change in rate per population, percent, each pair with its
    Variation (default Poisson). kind "share": the percentage-point difference (year - previous).
    Pairs spanning a series break (previous_year < b <= year) are never compared.
    """
    if kind not in ("count", "share"):
        raise ValueError(f"kind must be 'count' or 'share', got {kind!r}")

    ordered = series.sort_values("year").reset_index(drop=True)
    pairs = list(pairs) if pairs is not None else [(i - 1, i) for i in range(1, len(ordered))]
    rows = []
    for n, (i, j) in enumerate(pairs):
        prev, cur = ordered.iloc[i], ordered.iloc[j]
        year, previous_year = int(cur["year"]), int(prev["year"])
        crosses_break = any(previous_year < b <= year for b in breaks)

        if crosses_break:
            change = low = high = p_value = NAN
        elif kind == "count":
            variation = variations[n] if variations is not None else POISSON
            change, low, high, p_value = _count_change(prev, cur, variation, level)
        else:
            d = share_difference(cur["value"], cur["ci_low"], cur["ci_high"],
                                 prev["value"], prev["ci_low"], prev["ci_high"], level)
            change, low, high, p_value = d.diff, d.ci_low, d.ci_high, d.p_value

        rows.append({
            "year": year,
            "previous_year": previous_year,
            "change": change,
            "ci_low": low,
            "ci_high": high,
            "p_value": p_value,
            "significant": bool(np.isfinite(p_value) and p_value < 1 - level),
            "crosses_break": crosses_break,
        })

    columns = ["year", "previous_year", "change", "ci_low", "ci_high",
               "p_value", "significant", "crosses_break"]
    return pd.DataFrame(rows, columns=columns)


def count_change(current: float, previous: float, variation: Variation = POISSON) -> dict:
    """Relative change (%) of a count against the same stretch of time before (equal exposure, e.g.
    the same months a year earlier), with its 95 % CI and whether it is statistically supported."""
    frame = pd.DataFrame({"year": [0, 1], "count": [previous, current], "population": [1.0, 1.0]})
    c = yearly_changes(frame, "count", variations=[variation]).iloc[0]
    return {"change": c["change"], "change_low": c["ci_low"], "change_high": c["ci_high"],
            "significant": bool(c["significant"])}
