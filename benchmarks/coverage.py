"""How often the intervals of the one model for counts (lagesbild.stats) hold what they claim, on counts
simulated as negative binomial at the variation the demo and real Kolada series show.

Each replicate is one kommun's series: a rate falling 2 % a year, a population of 100 000 growing 0.5 % a
year, and each year's count Poisson around a rate that itself varies by a Gamma factor with squared
coefficient of variation α (NB2: variance μ + αμ²). The variation is estimated from the replicate's own
years, exactly as the product does (stats.own_alphas is what stats.own_variation runs), and:

- a yearly change: the last year against the one before; does its 95 % interval hold the true ratio of
  the two years' expected rates?
- the target interval: the last four years against the four before; does it hold the true ratio of the
  periods' expected rates?
- the prognos: with two of the target period's four years seen (the rate flat from the period's start, the
  projection's own assumption), does the 95 % interval of the total hold the period's real total, and each
  missing year's interval that year's count?

    python -m benchmarks.coverage [--replicates 20000]

prints the coverage of each, per scenario (and of the yearly change in six-year series, each pooled with
the others); the test suite runs the same with 2 000 replicates
(tests/test_coverage.py) and docs/statistics.md records a long run.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np

from lagesbild import stats

# α and counts as measured (docs/statistics.md): the demo's total crime in Ekbacka moves ±2,5 % a year
# around its trend; Kolada's skadegörelse and stöld (290 kommuner, 2010–2023) ±16 % and ±12 % in the
# median kommun, at about 160 and 500 crimes a year.
SCENARIOS = {
    "demo": dict(mean=21_700.0, alpha=0.0006, years=range(2012, 2026)),
    "kolada_skadegorelse": dict(mean=160.0, alpha=0.025, years=range(2015, 2025)),
    "kolada_stold": dict(mean=500.0, alpha=0.014, years=range(2015, 2025)),
}


@dataclass(frozen=True)
class Coverage:
    yearly_change: float
    target: float
    prognos_total: float
    prognos_year: float


def _counts(rng: np.random.Generator, expected: np.ndarray, alpha: float, replicates: int) -> np.ndarray:
    """NB2 counts: Poisson around a Gamma-distributed rate with mean `expected` and CV² alpha."""
    rates = rng.gamma(1 / alpha, alpha * np.broadcast_to(expected, (replicates, len(expected))))
    return rng.poisson(rates).astype(float)


def coverage(mean: float, alpha: float, years, replicates: int = 2000, seed: int = 20261206,
             poisson_only: bool = False) -> Coverage:
    """The four coverages of one scenario; `poisson_only`: with no variation beyond chance (what the
    product did before), to show what the variation is for."""
    rng = np.random.default_rng(seed)

    def variation(a: float, df: int) -> stats.Variation:
        return stats.POISSON if poisson_only else stats.Variation(a, df)

    years = np.array(list(years))
    n = len(years)
    population = 100_000 * 1.005 ** np.arange(n)
    expected = mean * 0.98 ** (np.arange(n) - n // 2) * population / population[n // 2]
    counts = _counts(rng, expected, alpha, replicates)
    exposure = np.broadcast_to(population, counts.shape)
    series = [stats.YearlyCounts(years, c, population) for c in counts]

    # a yearly change: the last year against the one before it
    compared = ((years[-2],), (years[-1],))
    alphas, df = stats.own_alphas(counts, exposure, years, compared)
    truth = (expected[-1] / population[-1]) / (expected[-2] / population[-2])
    held = [_holds(stats.compare_counts(s.within((years[-2],) * 2), s.within((years[-1],) * 2), variation(a, df)),
                   truth) for s, a in zip(series, alphas)]
    yearly = float(np.mean(held))

    # the target: the last four years against the four before
    baseline, target = (int(years[-8]), int(years[-5])), (int(years[-4]), int(years[-1]))
    compared = (tuple(range(baseline[0], baseline[1] + 1)), tuple(range(target[0], target[1] + 1)))
    alphas, df = stats.own_alphas(counts, exposure, years, compared)
    truth = (expected[-4:].sum() / population[-4:].sum()) / (expected[-8:-4].sum() / population[-8:-4].sum())
    held = [_holds(stats.period_rate_ratio(s, baseline, target, variation=variation(a, df)), truth)
            for s, a in zip(series, alphas)]
    target_coverage = float(np.mean(held))

    # the prognos: the rate flat from the target period's start, the population as its last seen year's
    flat = expected.copy()
    flat[-4:] = expected[-4] / population[-4] * population[-3]
    flat_population = population.copy()
    flat_population[-4:] = population[-3]
    counts = _counts(rng, flat, alpha, replicates)
    seen = years[:-2]
    alphas, df = stats.own_alphas(counts[:, :-2], np.broadcast_to(flat_population[:-2], (replicates, n - 2)), seen,
                                  ((target[0], target[0] + 1),))
    total, each = [], []
    for c, a in zip(counts, alphas):
        p = stats.project_target_total(stats.YearlyCounts(seen, c[:-2], flat_population[:-2]), baseline, target,
                                       variation=variation(a, df))
        total.append(p.projected_low <= c[-4:].sum() <= p.projected_high)
        one = p.per_year[int(years[-1])]
        each.append(one.low <= c[-1] <= one.high)
    return Coverage(yearly, target_coverage, float(np.mean(total)), float(np.mean(each)))


def pooled_yearly_coverage(mean: float, alpha: float, years, replicates: int = 2000, seed: int = 20261207) -> float:
    """A yearly change in series too short for their own variation (six years: 2 degrees of freedom), so
    each is pooled with all the others, as a store's kommuner are (stats.series_variation's rule)."""
    rng = np.random.default_rng(seed)
    years = np.array(list(years))
    population = 100_000 * 1.005 ** np.arange(len(years))
    expected = mean * 0.98 ** np.arange(len(years))
    counts = _counts(rng, expected, alpha, replicates)
    series = [stats.YearlyCounts(years, c, population) for c in counts]
    compared = ((years[-2],), (years[-1],))
    pooled = stats.pooled_variation(series, compared)
    truth = (expected[-1] / population[-1]) / (expected[-2] / population[-2])
    held = []
    for s in series:
        variation = stats.series_variation(s, compared, pooled=lambda: pooled)
        assert variation is pooled  # the rule: too few years of its own
        held.append(_holds(stats.compare_counts(s.within((years[-2],) * 2), s.within((years[-1],) * 2), variation), truth))
    return float(np.mean(held))


def _holds(result, truth: float) -> bool:
    low, high = (result.low, result.high) if hasattr(result, "low") else (result.ci_low, result.ci_high)
    return bool(low <= truth <= high)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=20_000)
    args = parser.parse_args()
    print(f"{'scenario':32} {'yearly change':>14} {'target':>8} {'prognos total':>14} {'prognos year':>13}")
    for name, scenario in SCENARIOS.items():
        for poisson_only in (False, True):
            c = coverage(**scenario, replicates=args.replicates, poisson_only=poisson_only)
            label = f"{name}{' (Poisson only)' if poisson_only else ''}"
            print(f"{label:32} {c.yearly_change:14.3f} {c.target:8.3f} {c.prognos_total:14.3f} {c.prognos_year:13.3f}")
    for name in ("kolada_skadegorelse", "kolada_stold"):
        scenario = {**SCENARIOS[name], "years": range(2019, 2025)}
        print(f"{name + ' (6 years, pooled)':32} {pooled_yearly_coverage(**scenario, replicates=args.replicates):14.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
