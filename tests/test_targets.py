"""Target evaluation through the whole evaluate() path, on tiny observations checked by hand."""
import math
from datetime import date

import pandas as pd
import pytest

from etl import build
from lagesbild import store
from lagesbild.catalogue import Target, load_targets
from lagesbild.errors import ConfigError
from lagesbild.stats import wilson_ci
from lagesbild.targets import evaluate, inhabitants_per, missing_parts, recovered_counts

Z95 = 1.959963984540054
POP = 10_000.0


def observations(counts: dict[int, float], geo: str = "0001", indicator: str = "brott_a",
                 population: float = POP) -> pd.DataFrame:
    """Store-shaped rows: one recorded count per year plus the population (Kolada N01951)."""
    rows = []
    for year, count in counts.items():
        start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        rows.append({"geo_code": geo, "period_start": start, "period_end": end, "indicator_id": indicator,
                     "group": "total", "value": count / population * 100_000, "unit": "per 100 000 inv.",
                     "count": float(count), "status": "ok"})
        rows.append({"geo_code": geo, "period_start": start, "period_end": end, "indicator_id": "N01951",
                     "group": "total", "value": population, "unit": "inv.", "count": math.nan, "status": "ok"})
    return pd.DataFrame(rows)


TARGET = Target(id="t", title_sv="Mål", title_en="Target", indicators=("brott_a",),
                baseline=(2016, 2017), target=(2018, 2019), direction="decrease")


def test_rate_ratio_by_hand_through_evaluate():
    # 100 + 100 crimes in the baseline, 80 + 80 in the target period, population constant.
    # RR = 160/200 = 0.8; every year on its period's level: no variation beyond chance, so the interval is
    # the score interval for two Poisson counts (statsmodels' confint_poisson_2indep, method "score").
    from statsmodels.stats.rates import confint_poisson_2indep

    obs = observations({2016: 100, 2017: 100, 2018: 80, 2019: 80})
    row = evaluate(obs, [TARGET], ["0001"]).iloc[0]
    low, high = confint_poisson_2indep(160, 2 * POP, 200, 2 * POP, method="score")
    assert (row["baseline_total"], row["target_total"]) == (200, 160)
    assert row["rate_ratio"] == pytest.approx(0.8, rel=1e-6)
    assert row["ci_low"] == pytest.approx(low, rel=1e-5)   # 0.6501
    assert row["ci_high"] == pytest.approx(high, rel=1e-5)  # 0.9840
    assert row["method"] == "poisson" and row["year_variation"] == 0
    assert row["verdict"] == "met"
    assert (row["baseline_period"], row["target_period"], row["indicator_id"]) == ("2016-2017", "2018-2019", "brott_a")


def test_population_adjusts_the_ratio():
    # Same counts, but the population doubled in the target period: the rate halved, RR = 0.5.
    obs = pd.concat([observations({2016: 100, 2017: 100}), observations({2018: 100, 2019: 100}, population=2 * POP)])
    row = evaluate(obs, [TARGET], ["0001"]).iloc[0]
    assert row["rate_ratio"] == pytest.approx(0.5, rel=1e-6)


@pytest.mark.parametrize("counts, today, verdict", [
    ({2016: 100, 2017: 100, 2018: 80, 2019: 80}, None, "met"),            # CI 0.65–0.98, all below 1
    ({2016: 100, 2017: 100, 2018: 130, 2019: 130}, None, "not_met"),      # RR 1.3, CI above 1
    ({2016: 10, 2017: 10, 2018: 9, 2019: 9}, None, "inconclusive"),       # RR 0.9, CI spans 1
    ({2016: 100, 2017: 100, 2018: 80}, date(2019, 6, 30), "pending"),     # 2019 under way
    ({2016: 100, 2017: 100, 2018: 80}, date(2020, 3, 1), "insufficient_data"),   # 2019 over, and missing
    ({2016: 100, 2018: 80, 2019: 80}, date(2019, 1, 1), "insufficient_data"),    # under way, but no 2017
])
def test_verdict_for_each_case(counts, today, verdict):
    row = evaluate(observations(counts), [TARGET], ["0001"], today=today).iloc[0]
    assert row["verdict"] == verdict


def test_an_ended_period_without_data_says_what_is_missing():
    row = evaluate(observations({2016: 100, 2017: 100, 2018: 80}), [TARGET], ["0001"], today=date(2026, 11, 30)).iloc[0]
    assert (row["verdict"], row["method"]) == ("insufficient_data", "insufficient_data")
    assert row["missing"] == "brott_a:2019;N01951:2019"      # the count and the population of 2019
    assert math.isnan(row["rate_ratio"]) and math.isnan(row["baseline_total"])
    assert missing_parts(row["missing"]) == {"brott_a": [2019], "N01951": [2019]}


def test_each_kommun_gets_the_first_definition_it_has_every_year_of():
    both = Target(**{**TARGET.__dict__, "indicators": ("brott_a", "brott_b"), "alternatives": (("brott_a",),)})
    obs = pd.concat([observations({2016: 100, 2017: 100, 2018: 80, 2019: 80}, geo=g) for g in ("0001", "0002")]
                    + [observations({2016: 10, 2017: 10, 2018: 10, 2019: 10}, geo="0001", indicator="brott_b")])
    rows = evaluate(obs, [both], ["0001", "0002", "0003"]).set_index("geo_code")
    assert rows.loc["0001", "indicator_id"] == "brott_a+brott_b" and rows.loc["0001", "baseline_total"] == 220
    assert rows.loc["0002", "indicator_id"] == "brott_a" and rows.loc["0002", "baseline_total"] == 200
    # No data at all: the definition closest to complete is named, with every year it lacks.
    assert rows.loc["0003", "indicator_id"] == "brott_a" and rows.loc["0003", "verdict"] == "insufficient_data"
    assert rows.loc["0003", "missing"] == "brott_a:2016,2017,2018,2019;N01951:2016,2017,2018,2019"


def test_increase_target_flips_the_verdict():
    up = Target(**{**TARGET.__dict__, "direction": "increase"})
    row = evaluate(observations({2016: 100, 2017: 100, 2018: 130, 2019: 130}), [up], ["0001"]).iloc[0]
    assert row["verdict"] == "met"


def test_geo_in_the_target_limits_the_kommuner():
    obs = pd.concat([observations({2016: 100, 2017: 100, 2018: 80, 2019: 80}, geo=g) for g in ("0001", "0002")])
    only = Target(**{**TARGET.__dict__, "geo": ("0002",)})
    assert evaluate(obs, [only], ["0001", "0002"])["geo_code"].tolist() == ["0002"]
    assert evaluate(obs, [TARGET], ["0001", "0002"])["geo_code"].tolist() == ["0001", "0002"]


def test_wilson_interval_from_its_formula():
    # 24 of 100: p = 0.24, centre = (p + z²/2n) / (1 + z²/n), half = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)
    n, p, z = 100, 0.24, Z95
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    low, high = wilson_ci(24, 100)
    assert (low, high) == pytest.approx((centre - half, centre + half), abs=1e-12)
    assert (round(low, 4), round(high, 4)) == (0.1669, 0.3323)  # by hand: 0.2496 ∓ 0.0827


TARGETS_TOML = """
[[target]]
id = "egen"
title_sv = "Skadegörelse ska minska 2022–2023 jämfört med 2020–2021"
indicators = ["U07452"]
geo = ["9901", "9904"]
baseline = [2020, 2021]
target = [2022, 2023]
direction = "decrease"
"""


def test_build_uses_the_data_dirs_targets_file_and_its_geo(data_dir):
    (data_dir / "targets.toml").write_text(TARGETS_TOML, encoding="utf-8")
    build.build(data_dir)
    s = store.read_store(data_dir)
    assert s.manifest["targets_file"] == str(data_dir / "targets.toml")
    assert s.targets["target_id"].unique().tolist() == ["egen"]
    assert s.targets["geo_code"].tolist() == ["9901", "9904"]
    assert list(s.targets.columns) == ["target_id", "geo_code", "indicator_id", "baseline_period", "target_period",
                                       "baseline_total", "target_total", "rate_ratio", "ci_low", "ci_high",
                                       "method", "verdict", "missing", "year_variation"]


def test_default_targets_define_offentlig_miljo_as_data():
    seed = load_targets(build.targets_path(None))[0]
    assert seed.baseline == (2016, 2019) and seed.target == (2020, 2023) and seed.direction == "decrease"
    assert set(seed.indicators) == {"bra_vald_utomhus", "N07543", "U07452"}
    assert seed.alternatives == (("N07543", "U07452"),)     # what a Kolada fetch alone gives


def test_one_title_for_both_languages(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text('[[target]]\nid = "x"\ntitle = "Skadegörelsen ska minska"\nindicators = ["U07452"]\n'
                    'baseline = [2016, 2019]\ntarget = [2020, 2023]\ndirection = "decrease"\n', encoding="utf-8")
    (target,) = load_targets(path)
    assert (target.title("sv"), target.title("en")) == ("Skadegörelsen ska minska", "Skadegörelsen ska minska")
    path.write_text(path.read_text(encoding="utf-8").replace('title = "Skadegörelsen ska minska"', 'id_ = 1'), encoding="utf-8")
    with pytest.raises(ConfigError, match="title"):
        load_targets(path)


def test_a_target_without_indicators_is_a_clear_error(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text('[[target]]\nid = "x"\ntitle_sv = "x"\nbaseline = [2016, 2019]\ntarget = [2020, 2023]\n'
                    'direction = "decrease"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_targets(path)
    assert "indicators" in err.value.message("sv")


@pytest.mark.parametrize("unit, per", [("per 100 000 inv.", 100_000), ("antal/1000 inv", 1_000), ("per 1 000 inv.", 1_000),
                                       ("per 100 000 inv. 65+ år", None), ("antal/100 000 inv 80+", None), ("%", None),
                                       ("kr/inv.", None)])
def test_only_a_rate_of_the_whole_population_gives_a_count(unit, per):
    """Issue 27: falls among the elderly are per 100 000 of the age group; the store has the whole population
    only, so such a rate has no count to recover (and its changes are not tested on a wrong one)."""
    assert inhabitants_per(unit) == per


def test_a_three_year_mean_counts_the_events_of_its_three_years():
    rows = pd.DataFrame({"unit": ["per 1 000 inv.", "per 1 000 inv."], "value": [2.0, 2.0], "count": [math.nan] * 2,
                         "population": [10_000.0] * 2,
                         "period_start": pd.to_datetime(["2024-01-01", "2022-01-01"]),
                         "period_end": pd.to_datetime(["2024-12-31", "2024-12-31"])})
    assert recovered_counts(rows).tolist() == [20.0, 60.0]   # 2 per 1 000 of 10 000 a year, over 1 and 3 years
