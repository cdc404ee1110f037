"""The intervals of the one model for counts cover what they claim on overdispersed counts: 2 000 simulated
kommuner per scenario (benchmarks/coverage.py), negative binomial at the variation of the demo's total crime
and of real Kolada series, and each interval holds the truth in 93–97 % of them at nominal 95 %."""
import pytest

from benchmarks.coverage import SCENARIOS, coverage, pooled_yearly_coverage


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_intervals_cover_95_percent_under_negative_binomial_variation(scenario):
    c = coverage(**SCENARIOS[scenario], replicates=2000)
    print(scenario, c)
    assert 0.93 <= c.yearly_change <= 0.97
    assert 0.93 <= c.target <= 0.97
    assert 0.93 <= c.prognos_total <= 0.97
    assert 0.93 <= c.prognos_year <= 0.97


def test_poisson_alone_covers_far_less_on_the_same_counts():
    """What the variation is for: without it the same intervals miss the truth far more often than 5 %."""
    c = coverage(**SCENARIOS["kolada_skadegorelse"], replicates=2000, poisson_only=True)
    assert c.yearly_change < 0.85 and c.target < 0.85 and c.prognos_year < 0.85


def test_a_series_too_short_for_its_own_variation_pooled_with_the_others_covers_too():
    scenario = {**SCENARIOS["kolada_skadegorelse"], "years": range(2019, 2025)}  # 6 years: 2 df of its own
    assert 0.93 <= pooled_yearly_coverage(**scenario, replicates=2000) <= 0.97
