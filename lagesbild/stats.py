"""Statistics for Lägesbild: survey shares, crime rate ratios and target verdicts.

Pure computation, no UI imports. Shares are in percent (0-100) except
`wilson_ci`, which returns proportions (0-1) like statsmodels does.
statsmodels and scipy are imported inside the functions that use them: they take
seconds to import, and most callers (the app's first page) never need them.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

NAN = float("nan")

# Poisson dispersion above this (with enough residual df) switches to negative binomial.
OVERDISPERSION_THRESHOLD = 1.5
MIN_DF_FOR_DISPERSION = 2

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
class RateRatio:
    rate_ratio: float
    ci_low: float
    ci_high: float
    method: str  # "poisson_glm", "negative_binomial_glm" or "insufficient_data"
    baseline_total: float
    target_total: float
    baseline_years: tuple[int, ...]
    target_years: tuple[int, ...]
    dispersion: float  # Pearson chi2/df of the Poisson fit; nan when df == 0


@dataclass(frozen=True)
class Projection:
    """A pending target's expected total and its 95 % prediction interval (the total, not its mean)."""
    years_observed: tuple[int, ...]
    observed_total: float
    projected_total: float
    projected_low: float
    projected_high: float


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


# --- Recorded crime: period rate ratios ------------------------------------


@dataclass(frozen=True)
class YearlyCounts:
    """One series' complete years in order: year, count and (positive) population."""

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

    @property
    def year_tuple(self) -> tuple[int, ...]:
        return tuple(self.years.tolist())

    @property
    def total(self) -> float:
        return float(self.counts.sum())


@dataclass(frozen=True)
class _PeriodFit:
    log_rate_ratio: float
    se: float
    pearson_chi2: float


def _period_fit(counts: np.ndarray, population: np.ndarray, in_target: np.ndarray, alpha: float) -> _PeriodFit:
    """The GLM count ~ 1 + in_target with offset log(population): Poisson when alpha is 0, else
    negative binomial (NB2, variance mu + alpha mu^2) with that fixed alpha.

    With one 0/1 dummy the model fits each period's own rate, so the fit is solved directly
    instead of by statsmodels' IRLS: each period's rate solves its score equation
    sum (y - mu) / (1 + alpha mu) = 0 with mu = rate * population (for Poisson, rate =
    total / summed population), and var(log RR) = 1/W_baseline + 1/W_target with
    W = sum mu / (1 + alpha mu), statsmodels' covariance with scale 1.
    tests/test_stats.py checks this against statsmodels' GLM.
    """
    totals = np.bincount(in_target, counts, minlength=2)
    rate = totals / np.bincount(in_target, population, minlength=2)
    if alpha > 0:
        rate = _nb_rates(counts, population, in_target, alpha, start=rate)
    mu = rate[in_target] * population
    weight = np.bincount(in_target, mu / (1 + alpha * mu), minlength=2)
    return _PeriodFit(
        log_rate_ratio=math.log(rate[1] / rate[0]),
        se=math.sqrt(1 / weight[0] + 1 / weight[1]),
        pearson_chi2=float(np.sum((counts - mu) ** 2 / (mu * (1 + alpha * mu)))),
    )


def _nb_rates(counts, population, in_target, alpha: float, start: np.ndarray) -> np.ndarray:
    """Each period's NB rate by Newton's method on its score equation.

    The score is convex and falling in the rate, so from below the root Newton climbs
    monotonically to it; from above one step lands at or below the root, and a step that
    would go below zero halves the rate instead.
    """
    rate = start
    for _ in range(200):
        mu = rate[in_target] * population
        denom = 1 + alpha * mu
        score = np.bincount(in_target, (counts - mu) / denom, minlength=2)
        slope = np.bincount(in_target, population * (1 + alpha * counts) / denom**2, minlength=2)
        step = score / slope
        rate = np.where(rate + step > 0, rate + step, rate / 2)
        if np.all(np.abs(step) <= 1e-14 * rate):
            break
    return rate


def _nb_alpha_by_pearson(counts, population, in_target) -> float:
    """Alpha for which the NB fit has Pearson chi2/df == 1.

    A moment estimator rather than ML: with 4-10 yearly points the ML alpha of
    `sm.NegativeBinomial` often fails to converge or collapses to 0, while
    this root is well defined whenever the Poisson fit is overdispersed
    (chi2/df falls monotonically towards 0 as alpha grows).
    """
    from scipy import optimize

    df_resid = len(counts) - 2

    def excess(alpha: float) -> float:
        return _period_fit(counts, population, in_target, alpha).pearson_chi2 / df_resid - 1

    high = 1.0
    while excess(high) > 0:
        high *= 10
        if high > 1e8:
            return high
    return optimize.brentq(excess, 1e-10, high, xtol=1e-10)


def _insufficient(baseline_total, target_total, baseline_years, target_years) -> RateRatio:
    return RateRatio(
        NAN, NAN, NAN, "insufficient_data",
        baseline_total, target_total, baseline_years, target_years, NAN,
    )


def rate_ratio_periods(
    yearly: pd.DataFrame,
    baseline: tuple[int, int],
    target: tuple[int, int],
    level: float = 0.95,
) -> RateRatio:
    """Rate ratio target/baseline period from a GLM with log(population) offset.

    Periods are inclusive (first_year, last_year); only years present in
    `yearly` (columns year, count, population) are used. Poisson unless
    clearly overdispersed, then NB.
    """
    return period_rate_ratio(YearlyCounts.from_frame(yearly), baseline, target, level)


def period_rate_ratio(
    series: YearlyCounts,
    baseline: tuple[int, int],
    target: tuple[int, int],
    level: float = 0.95,
) -> RateRatio:
    """`rate_ratio_periods` on a series already in arrays."""
    if max(baseline[0], target[0]) <= min(baseline[1], target[1]):
        raise ValueError("baseline and target periods overlap")

    base, targ = series.within(baseline), series.within(target)
    baseline_years, target_years = base.year_tuple, targ.year_tuple
    baseline_total, target_total = base.total, targ.total

    if not baseline_years or not target_years or baseline_total == 0:
        return _insufficient(baseline_total, target_total, baseline_years, target_years)

    if target_total == 0:
        # The GLM's beta runs off to -inf; use the exact conditional interval instead.
        return _zero_target_ratio(base, targ, level)

    counts = np.concatenate([base.counts, targ.counts])
    population = np.concatenate([base.population, targ.population])
    in_target = np.repeat([0, 1], [len(base.years), len(targ.years)])

    fit = _period_fit(counts, population, in_target, alpha=0.0)
    df_resid = len(counts) - 2
    dispersion = fit.pearson_chi2 / df_resid if df_resid > 0 else NAN
    method = "poisson_glm"

    if df_resid >= MIN_DF_FOR_DISPERSION and dispersion > OVERDISPERSION_THRESHOLD:
        alpha = _nb_alpha_by_pearson(counts, population, in_target)
        fit = _period_fit(counts, population, in_target, alpha)
        method = "negative_binomial_glm"
    # Scale stays 1 in both branches: an underdispersed fit never narrows the CI.

    z = _z(level)
    return RateRatio(
        rate_ratio=math.exp(fit.log_rate_ratio),
        ci_low=math.exp(fit.log_rate_ratio - z * fit.se),
        ci_high=math.exp(fit.log_rate_ratio + z * fit.se),
        method=method,
        baseline_total=baseline_total,
        target_total=target_total,
        baseline_years=baseline_years,
        target_years=target_years,
        dispersion=float(dispersion),
    )


def _zero_target_ratio(base: YearlyCounts, targ: YearlyCounts, level: float) -> RateRatio:
    """Zero target count: the target's share of all counts is Binomial(N, pi),
    pi = RR*E_t / (E_b + RR*E_t). Invert the one-sided Clopper-Pearson bound."""
    total = base.total
    exposure_b = float(base.population.sum())
    exposure_t = float(targ.population.sum())
    pi_high = 1 - ((1 - level) / 2) ** (1 / total)
    ci_high = pi_high / (1 - pi_high) * exposure_b / exposure_t
    return RateRatio(
        0.0, 0.0, float(ci_high), "poisson_exact",
        total, 0.0, base.year_tuple, targ.year_tuple, NAN,
    )


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


def project_target_total(
    yearly: pd.DataFrame,
    baseline: tuple[int, int],
    target: tuple[int, int],
    level: float = 0.95,
) -> Projection:
    """Projected target-period total for a target period still in progress, with a prediction interval.

    Each missing year keeps the target-period rate observed so far, at the population of the last
    observed year. The interval is for the total itself ("prognos (95 %)"): it includes the Poisson
    variation of the years still to come as well as the uncertainty of the rate. With O counts over
    exposure E so far and future exposure F, the rate's posterior is Gamma(O + ½, E) (Jeffreys) and
    the future count given the rate is Poisson, so the future count is negative binomial with
    r = O + ½ and p = E / (E + F). Overdispersion φ (Pearson χ²/df of the yearly counts
    around their period's rate, when above the overdispersion threshold) scales it: φ · NB(O/φ + ½, p),
    the quasi-Poisson predictive.
    """
    series = YearlyCounts.from_frame(yearly)
    targ = series.within(target)
    years_observed = targ.year_tuple
    observed_total = targ.total
    if not years_observed:
        return Projection((), 0.0, NAN, NAN, NAN)

    n_missing = (target[1] - target[0] + 1) - len(years_observed)
    exposure = float(targ.population.sum())
    future_exposure = float(targ.population[-1]) * n_missing
    expected_missing = observed_total / exposure * future_exposure
    projected_total = observed_total + expected_missing
    if n_missing == 0:
        return Projection(years_observed, observed_total, projected_total,
                          projected_total, projected_total)

    phi = _dispersion([series.within(baseline), targ])
    r, p = observed_total / phi + 0.5, exposure / (exposure + future_exposure)
    low, high = (phi * nbinom_quantile(q, r, p) for q in ((1 - level) / 2, (1 + level) / 2))
    return Projection(years_observed, observed_total, projected_total, observed_total + float(low),
                      observed_total + float(high))


def nbinom_quantile(q: float, r: float, p: float) -> float:
    """scipy.stats.nbinom.ppf(q, r, p) — the smallest count k with P(K ≤ k) ≥ q, the CDF being the
    regularised incomplete beta I_p(r, k + 1) — from scipy.special alone: importing scipy.stats takes
    half a second or more, and the first page of a kommun with a target under way needs only this."""
    from scipy import special

    k = math.ceil(special.nbdtrik(q, r, p))
    below = max(k - 1, 0)
    return float(below if special.betainc(r, below + 1, p) >= q else k)


def _dispersion(periods: list[YearlyCounts]) -> float:
    """Pearson χ²/df of the yearly counts around each period's own rate (df = years − periods) when it
    shows overdispersion by the same rule as the target's model (period_rate_ratio), else 1."""
    chi2, years = 0.0, 0
    for period in periods:
        if len(period.years) == 0 or period.total == 0:
            continue
        expected = period.total / period.population.sum() * period.population
        chi2 += float(((period.counts - expected) ** 2 / expected).sum())
        years += len(period.years)
    df = years - sum(1 for period in periods if len(period.years) and period.total)
    dispersion = chi2 / df if df > 0 else NAN
    return dispersion if df >= MIN_DF_FOR_DISPERSION and dispersion > OVERDISPERSION_THRESHOLD else 1.0


# --- Year-on-year changes --------------------------------------------------


def score_rate_ratio(c1: float, e1: float, c0: float, e0: float, level: float = 0.95) -> tuple[float, float, float]:
    """Score test of rate ratio 1 and the score CI of the ratio (c1/e1)/(c0/e0): p_value, low, high.

    statsmodels' test_poisson_2indep/confint_poisson_2indep with method="score" (Gu et al. 2008, W2A):
    z(r) = (c1 - c0·q) / sqrt((c1 + c0)·q) with q = r·e1/e0. The CI is where |z| = z_level, which is a
    quadratic in sqrt(q), so it is solved exactly here instead of by statsmodels' numerical search.
    Needs c1 > 0 and c0 > 0.
    """
    z, total, q_to_r = _z(level), c1 + c0, e0 / e1
    stat = (c1 - c0 / q_to_r) / math.sqrt(total / q_to_r)
    root = math.sqrt(z * z * total + 4 * c1 * c0)
    low = ((root - z * math.sqrt(total)) / (2 * c0)) ** 2 * q_to_r
    high = ((root + z * math.sqrt(total)) / (2 * c0)) ** 2 * q_to_r
    return math.erfc(abs(stat) / math.sqrt(2)), low, high


def _count_change(prev, cur, level: float) -> tuple[float, float, float, float]:
    """Relative change in rate (percent) with CI and p-value, current vs previous.

    Score test and score CI (they invert each other, so p and CI agree). A zero
    count degenerates the score CI, so then the exact conditional test and
    Clopper-Pearson interval on the conditional binomial are used.
    """
    c1, e1 = float(cur["count"]), float(cur["population"])
    c0, e0 = float(prev["count"]), float(prev["population"])
    if not np.isfinite([c1, e1, c0, e0]).all() or c0 == 0:
        return NAN, NAN, NAN, NAN  # no finite ratio when the previous year is zero

    ratio = (c1 / e1) / (c0 / e0)
    if c1 > 0:
        p_value, low, high = score_rate_ratio(c1, e1, c0, e0, level)
    else:
        from scipy import stats
        from statsmodels.stats.rates import test_poisson_2indep

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # binomtest needs integer counts
            p_value = test_poisson_2indep(0, e1, round(c0), e0, method="exact-cond").pvalue
        n = c0 + c1
        pi_high = stats.beta.ppf(1 - (1 - level) / 2, c1 + 1, n - c1)
        low, high = 0.0, pi_high / (1 - pi_high) * e0 / e1
    return 100 * (ratio - 1), 100 * (float(low) - 1), 100 * (float(high) - 1), float(p_value)


def yearly_changes(
    series: pd.DataFrame,
    kind: str,
    breaks: Sequence[int] = (),
    level: float = 0.95,
) -> pd.DataFrame:
    """One row per consecutive pair of years present in `series`.

    kind "count": change is the relative change in rate per population, percent.
    kind "share": change is the percentage-point difference (year - previous).
    Pairs spanning a series break (previous_year < b <= year) are never compared.
    """
    if kind not in ("count", "share"):
        raise ValueError(f"kind must be 'count' or 'share', got {kind!r}")

    rows = []
    ordered = series.sort_values("year").reset_index(drop=True)
    for i in range(1, len(ordered)):
        prev, cur = ordered.iloc[i - 1], ordered.iloc[i]
        year, previous_year = int(cur["year"]), int(prev["year"])
        crosses_break = any(previous_year < b <= year for b in breaks)

        if crosses_break:
            change = low = high = p_value = NAN
        elif kind == "count":
            change, low, high, p_value = _count_change(prev, cur, level)
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


def count_change(current: float, previous: float) -> dict:
    """Relative change (%) of a count against the same stretch of time before (equal exposure, e.g.
    the same months a year earlier), with its 95 % CI and whether it is statistically supported."""
    frame = pd.DataFrame({"year": [0, 1], "count": [previous, current], "population": [1.0, 1.0]})
    c = yearly_changes(frame, "count").iloc[0]
    return {"change": c["change"], "change_low": c["ci_low"], "change_high": c["ci_high"],
            "significant": bool(c["significant"])}
