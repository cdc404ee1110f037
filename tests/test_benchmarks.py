"""The benchmark's national data is in the formats the ETL reads, at the scale it claims."""
import numpy as np
import pytest

from benchmarks import generate, run
from etl.build import GeoNames
from etl.sources import bra
from lagesbild import scb


@pytest.fixture(scope="module")
def national():
    rng = np.random.default_rng(1)
    geos, kommuner = generate._geos()
    return rng, geos, kommuner, generate._population(rng, kommuner)


def test_every_real_kommun_is_in_the_yearly_brå_file(national):
    rng, _, kommuner, pop = national
    files = generate._bra(rng, kommuner, pop)
    assert len(files) == len(generate.YEARS) + 1  # one file per year and one by category
    obs = bra.parse_yearly(files["bra/Anmälda brott kommunerna 2024.csv"], "Anmälda brott kommunerna 2024.csv",
                           GeoNames(scb.geographies().iloc[0:0])).observations
    assert len(obs) == 290 and set(obs["geo_code"]) == set(kommuner["code"])


def test_population_of_län_and_riket_is_the_sum_of_kommuner(national):
    _, _, kommuner, pop = national
    total = sum(pop[c, 2024] for c in kommuner["code"])
    assert pop["0000", 2024] == total
    assert pop["06", 2024] == sum(pop[c, 2024] for c in kommuner["code"] if c.startswith("06"))


def test_p95_and_table_by_hand():
    assert run.p95([float(x) for x in range(1, 21)]) == pytest.approx(19.05)
    text = run.table([run.row("build", "9.0 s", "≤ 10 s", True), run.row("size", "1 MB", "", None)])
    assert text.splitlines()[2] == "| build   | 9.0 s  | ≤ 10 s | yes        |"
    assert text.splitlines()[3].endswith("| –          |")
