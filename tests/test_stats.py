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


# --- rate_ratio_periods ------------------------------------------------------


def test_rate_ratio_poisson_constant_population():
    rr = rate_ratio_periods(yearly([100] * 4 + [80] * 4), BASELINE, TARGET)
    se = math.sqrt(1 / 400 + 1 / 320)
    print("poisson rr:", rr)
    assert rr.method == "poisson_glm"
    assert rr.rate_ratio == pytest.approx(0.8, rel=1e-9)
    assert rr.ci_low == pytest.approx(math.exp(math.log(0.8) - Z95 * se), rel=1e-6)
    assert rr.ci_high == pytest.approx(math.exp(math.log(0.8) + Z95 * se), rel=1e-6)
    assert rr.baseline_total == 400 and rr.target_total == 320
    assert rr.baseline_years == (2015, 2016, 2017, 2018)
    assert rr.target_years == (2019, 2020, 2021, 2022)
    assert rr.dispersion == pytest.approx(0.0, abs=1e-12)


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


def test_rate_ratio_overdispersed_uses_negative_binomial():
    # Same totals (400 vs 320) as the Poisson case, but years swing widely.
    rr = rate_ratio_periods(yearly([60, 140, 70, 130, 50, 110, 60, 100]), BASELINE, TARGET)
    poisson = rate_ratio_periods(yearly([100] * 4 + [80] * 4), BASELINE, TARGET)
    print("nb rr:", rr)
    # Pearson: (1600+1600+900+900)/100 + (900+900+400+400)/80 = 82.5, over 6 df
    assert rr.dispersion == pytest.approx(82.5 / 6)
    assert rr.method == "negative_binomial_glm"
    assert rr.rate_ratio == pytest.approx(0.8, rel=1e-6)
    assert rr.ci_low < poisson.ci_low and rr.ci_high > poisson.ci_high


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


# A hand-made table with unequal populations and swinging counts (overdispersed).
GLM_COUNTS = [12.0, 30.0, 7.0, 22.0, 15.0, 4.0, 18.0, 9.0, 25.0]
GLM_POPULATION = [1000.0, 1400.0, 900.0, 1250.0, 1100.0, 950.0, 1300.0, 1000.0, 1200.0]
GLM_IN_TARGET = [0, 0, 0, 0, 1, 1, 1, 1, 1]


@pytest.mark.parametrize("alpha", [0.0, 0.05, 0.6])
def test_period_fit_matches_statsmodels_glm(alpha):
    # The direct two-period fit must give what statsmodels' GLM gives (count ~ 1 + in_target,
    # offset log(population)): Poisson for alpha 0, else NB2 with that alpha. The GLM is fitted
    # to a tight tolerance, so both sides are the exact maximum; its SE still uses the IRLS
    # weights from one step before the end, hence the looser tolerance there.
    import statsmodels.api as sm

    counts, population = np.array(GLM_COUNTS), np.array(GLM_POPULATION)
    in_target = np.array(GLM_IN_TARGET)
    family = sm.families.Poisson() if alpha == 0 else sm.families.NegativeBinomial(alpha=alpha)
    glm = sm.GLM(counts, sm.add_constant(in_target.astype(float)), family=family,
                 offset=np.log(population)).fit(tol=1e-14, maxiter=200)
    fit = st._period_fit(counts, population, in_target, alpha)
    print("alpha", alpha, "statsmodels", glm.params[1], glm.bse[1], glm.pearson_chi2, "direct", fit)
    assert fit.log_rate_ratio == pytest.approx(glm.params[1], rel=1e-9)
    assert fit.se == pytest.approx(glm.bse[1], rel=1e-7)
    assert fit.pearson_chi2 == pytest.approx(glm.pearson_chi2, rel=1e-9)


def test_period_fit_poisson_is_the_closed_form():
    counts, population = np.array(GLM_COUNTS), np.array(GLM_POPULATION)
    fit = st._period_fit(counts, population, np.array(GLM_IN_TARGET), 0.0)
    # baseline 71 / 4550, target 71 / 5550
    assert math.exp(fit.log_rate_ratio) == pytest.approx((71 / 5550) / (71 / 4550), rel=1e-12)
    assert fit.se == pytest.approx(math.sqrt(1 / 71 + 1 / 71), rel=1e-12)


def test_rate_ratio_negative_binomial_alpha_gives_pearson_dispersion_one():
    df = pd.DataFrame({"year": range(2015, 2024), "count": GLM_COUNTS, "population": GLM_POPULATION})
    rr = rate_ratio_periods(df, (2015, 2018), (2019, 2023))
    assert rr.method == "negative_binomial_glm"
    counts, population = np.array(GLM_COUNTS), np.array(GLM_POPULATION)
    in_target = np.array(GLM_IN_TARGET)
    alpha = st._nb_alpha_by_pearson(counts, population, in_target)
    fit = st._period_fit(counts, population, in_target, alpha)
    assert fit.pearson_chi2 / 7 == pytest.approx(1.0, abs=1e-8)
    assert rr.rate_ratio == pytest.approx(math.exp(fit.log_rate_ratio))
    assert rr.ci_high == pytest.approx(math.exp(fit.log_rate_ratio + Z95 * fit.se))


def test_rate_ratio_rejects_overlapping_periods():
    with pytest.raises(ValueError):
        rate_ratio_periods(yearly([100] * 8), (2015, 2019), (2019, 2022))


# --- target_verdict ----------------------------------------------------------


def rr_with_ci(point, low, high):
    return RateRatio(point, low, high, "poisson_glm", 1.0, 1.0, (2015,), (2019,), 1.0)


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
    # Every year is exactly at its period's rate, so no overdispersion: the future count is negative
    # binomial with r = 180 + ½ and p = 18000 / (18000 + 20000) (Jeffreys' Gamma for the rate, then Poisson).
    from scipy.stats import nbinom
    r, p = 180.5, 18000 / 38000
    assert proj.years_observed == (2019, 2020)
    assert proj.observed_total == 180
    assert proj.projected_total == pytest.approx(380)
    assert proj.projected_low == 180 + nbinom.ppf(0.025, r, p)
    assert proj.projected_high == 180 + nbinom.ppf(0.975, r, p)
    # Wider than the old interval for the mean (347,7–418,5): the future years' own Poisson noise is in it.
    assert (proj.projected_low, proj.projected_high) == (342, 422)


def test_nbinom_quantile_is_scipy_stats_nbinom_ppf():
    """The projection's quantile without importing scipy.stats: the same counts as nbinom.ppf over shapes from
    half an event to millions and every kind of p, at the interval's two tails and elsewhere."""
    from scipy.stats import nbinom
    rng = np.random.default_rng(17)
    r = np.exp(rng.uniform(np.log(0.5), np.log(2e6), 3000))
    p = rng.uniform(0.01, 0.999, 3000)
    for q in (0.025, 0.975, 0.5, 0.1):
        assert [nbinom_quantile(q, a, b) for a, b in zip(r, p)] == nbinom.ppf(q, r, p).tolist()
    assert nbinom_quantile(0.975, 180.5, 18000 / 38000) == 242  # 180 + 242 = 422 above


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
