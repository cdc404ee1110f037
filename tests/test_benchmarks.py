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


def test_the_servers_run_log_and_its_figures_by_hand(tmp_path):
    """LAGESBILD_RUN_LOG's lines (ended at, seconds, page) read back by window; the server's p95 ratio and the
    sessions one process holds at a 1 s p95, from numbers a person can follow."""
    from benchmarks import browser

    log = tmp_path / "runs.log"
    log.write_text("100.0 0.2000 lagesbild\n101.0 0.4000 faktisk_upplevd\n205.0 0.3000 lagesbild\n")
    assert browser.runs_between(log, 99, 102) == [("lagesbild", 0.2), ("faktisk_upplevd", 0.4)]
    assert browser.runs_between(log, 200, 300) == [("lagesbild", 0.3)]
    assert browser.run_log(tmp_path / "none.log") == []
    crowd = browser.Crowd(sessions=25, single=[None] * 10, opened=[], crowd=[None] * 10, others=[None] * 90, rss_mb=[],
                          server_cpu_s=(1.0, 10.0), browser_cpu_s=0.0, seconds=0.0,
                          server_runs=([0.2] * 10, [0.2] * 9 + [0.5] * 11))
    assert crowd.cpu_per_action() == (0.1, 0.1)               # 1 s of CPU for 10 actions; 10 s for 100
    assert crowd.server_ratio() == pytest.approx(0.5 / 0.2)
    # one session's p95 0.2 s, 0.1 s of CPU per action, a person acting every 8 s: (1 − 0.2) × 8 / 0.1 = 64
    assert crowd.sessions_at(1.0, think_s=8.0) == pytest.approx(64)


def test_every_figure_of_the_issue_is_in_the_json():
    assert {"first_run_s", "concurrent_server_p95_ratio", "rapport_s", "world_build_s", "funnel_s"} <= set(run.JSON_NAMES)
    figures = run.figures_json({"wall": 9.04, "peak_mb": 500.0}, None, None, None, 2.5, 3.0, 0.2, (6.0, 4.0), None,
                               (6.5, 3.3))
    assert figures["first_run_s"] == 6.0 and figures["world_build_s"] == 6.5 and figures["rapport_s"] is None
    assert figures["build_s"] == 9.04 and figures["cold_start_ratio"] is None
