"""One number per claim, with its evidence: the change and its interval written one way everywhere."""
import pytest

from lagesbild import fmt, views
from lagesbild.evidence import Change
from lagesbild.store import read_store

NB = fmt.NBSP


def test_a_rate_ratio_is_a_per_cent_change_with_its_interval():
    # 0,81 (0,76–0,88): −19 % (−24 to −12 %), supported, a decrease.
    change = Change.from_rate_ratio(0.81, 0.76, 0.88)
    assert change.text("sv") == f"−19{NB}% (95 % KI −24 till −12{NB}%)"
    assert change.text("en") == "−19% (95% CI −24 to −12%)"
    assert change.direction == "decrease" and change.label("sv") == "säkerställd"


def test_an_unsupported_change_says_so_and_keeps_both_signs():
    change = Change.from_rate_ratio(0.93, 0.85, 1.02)
    assert change.text("sv") == f"−7{NB}% (95 % KI −15 till +2{NB}%)"
    assert change.direction is None and change.label("sv") == "ej säkerställd"


def test_a_supported_bound_never_prints_on_the_no_change_line():
    # 1,12 (1,003–1,24): the lower bound +0,3 % would round to "+0 %" beside "säkerställd".
    change = Change.from_rate_ratio(1.12, 1.003, 1.24)
    assert change.text("sv") == f"+12{NB}% (95 % KI +0,3 till +24{NB}%)"
    # Not supported: no extra decimals are needed to keep it honest.
    assert Change.from_rate_ratio(1.12, 0.999, 1.24).text("sv") == f"+12{NB}% (95 % KI 0 till +24{NB}%)"


def test_percentage_points_and_no_negative_zero():
    assert Change(-0.04, -1.2, 1.1, "pp").text("sv", decimals=1) == "0,0 procentenheter (95 % KI −1,2 till +1,1 procentenheter)"
    assert fmt.signed_percent(-0.04, 1) == f"0,0{NB}%"
    assert fmt.number(-1234.5, 1, "en") == "\u22121,234.5"


def test_the_target_answer_is_the_verdict_and_one_number(demo_dir):
    store = read_store(demo_dir)
    rows = store.targets.set_index(["target_id", "geo_code"])
    met, pending = views.target_status(store, "9904")
    # Hagaström 2020–2023 against 2016–2019: the store's rate ratio and interval, as a per cent change.
    row = rows.loc[("offentlig_miljo_2020_2023", "9904")]
    expected = Change.from_rate_ratio(row["rate_ratio"], row["ci_low"], row["ci_high"]).text("sv")
    assert expected == f"−22{NB}% (95 % KI −27 till −16{NB}%)"
    assert views.target_answer(met, "sv") == (f"Målet är uppnått: {expected} 2020–2023 jämfört med 2016–2019, "
                                              "justerat för befolkningen.")
    assert views.target_answer(pending, "sv").startswith("Målperioden pågår till och med 2027. Hittills (2024): ")
    assert views.target_answer(met, "en").startswith("The target is met: −22% (95% CI −27 to −16%)")


def test_a_verdict_on_preliminary_counts_says_so(demo_dir):
    """Issue 27: a verdict resting on a preliminary year says 'preliminärt' (here 2023 marked preliminary)."""
    from dataclasses import replace

    met, _ = views.target_status(read_store(demo_dir), "9904")
    preliminary = replace(met, yearly=met.yearly.assign(preliminary=met.yearly["year"] == 2023))
    assert views.preliminary_years(preliminary) == [2023]
    assert views.target_answer(preliminary, "sv").endswith("justerat för befolkningen. "
                                                            "Preliminärt: 2023 bygger på preliminära siffror.")
    assert views.target_answer(met, "sv").endswith("justerat för befolkningen.")


@pytest.mark.parametrize("kommun", ["9901", "9904"])
def test_the_demo_opens_on_a_kommun_with_every_kind_of_data(demo_dir, kommun):
    """Ekbacka (9901) and Hagaström (9904) both have Kolada, Brå, survey areas, incidents and insatser;
    Ekbacka comes first in the alphabet."""
    store = read_store(demo_dir)
    obs = store.observations
    own = obs[obs["geo_code"].str.startswith(kommun)]
    assert {"N07540", "N07609", "enk_otrygg_kvall", "inc_total"} <= set(own["indicator_id"])
    assert store.interventions["area"].str.startswith(kommun).any()
    assert views.richest_kommun(store) == "9901"
