"""Tests for lagesbild.stats on tiny data whose answers can be checked by hand."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lagesbild import stats as st
from lagesbild.stats import (
    RateRatio,
    nbinom_quantile,
    project_target_total,
    rate_ratio_periods,
    share_difference,
    target_verdict,
    weighted_share,
    wilson_ci,
    yearly_changes,
)

Z95 = 1.959963984540054
BASELINE = (2015, 2018)
TARGET = (2019, 2022)


def hand_wilson(count, n, z=Z95):
    p = count / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return centre - half, centre + half


def yearly(counts, population=10000.0, start=2015):
    years = list(range(start, start + len(counts)))
    return pd.DataFrame({"year": years, "count": [float(c) for c in counts], "population": population})


# --- wilson_ci / weighted_share ----------------------------------------------


def test_wilson_ci_matches_hand_formula_30_of_100():
    low, high = wilson_ci(30, 100)
    print("wilson 30/100:", low, high)
    assert (low, high) == pytest.approx(hand_wilson(30, 100), abs=1e-12)
    assert low == pytest.approx(0.218949, abs=1e-6)
    assert high == pytest.approx(0.395849, abs=1e-6)


def test_wilson_matches_statsmodels_proportion_confint():
    from statsmodels.stats.proportion import proportion_confint

    count = np.array([0.0, 1.0, 3.5, 30.0, 99.0, 100.0, 2.2])
    n = np.array([10.0, 1.0, 7.25, 100.0, 100.0, 100.0, 2.2])
    for level in (0.9, 0.95):
        expected = proportion_confint(count, n, alpha=1 - level, method="wilson")
        assert np.allclose(st._wilson(count, n, level), expected, rtol=1e-13, atol=1e-15)


def test_wilson_ci_empty_is_nan():
    assert all(math.isnan(x) for x in wilson_ci(0, 0))


def test_weighted_share_equal_weights_equals_unweighted_wilson():
    yes = np.array([True] * 30 + [False] * 70)
    weighted = weighted_share(yes, np.full(100, 2.5))
    plain = weighted_share(yes, None)
    assert plain.method == "wilson"
    assert weighted.method == "wilson_kish_deff"
    assert weighted.n_eff == pytest.approx(100)
    assert weighted.share == pytest.approx(30.0)
    assert plain.share == pytest.approx(30.0)
    hand_low, hand_high = hand_wilson(30, 100)
    for est in (weighted, plain):
        assert est.ci_low == pytest.approx(100 * hand_low)
        assert est.ci_high == pytest.approx(100 * hand_high)
        assert est.n == 100


def test_weighted_share_kish_n_eff_and_wider_ci():
    yes = np.array([True, False, True, False])
    weights = np.array([1.0, 1.0, 2.0, 4.0])
    est = weighted_share(yes, weights)
    # Kish: (1+1+2+4)^2 / (1+1+4+16) = 64/22
    assert est.n_eff == pytest.approx(64 / 22)
    # (1 + 2) / 8
    assert est.share == pytest.approx(37.5)
    assert est.n == 4
    low, high = hand_wilson(0.375 * 64 / 22, 64 / 22)
    assert (est.ci_low, est.ci_high) == pytest.approx((100 * low, 100 * high))

    # Same share as if from 4 unweighted respondents: the deff makes it wider.
    naive_low, naive_high = wilson_ci(0.375 * 4, 4)
    assert est.ci_high - est.ci_low > 100 * (naive_high - naive_low)
    unweighted = weighted_share(yes, None)
    assert est.ci_high - est.ci_low > unweighted.ci_high - unweighted.ci_low


def test_weighted_share_empty_is_nan():
    est = weighted_share(np.array([], dtype=bool), np.array([]))
    assert math.isnan(est.share) and est.n == 0
    assert math.isnan(weighted_share(np.array([], dtype=bool), None).share)


def test_weighted_share_rejects_negative_weights():
    with pytest.raises(ValueError):
        weighted_share(np.array([True, False]), np.array([1.0, -1.0]))


# --- rate_ratio_periods and the one model for counts ------------------------


def test_rate_ratio_poisson_constant_population():
    """Without extra variation the ratio's interval is the score interval for two Poisson rates: the
    same bounds as statsmodels' confint_poisson_2indep(method="score")."""
    from statsmodels.stats.rates import confint_poisson_2indep

    rr = rate_ratio_periods(yearly([100] * 4 + [80] * 4), BASELINE, TARGET)
    assert rr.method == "poisson"
    assert rr.rate_ratio == pytest.approx(0.8, rel=1e-9)
    assert (rr.ci_low, rr.ci_high) == pytest.approx(confint_poisson_2indep(320, 40000, 400, 40000, method="score"),
                                                    rel=1e-5)
    assert rr.baseline_total == 400 and rr.target_total == 320
    assert rr.baseline_years == (2015, 2016, 2017, 2018)
    assert rr.target_years == (2019, 2020, 2021, 2022)
    assert rr.variation == st.POISSON


def test_rate_ratio_offset_handles_changing_population():
    population = [10000.0 + 2000 * i for i in range(8)]
    df = pd.DataFrame({
        "year": range(2015, 2023),
        "count": [p / 100 for p in population],  # constant rate 1 %
        "population": population,
    })
    rr = rate_ratio_periods(df, BASELINE, TARGET)
    assert rr.target_total > rr.baseline_total  # raw counts rise...
    assert rr.rate_ratio == pytest.approx(1.0, rel=1e-9)  # ...the rate does not
    assert rr.ci_low < 1 < rr.ci_high


def test_rate_ratio_with_variation_is_the_score_interval_on_effective_counts_with_t():
    """With α = 0.01 estimated on 6 degrees of freedom: each period counts W = Σ μ/(1 + αμ) events (100/2 = 50
    a year, so 200 and 200·0.8/1.8 ≈ 177.8), and the interval is statsmodels' score interval on those counts at
    the level whose normal quantile is Student's t with 6 df (2.447)."""
    from scipy import stats
    from statsmodels.stats.rates import confint_poisson_2indep

    variation = st.Variation(0.01, 6)
    rr = rate_ratio_periods(yearly([100] * 4 + [80] * 4), BASELINE, TARGET, variation=variation)
    w0, w1 = 4 * 100 / 2, 4 * 80 / 1.8
    t6 = stats.t.ppf(0.975, 6)
    assert variation.quantile() == pytest.approx(t6, rel=1e-12) and t6 == pytest.approx(2.447, abs=1e-3)
    level = 2 * stats.norm.cdf(t6) - 1
    expected = confint_poisson_2indep(w1, w1 / 0.008, w0, w0 / 0.01, method="score", alpha=1 - level)
    assert rr.method == "negative_binomial" and rr.rate_ratio == pytest.approx(0.8)
    assert (rr.ci_low, rr.ci_high) == pytest.approx(expected, rel=1e-5)
    poisson = rate_ratio_periods(yearly([100] * 4 + [80] * 4), BASELINE, TARGET)
    assert rr.ci_low < poisson.ci_low and rr.ci_high > poisson.ci_high


# A hand-made table with unequal populations and swinging counts (overdispersed).
GLM_COUNTS = [12.0, 30.0, 7.0, 22.0, 15.0, 4.0, 18.0, 9.0, 25.0]
GLM_POPULATION = [1000.0, 1400.0, 900.0, 1250.0, 1100.0, 950.0, 1300.0, 1000.0, 1200.0]


@pytest.mark.parametrize("alpha", [0.0, 0.05, 0.6])
def test_effective_count_is_the_negative_binomial_information(alpha):
    """W is what statsmodels' NB2 GLM with that α knows about a period's log rate: 1 / its squared SE."""
    import statsmodels.api as sm

    counts, population = np.array(GLM_COUNTS[:4]), np.array(GLM_POPULATION[:4])
    family = sm.families.Poisson() if alpha == 0 else sm.families.NegativeBinomial(alpha=alpha)
    glm = sm.GLM(counts, np.ones((4, 1)), family=family, offset=np.log(population)).fit(tol=1e-14, maxiter=200)
    w = st.effective_count(counts, population, math.exp(glm.params[0]), alpha)
    assert w == pytest.approx(1 / glm.bse[0] ** 2, rel=1e-6)
    assert st.effective_count(counts, population, 71 / 4550, 0.0) == pytest.approx(71)  # Poisson: the total


def test_own_variation_is_the_moment_estimate_around_the_trend_and_compared_levels():
    """α at which the Pearson χ² of statsmodels' Poisson GLM (trend + a level for each compared period)
    equals its degrees of freedom (9 years − 4 columns = 5)."""
    import statsmodels.api as sm

    series = st.YearlyCounts.from_arrays(range(2015, 2024), GLM_COUNTS, GLM_POPULATION)
    compared = ((2015, 2016, 2017, 2018), (2019, 2020, 2021, 2022, 2023))
    variation = st.own_variation(series, compared)
    design = st.trend_design(series.years, compared)
    assert design.shape == (9, 3)  # the intercept is the two levels together: left out
    mu = sm.GLM(series.counts, design, family=sm.families.Poisson(), offset=np.log(series.population)).fit().mu
    assert variation.df == 6
    pearson = np.sum((series.counts - mu) ** 2 / (mu * (1 + variation.alpha * mu)))
    assert pearson == pytest.approx(6, rel=1e-9)
    assert 0.1 < variation.alpha < 0.6


def test_a_series_on_its_trend_has_no_variation_beyond_chance():
    series = st.YearlyCounts.from_arrays(range(2012, 2024), [1000 * 1.02**i for i in range(12)], [1e5] * 12)
    assert st.own_variation(series).alpha == 0
    assert st.own_variation(series).quantile() == pytest.approx(Z95)


def test_pooled_variation_sums_the_equation_over_the_series():
    """Two copies of one series have that series' α (χ² and df both double); a short series takes it."""
    series = st.YearlyCounts.from_arrays(range(2015, 2024), GLM_COUNTS, GLM_POPULATION)
    own = st.own_variation(series)
    pooled = st.pooled_variation([series, series])
    assert pooled.alpha == pytest.approx(own.alpha, rel=1e-9) and pooled.df == 2 * own.df and pooled.pooled
    short = series.within((2015, 2018))  # 4 years - 2 columns: 2 degrees of freedom, fewer than MIN_OWN_DF
    assert st.series_variation(short, pooled=lambda: pooled) == pooled
    assert st.series_variation(series, pooled=lambda: pytest.fail("a long series uses its own")) == own
    assert st.series_variation(short) == st.own_variation(short)  # nothing to pool with: its own, on its df


def test_rate_ratio_uses_only_years_present():
    df = yearly([100] * 4 + [80] * 4).query("year != 2021")
    rr = rate_ratio_periods(df, BASELINE, TARGET)
    assert rr.target_years == (2019, 2020, 2022)
    assert rr.target_total == 240
    assert rr.rate_ratio == pytest.approx(0.8, rel=1e-9)


@pytest.mark.parametrize(
    "counts",
    [[100] * 4, [0] * 4 + [10] * 4],  # no target years; zero baseline total
)
def test_rate_ratio_insufficient_data(counts):
    rr = rate_ratio_periods(yearly(counts), BASELINE, TARGET)
    assert rr.method == "insufficient_data"
    assert math.isnan(rr.rate_ratio)


def test_rate_ratio_zero_target_gives_finite_upper_bound():
    rr = rate_ratio_periods(yearly([100] * 4 + [0] * 4), BASELINE, TARGET)
    # One-sided Clopper-Pearson on 0 of 400, equal exposures.
    pi_high = 1 - 0.025 ** (1 / 400)
    assert (rr.rate_ratio, rr.ci_low) == (0.0, 0.0)
    assert rr.ci_high == pytest.approx(pi_high / (1 - pi_high))
    assert target_verdict(rr, "decrease", True) == "met"


def test_rate_ratio_rejects_overlapping_periods():
    with pytest.raises(ValueError):
        rate_ratio_periods(yearly([100] * 8), (2015, 2019), (2019, 2022))


# --- target_verdict ----------------------------------------------------------


def rr_with_ci(point, low, high):
    return RateRatio(point, low, high, "poisson", 1.0, 1.0, (2015,), (2019,))


@pytest.mark.parametrize(
    "rr, direction, complete, expected",
    [
        (rr_with_ci(0.8, 0.7, 0.9), "decrease", True, "met"),
        (rr_with_ci(1.2, 1.1, 1.3), "decrease", True, "not_met"),
        (rr_with_ci(0.9, 0.8, 1.05), "decrease", True, "inconclusive"),
        (rr_with_ci(0.8, 0.7, 0.9), "decrease", False, "pending"),
        (rr_with_ci(1.2, 1.1, 1.3), "increase", True, "met"),
        (rr_with_ci(0.8, 0.7, 0.9), "increase", True, "not_met"),
        (rr_with_ci(1.1, 0.95, 1.2), "increase", True, "inconclusive"),
        (rr_with_ci(1.2, 1.1, 1.3), "increase", False, "pending"),
        (rr_with_ci(0.8, 0.7, 1.0), "decrease", True, "inconclusive"),  # touching 1
        (rr_with_ci(math.nan, math.nan, math.nan), "decrease", True, "inconclusive"),
    ],
)
def test_target_verdict(rr, direction, complete, expected):
    assert target_verdict(rr, direction, complete) == expected


def test_target_verdict_rejects_unknown_direction():
    with pytest.raises(ValueError):
        target_verdict(rr_with_ci(0.8, 0.7, 0.9), "down", True)


# --- project_target_total ----------------------------------------------------


def test_project_target_total_two_of_four_years():
    df = pd.DataFrame({
        "year": range(2015, 2021),
        "count": [100.0] * 4 + [80.0, 100.0],
        "population": [10000.0] * 4 + [8000.0, 10000.0],
    })
    proj = project_target_total(df, BASELINE, TARGET)
    # Rate so far 180 / 18000 = 1 %; 2 missing years at the last population 10000 -> 200 expected.
    # Without extra variation the future count is negative binomial with r = 180 and p = 18000 / (18000 + 20000)
    # (the Poisson variation of the years to come, given a Gamma rate): mean 200, variance 200 + 200²/180.
    from scipy.stats import nbinom
    r, p = 180, 18000 / 38000
    assert proj.years_observed == (2019, 2020)
    assert proj.observed_total == 180
    assert proj.projected_total == pytest.approx(380)
    assert proj.projected_low == 180 + nbinom.ppf(0.025, r, p)
    assert proj.projected_high == 180 + nbinom.ppf(0.975, r, p)
    # Wider than an interval for the mean (347,7–418,5): the future years' own Poisson noise is in it.
    assert (proj.projected_low, proj.projected_high) == (341, 422)
    # each missing year on its own: mean 100, variance 100 + 100²/180, so r = 180 and p = 180/280
    one = proj.per_year[2021]
    assert set(proj.per_year) == {2021, 2022} and one.expected == pytest.approx(100)
    assert (one.low, one.high) == (nbinom.ppf(0.025, 180, 180 / 280), nbinom.ppf(0.975, 180, 180 / 280))


def test_a_projection_with_variation_is_wider_and_uses_t():
    df = yearly([100.0] * 4 + [80.0, 100.0])
    poisson = project_target_total(df, BASELINE, TARGET)
    wide = project_target_total(df, BASELINE, TARGET, variation=st.Variation(0.01, 6))
    assert wide.projected_total == poisson.projected_total
    assert wide.projected_low < poisson.projected_low and wide.projected_high > poisson.projected_high


def test_nbinom_quantile_is_scipy_stats_nbinom_ppf():
    """The projection's quantile without importing scipy.stats: the same counts as nbinom.ppf over shapes from
    half an event to millions and every kind of p, at the interval's two tails and elsewhere."""
    from scipy.stats import nbinom
    rng = np.random.default_rng(17)
    r = np.exp(rng.uniform(np.log(0.5), np.log(2e6), 3000))
    p = rng.uniform(0.01, 0.999, 3000)
    for q in (0.025, 0.975, 0.5, 0.1):
        assert [nbinom_quantile(q, a, b) for a, b in zip(r, p)] == nbinom.ppf(q, r, p).tolist()
    assert nbinom_quantile(0.975, 180, 18000 / 38000) == 242  # 180 + 242 = 422 above


def test_projection_interval_covers_the_future_total_95_percent_of_the_time():
    """2 000 simulated programmes with a known rate: the prediction interval of the total made from the
    first two target years holds the real four-year total in 93–97 % of them."""
    rng = np.random.default_rng(20261130)
    population = np.array([10_000.0, 10_200.0, 10_400.0, 10_600.0, 10_800.0, 11_000.0, 11_200.0, 11_400.0])
    years = np.arange(2016, 2024)
    covered = 0
    for _ in range(2000):
        counts = rng.poisson(0.012 * population).astype(float)
        observed = pd.DataFrame({"year": years[:6], "count": counts[:6], "population": population[:6]})
        proj = project_target_total(observed, (2016, 2019), (2020, 2023))
        # the truth: the observed years and the two future years, whose population is the last observed one's
        future = rng.poisson(0.012 * population[5], size=2).sum()
        covered += proj.projected_low <= counts[4:6].sum() + future <= proj.projected_high
    assert 0.93 <= covered / 2000 <= 0.97


def test_project_target_total_complete_period_is_observed_total():
    proj = project_target_total(yearly([100] * 4 + [80] * 4), BASELINE, TARGET)
    assert proj.projected_total == proj.projected_low == proj.projected_high == 320


# --- yearly_changes / share_difference ---------------------------------------


def count_series(counts, start=2015):
    df = yearly(counts, start=start)
    df["value"] = df["count"] / df["population"] * 100000
    return df


def test_yearly_changes_break_blocks_comparison():
    out = yearly_changes(count_series([100, 120, 140, 150]), "count", breaks=[2017])
    row = out.set_index("year").loc[2017]
    assert row["previous_year"] == 2016
    assert bool(row["crosses_break"]) is True
    assert math.isnan(row["change"]) and math.isnan(row["p_value"])
    assert bool(row["significant"]) is False
    assert list(out["crosses_break"]) == [False, True, False]
    assert not math.isnan(out.set_index("year").loc[2018, "change"])


def test_yearly_changes_count_matches_hand_score_test():
    out = yearly_changes(count_series([100, 120]), "count")
    row = out.iloc[0]
    # Equal exposures: score z = (120 - 100) / sqrt(220)
    z = 20 / math.sqrt(220)
    p = math.erfc(z / math.sqrt(2))
    assert row["change"] == pytest.approx(20.0)
    assert row["p_value"] == pytest.approx(p, rel=1e-9)
    assert bool(row["significant"]) is False
    assert row["ci_low"] < 0 < row["ci_high"]


def test_yearly_changes_count_drop_to_zero_has_valid_ci():
    row = yearly_changes(count_series([100, 0]), "count").iloc[0]
    pi_high = 1 - 0.025 ** (1 / 100)
    assert row["change"] == -100
    assert row["ci_low"] == -100
    assert row["ci_high"] == pytest.approx(100 * (pi_high / (1 - pi_high) - 1))
    assert bool(row["significant"]) is True


def share_series(values, half_widths, start=2015):
    values = np.asarray(values, dtype=float)
    half = np.asarray(half_widths, dtype=float)
    return pd.DataFrame({
        "year": range(start, start + len(values)),
        "value": values,
        "ci_low": values - half,
        "ci_high": values + half,
    })


def test_yearly_changes_share_20_to_30_is_significant():
    row = yearly_changes(share_series([20, 30], [2, 2]), "share").iloc[0]
    se = math.sqrt(2) * 2 / Z95
    assert row["change"] == pytest.approx(10.0)
    assert row["ci_low"] == pytest.approx(10 - Z95 * se)
    assert row["p_value"] == pytest.approx(math.erfc(10 / se / math.sqrt(2)))
    assert bool(row["significant"]) is True


def test_yearly_changes_share_20_to_21_is_not_significant():
    row = yearly_changes(share_series([20, 21], [3, 3]), "share").iloc[0]
    assert row["change"] == pytest.approx(1.0)
    assert row["p_value"] > 0.05
    assert bool(row["significant"]) is False


def test_yearly_changes_empty_and_single_year():
    assert len(yearly_changes(share_series([20], [2]), "share")) == 0


def test_share_difference_is_a_minus_b():
    d = share_difference(30, 28, 32, 20, 18, 22)
    assert d.diff == pytest.approx(10.0)
    assert d.significant
    reverse = share_difference(20, 18, 22, 30, 28, 32)
    assert reverse.diff == pytest.approx(-10.0)
    assert reverse.p_value == pytest.approx(d.p_value)


def test_module_does_not_import_streamlit():
    assert "streamlit" not in Path(st.__file__).read_text()


@pytest.mark.parametrize("c1, e1, c0, e0", [(120, 1e5, 100, 1e5), (3, 2_000, 11, 2_100), (8_951, 31_000, 9_100, 30_800),
                                            (1, 500, 40, 520)])
def test_score_rate_ratio_in_closed_form_agrees_with_statsmodels(c1, e1, c0, e0):
    from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep
    p_value, low, high = st.score_rate_ratio(c1, e1, c0, e0)
    assert p_value == pytest.approx(test_poisson_2indep(c1, e1, c0, e0, method="score").pvalue, rel=1e-9)
    # statsmodels searches numerically (Nelder-Mead, xtol 1e-8): agreement to its tolerance
    assert (low, high) == pytest.approx(confint_poisson_2indep(c1, e1, c0, e0, method="score"), rel=1e-5)
