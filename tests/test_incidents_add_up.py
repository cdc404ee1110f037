"""Incident exports add up (the findings: a second file replaced the counts of every area-month it
touched — a one-row file took a month from 16 to 1 and categories no longer summed to the total —
and next month's `export.csv` replaced this month's because files were known by name)."""
from __future__ import annotations

import pandas as pd
import pytest

from etl import build, imports
from etl.sources import incidents
from lagesbild.store import read_store

HEADER = "datum;kategori;omrade;kommunkod\n"


def csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(r + "\n" for r in rows)).encode()


def monthly(data_dir, area: str = "9901-centrum", indicator: str = "inc_total") -> dict[str, float]:
    obs = read_store(data_dir).observations
    rows = obs[(obs["geo_code"] == area) & (obs["indicator_id"] == indicator)]
    return dict(zip(rows["period_start"].dt.strftime("%Y-%m"), rows["count"]))


def assert_categories_sum_to_total(data_dir) -> None:
    obs = read_store(data_dir).observations
    inc = obs[obs["indicator_id"].str.startswith("inc_")]
    total = inc[inc["indicator_id"] == "inc_total"].set_index(["geo_code", "period_start"])["count"]
    parts = inc[inc["indicator_id"] != "inc_total"].groupby(["geo_code", "period_start"])["count"].sum()
    pd.testing.assert_series_equal(parts.sort_index(), total.sort_index(), check_names=False)


@pytest.fixture
def built(data_dir):
    build.build(data_dir)
    return data_dir


def test_a_one_row_file_adds_its_incident_and_replaces_only_its_own_day(built):
    before, november = monthly(built)["2025-12"], monthly(built)["2025-11"]
    day = "2025-12-31"
    on_that_day = csv(*[r for r in (built / "raw" / "incidents" / "handelser_2021-2025.csv")
                        .read_text(encoding="utf-8-sig").splitlines()[1:] if r.startswith(day) and ";Centrum;" in r])
    imports.import_est(built, csv(f"{day};stöld;Centrum;9901"), "en_rad.csv", "incidents")
    replaced = len(on_that_day.decode().splitlines()) - 1   # the older export's 9901 incidents on that day, Centrum's
    assert monthly(built)["2025-12"] == before - replaced + 1
    assert monthly(built)["2025-11"] == november  # the other months stay
    assert_categories_sum_to_total(built)


def test_next_months_export_under_the_same_name_is_added_not_replacing(built):
    january = csv("2026-01-05;stöld;Centrum;9901", "2026-01-06;stöld;Centrum;9901", "2026-01-20;klotter;Centrum;9901")
    february = csv("2026-02-03;stöld;Centrum;9901", "2026-02-14;stöld;Centrum;9901")
    imports.import_est(built, january, "export.csv", "incidents")
    imports.import_est(built, february, "export.csv", "incidents")
    counts = monthly(built)
    assert (counts["2026-01"], counts["2026-02"]) == (3, 2)
    assert monthly(built, indicator="inc_klotter")["2026-02"] == 0   # a covered month without klotter: zero
    again = imports.import_est(built, january, "export (1).csv", "incidents")   # the same content, another name
    assert again.message().startswith("Redan importerad") and monthly(built) == counts
    assert_categories_sum_to_total(built)


def test_a_corrected_export_replaces_the_older_one_within_its_dates(built):
    march = csv("2026-03-01;stöld;Centrum;9901", "2026-03-15;stöld;Centrum;9901", "2026-03-31;stöld;Centrum;9901")
    imports.import_est(built, march, "mars.csv", "incidents")
    corrected = csv("2026-03-01;stöld;Centrum;9901", "2026-03-31;klotter;Centrum;9901")   # one was a duplicate
    imports.import_est(built, corrected, "mars_rättad.csv", "incidents")
    assert monthly(built)["2026-03"] == 2 and monthly(built, indicator="inc_klotter")["2026-03"] == 1
    assert_categories_sum_to_total(built)


def test_with_an_id_column_incidents_are_deduplicated_by_id_newest_wins(built):
    header = "ärendenummer;datum;kategori;omrade;kommunkod\n"
    first = csv("K1;2026-04-02;stöld;Centrum;9901", "K2;2026-04-03;stöld;Centrum;9901",
                "K3;2026-04-09;stöld;Centrum;9901", header=header)
    later = csv("K3;2026-04-09;misshandel;Centrum;9901", "K4;2026-05-01;stöld;Centrum;9901", header=header)
    imports.import_est(built, first, "vecka14.csv", "incidents")
    imports.import_est(built, later, "vecka18.csv", "incidents")
    assert (monthly(built)["2026-04"], monthly(built)["2026-05"]) == (3, 1)
    assert monthly(built, indicator="inc_misshandel")["2026-04"] == 1     # K3 as the newer file has it
    assert monthly(built, indicator="inc_stold")["2026-04"] == 2
    assert_categories_sum_to_total(built)


def test_combine_by_hand():
    def export(name, text):
        return incidents.read(text.encode(), name, lambda _: [], None)

    older = export("a.csv", HEADER + "2024-01-10;stöld;Norr;9901\n2024-01-20;stöld;Norr;9901\n2024-02-01;stöld;Norr;9905\n")
    newer = export("b.csv", HEADER + "2024-01-15;klotter;Norr;9901\n2024-01-25;stöld;Norr;9901\n")
    kept = incidents.combine([older, newer])
    # 9901 between 15 and 25 January is the newer file's; 10 January and 9905 stay from the older.
    assert sorted(zip(kept["geo_code"], kept["day"].dt.strftime("%m-%d"), kept["category"])) == [
        ("9901-norr", "01-10", "stöld"), ("9901-norr", "01-15", "klotter"), ("9901-norr", "01-25", "stöld"),
        ("9905-norr", "02-01", "stöld")]
