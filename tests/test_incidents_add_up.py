"""Incident exports add up (issues 22 and 28).

Findings reproduced: an export without ids replaced every incident of its kommuner in its date range — a
supplement of 2 late reports left 4 of 9, one area's list after the kommun's left 4 of 7, two overlapping
sources came out wrong in every order; a corrected export with ids never removed a withdrawn incident; the
same incidents first without, then with ids counted twice (14 of 7); `Stöld`/`stöld` and a category
"Total" collided and the categories stopped adding up to the total. Now: without ids an incident is known
by its content, with ids by its id; a period is replaced only when the import says so ("ersätt perioden");
every import reports the incidents it added, changed and removed, as counted here by hand.
"""
from __future__ import annotations

import itertools
from datetime import date

import pandas as pd
import pytest

from etl import build, imports
from etl.sources import incidents
from lagesbild.errors import SourceFormatError
from lagesbild.store import read_store

HEADER = "datum;kategori;omrade;kommunkod\n"
IDS = "ärendenummer;datum;kategori;omrade;kommunkod\n"


def csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(r + "\n" for r in rows)).encode()


def monthly(data_dir, area: str = "9901-centrum", indicator: str = "inc_total") -> dict[str, float]:
    obs = read_store(data_dir).observations
    rows = obs[(obs["geo_code"] == area) & (obs["indicator_id"] == indicator)]
    return dict(zip(rows["period_start"].dt.strftime("%Y-%m"), rows["count"]))


def total(data_dir) -> float:
    obs = read_store(data_dir).observations
    return obs.loc[obs["indicator_id"] == "inc_total", "count"].sum()


def assert_categories_sum_to_total(data_dir) -> None:
    obs = read_store(data_dir).observations
    inc = obs[obs["indicator_id"].str.startswith("inc_")]
    total_ = inc[inc["indicator_id"] == "inc_total"].set_index(["geo_code", "period_start"])["count"]
    parts = inc[inc["indicator_id"] != "inc_total"].groupby(["geo_code", "period_start"])["count"].sum()
    pd.testing.assert_series_equal(parts.sort_index(), total_.sort_index(), check_names=False)


def reported(result) -> tuple[int, int, int]:
    return result.incidents.added, result.incidents.changed, result.incidents.removed


@pytest.fixture
def built(data_dir):
    build.build(data_dir)
    return data_dir


@pytest.fixture
def bare(tmp_path):
    """A data dir with incidents only (Värnamo, 0683): an import and its build take a second."""
    first = csv("2023-12-01;stöld;Centrum;0683")
    imports.import_est(tmp_path, first, "start.csv", "incidents")
    return tmp_path


def counts(data_dir, kommun: str = "0683") -> float:
    return total(data_dir) - 1   # without the fixture's own incident of December 2023


# --- the findings, each as imported ---------------------------------------------------------------------

JANUARY = [f"2024-01-{d:02d};stöld;Centrum;0683" for d in (5, 10, 12, 15, 18, 20, 28)]


def test_a_supplement_of_two_late_reports_adds_them(bare):
    imports.import_est(bare, csv(*JANUARY), "januari.csv", "incidents")
    late = imports.import_est(bare, csv("2024-01-10;klotter;Centrum;0683", "2024-01-20;rån;Norr;0683"),
                              "efterslap.csv", "incidents")
    assert counts(bare) == 9 and reported(late) == (2, 0, 0)          # was 4 of 9
    assert "Händelser: 2 tillkom, 0 ändrades, 0 togs bort" in late.message()
    assert_categories_sum_to_total(bare)


def test_one_areas_list_after_the_kommuns_adds_nothing(bare):
    kommun = csv("2024-02-01;stöld;Centrum;0683", "2024-02-03;stöld;Norr;0683", "2024-02-09;klotter;Centrum;0683",
                 "2024-02-11;stöld;Norr;0683", "2024-02-14;rån;Norr;0683", "2024-02-20;stöld;Centrum;0683",
                 "2024-02-27;klotter;Norr;0683")
    imports.import_est(bare, kommun, "kommunen.csv", "incidents")
    area = imports.import_est(bare, csv("2024-02-01;stöld;Centrum;0683", "2024-02-09;klotter;Centrum;0683",
                                        "2024-02-20;stöld;Centrum;0683"), "centrum.csv", "incidents")
    assert counts(bare) == 7 and reported(area) == (0, 0, 0)          # was 4 of 7


def test_repeated_incidents_without_ids_count_as_often_as_one_export_has_them(bare):
    twice = csv("2024-03-04;stöld;Centrum;0683", "2024-03-04;stöld;Centrum;0683")
    imports.import_est(bare, twice, "a.csv", "incidents")
    again = imports.import_est(bare, twice + "2024-03-05;stöld;Centrum;0683\n".encode(), "b.csv", "incidents")
    assert counts(bare) == 3 and reported(again) == (1, 0, 0)


# Three overlapping sources for January (the police's, the kommun's own, a security company's): by hand,
# 5 + 4 + 3 incidents of which 2 of the kommun's are the police's and 1 of the company's is the kommun's.
POLICE = csv("2024-01-02;stöld;Centrum;0683", "2024-01-08;klotter;Norr;0683", "2024-01-15;stöld;Norr;0683",
             "2024-01-21;rån;Centrum;0683", "2024-01-30;stöld;Centrum;0683")
KOMMUN = csv("2024-01-15;stöld;Norr;0683", "2024-01-21;rån;Centrum;0683", "2024-01-22;klotter;Centrum;0683",
             "2024-01-25;stöld;Söder;0683")
COMPANY = csv("2024-01-25;stöld;Söder;0683", "2024-01-26;klotter;Söder;0683", "2024-01-31;stöld;Söder;0683")
BY_HAND_UNION = 5 + 4 + 3 - 2 - 1


@pytest.mark.parametrize("order", list(itertools.permutations(["POLICE", "KOMMUN", "COMPANY"])))
def test_three_overlapping_sources_add_up_to_the_hand_count_in_every_order(bare, order):
    files = {"POLICE": POLICE, "KOMMUN": KOMMUN, "COMPANY": COMPANY}
    added = []
    for name in order:
        result = imports.import_est(bare, files[name], f"{name.lower()}.csv", "incidents")
        added.append(result.incidents.added)
        assert result.incidents.removed == 0 and result.incidents.changed == 0
    known = set()   # by hand: each import adds what no earlier one had
    by_hand = []
    for name in order:
        rows = set(files[name].decode().splitlines()[1:])
        by_hand.append(len(rows - known))
        known |= rows
    assert added == by_hand and counts(bare) == BY_HAND_UNION == sum(by_hand)
    assert_categories_sum_to_total(bare)


def test_a_corrected_export_with_ids_removes_what_it_withdraws(bare):
    first = csv("K1;2024-03-02;stöld;Centrum;0683", "K2;2024-03-03;stöld;Centrum;0683",
                "K3;2024-03-09;stöld;Centrum;0683", "K4;2024-03-20;stöld;Centrum;0683", header=IDS)
    imports.import_est(bare, first, "mars.csv", "incidents")
    corrected = csv("K1;2024-03-02;stöld;Centrum;0683", "K2;2024-03-03;klotter;Centrum;0683",
                    "K4;2024-03-20;stöld;Centrum;0683", header=IDS)   # K3 withdrawn, K2 recategorised
    result = imports.import_est(bare, corrected, "mars_rättad.csv", "incidents")
    assert counts(bare) == 3 and reported(result) == (0, 1, 1)
    # a later week with new ids only is a supplement: nothing withdrawn
    week = imports.import_est(bare, csv("K5;2024-03-21;rån;Norr;0683", header=IDS), "vecka.csv", "incidents")
    assert counts(bare) == 4 and reported(week) == (1, 0, 0)


@pytest.mark.parametrize("ids_first", [False, True])
def test_the_same_incidents_without_and_with_ids_count_once(bare, ids_first):
    plain = [f"2024-04-{d:02d};stöld;Centrum;0683" for d in range(1, 8)]
    with_ids = csv(*(f"A{n};{row}" for n, row in enumerate(plain)), header=IDS)
    files = [with_ids, csv(*plain)] if ids_first else [csv(*plain), with_ids]
    imports.import_est(bare, files[0], "forsta.csv", "incidents")
    second = imports.import_est(bare, files[1], "andra.csv", "incidents")
    assert counts(bare) == 7 and reported(second) == (0, 0, 0)       # was 14 of 7


def test_categories_are_one_whatever_their_case_or_punctuation_and_total_is_refused(bare):
    result = imports.import_est(bare, csv("2024-05-02;Stöld;Centrum;0683", "2024-05-03;stöld;Centrum;0683",
                                          "2024-05-04;STÖLD!;Centrum;0683", "2024-05-05;Skadegörelse/klotter;Centrum;0683",
                                          "2024-05-06;skadegörelse klotter;Centrum;0683"), "fall.csv", "incidents")
    assert reported(result) == (5, 0, 0)
    assert monthly(bare, "0683-centrum", "inc_stold")["2024-05"] == 3
    assert monthly(bare, "0683-centrum", "inc_skadegorelse_klotter")["2024-05"] == 2
    indicators = read_store(bare).indicators.set_index("id")
    assert indicators.loc["inc_stold", "title_sv"] == "Händelser: stöld, antal per månad"   # the most frequent spelling
    assert_categories_sum_to_total(bare)
    with pytest.raises(SourceFormatError) as err:
        imports.import_est(bare, csv("2024-05-07;stöld;Centrum;0683", "2024-05-08;Total;Centrum;0683"), "t.csv", "incidents")
    assert (err.value.file, err.value.row, err.value.column) == ("t.csv", 3, "kategori") and "'Total'" in err.value.sv


def test_a_period_is_replaced_only_when_the_import_says_so(bare):
    imports.import_est(bare, csv(*JANUARY), "januari.csv", "incidents")
    corrected = csv("2024-01-10;stöld;Centrum;0683", "2024-01-20;klotter;Centrum;0683")
    result = imports.import_est(bare, corrected, "januari_rättad.csv", "incidents",
                                replace_period=(date(2024, 1, 1), date(2024, 1, 31)))
    # all 7 January incidents go; the corrected export's 2 come: one is the same as before, one is new
    assert counts(bare) == 2 and reported(result) == (1, 0, 6)
    assert "Ersatte perioden 2024-01-01–2024-01-31" in result.message() and "6 togs bort" in result.message()
    with pytest.raises(Exception) as err:
        imports.import_est(bare, corrected, "x.csv", "incidents", replace_period=(date(2024, 2, 1), date(2024, 1, 1)))
    assert "börjar efter" in err.value.message("sv")


# --- on the demo store: monthly exports under one name add up ----------------------------------------------

def test_next_months_export_under_the_same_name_is_added_not_replacing(built):
    january = csv("2026-01-05;stöld;Centrum;9901", "2026-01-06;stöld;Centrum;9901", "2026-01-20;klotter;Centrum;9901")
    february = csv("2026-02-03;stöld;Centrum;9901", "2026-02-14;stöld;Centrum;9901")
    imports.import_est(built, january, "export.csv", "incidents")
    imports.import_est(built, february, "export.csv", "incidents")
    counts_ = monthly(built)
    assert (counts_["2026-01"], counts_["2026-02"]) == (3, 2)
    assert monthly(built, indicator="inc_klotter")["2026-02"] == 0   # a covered month without klotter: zero
    again = imports.import_est(built, january, "export (1).csv", "incidents")   # the same content, another name
    assert again.message().startswith("Redan importerad") and monthly(built) == counts_
    assert_categories_sum_to_total(built)


def test_with_an_id_column_incidents_are_deduplicated_by_id_newest_wins(built):
    first = csv("K1;2026-04-02;stöld;Centrum;9901", "K2;2026-04-03;stöld;Centrum;9901",
                "K3;2026-04-09;stöld;Centrum;9901", header=IDS)
    later = csv("K3;2026-04-09;misshandel;Centrum;9901", "K4;2026-05-01;stöld;Centrum;9901", header=IDS)
    imports.import_est(built, first, "vecka14.csv", "incidents")
    result = imports.import_est(built, later, "vecka18.csv", "incidents")
    assert (monthly(built)["2026-04"], monthly(built)["2026-05"]) == (3, 1)
    assert monthly(built, indicator="inc_misshandel")["2026-04"] == 1     # K3 as the newer file has it
    assert monthly(built, indicator="inc_stold")["2026-04"] == 2
    assert reported(result) == (1, 1, 0)   # K4 new, K3 changed; K1 and K2 are before the later file's dates
    assert_categories_sum_to_total(built)


# --- the rule itself, on parsed exports -------------------------------------------------------------------

def export(name: str, text: str) -> incidents.IncidentFile:
    return incidents.read(text.encode(), name, lambda _: [], None)


def test_combine_is_the_same_in_every_order_of_exports_without_ids():
    files = [export("a.csv", POLICE.decode()), export("b.csv", KOMMUN.decode()), export("c.csv", COMPANY.decode())]
    results = {len(incidents.combine(list(order))) for order in itertools.permutations(files)}
    assert results == {BY_HAND_UNION}
