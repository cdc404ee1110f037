"""Brå's files as Brå writes them (issue 13): the headerless yearly file with Brå's name forms for all 290
kommuner, database exports with hierarchical category names and months, and the indicator workbook.
Fixtures and where each shape was seen: tests/fixtures/bra/README.md and tests/bra_workbook.py."""
import math
import re

import pandas as pd
import pytest

from etl import imports
from etl.build import GeoNames
from etl.sources import bra, bra_workbook
from lagesbild import data_overview, fmt, scb, store
from lagesbild.catalogue import load_indicators
from lagesbild.errors import SourceFormatError
from tests import bra_workbook as workbook_fixture
from tests.conftest import FIXTURES

BRA = FIXTURES / "bra"
YEARLY_2021 = BRA / "anmalda_brott_kommuner_2021.csv"
CATEGORIES = BRA / "sol_brottstyper_2022-2023.csv"
MONTHLY = BRA / "sol_manad_2025-2026.csv"
NAMES = GeoNames(scb.geographies().iloc[0:0])
CATALOGUE = load_indicators()
KOMMUNER = scb.geographies().query("level == 'kommun'")
SKADEGORELSE = "Brott mot brottsbalken, 8-12 kap. Brott mot förmögenhet, 12 kap. Skadegörelsebrott"


# --- 1. The yearly file -------------------------------------------------------------------------------

def test_headerless_2021_file_maps_all_290_kommuner():
    parsed = bra.parse_yearly(YEARLY_2021.read_bytes(), YEARLY_2021.name, NAMES)
    obs = parsed.observations.set_index("geo_code")
    assert sorted(obs.index) == sorted(KOMMUNER["code"])          # 290, each once
    assert set(obs["period_start"].astype(str)) == {"2021-01-01"}    # the year from the file name
    assert (obs.loc["1440", "count"], obs.loc["1440", "value"]) == (2731, 8547)   # "Ale kommun;2731;8547"
    assert (obs.loc["0683", "count"], obs.loc["0683", "value"]) == (683, 683.5)   # Värnamo kommun
    assert obs.loc["2506", "count"] == 2506      # "Arjeplogs kommun" (genitive)
    assert obs.loc["1231", "count"] == 1231      # "Burlövs kommun"
    assert obs.loc["2023", "count"] == 2023      # "Malung–Sälen kommun" (en dash)
    assert obs.loc["0980", "count"] == 980       # "Gotland kommun"
    assert obs.loc["0331", "count"] == 331       # Heby: the row for its years since 2007
    assert set(obs["status"]) == {"ok"}
    notes = " ".join(sv for sv, _ in parsed.notes)
    assert "Spånga - Tensta (Sthlm)" in notes and "Heby kommun (Västmanlands län tom 2006)" in notes


def test_headerless_file_needs_a_year_and_names_an_unknown_row():
    raw = "Ale kommun;2731;8547\r\nIngenstans kommun;1;2\r\n".encode()
    with pytest.raises(SourceFormatError, match="ett årtal i filnamnet eller --year"):
        bra.parse_yearly(raw, "kommunerna.csv", NAMES)
    assert bra.parse_yearly(raw[:22], "kommunerna.csv", NAMES, year=2021).observations["count"].tolist() == [2731]
    with pytest.raises(SourceFormatError) as err:
        bra.parse_yearly(raw, "kommunerna.csv", NAMES, year=2021)
    assert (err.value.row, err.value.column, err.value.found) == (2, "Kommun", "Ingenstans kommun")


def _official(name: str) -> str:
    """The genitive of an official kommun name, as Swedish forms it ('Arjeplogs', but 'Borås')."""
    return name if name[-1] in "sxz" else name + "s"


@pytest.mark.parametrize("form", [
    lambda n: n, lambda n: f"{n} kommun", lambda n: f"  {n.upper()}   KOMMUN ", lambda n: f"{_official(n)} kommun",
    lambda n: f"{_official(n)} stad", lambda n: n.replace("-", " – ").replace(" ", "\u00a0"),
])
def test_brå_and_scb_spellings_map_every_kommun(form):
    assert {code: NAMES(form(name)) for code, name in zip(KOMMUNER["code"], KOMMUNER["name"])} == \
        dict(zip(KOMMUNER["code"], KOMMUNER["code"]))


@pytest.mark.parametrize("name, code", [
    ("Falu kommun", "2080"), ("Region Gotland", "0980"), ("Borås stad", "1490"), ("Stockholms stad", "0180"),
    ("Hela riket", "0000"), ("Hela landet", "0000"), ("Jönköpings län", "06"), ("Uppsala län", "03"),
])
def test_official_and_national_names(name, code):
    assert NAMES(name) == code


def test_heby_in_both_eras_and_districts():
    assert bra.region("Heby kommun (Uppsala län from 2007)", NAMES, 2021) == bra.Region("0331")
    assert bra.region("Heby kommun (Västmanlands län tom 2006)", NAMES, 2005) == bra.Region("0331")
    assert bra.region("Heby kommun (Västmanlands län tom 2006)", NAMES, 2021).skipped == "era"
    assert bra.region("Heby kommun (Uppsala län from 2007)", NAMES, 2005).skipped == "era"
    for district in ("Bromma (Sthlm)", "Stadsområde Centrum (Gbg)", "Spånga-Tensta", "Centrum stadsdel (upphörde 2021-01-01)"):
        assert bra.region(district, NAMES, 2021).skipped == "district"
    assert bra.region("Ingenstans (Sthlmx)", NAMES, 2021) == bra.Region(None)


# --- 2. Statistics-database exports --------------------------------------------------------------------

def test_categories_match_the_full_hierarchical_name_or_its_last_segment():
    parsed = bra.parse_categories(CATEGORIES.read_bytes(), CATEGORIES.name, NAMES, CATALOGUE)
    obs = parsed.observations.assign(year=lambda d: pd.to_datetime(d["period_end"]).dt.year).set_index(["geo_code", "indicator_id", "year"])
    assert (obs.loc[("0683", "N07540", 2022), "count"], obs.loc[("0683", "N07540", 2022), "value"]) == (2345, 6811.2)
    assert obs.loc[("0683", "N07540", 2023), "status"] == "preliminary"             # "2023 prel."
    assert obs.loc[("0683", "U07452", 2022), "count"] == 210                         # the full name
    assert obs.loc[("0683", "U07452", 2023), "status"] == "suppressed"              # ".."
    assert obs.loc[("0683", "bra_misshandel", 2022), "count"] == 95                  # the last segment only
    assert obs.loc[("0683", "bra_ran", 2022), "count"] == 0                          # lower case, two spaces; "-" is zero
    assert obs.loc[("0331", "N07540", 2022), "count"] == 1102                        # Heby since 2007
    assert len(obs) == 8
    notes = " ".join(sv for sv, _ in parsed.notes)
    assert "4 kap. Brott mot frihet och frid" in notes and "Bromma (Sthlm)" in notes


def test_categories_matcher_ignores_case_and_spacing():
    match = bra.CategoryMatcher(CATALOGUE)
    assert match("12 KAP.   Skadegörelsebrott").id == "U07452"
    assert match("Brott mot brottsbalken, 12 kap. Skadegörelsebrott").id == "U07452"   # another parent, same leaf
    assert match(" Totalt  antal brott ").id == "N07540"
    assert match("därav rån, inkl. grovt").id == "bra_ran"
    assert match("Samtliga brott") is None


def test_only_unused_categories_is_an_error_naming_them():
    raw = "Region;Brottstyp;År;Antal;Per 100 000 inv.\nVärnamo;Bedrägeri;2022;1;2\n".encode()
    with pytest.raises(SourceFormatError, match="Bedrägeri"):
        bra.parse_categories(raw, "x.csv", NAMES, CATALOGUE)


def test_monthly_export_in_sol_shape_gives_counts_per_month():
    parsed = bra.parse_categories(MONTHLY.read_bytes(), MONTHLY.name, NAMES, CATALOGUE)
    obs = parsed.observations
    total = obs[(obs["geo_code"] == "0683") & (obs["indicator_id"] == "N07540")]
    assert total["period_start"].astype(str).tolist() == ["2025-01-01", "2025-02-01", "2025-03-01", "2026-01-01", "2026-02-01"]
    assert total["period_end"].astype(str).tolist()[1] == "2025-02-28"
    assert total["count"].tolist() == [200, 180, 210, 190, 170]        # March 2026 not published: no row
    assert total["status"].tolist() == ["ok"] * 3 + ["preliminary"] * 2
    assert total["value"].tolist()[0] == 579.4                          # "/100&nbsp;000&nbsp;inv"
    damage = obs[(obs["geo_code"] == "0683") & (obs["indicator_id"] == "U07452")]
    assert damage["count"].tolist()[:4] == [20, 15, 18, 22] and damage["status"].tolist()[-1] == "suppressed"
    assert set(obs["indicator_id"]) == {"N07540", "U07452"}             # the ".." parent row is not a category
    assert parsed.notes == []


def test_month_and_year_labels():
    assert bra.period("2026 prel., Aug") == bra.Period(pd.Timestamp("2026-08-01").date(), pd.Timestamp("2026-08-31").date(), True)
    assert bra.period("Dec 2025").end == pd.Timestamp("2025-12-31").date()
    assert bra.period("2024 (prel.)").preliminary and bra.period("2024").start.month == 1
    assert bra.period("2024 Kvartal 1") is None and bra.period("Aug") is None


def test_a_bad_month_label_names_row_and_column():
    raw = ";2025;\n;Vecka 3;\n;Antal;/100 000 inv\nVärnamo kommun;;\nTotalt antal brott;1;2\n".encode()
    with pytest.raises(SourceFormatError) as err:
        bra.parse_categories(raw, "sol.csv", NAMES, CATALOGUE)
    assert (err.value.row, err.value.column, err.value.found) == (5, "2025 Vecka 3", "2025 Vecka 3")


# --- 3. The indicator workbook -------------------------------------------------------------------------

def test_workbook_sheets_become_indicators():
    parsed = bra_workbook.parse(workbook_fixture.workbook(), "Indikatorer Värnamo.xlsx", NAMES, CATALOGUE)
    obs = parsed.observations.assign(year=lambda d: pd.to_datetime(d["period_end"]).dt.year).set_index(["geo_code", "indicator_id", "year"])
    vald = obs.loc[("0683", "bra_vald_utomhus", 2016)]
    assert (vald["count"], vald["value"]) == (60, 173.9)          # 60 / 34 500 × 100 000
    assert obs.loc[("06", "bra_vald_utomhus", 2023), "value"] == 243.2
    assert obs.loc[("0000", "bra_vald_utomhus", 2023), "value"] == 380.5   # "Hela riket"
    assert obs.loc[("0683", "bra_skadegorelsebrott", 2023), "status"] == "suppressed"
    ntu = obs.loc[("0683", "bra_ntu_otrygghet_utomhus", 2018)]
    assert (ntu["value"], ntu["ci_low"], ntu["ci_high"]) == (21.4, 18.2, 24.6)
    assert str(ntu["period_start"]) == "2017-01-01"       # "2017/2018": two years pooled
    assert obs.loc[("0000", "bra_ntu_otrygghet_utomhus", 2020), "value"] == 26.8   # "Hela landet"
    (ntu_indicator,) = parsed.indicators
    assert (ntu_indicator.kind, ntu_indicator.unit, ntu_indicator.pooled_years) == ("perceived", "%", 2)
    assert parsed.notes[0][0] == "Blad som inte lästes in: Innehåll, Våld mot barn, utomhus, flickor."


def test_workbook_with_an_unrecognised_header_is_refused_with_both_headers():
    bad = workbook_fixture.workbook([("Våldsbrott utomhus (vuxna)", [["Titel"], ["Region", "Antal", "Antal per 100 000"],
                                                                     ["Värnamo", 1, 2]])])
    with pytest.raises(SourceFormatError) as err:
        bra_workbook.parse(bad, "v.xlsx", NAMES, CATALOGUE)
    message = err.value.message("sv")
    assert "blad 'Våldsbrott utomhus (vuxna)', rad 2" in message
    assert "'2023 Antal per 100 000'" in message and "Region;Antal;Antal per 100 000" in message


def test_import_stores_each_kind_in_its_folder_and_says_what_it_skipped(tmp_path):
    data = workbook_fixture.workbook()
    result = imports.import_bra(tmp_path, data, "Indikatorer Värnamo.xlsx")
    (workbook_rel,) = result.written   # kept by its content, under a readable name
    assert re.fullmatch(r"bra_indikatorer/Indikatorer Värnamo [0-9a-f]{16}\.xlsx", workbook_rel)
    assert "Blad som inte lästes in: Innehåll" in result.message("sv")
    result = imports.import_bra(tmp_path, CATEGORIES.read_bytes(), CATEGORIES.name)
    assert result.written[0].startswith(f"bra_kategorier/{CATEGORIES.stem} ")
    assert "Brottstyper som ingen indikator använder hoppades över" in result.message("sv")
    assert "Crime categories no indicator uses were skipped" in result.message("en")
    result = imports.import_bra(tmp_path, YEARLY_2021.read_bytes(), YEARLY_2021.name)
    assert result.written[0].startswith("bra/Anmälda brott kommunerna 2021 ")
    (monthly_rel,) = imports.import_bra(tmp_path, MONTHLY.read_bytes(), MONTHLY.name).written
    s = store.read_store(tmp_path)
    months = s.observations.query("geo_code == '0683' and indicator_id == 'N07540' and period_start.dt.month == 2")
    assert sorted(months["count"]) == [170, 180]
    assert s.indicators.set_index("id").loc["bra_ntu_otrygghet_utomhus", "kind"] == "perceived"
    sources = data_overview.sources_table(s).set_index("Fil")["Källa"]
    assert sources[workbook_rel] == "Brå, indikatorfil för kommunen"
    assert sources[monthly_rel] == "Brå, statistikdatabasen"
    assert math.isclose(s.geographies.set_index("code").loc["0683", "population"], 34_500, rel_tol=0.01)


# --- Lägesbild: this year's months against the same months last year ----------------------------------

def test_months_against_the_same_months_last_year(tmp_path):
    from lagesbild import views

    imports.import_bra(tmp_path, MONTHLY.read_bytes(), MONTHLY.name)
    s = store.read_store(tmp_path)
    m = views.months_against_last_year(s, "0683")
    # 2026 has January and February (March not published): 190 + 170 = 360 against 200 + 180 = 380 in 2025.
    assert (m.year, m.months["month"].tolist(), m.this_total, m.last_total) == (2026, [1, 2], 360, 380)
    assert m.change["change"] == pytest.approx((360 / 380 - 1) * 100) and not m.change["significant"]
    # the change with its interval (no yearly series to estimate a variation from: Poisson's score interval),
    # never "en minskning med 5 %" without one (issue 27)
    low, high = (m.change["change_low"], m.change["change_high"])
    assert views.months_text(m, "sv").replace("\xa0", " ") == (
        "Januari–februari 2026: 360 anmälda brott totalt (preliminära siffror), mot 380 samma månader 2025 – "
        f"−5,3 % (95 % KI {fmt.signed(low, 1)} till {fmt.signed(high, 1)} %), ej säkerställd.")
    assert views.months_text(views.months_against_last_year(s, "0683", lang="en"), "en").endswith(
        "against 380 in the same months of 2025 – −5.3% (95% CI −18.0 to +9.4%), not statistically supported.")
    table = views.months_table(m, "sv")
    assert table.columns.tolist() == ["Månad", "2026", "2025", "Status"]
    assert table.iloc[0].tolist() == ["januari", "190", "200", "preliminär"]
    assert "Brås statistikdatabas" in m.source
    assert views.months_against_last_year(s, "0685").this_total == 305      # Vetlanda: 155 + 150
    assert views.months_against_last_year(s, "0683", indicator_id="U07452").months["month"].tolist() == [1]
    # The months stay out of the yearly series: no 2025 or 2026 "year" of crime from them.
    assert views.series(s, "N07540", ["0683"]).empty


def test_lagesbild_page_shows_the_months_on_the_demo(demo_dir, monkeypatch):
    from tests.conftest import html_tables
    from tests.test_app import run_app

    at = run_app(demo_dir, monkeypatch, "9901", page="pages/lagesbild.py")
    assert any(h.value == "Månad för månad: i år mot samma månader förra året" for h in at.subheader)
    sentence = next(m.value for m in at.markdown if m.value.startswith("Januari–september 2026:"))
    assert "samma månader 2025" in sentence and "(preliminära siffror)" in sentence
    months = html_tables(at)[-1]
    assert months["Månad"].tolist()[-1] == "september" and len(months) == 9
