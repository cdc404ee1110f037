"""The effect of an insats: known step changes are recovered, no change is not called an effect."""
import numpy as np
import pandas as pd
import pytest

from lagesbild import effects

MONTHS = pd.date_range("2021-01-01", periods=60, freq="MS")
START = MONTHS[36]          # 2024-01: 36 months before, 24 after


def series(before: float, after: float, seed: int | None = None, start=START, months=MONTHS) -> pd.DataFrame:
    rate = np.where(months >= start, after, before)
    counts = rate if seed is None else np.random.default_rng(seed).poisson(rate)
    return pd.DataFrame({"month": months, "count": counts.astype(float)})


def test_exact_step_gives_exact_ratio():
    # 20 a month before, 12 after, no noise: the level change is exactly 12/20.
    est = effects.its_effect(series(20, 12), START)
    assert est.effect == pytest.approx(0.6, rel=1e-6)
    assert est.ci_low < 0.6 < est.ci_high


def test_step_change_is_recovered_within_its_ci_and_called_reduced():
    est = effects.its_effect(series(20, 12, seed=1), START)
    assert est.ci_low < 0.6 < est.ci_high
    assert effects.verdict(est.ci_low, est.ci_high, 24) == "reduced"


def test_ci_covers_the_true_ratio_in_most_samples():
    covered = sum(e.ci_low < 0.6 < e.ci_high
                  for e in (effects.its_effect(series(20, 12, seed=s), START) for s in range(40)))
    assert covered >= 35     # nominal 95 %: 38 of 40


def test_no_change_is_not_called_an_effect():
    est = effects.its_effect(series(20, 20, seed=3), START)
    assert est.ci_low < 1 < est.ci_high
    assert effects.verdict(est.ci_low, est.ci_high, 24) == "no_detectable_change"
    called = sum(effects.verdict(e.ci_low, e.ci_high, 24) != "no_detectable_change"
                 for e in (effects.its_effect(series(20, 20, seed=s), START) for s in range(40)))
    assert called <= 5       # nominal 5 %: 2 of 40


def test_overdispersion_widens_the_interval():
    rng = np.random.default_rng(7)
    rate = np.where(MONTHS >= START, 12.0, 20.0) * rng.gamma(4, 1 / 4, size=len(MONTHS))  # NB-like noise
    noisy = pd.DataFrame({"month": MONTHS, "count": rng.poisson(rate).astype(float)})
    est = effects.its_effect(noisy, START)
    assert est.dispersion > 1.5
    assert est.ci_low < 0.6 < est.ci_high


def test_verdicts():
    assert effects.verdict(0.5, 0.9, 12) == "reduced"
    assert effects.verdict(1.1, 1.5, 12) == "increased"
    assert effects.verdict(0.8, 1.2, 12) == "no_detectable_change"
    assert effects.verdict(0.5, 0.9, 5) == "too_early"


def test_did_against_a_comparison_area_with_a_common_shock():
    # Both areas rise 30 % after the start (a common shock); the treated area also falls to 0.6×.
    treated = series(20, 20 * 1.3 * 0.6)
    comparison = series(15, 15 * 1.3)
    est = effects.did_effect(treated, comparison, START)
    assert est.effect == pytest.approx(0.6, rel=1e-6)
    noisy = effects.did_effect(series(20, 20 * 1.3 * 0.6, seed=5), series(15, 15 * 1.3, seed=6), START)
    assert noisy.ci_low < 0.6 < noisy.ci_high and noisy.ci_high < 1


def _store_frames(counts: dict[str, pd.DataFrame]):
    obs = pd.concat([c.assign(geo_code=area, indicator_id=ind).rename(columns={"month": "period_start"})
                     for (area, ind), c in counts.items()], ignore_index=True).assign(group="total")
    geos = pd.DataFrame({"code": sorted({a for a, _ in counts}), "name": "x", "level": "område", "parent": "9901"})
    return obs, geos


def test_evaluate_too_early_and_peak_and_displacement():
    months = pd.date_range("2023-01-01", periods=36, freq="MS")
    start = pd.Timestamp("2025-09-01")      # 4 months of data after the start
    own = series(20, 12, start=start, months=months)
    own.loc[(own["month"] >= "2025-06-01") & (own["month"] < start), "count"] = 40   # a peak just before
    neighbour = series(10, 10, months=months)
    obs, geos = _store_frames({("9901-a", "inc_total"): own, ("9901-a", "inc_stold"): own,
                               ("9901-b", "inc_total"): neighbour, ("9901-b", "inc_stold"): neighbour})
    ins = pd.DataFrame([{"intervention": "9901-a-x", "name": "x", "area": "9901-a", "type": "", "start": start,
                         "end": pd.NaT, "comparison_area": ""}])
    out = effects.evaluate(obs, ins, geos)
    assert list(out["category"]) == ["total", "stold"]
    row = out.iloc[0]
    assert row["verdict"] == "too_early" and row["months_after"] == 4 and np.isnan(row["effect"])
    assert row["peak_before_start"] == "yes"
    assert row["neighbour_areas"] == "9901-b"


def test_peak_before_start_needs_a_history():
    flat = series(10, 10)
    assert effects.peak_before_start(flat, START) == "no"
    assert effects.peak_before_start(flat, MONTHS[10]) == "unknown"   # 7 earlier months only


def test_a_comparison_area_with_no_incidents_on_one_side_is_no_estimate_not_a_traceback():
    """The finding: a comparison area with all-zero months raised OverflowError from the DiD model."""
    months = pd.date_range("2022-01-01", "2024-12-01", freq="MS")
    own = pd.DataFrame({"month": months, "count": [4.0, 6.0, 5.0] * 12})
    for zeros in (months, months[months < "2024-01-01"], months[months >= "2024-01-01"]):
        comparison = pd.DataFrame({"month": months, "count": [0.0 if m in zeros else 5.0 for m in months]})
        out = effects._estimate(own, pd.Timestamp("2024-01-01"), comparison)
        assert out["verdict"] == "no_detectable_change" and np.isnan(out["effect"]) and out["months_after"] == 12


def test_the_level_expected_without_the_insats_is_the_mean_after_divided_by_the_effect():
    """What the insats chart draws the effect against (est.expected_without): the model's months after the start
    without the insats's term, on average. A Poisson model's fitted months after the start add up to the counted
    ones, so that average is the counted mean after the start ÷ the effect — checked here against the model's own
    prediction on a series with a trend, a season and noise (and for the comparison-area model)."""
    import statsmodels.api as sm

    from lagesbild import est

    rng = np.random.default_rng(11)
    season = 1 + 0.3 * np.sin(MONTHS.month / 12 * 2 * np.pi)
    trend = np.linspace(1.3, 0.8, len(MONTHS))
    counts = rng.poisson(20 * season * trend * np.where(MONTHS >= START, 0.8, 1.0)).astype(float)
    frame = pd.DataFrame({"month": MONTHS, "count": counts})
    fit = effects.its_effect(frame, START)
    X = effects._design(frame["month"])
    X.insert(2, "post", (frame["month"] >= START).astype(float))
    params = sm.GLM(counts, X.to_numpy(dtype=float), family=sm.families.Poisson()).fit().params
    without = X.assign(post=0.0).to_numpy(dtype=float) @ params
    after = (frame["month"] >= START).to_numpy()
    row = pd.Series({"mean_after": counts[after].mean(), "effect": fit.effect})
    assert est.expected_without(row) == pytest.approx(np.exp(without[after]).mean(), rel=1e-6)

    comparison = pd.DataFrame({"month": MONTHS, "count": rng.poisson(15 * season).astype(float)})
    did = effects.did_effect(frame, comparison, START)
    row = pd.Series({"mean_after": counts[after].mean(), "effect": did.effect})
    both = pd.concat([frame.assign(treated=1.0), comparison.assign(treated=0.0)], ignore_index=True)
    month_fe = pd.get_dummies(both["month"].dt.strftime("%Y-%m"), prefix="t", drop_first=True, dtype=float)
    D = pd.concat([pd.DataFrame({"const": 1.0, "treated": both["treated"],
                                 "did": both["treated"] * (both["month"] >= START)}), month_fe], axis=1)
    params = sm.GLM(both["count"].to_numpy(), D.to_numpy(dtype=float), family=sm.families.Poisson()).fit().params
    without = D.assign(did=0.0).to_numpy(dtype=float)[: len(frame)] @ params
    assert est.expected_without(row) == pytest.approx(np.exp(without[after]).mean(), rel=1e-6)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_numpy_fit_is_statsmodels_glm(seed):
    """effects._fit solves the Poisson GLM itself (no statsmodels import in a build): the same β, dispersion and
    interval as `sm.GLM(..., family=Poisson())` refitted with scale = χ²/df when above 1, on an interrupted series
    with seasonality and on a difference-in-differences with month effects, over- and underdispersed."""
    import statsmodels.api as sm

    rng = np.random.default_rng(seed)
    months = pd.date_range("2021-01-01", "2024-12-01", freq="MS")
    own = pd.DataFrame({"month": months, "count": rng.negative_binomial(3 + seed, 0.3, len(months)).astype(float)})
    other = pd.DataFrame({"month": months, "count": rng.poisson(9.0, len(months)).astype(float)})
    start = pd.Timestamp("2023-06-01")
    for fitted, (y, X) in ((effects.its_effect(own, start), effects.its_design(own, start)),
                           (effects.did_effect(own, other, start), effects.did_design(own, other, start))):
        res = sm.GLM(y, X, family=sm.families.Poisson()).fit()
        dispersion = res.pearson_chi2 / res.df_resid
        if dispersion > 1:
            res = sm.GLM(y, X, family=sm.families.Poisson()).fit(scale=float(dispersion))
        beta, se = res.params[2], res.bse[2]
        assert fitted.dispersion == pytest.approx(dispersion, rel=1e-6)
        assert fitted.effect == pytest.approx(np.exp(beta), rel=1e-6)
        assert (fitted.ci_low, fitted.ci_high) == pytest.approx((np.exp(beta - 1.959964 * se), np.exp(beta + 1.959964 * se)),
                                                               rel=1e-5)

