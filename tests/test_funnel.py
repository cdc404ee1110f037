"""Funnel-plot control limits (issue 24) against the published reference values of the Fingertips technical
guidance's open implementation (PHEindicatormethods / PHStatsMethods, tests/fixtures/funnel/README.md)."""
from __future__ import annotations

import pandas as pd
import pytest

from lagesbild import funnel
from tests.conftest import FIXTURES

REF = FIXTURES / "funnel"
SIGNIFICANCE = {"High (0.001)": ("higher", "higher"), "Low (0.001)": ("lower", "lower"),
                "High (0.025)": ("higher", "as_expected"), "Low (0.025)": ("lower", "as_expected"),
                "Not significant": ("as_expected", "as_expected")}


def test_share_limits_are_the_published_wilson_limits():
    inputs, outputs = pd.read_csv(REF / "prop_inputs.csv"), pd.read_csv(REF / "prop_outputs.csv")
    centre = inputs["numerator"].sum() / inputs["denominator"].sum()
    assert centre * 100 == pytest.approx(outputs["baseline"].iloc[0], abs=1e-6)
    for row in outputs.itertuples():
        low95, high95 = funnel.share_limits(row.Population, centre, 0.95)
        low998, high998 = funnel.share_limits(row.Population, centre, 0.998)
        assert (low95 * 100, high95 * 100, low998 * 100, high998 * 100) == pytest.approx(
            (row.lower_2s_limit, row.upper_2s_limit, row.lower_3s_limit, row.upper_3s_limit), abs=1e-5)


def test_rate_limits_are_the_published_exact_poisson_limits():
    """The reference is drawn along events x: the population at which x events lie on a limit. At that population
    our limit must be x per that population (three years of data, per 100 000)."""
    outputs = pd.read_csv(REF / "rate_outputs_crude.csv")
    centre = outputs["baseline"].iloc[0] / 100_000
    for row in outputs.itertuples():
        for population, level, side, expected in ((row.lower_2s_population_1_year, 0.95, 0, row.lower_2s_limit),
                                                   (row.upper_2s_population_1_year, 0.95, 1, row.upper_2s_limit),
                                                   (row.lower_3s_population_1_year, 0.998, 0, row.lower_3s_limit),
                                                   (row.upper_3s_population_1_year, 0.998, 1, row.upper_3s_limit)):
            limit = funnel.rate_limits(population * 3, centre, level)[side] * 100_000
            assert limit == pytest.approx(expected, rel=1e-4), (row.Events, level, side)


@pytest.mark.parametrize("sheet, kind", [("prop_inputs", "share"), ("ratio_inputs", "rate")])
def test_every_published_assessment_at_95_and_998(sheet, kind):
    data = pd.read_csv(REF / f"{sheet}.csv")
    if kind == "share":
        count, base = data["numerator"], data["denominator"]
        centre = count.sum() / base.sum()
    else:   # observed against expected events: a rate of 1 per expected event
        count, base, centre = data["obs"], data["expected"], 1.0
    got = [(funnel.assess(c, b, centre, kind, 0.95), funnel.assess(c, b, centre, kind, 0.998)) for c, b in zip(count, base)]
    assert got == [SIGNIFICANCE[s] for s in data["significance"]]


def test_a_hand_checked_rate_funnel():
    """Three kommuner: 200 crimes among 10 000, 100 among 10 000, 1 000 among 100 000; centre 1 300 / 120 000."""
    counts = pd.DataFrame({"geo_code": ["a", "b", "c"], "count": [200.0, 100.0, 1000.0], "base": [1e4, 1e4, 1e5]})
    f = funnel.funnel(counts, "rate", 100_000, {"a": "A", "b": "B", "c": "C"}, ["a", "b", "c", "d"])
    assert f.centre == pytest.approx(1300 / 120_000)
    rows = f.shown().set_index("geo_code")
    assert rows.loc["a", "value"] == pytest.approx(2000) and rows.loc["a", "assessment"] == "higher"
    assert rows.loc["b", "assessment"] == "as_expected"   # 100 against 108 expected: chance
    assert rows.loc["c", "limit95_low"] < 1083.3 < rows.loc["c", "limit95_high"]
    assert f.missing["geo_code"].tolist() == ["d"]   # listed, not dropped silently
